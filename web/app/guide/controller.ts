// The guided path on a page: the step lives in the view state (and so in the URL, #step=3); going
// to a step applies what its view needs (a trained model, the decoder, the image mode), then, when
// the scene is drawn, brings the step's view into view, marks it, and says its sentences.
import type { Scene } from '../scene.js';
import type { ViewState } from '../state.js';
import { guidePanel } from './panel.js';
import { GUIDE_STEPS } from './steps.js';
import './guide.css';

export interface GuideHost {
  state(): ViewState;
  set(change: Partial<ViewState>, compute?: boolean): void;
}

export interface GuideController {
  /** After the page drew a scene for a state: the card, and the step's view brought into view. */
  draw(scene: Scene, s: ViewState): void;
  /** Opens the tour at its first step (or the step given). */
  start(step?: number): void;
}

/** Marks the section of the step's target (one at a time). */
const MARK = 'guideTarget';

/**
 * The heading at the top of the screen, at once: a smooth scroll aims at where the heading was
 * when it started, and sections drawn as it passes them can move it (the test saw a heading end
 * off screen). Checked again two frames later, after those sections drew.
 */
function bringIntoView(target: HTMLElement): void {
  target.scrollIntoView({ block: 'start' });
  const top = target.getBoundingClientRect().top;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (Math.abs(target.getBoundingClientRect().top - top) > 4)
        target.scrollIntoView({ block: 'start' });
    }),
  );
}

export function guideController(root: HTMLElement, page: GuideHost): GuideController {
  let arrived: number | null = null; // the step whose view was last brought into view
  const go = (step: number) => {
    if (step >= GUIDE_STEPS.length) return close();
    const n = Math.max(0, step);
    const needs = GUIDE_STEPS[n]!.needs(page.state());
    page.set({ ...needs, step: n }, needs !== null);
  };
  const close = () => {
    arrived = null;
    unmark();
    page.set({ step: null }, false);
  };
  const panel = guidePanel(
    root,
    GUIDE_STEPS.map((s) => s.title),
    { go, close },
  );
  const unmark = () => {
    for (const e of document.querySelectorAll<HTMLElement>('[data-guide-target]'))
      delete e.dataset[MARK];
  };

  return {
    draw(scene, s) {
      if (s.step === null) return panel.hide();
      const step = GUIDE_STEPS[s.step]!;
      panel.show(s.step, GUIDE_STEPS.length, step.title, step.say(scene, s));
      if (arrived === s.step) return;
      arrived = s.step;
      unmark();
      const target = document.getElementById(step.target);
      if (!target) return;
      // The heading's own block (a section, or a panel within one) is marked; the heading goes
      // to the top of the screen, above the card.
      const block = target.parentElement ?? target;
      block.dataset[MARK] = '';
      bringIntoView(target);
    },
    start(step = 0) {
      go(step);
    },
  };
}

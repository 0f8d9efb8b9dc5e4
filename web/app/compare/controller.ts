// When the "One head or many" section asks for the one-head model, and what it shows meanwhile.
// Running and evaluating a second model costs more than the scene itself (text: once per known
// word, and once per model a held-out set), so the page asks for it only while the section is on
// screen and once typing pauses (on-screen.ts). Until this input's comparison arrives, the last
// one of the same model stays, faded and marked "measuring…": the section does not flicker while
// the user types.
import { renderCompare } from './panel.js';
import type { Extras } from '../on-screen.js';
import type { View } from '../panels.js';
import type { Scene } from '../scene.js';

export interface CompareController {
  /** Draws the section. `model` names the loaded model (id, weights, seed: state.ts's loadedModelKey). */
  draw(scene: Scene, model: string, view: View): void;
}

/**
 * `root` wraps the section (data-state: 'ready' once this input is compared, 'measuring' before,
 * 'error' if the one-head model could not run); `body` receives the drawing.
 */
export function compareController(
  root: HTMLElement,
  body: HTMLElement,
  extras: Extras<'compare'>,
): CompareController {
  let kept: { model: string; scene: Scene } | undefined;
  extras.add('compare', root, (s) => s.model?.weights === 'trained' && !s.model.compare);

  return {
    draw(scene, model, view) {
      if (scene.model?.weights !== 'trained') {
        root.dataset.state = 'measuring';
        body.replaceChildren();
        return;
      }
      const fresh = scene.model.compare;
      if (fresh) kept = { model, scene };
      const shown = kept?.model === model ? kept.scene : null;
      const c = shown?.model?.compare ?? null;
      root.dataset.state = !fresh ? 'measuring' : 'error' in fresh ? 'error' : 'ready';
      renderCompare(body, shown ?? scene, c, view, !fresh && !!c);
    },
  };
}

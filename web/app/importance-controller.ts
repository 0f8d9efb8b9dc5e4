// When the page asks the core for head importance, what it keeps of the answers, and the events
// of the importance and pruning panels.
//
// Importance is costly: on a sentence the core runs the model once per known word and per head
// (about 0.1 s for a short sentence, more for a long one), and the first call for a model also
// measures a held-out set (1–3 s). So the page asks for it only
//   1. while the panels are on screen (an IntersectionObserver), and
//   2. once a scene has arrived and nothing newer was asked for during IDLE_MS,
// and the page sends that request to a worker of its own (compute/engine.ts, `own`), started the
// first time the panels are seen: a wasm call cannot be interrupted, and a measurement must never
// hold up the scene a keystroke, toggle or slider asks for. Typing gets the fast scenes; one
// measurement follows when it pauses (a keystroke meanwhile makes the page ignore its result and
// wait again). Until it arrives, the last measurement of the same model stays: the held-out
// numbers and pruning curve, which do not depend on the input, as they are, and this input's bars
// faded, marked "measuring…".
import {
  renderImportance,
  renderPruning,
  prunedPairs,
  type HeldOut,
  type ImportanceContainers,
  type Measured,
  type Shown,
} from './importance-panel.js';
import { wireModelGrid } from './render/views/model-grid.js';
import type { Scene } from './scene.js';
import { IMPORTANCE_MEASURES, sortPairs, type ImportanceMeasure } from './state.js';

const IDLE_MS = 300;

export interface ImportanceActions {
  /** Compute the current view again, with importance. */
  measure(): void;
  /** Switch off exactly these [layer, head] pairs. */
  prune(off: Array<[number, number]>): void;
  /** Show this layer and head in the other sections. */
  choose(layer: number, head: number): void;
  /** Rank the heads by this measure. */
  rankBy(measure: ImportanceMeasure): void;
}

export interface ImportanceController {
  /** A new scene was asked for: a measurement waiting to start is not needed any more. */
  cancel(): void;
  /** A scene arrived: measure it later if it was computed without importance. */
  arrived(scene: Scene): void;
  /** Draws both panels. `model` names the loaded model (mode, weights, seed). */
  draw(
    scene: Scene,
    model: string,
    measure: ImportanceMeasure,
    selected: { layer: number; head: number },
  ): void;
}

export function importanceController(
  c: ImportanceContainers,
  actions: ImportanceActions,
): ImportanceController {
  let visible = false;
  let wanted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let kept: { model: string; current: Measured; heldOut: HeldOut } | undefined;
  let pruning: { order: number[]; numHeads: number } | undefined;

  const arm = () => {
    clearTimeout(timer);
    if (wanted && visible)
      timer = setTimeout(() => {
        wanted = false;
        actions.measure();
      }, IDLE_MS);
  };
  new IntersectionObserver(
    (entries) => {
      visible = entries[entries.length - 1]!.isIntersecting;
      arm();
    },
    { threshold: 0 },
  ).observe(c.root);

  c.slider.addEventListener('input', () => {
    if (!pruning) return;
    const removed = pruning.order.length - Number(c.slider.value);
    actions.prune(sortPairs(prunedPairs(pruning.order, removed, pruning.numHeads)));
  });
  c.measures.addEventListener('change', (e) => {
    const value = (e.target as HTMLInputElement).value as ImportanceMeasure;
    if (IMPORTANCE_MEASURES.includes(value)) actions.rankBy(value);
  });
  wireModelGrid(c.bars, actions.choose);

  return {
    cancel() {
      wanted = false;
      clearTimeout(timer);
    },
    arrived(scene) {
      wanted = !!scene.model && !scene.model.importance;
      arm();
    },
    draw(scene, model, measure, selected) {
      const imp = scene.model?.importance;
      if (imp) kept = { model, current: imp.current, heldOut: imp.heldOut };
      const same = kept?.model === model ? kept : undefined;
      const shown: Shown = {
        current: same?.current ?? null,
        heldOut: same?.heldOut ?? null,
        stale: !imp,
        ms: imp ? (scene.model?.importanceMs ?? null) : null,
      };
      pruning = shown.heldOut
        ? { order: shown.heldOut.pruning.order, numHeads: scene.config.numHeads }
        : undefined;
      renderImportance(c, scene, shown, measure, selected);
      renderPruning(c, scene, shown.heldOut);
    },
  };
}

// When the page asks the core for head importance, what it keeps of the answers, and the events
// of the importance and pruning panels.
//
// Importance is costly: on a sentence the core runs the model once per known word and per head
// (about 0.1 s for a short sentence, more for a long one), and the first call for a model also
// measures a held-out set (1–3 s). So the page asks for it only while the panels are on screen
// and once typing pauses (on-screen.ts), and sends that request to a worker of its own
// (compute/engine.ts, `own`), started the first time the panels are seen: a wasm call cannot be
// interrupted, and a measurement must never hold up the scene a keystroke, toggle or slider asks
// for. Until it arrives, the last measurement of the same model stays: the held-out numbers and
// pruning curve, which do not depend on the input, as they are, and this input's bars faded,
// marked "measuring…".
import {
  renderImportance,
  renderAlike,
  renderPruning,
  prunedPairs,
  type HeldOut,
  type ImportanceContainers,
  type Measured,
  type Shown,
} from './panel.js';
import { wireModelGrid } from '../render/views/model-grid.js';
import type { Extras } from '../on-screen.js';
import type { Scene } from '../scene.js';
import { IMPORTANCE_MEASURES, sortPairs, type ImportanceMeasure } from '../state.js';

export interface ImportanceActions {
  /** Switch off exactly these [layer, head] pairs. */
  prune(off: Array<[number, number]>): void;
  /** Show this layer and head in the other sections. */
  choose(layer: number, head: number): void;
  /** Rank the heads by this measure. */
  rankBy(measure: ImportanceMeasure): void;
}

export interface ImportanceController {
  /** Draws both panels. `model` names the loaded model (id, weights, seed: state.ts's loadedModelKey). */
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
  extras: Extras<'importance'>,
): ImportanceController {
  let kept: { model: string; current: Measured; heldOut: HeldOut } | undefined;
  let pruning: { order: number[]; numHeads: number } | undefined;

  extras.add('importance', c.root, (scene) => !!scene.model && !scene.model.importance);

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
      renderAlike(c, scene, shown.heldOut);
    },
  };
}

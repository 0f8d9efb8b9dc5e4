// The training panel's settings, read from its controls. The trainer validates the model's
// options itself (its messages are shown as they are); only what it never sees is checked here:
// empty fields and the number of steps to train.
import type { TrainSettings } from './protocol.js';

export const DEFAULT_SETTINGS: TrainSettings = {
  task: 'text',
  numHeads: 4,
  dModel: 32,
  numLayers: 2,
  seed: 1,
};
/**
 * Both tasks learn visibly within it at the default settings (seeds 1–5, about 2.5 s in wasm):
 * the text task's validation loss falls from about 5.0 to 2.2–2.6, the shapes task's accuracy
 * rises from chance (25%) to 100% by step 350–450.
 */
export const DEFAULT_STEPS = 600;
export const MAX_STEPS = 100_000;
/** Wider models train too slowly to watch in a page. */
export const MAX_D_MODEL = 512;

export type ReadSettings =
  { settings: TrainSettings; target: number } | { settings: TrainSettings; error: string };

/** The settings in the panel's controls (defaults for empty ones), or what is wrong with them. */
export function readSettings(root: ParentNode): ReadSettings {
  const field = (id: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
  const number = (id: string) =>
    field(id).value.trim() === '' ? Number.NaN : Number(field(id).value);
  const settings: TrainSettings = {
    task: field('train-task').value as TrainSettings['task'],
    numHeads: number('train-heads'),
    dModel: number('train-d-model'),
    numLayers: number('train-layers'),
    seed: number('train-seed'),
  };
  const target = number('train-steps');
  const filled = { ...settings };
  for (const k of ['numHeads', 'dModel', 'numLayers', 'seed'] as const)
    if (Number.isNaN(filled[k])) filled[k] = DEFAULT_SETTINGS[k];
  if (Number.isNaN(settings.dModel)) return { settings: filled, error: 'd_model is empty' };
  if (Number.isNaN(settings.seed)) return { settings: filled, error: 'Seed is empty' };
  if (settings.dModel > MAX_D_MODEL)
    return {
      settings: filled,
      error: `d_model ${settings.dModel} is more than this page trains (at most ${MAX_D_MODEL})`,
    };
  if (!Number.isInteger(target) || target < 10 || target > MAX_STEPS)
    return {
      settings: filled,
      error: `Steps ${field('train-steps').value || '(empty)'} must be a whole number from 10 to ${MAX_STEPS.toLocaleString('en')}`,
    };
  return { settings, target };
}

/** "32 / 4 heads = 8 dims per head", for each head count. */
export function widthNote(dModel: number, heads: number[]): string {
  const each = heads.map((h) => dModel / h);
  const whole = each.every(Number.isInteger);
  const name = heads.length === 1 ? `${heads[0]} head${heads[0] === 1 ? '' : 's'}` : 'h';
  const widths = each.map((w) => (Number.isInteger(w) ? String(w) : w.toFixed(2))).join(', ');
  return `d_model / heads: ${dModel} / ${name} = ${widths} dims per head${whole ? '' : ' (not whole: the model needs d_model divisible by the heads)'}.`;
}

// "The whole model": every head of every layer as a small attention matrix labelled with its
// job, and the model's output for the input (the guesses at the focused token, or the class
// probabilities). Also the sentences about the model the page shows beside its controls.
import { familyWords, guessesTitle, wordsOf } from '../models/descriptor.js';
import { thousands } from '../render/numbers.js';
import { guessBars, modelGrid } from '../render/views/model-grid.js';
import type { View } from '../panels.js';
import type { ModelScene, Scene } from '../scene.js';

/** The guesses at the focused token (per-token outputs) or for the whole input (classes). */
function guessesView(scene: Scene, m: ModelScene, token: number | null): HTMLElement | null {
  if (m.descriptor.output === 'classes')
    return guessBars(
      `What the model says about this ${wordsOf(m.descriptor).input}:`,
      m.guesses[0]!,
    );
  if (scene.kind !== 'text' || token === null || !m.guesses[token]) return null;
  return guessBars(guessesTitle(m.descriptor, scene.tokens[token]!, token), m.guesses[token]!);
}

/**
 * Every layer × head into `grid`, and into `guesses` the model's output at the focused token or
 * for the input. Nothing for a one-layer scene.
 */
export function renderModel(
  grid: HTMLElement,
  guesses: HTMLElement,
  scene: Scene,
  view: View,
): void {
  const m = scene.model;
  if (!m) return;
  const token = view.token === null ? null : Math.min(view.token, scene.result.tQ - 1);
  const head = Math.min(view.head, scene.config.numHeads - 1);
  const previous = grid.firstElementChild;
  const drawn = modelGrid(m, scene.result.tQ, { layer: m.layer, head }, token, previous);
  if (drawn !== previous) grid.replaceChildren(drawn);
  const g = guessesView(scene, m, token);
  if (g) guesses.replaceChildren(g);
  else guesses.replaceChildren();
}

/** The hint above the grid. */
export function modelHint(m: ModelScene): string {
  const what = `${familyWords(m.descriptor)}.`;
  return m.weights === 'trained'
    ? `${what} Every head of every layer on this input, labelled with the job it scores clearly above chance on held-out data. Choose one to show it below.`
    : `${what} Every head of every layer, with random weights: compare the patterns with the trained model’s.`;
}

/** The model's shape and training facts, from its checkpoint's metadata. */
export function modelNote(scene: Scene): string {
  const m = scene.model;
  if (!m) return '';
  const meta = m.metadata;
  const facts: string[] = [];
  if (m.weights === 'untrained') facts.push(`Random weights (${meta.weights ?? 'seeded'}).`);
  else {
    if (meta.train_steps) facts.push(`Trained ${thousands(Number(meta.train_steps))} steps`);
    if (meta.heldout_loss)
      facts.push(`held-out ${wordsOf(m.descriptor).loss} ${Number(meta.heldout_loss).toFixed(2)}`);
    if (meta.heldout_accuracy)
      facts.push(`held-out accuracy ${(100 * Number(meta.heldout_accuracy)).toFixed(1)}%`);
  }
  const { numHeads: H, numKvHeads: KV } = scene.config;
  const shared = KV < H ? ` sharing ${KV} key/value ${KV === 1 ? 'head' : 'heads'}` : '';
  const rotary = scene.config.ropeBase > 0 ? ', rotary positions (RoPE)' : '';
  const shape = `${m.numLayers} ${m.numLayers === 1 ? 'layer' : 'layers'} × ${H} ${H === 1 ? 'head' : 'heads'}${shared}, d_model ${scene.config.dModel}${rotary}`;
  const end = facts.length && m.weights === 'trained' ? '.' : '';
  return `${shape}. ${facts.join(', ')}${end}`;
}

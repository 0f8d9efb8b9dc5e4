// What the views draw: one forward of the core on the current input, with everything it computed.
// Built in a worker (compute/), consumed by the views (render/). No number here is computed in JS.
import type { ForwardResult, ResolvedConfig } from '../lib/public.js';

/** A forward over tokens of text or patches of an image. */
export interface SceneBase {
  /** The layer as the core resolved it (numHeads, numKvHeads, headDim, ...). */
  config: ResolvedConfig;
  /** [numHeads] gates used: 1 = head on, 0 = head off. */
  gates: number[];
  /** [t, dModel] the layer's input (token or patch vectors). */
  x: Float32Array;
  /** Every intermediate, with contributionNorms [H, t] and fusedAttribution [t, t]. */
  result: Required<ForwardResult>;
  /** Milliseconds the core took (tokenize/patchify + embed + forward + attribution). */
  computeMs: number;
}

export interface TextScene extends SceneBase {
  kind: 'text';
  /** Token labels, as typed; t = tokens.length. */
  tokens: string[];
  /** Tokens in the whole text; more than tokens.length when the input was capped. */
  total: number;
}

export interface ImageScene extends SceneBase {
  kind: 'image';
  /** Patches across and down; t = gridW * gridH, patch n is at (n % gridW, floor(n / gridW)). */
  gridW: number;
  gridH: number;
  /** Patch side in pixels of the (possibly downscaled) image. */
  patchSize: number;
}

export type Scene = TextScene | ImageScene;

/** Token labels for any scene: the words, or "r,c" patch coordinates (1-based). */
export function labels(scene: Scene): string[] {
  if (scene.kind === 'text') return scene.tokens;
  return Array.from(
    { length: scene.gridW * scene.gridH },
    (_, n) => `${Math.floor(n / scene.gridW) + 1},${(n % scene.gridW) + 1}`,
  );
}

/** One head's [t, t] attention matrix, a view into the scene's result. */
export function headAttention(scene: Scene, head: number): Float32Array {
  const { tQ, tK } = scene.result;
  return scene.result.attention.subarray(head * tQ * tK, (head + 1) * tQ * tK);
}

// What the views draw: one forward of the core on the current input, with everything it computed.
// Built in a worker (compute/), consumed by the views (render/). No number here is computed in JS.
import type {
  Evaluation,
  ForwardResult,
  HeadEvidence,
  HeadImportance,
  KvCacheFigures,
  ModelRun,
  ResolvedConfig,
  RunAnalysis,
} from '../lib/public.js';
import type { Fusion } from './compute/protocol.js';
import type { ModelDescriptor } from './models/descriptor.js';

/** A guess of the model's output: a word (text, for the focused token) or a class (image). */
export interface Guess {
  label: string;
  p: number;
}

/** A model's numbers in the one-head-or-many comparison. */
export interface CompareSide {
  /**
   * Text: loss and accuracy on this input, each known word masked in turn. Null for an image: the
   * core scores an image against the class the model itself predicts, which compares nothing.
   */
  current: Evaluation | null;
  /** On the model's held-out set, every head on. */
  heldOut: Evaluation;
}

/**
 * A model of the same size and training recipe as the scene's, with one head per layer, run on
 * the same input; `many` is the scene's own model (its attention and guesses are the scene's).
 */
export interface Comparison {
  /** The scene's model: on this input with the scene's gates, held out with every head on. */
  many: CompareSide;
  one: CompareSide & {
    /** Heads per layer (1) and their width. */
    numHeads: number;
    headDim: number;
    /** The layer shown, 0-based: the scene's, clamped to this model's layers. */
    layer: number;
    /** [numHeads, t, t] its attention at `layer` (t as the scene's). */
    attention: Float32Array;
    /** As ModelScene.guesses. */
    guesses: Guess[][];
    /** Its heads' evidence at `layer`, from its checkpoint. */
    heads: HeadEvidence[];
  };
  /** Milliseconds the core took (loading, running and evaluating the one-head model). */
  ms: number;
}

/** What a scene of a whole model adds: every layer, the head evidence and the model's output. */
export interface ModelScene {
  kind: 'text' | 'image';
  /** What the model is: family, output, framing tokens, head roles (models/descriptor.ts). */
  descriptor: ModelDescriptor;
  weights: 'trained' | 'untrained';
  /** The layer the scene's `result` is from, 0-based. */
  layer: number;
  numLayers: number;
  /** Per layer, [numHeads, t, t] attention: the model overview draws every head of every layer. */
  attention: Float32Array[];
  /** [numLayers * numHeads] gates used. */
  gates: number[];
  /** Evidence per head from the checkpoint (empty for random weights). */
  heads: HeadEvidence[];
  /** Text: the top guesses at each position [t][k]; image: every class, most likely first. */
  guesses: Guess[][];
  /** Image: the image as the model saw it (resized); text: null. */
  image: ModelRun['image'];
  /** The longest input the model reads, in tokens (framing included) or patches. */
  maxLen: number;
  /** A causal model's KV cache bytes per token (MHA, its own layout, MQA); null for the others. */
  kvCache: KvCacheFigures | null;
  /** Checkpoint metadata worth showing: training steps, held-out loss or accuracy, seed. */
  metadata: Record<string, string>;
  /** Milliseconds fetching and parsing the checkpoint took (0 when it was cached). */
  loadMs: number;
  /** The core's head analysis of this run (every layer, and the rollout), or null if not asked. */
  analysis: RunAnalysis | null;
  /** How the rollout fused each layer's heads. */
  fusion: Fusion;
  /**
   * Head importance on this input (with `gates`) and held out, with the pruning curve, if it was
   * asked for; `importanceMs` is how long the core took to measure it.
   */
  importance?: HeadImportance;
  importanceMs?: number;
  /** The one-head model beside this one, if asked for, or why it could not run. */
  compare?: Comparison | { error: string };
}

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
  /** For a model: its other layers, head evidence and output; absent for one layer. */
  model?: ModelScene;
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

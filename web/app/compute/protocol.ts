// Messages between the page and the compute worker.
import type { Headscope, ModelRunOptions } from '../../lib/public.js';
import type { Scene } from '../scene.js';

/** How the attention rollout fuses a layer's heads. */
export type Fusion = NonNullable<ModelRunOptions['fusion']>;
export const FUSIONS: readonly Fusion[] = ['mean', 'max', 'min'];

/** The attention layer to build (the core validates it). */
export interface LayerSpec {
  dModel: number;
  numHeads: number;
  numKvHeads: number;
  causal: boolean;
  window: number;
  temperature: number;
  seed: number;
}

/** A checkpoint to run, and which of its layers to show. */
export interface ModelSpec {
  /** Absolute URL of the safetensors checkpoint. */
  url: string;
  /** The trained weights, or random ones from `seed` (the untrained contrast). */
  weights: 'trained' | 'untrained';
  seed: number;
  /** The layer shown, 0-based (clamped to the model's layers). */
  layer: number;
  /** [layer, head] pairs switched off, 0-based; pairs outside the model are ignored. */
  off: Array<[number, number]>;
  /** Also run the core's head analysis (statistics, redundancy, rollout) into the scene. */
  analysis: boolean;
  /** How the rollout fuses each layer's heads (with `analysis`). */
  fusion: Fusion;
  /**
   * Also measure head importance on this input and held out (with the pruning curve). Slow: the
   * page asks for it only when its importance panels are on screen (web/app/importance/controller.ts).
   */
  importance: boolean;
  /**
   * The URL of a checkpoint of the same size trained with one head per layer, to run on the same
   * input beside this one, with both models' losses (web/app/compare/panel.ts); null: none. The
   * page asks for it only for the trained weights and while its section is on screen.
   */
  compare: string | null;
}

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type SceneRequest =
  | { kind: 'text'; text: string; maxTokens: number; layer: LayerSpec; gates: number[] }
  | { kind: 'image'; image: RgbaImage; patchSize: number; layer: LayerSpec; gates: number[] }
  | { kind: 'model-text'; text: string; model: ModelSpec }
  | { kind: 'model-image'; image: RgbaImage; model: ModelSpec };

export type SceneResponse = { ok: true; scene: Scene } | { ok: false; error: string };

/** Worker → page, once: the core loaded (with its SIMD arch) or could not load. */
export type WorkerHello = { ready: true; simdArch: string } | { ready: false; error: string };

/**
 * Page → worker, as the worker's name (engine.ts says why): where headscope.wasm is. The page's
 * module names it (see wasm-url.ts), because a bundler that rebuilds the worker may not carry the
 * worker's own reference along.
 */
export interface WorkerInit {
  wasmUrl: string;
  /** Checkpoints the first requests will need: fetched while the core compiles. */
  prefetch: string[];
}

/** Page → worker. */
export interface WorkerRequest {
  id: number;
  request: SceneRequest;
}

/** Worker → page. */
export interface WorkerReply {
  id: number;
  response: SceneResponse;
}

/**
 * Diagnostics: a worker that loads the core (this one, the training and the generation workers)
 * sets `self[HEAP_BYTES_HOOK]` to a function returning its wasm heap's size and the bytes of it
 * in use, as a WasmHeap. The page never calls it; the long-session test
 * (tests/js/soak/page.test.ts) reads it through the DevTools protocol, to check that the heap
 * stays bounded.
 */
export const HEAP_BYTES_HOOK = 'headscopeHeapBytes';

/** What HEAP_BYTES_HOOK returns, in bytes. */
export interface WasmHeap {
  /** The heap's size: it only grows, when malloc finds no free block large enough. */
  size: number;
  /** Allocated and not freed. */
  used: number;
}

/** Sets HEAP_BYTES_HOOK on this worker's global scope. */
export function exposeHeapBytes(hs: Pick<Headscope, 'heapBytes' | 'heapUsedBytes'>): void {
  const read = (): WasmHeap => ({ size: hs.heapBytes(), used: hs.heapUsedBytes() });
  (self as unknown as Record<string, unknown>)[HEAP_BYTES_HOOK] = read;
}

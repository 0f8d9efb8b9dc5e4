// Messages between the page and the compute worker.
import type { Scene } from '../scene.js';

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

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type SceneRequest =
  | { kind: 'text'; text: string; maxTokens: number; layer: LayerSpec; gates: number[] }
  | { kind: 'image'; image: RgbaImage; patchSize: number; layer: LayerSpec; gates: number[] };

export type SceneResponse = { ok: true; scene: Scene } | { ok: false; error: string };

/** Worker → page, once: the core loaded (with its SIMD arch) or could not load. */
export type WorkerHello = { ready: true; simdArch: string } | { ready: false; error: string };

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

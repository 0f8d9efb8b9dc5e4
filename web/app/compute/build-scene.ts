// Builds a Scene from a request by running the core. One layer: tokenize or patchify, embed,
// forward with attribution; layers are cached by their spec, so typing re-uses the same weights.
// A model: its checkpoint is fetched and parsed once per URL and weights, then run; the scene
// shows the chosen layer and carries every layer's attention for the model overview.
import { fetchBytes } from '../../lib/fetch-wasm.js';
import type {
  Headscope,
  Model,
  ModelRun,
  ModelRunOptions,
  MultiHeadAttention,
} from '../../lib/public.js';
import type { ImageScene, ModelScene, Scene, SceneBase, TextScene } from '../scene.js';
import { compareModels, type CompareInput } from './compare.js';
import { guessesOf } from './guesses.js';
import type { LayerSpec, ModelSpec, SceneRequest, SceneResponse } from './protocol.js';

type Body = Omit<TextScene, keyof SceneBase> | Omit<ImageScene, keyof SceneBase>;

/** Starts fetching a checkpoint; a failed fetch is forgotten, so a later request tries again. */
export function fetchCheckpoint(
  checkpoints: Map<string, Promise<Uint8Array>>,
  url: string,
): Promise<Uint8Array> {
  const bytes = fetchBytes(url, 'the model').then((r) => r.bytes);
  checkpoints.set(url, bytes);
  bytes.catch(() => checkpoints.delete(url));
  return bytes;
}

/** `checkpoints`: fetches already started, by URL (the worker starts the first model's early). */
export function makeSceneBuilder(
  hs: Headscope,
  checkpoints = new Map<string, Promise<Uint8Array>>(),
): (req: SceneRequest) => Promise<SceneResponse> {
  let cached: { key: string; layer: MultiHeadAttention } | undefined;
  // Loaded models by weights and URL; two widgets on a page may show different ones.
  const models = new Map<string, Model>();
  const MAX_MODELS = 4;

  const layerFor = (spec: LayerSpec): MultiHeadAttention => {
    const key = JSON.stringify(spec);
    if (cached?.key === key) return cached.layer;
    const layer = new hs.MultiHeadAttention({
      dModel: spec.dModel,
      numHeads: spec.numHeads,
      numKvHeads: spec.numKvHeads,
      causal: spec.causal,
      window: spec.window,
      headTemperatures: Array.from({ length: spec.numHeads }, () => spec.temperature),
      seed: spec.seed,
    });
    cached?.layer.dispose();
    cached = { key, layer };
    return layer;
  };

  /** The model for a spec and how long loading it took (0 when it was already loaded). */
  const modelFor = async (spec: ModelSpec): Promise<{ model: Model; loadMs: number }> => {
    const key = `${spec.weights}:${spec.weights === 'untrained' ? spec.seed : ''}:${spec.url}`;
    const known = models.get(key);
    if (known) {
      // Least recently used goes first: the model a request has just run is never the one evicted.
      models.delete(key);
      models.set(key, known);
      return { model: known, loadMs: 0 };
    }
    const start = performance.now();
    const bytes = await (checkpoints.get(spec.url) ?? fetchCheckpoint(checkpoints, spec.url));
    const model = hs.loadModel(bytes, {
      randomWeights: spec.weights === 'untrained',
      seed: spec.seed,
    });
    if (models.size >= MAX_MODELS) {
      const [oldest, old] = models.entries().next().value!;
      old.dispose();
      models.delete(oldest);
    }
    models.set(key, model);
    return { model, loadMs: performance.now() - start };
  };

  const oneLayer = (req: Extract<SceneRequest, { kind: 'text' | 'image' }>): Scene => {
    const start = performance.now();
    const layer = layerFor(req.layer);
    const d = req.layer.dModel;
    let x: Float32Array;
    let body: Body;
    if (req.kind === 'text') {
      const t = hs.tokenize(req.text, req.maxTokens);
      if (t.tokens.length === 0)
        throw new Error('there is no text to attend over; type a sentence');
      x = hs.embedTokens(t.tokens, d, req.layer.seed);
      body = { kind: 'text', tokens: t.tokens, total: t.total };
    } else {
      const p = hs.patchify(req.image, req.patchSize);
      x = hs.embedPatches(p, d, req.layer.seed);
      body = { kind: 'image', gridW: p.gridW, gridH: p.gridH, patchSize: req.patchSize };
    }
    const result = layer.forward(x, x.length / d, { headGates: req.gates, attribution: true });
    return {
      ...body,
      config: layer.config,
      gates: req.gates,
      x,
      result: result as Required<typeof result>,
      computeMs: performance.now() - start,
    } as Scene;
  };

  const wholeModel = async (req: ModelRequest): Promise<Scene> => {
    const { model, loadMs } = await modelFor(req.model);
    const start = performance.now();
    const info = model.info;
    const gates = gatesFor(info, req.model.off);
    const { analysis, fusion } = req.model;
    const run = runInput(model, req, { gates, attribution: true, analysis, fusion });
    const layer = Math.min(req.model.layer, info.numLayers - 1);
    const computeMs = performance.now() - start;
    // Measured on the run just made, so right after it; the held-out part is cached in the model.
    const measured = performance.now();
    const importance = req.model.importance ? model.importance({ gates }) : undefined;
    const importanceMs = performance.now() - measured;
    const compare = req.model.compare
      ? await compared(model, req.model, inputOf(req), layer, gates, run.seqLen)
      : undefined;
    const modelScene: ModelScene = {
      kind: info.kind,
      descriptor: info.descriptor,
      weights: req.model.weights,
      layer,
      numLayers: info.numLayers,
      maxLen: info.maxLen,
      kvCache: info.kvCache,
      attention: run.layers.map((r) => r.attention),
      gates,
      heads: info.heads,
      guesses: guessesOf(run, info),
      image: run.image,
      metadata: metadataShown(info),
      loadMs,
      analysis: run.analysis,
      fusion,
      ...(importance ? { importance, importanceMs } : {}),
      ...(compare ? { compare } : {}),
    };
    return layerScene(model, run, modelScene, computeMs);
  };

  /** The one-head model beside `many` (see compare.ts), or why it could not run. */
  const compared = async (
    many: Model,
    spec: ModelSpec,
    input: CompareInput,
    layer: number,
    gates: number[],
    seqLen: number,
  ): Promise<ModelScene['compare']> => {
    const start = performance.now();
    try {
      const { model: one } = await modelFor({ ...spec, url: spec.compare!, weights: 'trained' });
      const result = compareModels(many, one, input, layer, gates, seqLen);
      return { ...result, ms: performance.now() - start };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };

  const build = async (req: SceneRequest): Promise<SceneResponse> => {
    try {
      const scene =
        req.kind === 'text' || req.kind === 'image' ? oneLayer(req) : await wholeModel(req);
      return { ok: true, scene };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  };
  // One request at a time, in order: a model is never disposed while another request uses it.
  let queue: Promise<unknown> = Promise.resolve();
  return (req) => {
    const next = queue.then(() => build(req));
    queue = next;
    return next;
  };
}

type ModelRequest = Extract<SceneRequest, { kind: 'model-text' | 'model-image' }>;

/** [numLayers * numHeads] gates: 1, and 0 for the pairs switched off that exist in the model. */
export function gatesFor(info: Model['info'], off: Array<[number, number]>): number[] {
  const { numLayers: L, numHeads: H } = info;
  const gates = new Array<number>(L * H).fill(1);
  for (const [l, h] of off) if (l < L && h < H) gates[l * H + h] = 0;
  return gates;
}

/** Runs the model on the request's text or image, which must be the input it reads. */
function runInput(model: Model, req: ModelRequest, options: ModelRunOptions): ModelRun {
  const input = model.info.kind;
  if (req.kind === 'model-text') {
    if (input !== 'text') throw new Error('this model reads images, not text');
    return model.runText(req.text, options);
  }
  if (input !== 'image') throw new Error('this model reads text, not images');
  return model.runImage(req.image, options);
}

function inputOf(req: ModelRequest): CompareInput {
  return req.kind === 'model-text'
    ? { kind: 'text', text: req.text }
    : { kind: 'image', image: req.image };
}

/** Checkpoint metadata worth showing. */
function metadataShown(info: Model['info']): Record<string, string> {
  const shown = ['train_steps', 'heldout_loss', 'heldout_accuracy', 'seed', 'weights', 'task'];
  return Object.fromEntries(
    shown.filter((k) => k in info.metadata).map((k) => [k, info.metadata[k]!]),
  );
}

/** The scene of a model's run: its shown layer's result, with the whole model in `m`. */
function layerScene(model: Model, run: ModelRun, m: ModelScene, computeMs: number): Scene {
  const info = model.info;
  const H = info.numHeads;
  const chosen = run.layers[m.layer]!;
  const body: Body =
    info.kind === 'text'
      ? { kind: 'text', tokens: run.tokens, total: run.total }
      : { kind: 'image', gridW: run.gridW, gridH: run.gridH, patchSize: info.patchSize };
  return {
    ...body,
    config: model.attentionConfig,
    gates: m.gates.slice(m.layer * H, (m.layer + 1) * H),
    x: chosen.input,
    result: chosen as Required<typeof chosen>,
    computeMs,
    model: m,
  } as Scene;
}

/** The buffers of a scene's arrays, to transfer rather than copy across postMessage. */
export function sceneBuffers(scene: Scene): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    scene.x,
    ...Object.values(scene.result).filter((v) => v instanceof Float32Array),
  ];
  if (scene.model) {
    arrays.push(...scene.model.attention);
    if (scene.model.image) arrays.push(scene.model.image.data);
    const analysis = scene.model.analysis;
    if (analysis) {
      arrays.push(analysis.rollout);
      for (const l of analysis.layers)
        arrays.push(
          ...[l.entropy, l.distance, l.self, l.previous, l.first],
          ...[l.jsDistance, l.contributionSimilarity],
        );
    }
    const importance = scene.model.importance;
    if (importance) {
      const { current, heldOut } = importance;
      arrays.push(current.ablation, current.gradient, heldOut.ablation, heldOut.gradient);
      arrays.push(heldOut.pruning.loss, heldOut.pruning.accuracy);
    }
    const compare = scene.model.compare;
    if (compare && 'one' in compare) arrays.push(compare.one.attention);
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

// The view's state, and its home in the URL hash so that a link reproduces the view:
//   #mode=text&text=The+cat…&model=trained&layer=2&off=1.3,2.1&head=1&token=3&fusion=max (a model)
//     (&importance=gradient-heldout: which head importance the ranked bars show)
//   #mode=text&model=layer&d=64&heads=4&kv=4&causal=0&window=0&temp=1&seed=1&off=2,3  (one layer)
// A link without `model` but with layer settings (d, heads, ...) means one layer, as links did
// before the trained models existed.
// Parsing never throws: a value out of range is replaced by its default with a notice that names
// it. Whether heads divide d_model is left to the core, whose error the page shows.

import {
  FUSIONS,
  type Fusion,
  type LayerSpec,
  type ModelSpec,
  type RgbaImage,
  type SceneRequest,
} from './compute/protocol.js';

export type Mode = 'text' | 'image';
/** The shipped model, the same model with random weights, or one untrained layer to reshape. */
export type ModelChoice = 'trained' | 'untrained' | 'layer';
export const MODEL_CHOICES: readonly ModelChoice[] = ['trained', 'untrained', 'layer'];
/** Heads at most in a model; the loaded model clamps `head` and `modelOff` further. */
export const MAX_MODEL_HEADS = 16;
export const MAX_MODEL_LAYERS = 16;
/** What ranks the heads: switching each off or its gate gradient, on this input or held out. */
export type ImportanceMeasure =
  'ablation-input' | 'ablation-heldout' | 'gradient-input' | 'gradient-heldout';
export const IMPORTANCE_MEASURES: readonly ImportanceMeasure[] = [
  'ablation-input',
  'ablation-heldout',
  'gradient-input',
  'gradient-heldout',
];

export interface ViewState {
  mode: Mode;
  text: string;
  model: ModelChoice;
  /** The model layer shown, 0-based (models only). */
  layer: number;
  /** Model heads switched off, as [layer, head] pairs, 0-based (models only). */
  modelOff: Array<[number, number]>;
  dModel: number;
  heads: number;
  kvHeads: number;
  causal: boolean;
  /** Sliding window, 0 = global. */
  window: number;
  /** Softmax temperature for every head. */
  temperature: number;
  seed: number;
  /** Heads switched off, 0-based. */
  off: number[];
  /** The enlarged head, 0-based. */
  head: number;
  /** The token or patch whose attention is shown, or null for none. */
  token: number | null;
  /** Patch side in pixels (image mode). */
  patch: number;
  /** A sample image from public/samples, or '' for one the user loaded. */
  sample: string;
  /** How the attention rollout fuses each layer's heads (models only). */
  fusion: Fusion;
  /** What the importance bars rank the heads by (models only). */
  importance: ImportanceMeasure;
}

export const PRESETS = [
  'The scientist who reviewed the papers says that they were flawed.',
  'The queen thanked the boys because she was happy.',
  'The teachers who met the king know that he is kind. The book was old.',
  'The queen thanked the boys because [MASK] was happy.',
  'Apple released a new phone because it is tasty.',
  'The animal did not cross the street because it was too tired.',
  'The queen says that she is [MASK] [MASK]!',
  'The queen says that she is [MASK] [MASK].',
];

export const SAMPLES = ['shapes.png', 'stripes.png', 'dots.png'];

export const DEFAULTS: ViewState = {
  mode: 'text',
  text: PRESETS[0]!,
  model: 'trained',
  layer: 0,
  modelOff: [],
  dModel: 64,
  heads: 4,
  kvHeads: 4,
  causal: false,
  window: 0,
  temperature: 1,
  seed: 1,
  off: [],
  head: 0,
  token: 1,
  patch: 16,
  sample: SAMPLES[0]!,
  fusion: 'mean',
  importance: 'ablation-input',
};

export const LIMITS = {
  dModel: [1, 512],
  heads: [1, 16],
  kvHeads: [1, 16],
  window: [0, 512],
  temperature: [0.05, 20],
  seed: [0, 2 ** 32 - 1],
  patch: [4, 64],
} as const;

/** Text longer than this is kept in the box but not put in the URL. */
export const MAX_URL_TEXT = 4000;

export interface Parsed {
  state: ViewState;
  /** One sentence per value that was replaced. */
  notices: string[];
}

function intIn(
  raw: string | null,
  name: keyof typeof LIMITS,
  label: string,
  fallback: number,
  notices: string[],
): number {
  if (raw === null || raw === '') return fallback;
  const [lo, hi] = LIMITS[name];
  const v = Number(raw);
  if (!Number.isInteger(v) || v < lo || v > hi) {
    notices.push(
      `${label}=${raw.slice(0, 20)} must be an integer from ${lo} to ${hi}; using ${fallback}.`,
    );
    return fallback;
  }
  return v;
}

/** Reads the state from a URL hash (with or without the leading '#'). */
export function parseHash(hash: string, base: ViewState = DEFAULTS): Parsed {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const s: ViewState = { ...base, off: [...base.off] };
  const mode = p.get('mode');
  if (mode === 'text' || mode === 'image') s.mode = mode;
  else if (mode !== null)
    notices.push(`mode=${mode.slice(0, 20)} must be text or image; using ${s.mode}.`);
  const text = p.get('text');
  if (text !== null) s.text = text;
  const model = p.get('model');
  if (model !== null) {
    if ((MODEL_CHOICES as string[]).includes(model)) s.model = model as ModelChoice;
    else
      notices.push(
        `model=${model.slice(0, 20)} must be ${MODEL_CHOICES.join(', ')}; using ${s.model}.`,
      );
  } else if (['d', 'heads', 'kv', 'causal', 'window', 'temp'].some((k) => p.has(k))) {
    s.model = 'layer';
  }
  const layer = p.get('layer');
  if (layer !== null) {
    const v = Number(layer);
    if (Number.isInteger(v) && v >= 1 && v <= MAX_MODEL_LAYERS) s.layer = v - 1;
    else
      notices.push(
        `layer=${layer.slice(0, 20)} must be from 1 to ${MAX_MODEL_LAYERS}; showing layer 1.`,
      );
  }
  s.dModel = intIn(p.get('d'), 'dModel', 'd', s.dModel, notices);
  s.heads = intIn(p.get('heads'), 'heads', 'heads', s.heads, notices);
  s.kvHeads = p.has('kv') ? intIn(p.get('kv'), 'kvHeads', 'kv', s.heads, notices) : s.heads;
  s.window = intIn(p.get('window'), 'window', 'window', s.window, notices);
  s.seed = intIn(p.get('seed'), 'seed', 'seed', s.seed, notices);
  s.patch = intIn(p.get('patch'), 'patch', 'patch', s.patch, notices);
  const causal = p.get('causal');
  if (causal === '1' || causal === '0') s.causal = causal === '1';
  else if (causal !== null)
    notices.push(`causal=${causal.slice(0, 20)} must be 0 or 1; using ${s.causal ? 1 : 0}.`);
  const temp = p.get('temp');
  if (temp !== null) {
    const v = Number(temp);
    const [lo, hi] = LIMITS.temperature;
    if (Number.isFinite(v) && v >= lo && v <= hi) s.temperature = v;
    else
      notices.push(
        `temp=${temp.slice(0, 20)} must be a number from ${lo} to ${hi}; using ${s.temperature}.`,
      );
  }
  const off = p.get('off');
  if (off !== null && s.model !== 'layer') {
    const pairs = off === '' ? [] : off.split(',').map((x) => x.split('.').map(Number));
    const ok = pairs.every(
      (q) =>
        q.length === 2 &&
        q.every(Number.isInteger) &&
        q[0]! >= 1 &&
        q[0]! <= MAX_MODEL_LAYERS &&
        q[1]! >= 1 &&
        q[1]! <= MAX_MODEL_HEADS,
    );
    if (ok) s.modelOff = sortPairs(pairs.map((q) => [q[0]! - 1, q[1]! - 1]));
    else
      notices.push(
        `off=${off.slice(0, 20)} must list layer.head pairs such as 1.3,2.1; all heads are on.`,
      );
  } else if (off !== null) {
    const heads = off === '' ? [] : off.split(',').map(Number);
    if (heads.every((h) => Number.isInteger(h) && h >= 1 && h <= s.heads))
      s.off = [...new Set(heads.map((h) => h - 1))].sort((a, b) => a - b);
    else
      notices.push(
        `off=${off.slice(0, 20)} must list head numbers from 1 to ${s.heads}; all heads are on.`,
      );
  }
  const head = p.get('head');
  if (head !== null) {
    const v = Number(head);
    const max = s.model === 'layer' ? s.heads : MAX_MODEL_HEADS;
    if (Number.isInteger(v) && v >= 1 && v <= max) s.head = v - 1;
    else notices.push(`head=${head.slice(0, 20)} must be from 1 to ${max}; showing head 1.`);
  }
  const token = p.get('token');
  if (token !== null) {
    const v = Number(token);
    if (token === '') s.token = null;
    else if (Number.isInteger(v) && v >= 1 && v <= 100000) s.token = v - 1;
    else notices.push(`token=${token.slice(0, 20)} must be a position from 1; using the first.`);
  }
  const sample = p.get('sample');
  if (sample !== null) {
    if (sample === '' || SAMPLES.includes(sample)) s.sample = sample;
    else
      notices.push(
        `sample=${sample.slice(0, 30)} is not one of ${SAMPLES.join(', ')}; using ${s.sample}.`,
      );
  }
  const fusion = p.get('fusion');
  if (fusion !== null) {
    if ((FUSIONS as string[]).includes(fusion)) s.fusion = fusion as Fusion;
    else
      notices.push(
        `fusion=${fusion.slice(0, 20)} must be ${FUSIONS.join(', ')}; using ${s.fusion}.`,
      );
  }
  const importance = p.get('importance');
  if (importance !== null) {
    if ((IMPORTANCE_MEASURES as string[]).includes(importance))
      s.importance = importance as ImportanceMeasure;
    else
      notices.push(
        `importance=${importance.slice(0, 20)} must be ${IMPORTANCE_MEASURES.join(', ')}; using ${s.importance}.`,
      );
  }
  if (s.model === 'layer') s.head = Math.min(s.head, s.heads - 1);
  return { state: s, notices };
}

/** [layer, head] pairs, deduplicated and sorted. */
export function sortPairs(pairs: Array<[number, number]>): Array<[number, number]> {
  const keys = [...new Set(pairs.map(([l, h]) => l * 1000 + h))].sort((a, b) => a - b);
  return keys.map((k) => [Math.floor(k / 1000), k % 1000]);
}

/** The state as a URL hash (starting with '#'), listing only what differs from the defaults. */
export function toHash(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.mode !== DEFAULTS.mode) p.set('mode', s.mode);
  if (s.mode === 'text' && s.text !== DEFAULTS.text && s.text.length <= MAX_URL_TEXT)
    p.set('text', s.text);
  if (s.mode === 'image') p.set('sample', s.sample);
  p.set('model', s.model);
  if (s.model === 'layer') {
    if (s.mode === 'image') p.set('patch', String(s.patch));
    p.set('d', String(s.dModel));
    p.set('heads', String(s.heads));
    p.set('kv', String(s.kvHeads));
    if (s.causal) p.set('causal', '1');
    if (s.window) p.set('window', String(s.window));
    if (s.temperature !== 1) p.set('temp', String(s.temperature));
    if (s.off.length) p.set('off', s.off.map((h) => h + 1).join(','));
  } else {
    p.set('layer', String(s.layer + 1));
    if (s.modelOff.length) p.set('off', s.modelOff.map(([l, h]) => `${l + 1}.${h + 1}`).join(','));
    if (s.fusion !== DEFAULTS.fusion) p.set('fusion', s.fusion);
    if (s.importance !== DEFAULTS.importance) p.set('importance', s.importance);
  }
  if (s.model !== 'trained') p.set('seed', String(s.seed));
  if (s.head) p.set('head', String(s.head + 1));
  p.set('token', s.token === null ? '' : String(s.token + 1));
  return `#${p.toString()}`;
}

/** What a model's scene carries besides its run (see ModelSpec). */
export interface SceneExtras {
  /** The core's head analysis. */
  analysis?: boolean;
  /** Head importance and the pruning curve. */
  importance?: boolean;
  /** The one-head comparison checkpoint's URL for a mode; used for the trained weights only. */
  compare?: (mode: Mode) => string;
}

/**
 * What the worker computes for this state: the text, capped at maxTokens, or the image (null
 * when image mode has no image yet). `modelUrl(mode)` gives the checkpoint for a model; `extras`
 * what a model's run adds.
 */
export function sceneRequest(
  s: ViewState,
  maxTokens: number,
  image: RgbaImage | null,
  modelUrl: (mode: Mode) => string,
  extras: SceneExtras = {},
): SceneRequest | null {
  if (s.model !== 'layer') {
    const model: ModelSpec = {
      url: modelUrl(s.mode),
      weights: s.model,
      seed: s.seed,
      layer: s.layer,
      off: s.modelOff,
      analysis: extras.analysis ?? false,
      fusion: s.fusion,
      importance: extras.importance ?? false,
      compare: s.model === 'trained' && extras.compare ? extras.compare(s.mode) : null,
    };
    if (s.mode === 'text') return { kind: 'model-text', text: s.text, model };
    return image ? { kind: 'model-image', image, model } : null;
  }
  const layer: LayerSpec = {
    dModel: s.dModel,
    numHeads: s.heads,
    numKvHeads: s.kvHeads,
    causal: s.causal,
    window: s.window,
    temperature: s.temperature,
    seed: s.seed,
  };
  const gates = gatesOf(s);
  if (s.mode === 'text') return { kind: 'text', text: s.text, maxTokens, layer, gates };
  if (!image) return null;
  return { kind: 'image', image, patchSize: s.patch, layer, gates };
}

/** Gates for the core: 1 per head, 0 for the heads switched off. */
export function gatesOf(s: ViewState): number[] {
  return Array.from({ length: s.heads }, (_, h) => (s.off.includes(h) ? 0 : 1));
}

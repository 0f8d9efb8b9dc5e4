// The view's state, and its home in the URL hash so that a link reproduces the view:
//   #text=The+cat…&model=text-encoder&layer=2&off=1.3,2.1&head=1&token=3&fusion=max (a model)
//     (&weights=untrained&seed=7: the same model with random weights;
//      &importance=gradient-heldout: which head importance the ranked bars show)
//   #mode=text&model=layer&d=64&heads=4&kv=4&causal=0&window=0&temp=1&seed=1&off=2,3  (one layer)
//   &step=3: the guided path open at its third step (guide/steps.ts)
// `model` is a shipped model's id (models/manifest.ts) or `layer`; the input mode follows the
// model. Old links keep their views: `model=trained` and `model=untrained` mean the default model
// of the link's mode (with random weights for `untrained`), and a link without `model` but with
// layer settings (d, heads, ...) means one layer, as links did before the trained models existed.
// Parsing never throws: a value out of range is replaced by its default with a notice that names
// it. A link whose head count does not divide d_model opens with the nearest count that does,
// and a notice quoting the rule; the same change made on the page is left to the core, whose
// error the page shows beside the last good view (that error is the lesson).
// The rules that keep a state consistent (KV heads, heads off, the enlarged head, the mode a model
// reads) are here too, in applyChange, for the page and the widget alike.

import {
  FUSIONS,
  type Fusion,
  type LayerSpec,
  type ModelSpec,
  type RgbaImage,
  type SceneRequest,
} from './compute/protocol.js';
import { GUIDE_STEPS } from './guide/steps.js';
import { defaultModelFor, MODELS, modelById, type ModelInput } from './models/manifest.js';

export type Mode = ModelInput;
/** `model` for one untrained layer to reshape (any other value is a shipped model's id). */
export const LAYER = 'layer';
/** A model's trained weights, or random ones from the seed (the untrained contrast). */
export type Weights = 'trained' | 'untrained';
/** `model=` values of links from before the manifest: the default model of the mode. */
const OLD_MODEL_WEIGHTS: Readonly<Record<string, Weights>> = {
  trained: 'trained',
  untrained: 'untrained',
};
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
  /** A shipped model's id (its input is `mode`), or LAYER for one untrained layer. */
  model: string;
  /** A model's weights (models only). */
  weights: Weights;
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
  /** The guided path's step, 0-based, or null when the tour is closed. */
  step: number | null;
}

export const PRESETS = [
  'The quick brown fox jumps over the lazy dog because it was hungry.',
  'Apple released a new phone because it is tasty.',
  'The animal did not cross the street because it was too tired.',
  'My sister bought a new car, and she drives it to work every day.',
  'When the rain stopped, we walked to the market and bought fresh bread.',
  'The children played in the park until the sun went down.',
  'She opened the window because the room was too [MASK].',
  'Paris is the capital of [MASK].',
];

export const SAMPLES = ['shapes.png', 'stripes.png', 'dots.png'];

export const DEFAULTS: ViewState = {
  mode: 'text',
  text: PRESETS[0]!,
  model: defaultModelFor('text').id,
  weights: 'trained',
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
  step: null,
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

/**
 * Text longer than this is not put in the URL: the hash then holds `longtext=1` and the page
 * keeps the text in the tab's session storage (`TextStore`), so a reload brings it back. The
 * marker does not change as such text is edited, so typing does not rewrite the history entry.
 */
export const MAX_URL_TEXT = 4000;

/** Whether text goes in the link itself (else `longtext=1` and the tab's storage). */
export function fitsLink(text: string): boolean {
  return text.length <= MAX_URL_TEXT;
}

/** Where text too long for a link is kept: the page's session storage; none in the widget. */
export interface TextStore {
  get(): string | null;
}

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

type Params = URLSearchParams;

/** A value that must be one of `choices`, or a notice and the fallback. */
function oneOf<T extends string>(
  raw: string | null,
  name: string,
  choices: readonly T[],
  fallback: T,
  notices: string[],
  said = choices.join(', '),
): T {
  if (raw === null) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  notices.push(`${name}=${raw.slice(0, 20)} must be ${said}; using ${fallback}.`);
  return fallback;
}

/** An integer from `lo` to `hi` given 1-based (returned 0-based), or a notice and `fallback`. */
function position<F extends number | null>(
  raw: string | null,
  hi: number,
  fallback: F,
  notice: string,
  notices: string[],
): number | F {
  if (raw === null) return fallback;
  const v = Number(raw);
  if (Number.isInteger(v) && v >= 1 && v <= hi) return v - 1;
  notices.push(notice);
  return fallback;
}

/** `model` and `weights`: an id, LAYER, an old choice, or layer settings without a model. */
function parseModel(p: Params, s: ViewState, notices: string[]): void {
  const model = p.get('model');
  const ids = [...MODELS.map((m) => m.id), LAYER];
  const layerKeys = ['d', 'heads', 'kv', 'causal', 'window', 'temp'].some((k) => p.has(k));
  if (model === null && layerKeys) s.model = LAYER;
  else if (model !== null && Object.hasOwn(OLD_MODEL_WEIGHTS, model)) {
    s.model = defaultModelFor(s.mode).id;
    s.weights = OLD_MODEL_WEIGHTS[model]!;
  } else if (model !== null && ids.includes(model)) {
    const input = modelById(model)?.input;
    if (p.has('mode') && input !== undefined && input !== s.mode)
      notices.push(
        `mode=${s.mode} does not fit model=${model}, which reads ${input}; using ${input}.`,
      );
    s.model = model;
  } else if (model !== null)
    notices.push(`model=${model.slice(0, 20)} must be ${ids.join(', ')}; using ${s.model}.`);
  // A model not named by its id is the mode's default.
  const named = model !== null && ids.includes(model);
  if (!named && s.model !== LAYER && modelById(s.model)?.input !== s.mode)
    s.model = defaultModelFor(s.mode).id;
  s.weights = oneOf(p.get('weights'), 'weights', ['trained', 'untrained'], s.weights, notices);
  followModel(s);
}

/** The input mode follows a shipped model; a model that reads the other input gives way. */
function followModel(s: ViewState): void {
  if (s.model === LAYER) return;
  const input = modelById(s.model)?.input;
  if (input !== undefined) s.mode = input;
  else s.model = defaultModelFor(s.mode).id;
}

/** Every k from 1 to n that divides n. */
export function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((k) => n % k === 0);
}

/** A link's heads that do not divide d_model (or KV heads the heads): the nearest that do. */
function divisibleHeads(s: ViewState, notices: string[]): void {
  if (s.dModel % s.heads !== 0) {
    const fits = divisors(s.dModel).filter((h) => h <= LIMITS.heads[1]);
    const near = fits.reduce((a, b) => (Math.abs(b - s.heads) <= Math.abs(a - s.heads) ? b : a));
    notices.push(
      `heads=${s.heads}: d_model ${s.dModel} is not divisible by num_heads ${s.heads}, so ${near} ` +
        `heads are shown. Each head gets d_model / heads dimensions: pick ${fits.join(', ')} heads, or another d.`,
    );
    s.heads = near;
  }
  if (s.heads % s.kvHeads !== 0) {
    notices.push(
      `kv=${s.kvHeads}: ${s.heads} query heads cannot share ${s.kvHeads} key/value heads evenly, ` +
        `so each has its own (kv=${s.heads}). Pick a divisor of ${s.heads}.`,
    );
    s.kvHeads = s.heads;
  }
}

function parseLayerSpec(p: Params, s: ViewState, notices: string[]): void {
  s.dModel = intIn(p.get('d'), 'dModel', 'd', s.dModel, notices);
  s.heads = intIn(p.get('heads'), 'heads', 'heads', s.heads, notices);
  s.kvHeads = p.has('kv') ? intIn(p.get('kv'), 'kvHeads', 'kv', s.heads, notices) : s.heads;
  if (s.model === LAYER) divisibleHeads(s, notices);
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
}

/** `off`: layer.head pairs of a model, or head numbers of one layer. */
function parseOff(off: string | null, s: ViewState, notices: string[]): void {
  if (off === null) return;
  if (s.model !== LAYER) {
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
    return;
  }
  const heads = off === '' ? [] : off.split(',').map(Number);
  if (heads.every((h) => Number.isInteger(h) && h >= 1 && h <= s.heads))
    s.off = [...new Set(heads.map((h) => h - 1))].sort((a, b) => a - b);
  else
    notices.push(
      `off=${off.slice(0, 20)} must list head numbers from 1 to ${s.heads}; all heads are on.`,
    );
}

/** The view within the scene: layer, head, token, sample, fusion, importance. */
function parseView(p: Params, s: ViewState, notices: string[]): void {
  const layer = p.get('layer');
  s.layer = position(
    layer,
    MAX_MODEL_LAYERS,
    s.layer,
    `layer=${layer?.slice(0, 20)} must be from 1 to ${MAX_MODEL_LAYERS}; showing layer 1.`,
    notices,
  );
  const head = p.get('head');
  const max = s.model === LAYER ? s.heads : MAX_MODEL_HEADS;
  s.head = position(
    head,
    max,
    s.head,
    `head=${head?.slice(0, 20)} must be from 1 to ${max}; showing head 1.`,
    notices,
  );
  const token = p.get('token');
  if (token === '') s.token = null;
  else
    s.token = position(
      token,
      100000,
      s.token,
      `token=${token?.slice(0, 20)} must be a position from 1; using the first.`,
      notices,
    );
  const step = p.get('step');
  s.step = position(
    step,
    GUIDE_STEPS.length,
    s.step,
    `step=${step?.slice(0, 20)} must be from 1 to ${GUIDE_STEPS.length}; the tour is closed.`,
    notices,
  );
  const sample = p.get('sample');
  if (sample !== null) {
    if (sample === '' || SAMPLES.includes(sample)) s.sample = sample;
    else
      notices.push(
        `sample=${sample.slice(0, 30)} is not one of ${SAMPLES.join(', ')}; using ${s.sample}.`,
      );
  }
  s.fusion = oneOf(p.get('fusion'), 'fusion', FUSIONS, s.fusion, notices);
  s.importance = oneOf(
    p.get('importance'),
    'importance',
    IMPORTANCE_MEASURES,
    s.importance,
    notices,
  );
}

/** Reads the state from a URL hash (with or without the leading '#'). */
export function parseHash(
  hash: string,
  base: ViewState = DEFAULTS,
  store: TextStore = { get: () => null },
): Parsed {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const s: ViewState = { ...base, off: [...base.off] };
  s.mode = oneOf(p.get('mode'), 'mode', ['text', 'image'], s.mode, notices, 'text or image');
  const text = p.get('text');
  if (text !== null) s.text = text;
  else if (p.has('longtext')) s.text = storedText(store, s.text, notices);
  parseModel(p, s, notices);
  parseLayerSpec(p, s, notices);
  parseOff(p.get('off'), s, notices);
  parseView(p, s, notices);
  if (s.model === LAYER) s.head = Math.min(s.head, s.heads - 1);
  return { state: s, notices };
}

/** The text a `longtext=1` link stands for, if this tab holds it. */
function storedText(store: TextStore, fallback: string, notices: string[]): string {
  const kept = store.get();
  if (kept !== null && !fitsLink(kept)) return kept;
  notices.push(
    `This link's text was too long to put in a link (over ${MAX_URL_TEXT} characters), and this ` +
      'tab does not hold it; the default sentence is shown. Paste the text again.',
  );
  return fallback;
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
  if (s.mode === 'text' && s.text !== DEFAULTS.text)
    if (fitsLink(s.text)) p.set('text', s.text);
    else p.set('longtext', '1');
  if (s.mode === 'image') p.set('sample', s.sample);
  p.set('model', s.model);
  if (s.model === LAYER) layerToHash(s, p);
  else {
    if (s.weights !== 'trained') p.set('weights', s.weights);
    p.set('layer', String(s.layer + 1));
    if (s.modelOff.length) p.set('off', s.modelOff.map(([l, h]) => `${l + 1}.${h + 1}`).join(','));
    if (s.fusion !== DEFAULTS.fusion) p.set('fusion', s.fusion);
    if (s.importance !== DEFAULTS.importance) p.set('importance', s.importance);
  }
  if (randomWeights(s)) p.set('seed', String(s.seed));
  if (s.head) p.set('head', String(s.head + 1));
  p.set('token', s.token === null ? '' : String(s.token + 1));
  if (s.step !== null) p.set('step', String(s.step + 1));
  return `#${p.toString()}`;
}

function layerToHash(s: ViewState, p: Params): void {
  if (s.mode === 'image') p.set('patch', String(s.patch));
  p.set('d', String(s.dModel));
  p.set('heads', String(s.heads));
  p.set('kv', String(s.kvHeads));
  if (s.causal) p.set('causal', '1');
  if (s.window) p.set('window', String(s.window));
  if (s.temperature !== 1) p.set('temp', String(s.temperature));
  if (s.off.length) p.set('off', s.off.map((h) => h + 1).join(','));
}

/** Whether the weights come from the seed: one layer, or a model's random weights. */
export function randomWeights(s: ViewState): boolean {
  return s.model === LAYER || s.weights === 'untrained';
}

/** A name for the model a state runs (id, weights, seed), to tell its measurements apart. */
export function loadedModelKey(s: ViewState): string {
  if (s.model === LAYER) return LAYER;
  return `${s.model}:${s.weights}:${s.weights === 'untrained' ? s.seed : ''}`;
}

/** The loaded model, as far as the rules below need it: its heads per layer. */
export interface Loaded {
  numHeads: number;
}

/**
 * The state after `change`, made consistent: the input mode follows a model (and a new mode
 * brings that input's default model); KV heads divide the heads; the heads switched off and the
 * enlarged head exist (for a model, in `loaded`, the model drawn last, when there is one).
 */
export function applyChange(
  s: ViewState,
  change: Partial<ViewState>,
  loaded: Loaded | null,
): ViewState {
  const next = { ...s, ...change };
  const newMode = change.mode !== undefined && change.model === undefined;
  if (newMode && next.model !== LAYER && modelById(next.model)?.input !== next.mode)
    next.model = defaultModelFor(next.mode).id;
  followModel(next);
  if (next.kvHeads > next.heads || next.heads % next.kvHeads !== 0) next.kvHeads = next.heads;
  next.off = next.off.filter((h) => h < next.heads);
  if (next.model === LAYER) next.head = Math.min(next.head, next.heads - 1);
  else if (loaded) next.head = Math.min(next.head, loaded.numHeads - 1);
  return next;
}

/** The model picker's value for a state: a model's id, 'untrained' or LAYER. */
export function pickerValue(s: ViewState): string {
  if (s.model === LAYER) return LAYER;
  return s.weights === 'untrained' ? 'untrained' : s.model;
}

/**
 * The change a picker value makes: a shipped model's id (trained), 'untrained' (the model shown,
 * or the mode's default after one layer, with random weights) or LAYER. Old values are taken too.
 */
export function pickModel(s: ViewState, value: string): Partial<ViewState> {
  if (value === LAYER) return { model: LAYER };
  const shown = s.model === LAYER ? defaultModelFor(s.mode).id : s.model;
  if (Object.hasOwn(OLD_MODEL_WEIGHTS, value))
    return { model: shown, weights: OLD_MODEL_WEIGHTS[value]! };
  return modelById(value) ? { model: value, weights: 'trained' } : {};
}

/** What a model's scene carries besides its run (see ModelSpec). */
export interface SceneExtras {
  /** The core's head analysis. */
  analysis?: boolean;
  /** Head importance and the pruning curve. */
  importance?: boolean;
  /** The one-head comparison checkpoint's URL for a model id, or null if it has none. */
  compare?: (id: string) => string | null;
}

/** The checkpoint the state's first view needs (none for one layer): fetched as the core starts. */
export function firstCheckpoints(s: ViewState, modelUrl: (id: string) => string): string[] {
  return s.model === LAYER || !modelById(s.model) ? [] : [modelUrl(s.model)];
}

/**
 * What the worker computes for this state: the text, capped at maxTokens, or the image (null
 * when image mode has no image yet). `modelUrl(id)` gives the checkpoint for a model; `extras`
 * what a model's run adds (the comparison for trained weights only).
 */
export function sceneRequest(
  s: ViewState,
  maxTokens: number,
  image: RgbaImage | null,
  modelUrl: (id: string) => string,
  extras: SceneExtras = {},
): SceneRequest | null {
  if (s.model !== LAYER) {
    const model: ModelSpec = {
      url: modelUrl(s.model),
      weights: s.weights,
      seed: s.seed,
      layer: s.layer,
      off: s.modelOff,
      analysis: extras.analysis ?? false,
      fusion: s.fusion,
      importance: extras.importance ?? false,
      compare: s.weights === 'trained' && extras.compare ? extras.compare(s.model) : null,
    };
    if (s.mode === 'text') return { kind: 'model-text', text: s.text, model };
    return image ? { kind: 'model-image', image, model } : null;
  }
  const gates = gatesOf(s);
  if (s.mode === 'text')
    return { kind: 'text', text: s.text, maxTokens, layer: layerSpec(s), gates };
  if (!image) return null;
  return { kind: 'image', image, patchSize: s.patch, layer: layerSpec(s), gates };
}

function layerSpec(s: ViewState): LayerSpec {
  return {
    dModel: s.dModel,
    numHeads: s.heads,
    numKvHeads: s.kvHeads,
    causal: s.causal,
    window: s.window,
    temperature: s.temperature,
    seed: s.seed,
  };
}

/** Gates for the core: 1 per head, 0 for the heads switched off. */
export function gatesOf(s: ViewState): number[] {
  return Array.from({ length: s.heads }, (_, h) => (s.off.includes(h) ? 0 : 1));
}

// The demo page: controls and URL state on the main thread, the maths in a worker (compute/), the
// drawing in panels.ts. Nothing the user typed or loaded is dropped when the core reports an
// error: the last good view stays and the message says what to change.
import { compareController } from '../app/compare-controller.js';
import '../app/compare.css';
import { startEngine, type Engine } from '../app/compute/engine.js';
import { renderHeads } from '../app/heads-panel.js';
import { importanceController } from '../app/importance-controller.js';
import { extrasOnScreen } from '../app/on-screen.js';
import { mountTrainingPanel } from '../app/training/panel.js';
import '../app/training/training.css';
import {
  imageFromTransfer,
  loadImageBlob,
  loadImageUrl,
  type LoadedImage,
} from '../app/image/load.js';
import {
  keepFocus,
  renderDetail,
  renderFused,
  renderModel,
  renderOverview,
  wireEvents,
} from '../app/panels.js';
import { headColor } from '../app/render/colors.js';
import { exportPng, exportSvg } from '../app/render/export.js';
import { mathSteps } from '../app/render/views/math-steps.js';
import { wireModelGrid } from '../app/render/views/model-grid.js';
import { modelUrl, oneHeadUrl } from '../app/compute/model-url.js';
import '../app/panels.css';
import '../app/render/views/views.css';
import type { Scene } from '../app/scene.js';
import {
  PRESETS,
  SAMPLES,
  parseHash,
  sceneRequest,
  sortPairs,
  toHash,
  type ViewState,
} from '../app/state.js';
import { canvasesToSvg } from './svg-snapshot.js';

/** Tokens the page draws at most; longer text is cut here, with a notice. */
const MAX_TOKENS = 64;
const D_MODELS = [16, 32, 48, 64, 96, 128, 192, 256];
const PATCHES = [8, 12, 16, 24, 32, 48];

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  tabs: [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')],
  text: $<HTMLTextAreaElement>('text'),
  presets: $<HTMLSelectElement>('presets'),
  samples: $<HTMLSelectElement>('samples'),
  file: $<HTMLInputElement>('file'),
  patch: $<HTMLSelectElement>('patch'),
  dModel: $<HTMLSelectElement>('d-model'),
  heads: $<HTMLSelectElement>('heads'),
  kvHeads: $<HTMLSelectElement>('kv-heads'),
  causal: $<HTMLInputElement>('causal'),
  window: $<HTMLInputElement>('window'),
  temperature: $<HTMLInputElement>('temperature'),
  temperatureValue: $<HTMLOutputElement>('temperature-value'),
  seed: $<HTMLInputElement>('seed'),
  model: $<HTMLSelectElement>('model'),
  layer: $<HTMLSelectElement>('layer'),
  modelNote: $('model-note'),
  modelSection: $('model-section'),
  modelHint: $('model-hint'),
  modelGrid: $('model-grid'),
  guesses: $('guesses'),
  footerNote: $('footer-note'),
  toggles: $('head-toggles'),
  notice: $('notice'),
  error: $('error'),
  status: $('status'),
  imageNote: $('image-note'),
  headDimNote: $('head-dim-note'),
  overview: $('overview'),
  overviewHint: $('overview-hint'),
  detail: $('detail'),
  fused: $('fused'),
  fusedHint: $('fused-hint'),
  math: $('math'),
  headsSection: $('heads-section'),
  headsHint: $('heads-hint'),
  measured: { stats: $('head-stats'), redundancy: $('redundancy'), rollout: $('rollout') },
  fusion: $<HTMLFieldSetElement>('fusion'),
  compareSection: $('compare-section'),
  compare: $('compare'),
};
/** What a scene may carry besides the run, asked for only while its section is on screen. */
type Extra = 'importance' | 'compare';
const extras = extrasOnScreen<Extra>((names) => void recompute(names));
/** "Which heads matter" and "Pruning": importance is asked for only while they are on screen. */
const importance = importanceController(
  {
    root: $('importance-panels'),
    measures: $<HTMLFieldSetElement>('importance-measure'),
    losses: $('importance-losses'),
    bars: $('importance'),
    chart: $('pruning'),
    slider: $<HTMLInputElement>('pruning-kept'),
    readout: $<HTMLOutputElement>('pruning-readout'),
  },
  {
    prune: (modelOff) => commit({ modelOff }),
    choose: (layer, head) => commit({ layer, head }),
    rankBy: (measure) => commit({ importance: measure }, false),
  },
  extras,
);
/** "One head or many": the one-head model runs only while the section is on screen. */
const compare = compareController(ui.compareSection, ui.compare, extras);

const parsed = parseHash(location.hash);
let state: ViewState = parsed.state;
/** Notices about the URL, shown with the next drawn view. */
let urlNotices = parsed.notices;
let engine: Engine | undefined;
/** A core of its own for head importance, started when first needed (importance-controller.ts). */
let measurer: Promise<Engine> | undefined;
let scene: Scene | null = null;
let image: LoadedImage | null = null;
let inputStart = 0;
/** Checkpoints live in public/models/, served beside the page. */
const MODELS_BASE = new URL('./models/', document.baseURI).href;

function option(select: HTMLSelectElement, value: string, text = value): void {
  select.append(new Option(text, value));
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((k) => n % k === 0);
}

function showNotice(lines: string[]): void {
  ui.notice.hidden = lines.length === 0;
  ui.notice.textContent = lines.join(' ');
}

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? '';
}

/** Puts the state into the controls (without firing their events). */
function syncControls(): void {
  for (const tab of ui.tabs) {
    const on = tab.dataset.mode === state.mode;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  $('input-text').hidden = state.mode !== 'text';
  $('input-image').hidden = state.mode !== 'image';
  if (ui.text.value !== state.text) ui.text.value = state.text;
  ui.dModel.value = String(state.dModel);
  if (ui.dModel.value !== String(state.dModel)) {
    option(ui.dModel, String(state.dModel));
    ui.dModel.value = String(state.dModel);
  }
  ui.heads.value = String(state.heads);
  ui.kvHeads.replaceChildren();
  const kvChoices = new Set([...divisors(state.heads), state.kvHeads]);
  for (const k of [...kvChoices].sort((a, b) => b - a)) {
    const kind =
      k === state.heads ? 'MHA' : k === 1 ? 'MQA' : state.heads % k === 0 ? 'GQA' : 'invalid';
    option(ui.kvHeads, String(k), `${k} (${kind})`);
  }
  ui.kvHeads.value = String(state.kvHeads);
  ui.causal.checked = state.causal;
  ui.window.value = String(state.window);
  ui.temperature.value = String(Math.log2(state.temperature));
  ui.temperatureValue.value = state.temperature.toFixed(2);
  ui.seed.value = String(state.seed);
  ui.model.value = state.model;
  const isModel = state.model !== 'layer';
  for (const id of ['layer-settings', 'mask-settings', 'patch-label']) $(id).hidden = isModel;
  $('layer-label').hidden = !isModel;
  $('seed-label').hidden = state.model === 'trained';
  ui.modelSection.hidden = !isModel;
  ui.headsSection.hidden = !isModel;
  ui.compareSection.hidden = state.model !== 'trained';
  for (const radio of ui.fusion.querySelectorAll('input'))
    radio.checked = radio.value === state.fusion;
  ui.patch.value = String(state.patch);
  ui.samples.value = state.sample;
  syncModelControls();
  if (!isModel)
    syncToggles(
      state.heads,
      (h) => !state.off.includes(h),
      (h) => `Head ${h + 1} on`,
    );
}

/**
 * One checkbox per head. The boxes are kept when their number is unchanged (only their state
 * and label are updated), so a box being toggled from the keyboard keeps its focus.
 */
function syncToggles(count: number, on: (h: number) => boolean, label: (h: number) => string) {
  if (ui.toggles.querySelectorAll('input').length !== count)
    ui.toggles.replaceChildren(
      ...Array.from({ length: count }, (_, h) => {
        const item = document.createElement('label');
        item.className = 'head-toggle';
        item.style.setProperty('--head-color', headColor(h));
        const box = Object.assign(document.createElement('input'), { type: 'checkbox' });
        box.dataset.head = String(h);
        item.append(box, ` H${h + 1}`);
        return item;
      }),
    );
  ui.toggles.querySelectorAll('input').forEach((box, h) => {
    box.checked = on(h);
    box.setAttribute('aria-label', label(h));
  });
}

/** The model's layer picker and head toggles, once a scene says how many there are. */
function syncModelControls(): void {
  const m = scene?.model;
  if (state.model === 'layer' || !m) return;
  const H = scene!.config.numHeads;
  if (ui.layer.options.length !== m.numLayers) {
    ui.layer.replaceChildren();
    for (let l = 0; l < m.numLayers; l++) option(ui.layer, String(l), `${l + 1} of ${m.numLayers}`);
  }
  ui.layer.value = String(m.layer);
  syncToggles(
    H,
    (h) => m.gates[m.layer * H + h] !== 0,
    (h) => `Layer ${m.layer + 1} head ${h + 1} on`,
  );
  const meta = m.metadata;
  const facts: string[] = [];
  if (m.weights === 'untrained') facts.push(`Random weights (${meta.weights ?? 'seeded'}).`);
  else {
    if (meta.train_steps)
      facts.push(`Trained ${Number(meta.train_steps).toLocaleString('en')} steps`);
    if (meta.heldout_loss)
      facts.push(`held-out masked-LM loss ${Number(meta.heldout_loss).toFixed(2)}`);
    if (meta.heldout_accuracy)
      facts.push(`held-out accuracy ${(100 * Number(meta.heldout_accuracy)).toFixed(1)}%`);
  }
  const shape = `${m.numLayers} layers × ${H} heads, d_model ${scene!.config.dModel}`;
  ui.modelNote.textContent = `${shape}. ${facts.join(', ')}${facts.length && m.weights === 'trained' ? '.' : ''}`;
}

function renderModelHint(s: Scene): void {
  if (!s.model) return;
  ui.modelHint.textContent =
    s.model.weights === 'trained'
      ? 'Every head of every layer on this input, labelled with the job it scores clearly above chance on held-out data. Choose one to show it below.'
      : 'Every head of every layer, with random weights: compare the patterns with the trained model’s.';
}

function render(): void {
  if (!scene) return;
  const s = scene;
  const view = { head: state.head, token: state.token };
  const pixels = s.model?.image ?? image;
  renderModelHint(s);
  keepFocus(document, () => {
    renderModel(ui.modelGrid, ui.guesses, s, { head: state.head, token: state.token ?? 0 });
    renderOverview(ui.overview, s, view, pixels);
    renderDetail(ui.detail, s, view, pixels);
    renderFused(ui.fused, s, view, pixels);
    renderHeads(ui.measured, s, view, pixels);
    const model = `${state.mode}:${state.model}:${state.model === 'untrained' ? state.seed : ''}`;
    const selected = {
      layer: s.model?.layer ?? 0,
      head: Math.min(state.head, s.config.numHeads - 1),
    };
    importance.draw(s, model, state.importance, selected);
    compare.draw(s, model, view);
  });
  ui.headsHint.textContent = s.model
    ? `Numbers the core measured on this input for layer ${s.model.layer + 1} of ${s.model.numLayers}; choose another layer under Model or in the grid above.`
    : '';
  ui.footerNote.textContent = s.model
    ? s.model.weights === 'trained'
      ? 'Trained models: trained by headscope’s own C++ code on generated data (see the README).'
      : 'Untrained: the same architecture with random weights, for contrast.'
    : 'Untrained layer: weights and inputs come from the seed, so patterns are those of random weights.';
  const token = Math.min(state.token ?? 0, scene.result.tQ - 1);
  ui.math.replaceChildren(mathSteps(scene, Math.min(state.head, scene.config.numHeads - 1), token));
  const { headDim, numHeads, numKvHeads } = scene.config;
  ui.headDimNote.textContent = `${numHeads} heads × ${headDim} dims each = d_model ${scene.config.dModel}; keys and values: ${numKvHeads} × ${headDim}.`;
  const what = scene.kind === 'text' ? 'a token' : 'a patch';
  ui.overviewHint.textContent = `Hover or focus ${what} to see where each head looks from it; click a head to enlarge it.`;
  ui.fusedHint.textContent =
    'The output projection W_o fuses the heads. Lines and heat: each key’s share of the output; bars: the size of each head’s contribution (‖its slice of concat · W_oᵀ‖).';
}

function updateStatus(latency: number | null): void {
  if (!scene || !engine) return;
  const t = scene.result.tQ;
  const parts = [
    `SIMD: ${engine.simdArch}`,
    `${t} ${scene.kind === 'text' ? 'tokens' : 'patches'}`,
    `core ${scene.computeMs.toFixed(1)} ms in the ${engine.where}`,
  ];
  if (scene.model?.loadMs) {
    parts.push(`model loaded in ${scene.model.loadMs.toFixed(0)} ms`);
    ui.status.dataset.modelLoadMs = scene.model.loadMs.toFixed(1);
  }
  if (latency !== null) {
    parts.push(`input to redraw ${latency.toFixed(1)} ms`);
    ui.status.dataset.latencyMs = latency.toFixed(2);
    // Counts timed redraws, so a script can wait for the next one even if its time repeats.
    ui.status.dataset.timedRedraws = String(Number(ui.status.dataset.timedRedraws ?? 0) + 1);
  }
  ui.status.textContent = parts.join(' · ');
}

let generation = 0;
/** `wanted`: the extras to compute too, for the sections on screen (on-screen.ts). */
async function recompute(wanted: ReadonlySet<Extra> = new Set()): Promise<void> {
  if (!engine) return;
  extras.cancel();
  const measure = wanted.has('importance');
  const req = sceneRequest(state, MAX_TOKENS, image, (mode) => modelUrl(MODELS_BASE, mode), {
    analysis: true, // for the "heads, measured" section
    importance: measure,
    ...(wanted.has('compare') ? { compare: (mode) => oneHeadUrl(MODELS_BASE, mode) } : {}),
  });
  if (!req) return;
  const started = inputStart || performance.now();
  inputStart = 0;
  const mine = ++generation;
  const onto = measure ? await (measurer ??= startEngine(true)) : engine;
  const response = await onto.submit(req);
  if (response === null || mine !== generation) return;
  if (!response.ok) {
    showError(`${response.error}. The last good view is kept; change the setting to continue.`);
    document.body.dataset.state = 'error';
    return;
  }
  showError(null);
  scene = response.scene;
  const notices: string[] = [];
  const framing = scene.model ? 2 : 0; // [CLS] and [SEP]
  if (scene.kind === 'text' && scene.total > scene.tokens.length - framing)
    notices.push(
      scene.model
        ? `The model reads at most ${scene.tokens.length - framing} tokens; showing the first ${scene.tokens.length - framing} of ${scene.total.toLocaleString('en')}.`
        : `Showing the first ${scene.tokens.length} of ${scene.total.toLocaleString('en')} tokens: attention over more would not fit on screen.`,
    );
  syncModelControls();
  showNotice([...urlNotices, ...notices]);
  urlNotices = [];
  render();
  extras.arrived(scene);
  requestAnimationFrame(() => {
    if (wanted.size === 0) updateStatus(performance.now() - started);
    document.body.dataset.state = 'ready';
  });
}

function commit(change: Partial<ViewState>, compute = true): void {
  const controlsChanged = Object.keys(change).some(
    (k) => k !== 'text' && k !== 'token' && k !== 'head' && k !== 'modelOff' && k !== 'layer',
  );
  state = { ...state, ...change };
  if (state.kvHeads > state.heads || state.heads % state.kvHeads !== 0) state.kvHeads = state.heads;
  state.off = state.off.filter((h) => h < state.heads);
  if (state.model === 'layer') state.head = Math.min(state.head, state.heads - 1);
  else if (scene?.model) state.head = Math.min(state.head, scene.config.numHeads - 1);
  history.replaceState(null, '', toHash(state));
  if (controlsChanged) syncControls();
  if (compute) void recompute();
  else render();
}

async function useImage(load: Promise<LoadedImage>, sample: string): Promise<void> {
  try {
    image = await load;
    ui.imageNote.textContent = image.downscaled
      ? `${image.name} was ${image.originalWidth} × ${image.originalHeight} pixels; it is shown downscaled to ${image.width} × ${image.height}.`
      : `${image.name}: ${image.width} × ${image.height} pixels.`;
    commit({ mode: 'image', sample, token: state.token ?? 0 });
  } catch (e) {
    showError(`${(e as Error).message}. The previous image is kept.`);
  }
}

function wire(): void {
  for (const p of PRESETS) option(ui.presets, p);
  ui.presets.prepend(new Option('Choose a sentence…', ''));
  ui.presets.value = '';
  for (const s of SAMPLES) option(ui.samples, s);
  option(ui.samples, '', 'your image');
  for (const p of PATCHES) option(ui.patch, String(p), `${p} px`);
  for (const d of D_MODELS) option(ui.dModel, String(d));
  for (let h = 1; h <= 16; h++) option(ui.heads, String(h));

  for (const tab of ui.tabs)
    tab.addEventListener('click', () => {
      const mode = tab.dataset.mode as ViewState['mode'];
      if (mode === 'image' && !image)
        void useImage(
          loadImageUrl(`./samples/${state.sample || SAMPLES[0]}`),
          state.sample || SAMPLES[0]!,
        );
      else commit({ mode, token: 0 });
    });
  ui.text.addEventListener('input', () => {
    inputStart = performance.now();
    commit({ text: ui.text.value });
  });
  ui.presets.addEventListener('change', () => {
    if (ui.presets.value) commit({ text: ui.presets.value, token: 1 });
    ui.presets.value = '';
  });
  ui.dModel.addEventListener('change', () => commit({ dModel: Number(ui.dModel.value) }));
  ui.heads.addEventListener('change', () => {
    const heads = Number(ui.heads.value);
    commit({ heads, kvHeads: heads });
  });
  ui.kvHeads.addEventListener('change', () => commit({ kvHeads: Number(ui.kvHeads.value) }));
  ui.causal.addEventListener('change', () => commit({ causal: ui.causal.checked }));
  ui.window.addEventListener('change', () => {
    const w = Math.max(0, Math.min(512, Math.round(Number(ui.window.value) || 0)));
    commit({ window: w });
  });
  ui.temperature.addEventListener('input', () =>
    commit({ temperature: Number(Math.pow(2, Number(ui.temperature.value)).toFixed(3)) }),
  );
  ui.seed.addEventListener('change', () => {
    const s = Math.round(Number(ui.seed.value));
    if (Number.isInteger(s) && s >= 0 && s < 2 ** 32) commit({ seed: s });
    else showError(`seed ${ui.seed.value} must be an integer from 0 to 4294967295`);
  });
  ui.toggles.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    const h = Number(box.dataset.head);
    if (state.model !== 'layer') {
      const pair: [number, number] = [state.layer, h];
      const rest = state.modelOff.filter(([l, x]) => l !== state.layer || x !== h);
      commit({ modelOff: box.checked ? rest : sortPairs([...rest, pair]) });
      return;
    }
    const off = box.checked
      ? state.off.filter((x) => x !== h)
      : [...state.off, h].sort((a, b) => a - b);
    commit({ off });
  });
  ui.patch.addEventListener('change', () => commit({ patch: Number(ui.patch.value), token: 0 }));
  ui.model.addEventListener('change', () =>
    commit({ model: ui.model.value as ViewState['model'], token: state.token ?? 0 }),
  );
  ui.layer.addEventListener('change', () => commit({ layer: Number(ui.layer.value) }));
  ui.fusion.addEventListener('change', (e) =>
    commit({ fusion: (e.target as HTMLInputElement).value as ViewState['fusion'] }),
  );
  wireModelGrid(ui.modelGrid, (layer, head) => commit({ layer, head }));
  ui.samples.addEventListener('change', () => {
    if (ui.samples.value)
      void useImage(loadImageUrl(`./samples/${ui.samples.value}`), ui.samples.value);
  });
  ui.file.addEventListener('change', () => {
    const f = ui.file.files?.[0];
    if (f) void useImage(loadImageBlob(f, f.name), '');
    ui.file.value = '';
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = imageFromTransfer(e.dataTransfer);
    if (f) void useImage(loadImageBlob(f, f.name), '');
  });
  document.addEventListener('paste', (e) => {
    const f = imageFromTransfer(e.clipboardData);
    if (f) void useImage(loadImageBlob(f, f.name || 'pasted image'), '');
  });
  const actions = {
    focus: (i: number | null) => {
      if (i !== state.token) commit({ token: i }, false);
    },
    select: (h: number) => {
      if (h !== state.head) commit({ head: h }, false);
    },
  };
  const grid = () => (scene?.kind === 'image' ? scene : null);
  for (const c of [ui.overview, ui.detail, ui.fused, ui.measured.rollout, ui.compare])
    wireEvents(c, actions, grid);

  const visibleParts = () =>
    [ui.overview, ui.detail, ui.fused].flatMap((c) => [
      ...c.querySelectorAll<SVGSVGElement | HTMLCanvasElement>(':scope svg[role=img], canvas'),
    ]);
  $('export-png').addEventListener('click', () => void exportPng(visibleParts(), 'headscope.png'));
  $('export-svg').addEventListener('click', () =>
    exportSvg(canvasesToSvg(visibleParts()), 'headscope.svg'),
  );
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      showNotice(['Link copied: it reproduces this view.']);
    } catch {
      showNotice([`Copy this link to share the view: ${location.href}`]);
    }
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === toHash(state)) return;
    const next = parseHash(location.hash);
    urlNotices = next.notices;
    showNotice(next.notices);
    state = next.state;
    syncControls();
    void recompute();
  });
}

async function main(): Promise<void> {
  wire();
  mountTrainingPanel($('train-section'));
  syncControls();
  try {
    engine = await startEngine();
  } catch (e) {
    showError(`Could not start the WebAssembly core: ${(e as Error).message}`);
    return;
  }
  if (state.mode === 'image') {
    await useImage(
      loadImageUrl(`./samples/${state.sample || SAMPLES[0]}`),
      state.sample || SAMPLES[0]!,
    );
  } else {
    await recompute();
  }
}

void main();

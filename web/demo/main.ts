// The demo page: its DOM and wiring. The shared controller (app/controller.ts) owns the state,
// the requests to the core (in a worker, compute/) and the newest-wins and error handling; each
// section draws itself from its folder (app/model, app/generate, app/heads, app/importance,
// app/compare, app/training). Nothing the user typed or loaded is dropped when the core reports
// an error: the last good view stays and the message says what to change.
import { compareController } from '../app/compare/controller.js';
import '../app/compare/compare.css';
import { startEngine, type Engine } from '../app/compute/engine.js';
import { MAX_TOKENS, viewController } from '../app/controller.js';
import { generateController } from '../app/generate/controller.js';
import '../app/generate/generate.css';
import { guideController } from '../app/guide/controller.js';
import { linkNeeds } from '../app/guide/steps.js';
import { headsController } from '../app/heads/controller.js';
import '../app/heads/heads.css';
import {
  imageFromTransfer,
  loadImageBlob,
  letterboxNote,
  loadImageUrl,
  type LoadedImage,
} from '../app/image/load.js';
import { importanceController } from '../app/importance/controller.js';
import '../app/importance/importance.css';
import { modelController } from '../app/model/controller.js';
import { checkpointUrl, modelById, oneHeadUrl } from '../app/models/manifest.js';
import { extrasOnScreen } from '../app/on-screen.js';
import { keepFocus, renderDetail, renderFused, renderOverview, wireEvents } from '../app/panels.js';
import { swipeCue } from '../app/swipe-cue.js';
import { visibleDraw } from '../app/visible-draw.js';
import '../app/panels.css';
import { exportPng, exportSvg } from '../app/render/export.js';
import { flowView } from '../app/render/views/flow.js';
import { mathSteps } from '../app/render/views/math-steps.js';
import { captionLine, titleBlock } from '../app/render/views/title-block.js';
import { setText, truncate } from '../app/render/html.js';
import '../app/render/views/views.css';
import type { Scene } from '../app/scene.js';
import {
  LAYER,
  MAX_URL_TEXT,
  SAMPLES,
  firstCheckpoints,
  fitsLink,
  loadedModelKey,
  parseHash,
  pickModel,
  sceneRequest,
  sortPairs,
  toHash,
  type ViewState,
} from '../app/state.js';
import { mountTrainingPanel } from '../app/training/panel.js';
import '../app/training/training.css';
import { $, fillControls, syncControls, syncModelControls, ui } from './controls.js';
import { settingsDrawer } from './drawer.js';
import { wireShortcuts } from './shortcuts.js';
import { canvasesToSvg } from './svg-snapshot.js';
import { afterPause } from './after-pause.js';
import { sessionText } from './text-store.js';

const part = {
  notice: $('notice'),
  error: $('error'),
  status: $('status'),
  imageNote: $('image-note'),
  modelHint: $('model-hint'),
  modelGrid: $('model-grid'),
  guesses: $('guesses'),
  footerNote: $('footer-note'),
  overview: $('overview'),
  overviewHint: $('overview-hint'),
  detail: $('detail'),
  fused: $('fused'),
  fusedHint: $('fused-hint'),
  math: $('math'),
  flow: $('flow'),
  rollout: $('rollout'),
  compareSection: $('compare-section'),
  compare: $('compare'),
  generateSection: $('generate-section'),
};
/** Checkpoints live in public/models/, served beside the page. */
const MODELS_BASE = new URL('./models/', document.baseURI).href;

/** On a phone: which head card is in view, and that the others are a swipe away. */
const overviewCue = swipeCue(part.overview, $('overview-cue'), 'Head');

/** What a keystroke redraws: the sections on screen (the rest when seen or when typing pauses). */
const sections = visibleDraw();

/** What a scene may carry besides the run, asked for only while its section is on screen. */
type Extra = 'importance' | 'compare';
const extras = extrasOnScreen<Extra>((names) => void view.recompute(names));
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
    alike: $('alike'),
  },
  {
    prune: (modelOff) => view.set({ modelOff }),
    choose: (layer, head) => view.set({ layer, head }),
    rankBy: (measure) => view.set({ importance: measure }, false),
  },
  extras,
);
/** "One head or many": the one-head model runs only while the section is on screen. */
const compare = compareController(part.compareSection, part.compare, extras);
/** "The heads, measured". */
const heads = headsController(
  {
    hint: $('heads-hint'),
    fusion: $<HTMLFieldSetElement>('fusion'),
    stats: $('head-stats'),
    redundancy: $('redundancy'),
    rollout: part.rollout,
  },
  (fusion) => view.set({ fusion }),
);

/** "The whole model": a head chosen in the grid is shown in the other sections. */
const model = modelController(
  { grid: part.modelGrid, guesses: part.guesses, hint: part.modelHint },
  (layer, head) => view.set({ layer, head }),
);

/** "Generate": a next-token model continues the text as typed, in a worker of its own. */
const generate = generateController(
  {
    root: part.generateSection,
    form: $<HTMLFormElement>('generate-form'),
    temperature: $<HTMLInputElement>('gen-temperature'),
    temperatureValue: $<HTMLOutputElement>('gen-temperature-value'),
    topK: $<HTMLInputElement>('gen-top-k'),
    maxTokens: $<HTMLInputElement>('gen-max-tokens'),
    seed: $<HTMLInputElement>('gen-seed'),
    start: $<HTMLButtonElement>('gen-start'),
    stop: $<HTMLButtonElement>('gen-stop'),
    error: $('gen-error'),
    status: $('gen-status'),
    pieces: $('gen-pieces'),
    newest: $('gen-newest'),
    attention: $('gen-attention'),
    attentionHint: $('gen-attention-hint'),
    kvCache: $('gen-kv'),
  },
  () => {
    const s = view.state;
    if (s.model === LAYER) return null;
    const url = checkpointUrl(MODELS_BASE, s.model);
    return { url, weights: s.weights, seed: s.seed, off: s.modelOff, text: s.text };
  },
);

/** A link's state, with what its guided-path step needs (guide/steps.ts, linkNeeds). */
function fromLink(hash: string): ReturnType<typeof parseHash> {
  const parsed = parseHash(hash, undefined, sessionText);
  const namesModel = new URLSearchParams(hash.replace(/^#/, '')).has('model');
  Object.assign(parsed.state, linkNeeds(parsed.state, namesModel));
  return parsed;
}

const parsed = fromLink(location.hash);
/** Notices about the URL, shown with the next drawn view. */
let urlNotices = parsed.notices;
let engine: Engine | undefined;
/** A core of its own for head importance, started when first needed (importance/controller.ts). */
let measurer: Promise<Engine> | undefined;
let image: LoadedImage | null = null;
/** What the image note says of the picture itself (its size); renderNotes adds the model's view. */
let imageText = '';
/** When the input being computed was typed (0: not typed), and when its request was made. */
let inputStart = 0;
let requestStart = 0;

const view = viewController<Extra>(
  {
    request(s, wanted) {
      if (!engine) return null;
      extras.cancel();
      if (s.mode === 'image' && !image) {
        void useSample(s.sample || SAMPLES[0]!);
        return null;
      }
      requestStart = inputStart || performance.now();
      inputStart = 0;
      return sceneRequest(s, MAX_TOKENS, image, (id) => checkpointUrl(MODELS_BASE, id), {
        analysis: true, // for the "heads, measured" section
        importance: wanted.has('importance'),
        ...(wanted.has('compare') ? { compare: (id) => oneHeadUrl(MODELS_BASE, id) } : {}),
      });
    },
    engine: (wanted) =>
      wanted.has('importance') ? (measurer ??= startEngine(true)) : Promise.resolve(engine!),
    draw: render,
    arrived(scene, notices, wanted) {
      showError(null);
      syncModelControls(view.state, scene);
      showNotice([...urlNotices, ...notices]);
      urlNotices = [];
      extras.arrived(scene);
      // The keystroke's time in three parts, for npm run bench:page: until the scene arrived
      // (the worker's queue and compute), drawing it, and until the next frame.
      const arrivedMs = drawStart - requestStart;
      const drawMs = performance.now() - drawStart;
      const started = requestStart;
      requestAnimationFrame(() => {
        if (wanted.size === 0)
          updateStatus(scene, { total: performance.now() - started, arrivedMs, drawMs });
      });
    },
    failed(message) {
      showError(`${message}. The last good view is kept; change the setting to continue.`);
      drawings++; // a drawing still settling must not say 'ready' over the error
      document.body.dataset.state = 'error';
    },
    changed(s, controls) {
      link.follow(s);
      if (s.mode === 'text') keepText.soon(s.text);
      if (controls) syncAll();
    },
  },
  parsed.state,
);

/** The guided path: its card over the page, its step in the state (#step=3). */
const guide = guideController(document.body, {
  state: () => view.state,
  set: (change, compute) => view.set(change, compute),
});

/** How long typing pauses before the link follows the text. */
const TYPING_PAUSE_MS = 250;

/**
 * The link follows the state: at once, except while the text is being typed, when it follows once
 * typing pauses (and as the tab hides). A history update usually takes under a millisecond, but
 * one in ten took 35 ms in Chromium, a stall in the middle of typing; and it is made only when
 * the link changes (it cost up to 300 ms with 1 MB of pasted text, which is not in the link).
 */
const link = (() => {
  let text = parsed.state.text;
  const write = afterPause((hash: string) => {
    if (hash !== location.hash) history.replaceState(null, '', hash);
  }, TYPING_PAUSE_MS);
  return {
    follow(s: ViewState) {
      const typing = s.text !== text;
      text = s.text;
      (typing ? write.soon : write.now)(toHash(s));
    },
  };
})();

/** Text too long for the link goes to session storage: after typing pauses, and as the tab hides. */
const keepText = sessionText.keeper((text) =>
  showNotice([
    `This text (${text.length} characters) is too long for a link, and this browser would not ` +
      'keep it for this tab: copy it somewhere before you reload.',
  ]),
);

/** The settings form and the fusion radios, from the state. */
function syncAll(): void {
  syncControls(view.state, view.scene);
  heads.sync(view.state.fusion);
}

function showNotice(lines: string[]): void {
  part.notice.hidden = lines.length === 0;
  setText(part.notice, lines.join(' '));
}

function showError(message: string | null): void {
  part.error.hidden = message === null;
  setText(part.error, message ?? '');
}

/** Marked once the first heads are on screen (npm run bench:page reads it). */
const FIRST_HEAD = 'headscope:first-head';

/**
 * Draws a section's views now if it is on screen, else when it is or when typing pauses. Until
 * the first heads are drawn, the sections below them wait for one frame, so the heads (and
 * what is above them) show that much sooner: the first drawing took 0.10-0.17 s in all.
 */
function drawSection(root: HTMLElement, draw: () => void): void {
  const section = root.closest('main section') ?? root;
  const first = !performance.getEntriesByName(FIRST_HEAD).length;
  const above = root === part.modelGrid || root === part.overview;
  (first && !above ? sections.afterFrame : sections.draw)(section, () => keepFocus(document, draw));
}

/** A touch screen: the hints say "tap" rather than "hover". */
const touch = matchMedia('(pointer: coarse)');

/** Counts drawings: only the newest may say the page is ready. */
let drawings = 0;

/** When the newest scene began to be drawn. */
let drawStart = 0;

function render(s: Scene, state: ViewState): void {
  drawStart = performance.now();
  // 'drawing' until every section shows this scene (and the arrival's notices are out, a frame
  // later), then 'ready', unless a newer drawing has started.
  const mine = ++drawings;
  document.body.dataset.state = 'drawing';
  requestAnimationFrame(() =>
    sections.settled(() => {
      if (mine === drawings) document.body.dataset.state = 'ready';
    }),
  );
  const v = { head: state.head, token: state.token };
  const pixels = s.model?.image ?? image;
  drawSection(part.modelGrid, () => model.draw(s, { head: state.head, token: state.token ?? 0 }));
  drawSection(part.overview, () => {
    renderOverview(part.overview, s, v, pixels);
    overviewCue();
    // For `npm run bench:page`: the first frame showing a head, after navigation.
    if (!performance.getEntriesByName(FIRST_HEAD).length)
      requestAnimationFrame(() => {
        if (!performance.getEntriesByName(FIRST_HEAD).length) performance.mark(FIRST_HEAD);
      });
  });
  drawSection(part.detail, () => renderDetail(part.detail, s, v, pixels));
  drawSection(part.fused, () => renderFused(part.fused, s, v, pixels));
  drawSection(part.rollout, () => heads.draw(s, v, pixels));
  keepFocus(document, () => {
    const key = loadedModelKey(state);
    const selected = {
      layer: s.model?.layer ?? 0,
      head: Math.min(state.head, s.config.numHeads - 1),
    };
    importance.draw(s, key, state.importance, selected);
    compare.draw(s, key, v);
    // The measured cost of sharing keys and values belongs to the trained recipe.
    const shipped = state.weights === 'trained' ? modelById(state.model) : undefined;
    generate.draw(s, key, shipped?.sharing);
  });
  renderNotes(s, state);
  guide.draw(s, state);
}

/** The sentences around the views, and the maths of the enlarged head. */
function renderNotes(s: Scene, state: ViewState): void {
  setText(
    part.footerNote,
    s.model
      ? s.model.weights === 'trained'
        ? 'Trained by headscope’s own C++ code: the English models on real English text, the toy grammar and shapes models on generated sentences and images (see the README).'
        : 'Untrained: the same architecture with random weights, for contrast.'
      : 'Untrained layer: weights and inputs come from the seed, so patterns are those of random weights.',
  );
  const seen = s.model?.image;
  setText(
    part.imageNote,
    [imageText, seen && image ? letterboxNote(image.width, image.height, seen.width) : ''].join(
      ' ',
    ),
  );
  const token = Math.min(state.token ?? 0, s.result.tQ - 1);
  drawSection(part.math, () => {
    part.flow.replaceChildren(flowView(s, token));
    part.math.replaceChildren(mathSteps(s, Math.min(state.head, s.config.numHeads - 1), token));
  });
  const { headDim, numHeads, numKvHeads, dModel } = s.config;
  setText(
    ui.headDimNote,
    `${numHeads} heads × ${headDim} dims each = d_model ${dModel}; keys and values: ${numKvHeads} × ${headDim}.`,
  );
  const what = s.kind === 'text' ? 'a token' : 'a patch';
  setText(
    part.overviewHint,
    touch.matches
      ? `Tap ${what} to see where each head looks from it; tap a head’s name to enlarge it.`
      : `Hover or focus ${what} to see where each head looks from it; click a head to enlarge it.`,
  );
  setText(
    part.fusedHint,
    'The output projection W_o fuses the heads. Lines and heat: each key’s share of the output; bars: the size of each head’s contribution (‖its slice of concat · W_oᵀ‖).',
  );
}

/** A redraw's time from its input: in all, until its scene arrived, and drawing it. */
interface Latency {
  total: number;
  arrivedMs: number;
  drawMs: number;
}

function updateStatus(scene: Scene, { total: latency, arrivedMs, drawMs }: Latency): void {
  if (!engine) return;
  const status = part.status;
  const parts = [
    `SIMD: ${engine.simdArch}`,
    `${scene.result.tQ} ${scene.kind === 'text' ? 'tokens' : 'patches'}`,
    `core ${scene.computeMs.toFixed(1)} ms in the ${engine.where}`,
  ];
  if (scene.model?.loadMs) {
    parts.push(`model loaded in ${scene.model.loadMs.toFixed(0)} ms`);
    status.dataset.modelLoadMs = scene.model.loadMs.toFixed(1);
  }
  parts.push(`input to redraw ${latency.toFixed(1)} ms`);
  status.dataset.latencyMs = latency.toFixed(2);
  status.dataset.arrivedMs = arrivedMs.toFixed(2);
  status.dataset.drawMs = drawMs.toFixed(2);
  status.dataset.coreMs = scene.computeMs.toFixed(2);
  // Counts timed redraws, so a script can wait for the next one even if its time repeats.
  status.dataset.timedRedraws = String(Number(status.dataset.timedRedraws ?? 0) + 1);
  status.textContent = parts.join(' · ');
}

async function useImage(load: Promise<LoadedImage>, sample: string): Promise<void> {
  try {
    image = await load;
    imageText = image.downscaled
      ? `${image.name} was ${image.originalWidth} × ${image.originalHeight} pixels; it is shown downscaled to ${image.width} × ${image.height}.`
      : `${image.name}: ${image.width} × ${image.height} pixels.`;
    view.set({ mode: 'image', sample, token: view.state.token ?? 0 });
  } catch (e) {
    showError(`${(e as Error).message}. The previous image is kept.`);
  }
}

const useSample = (name: string) => useImage(loadImageUrl(`./samples/${name}`), name);
const useFile = (f: File | null | undefined, name = f?.name ?? '') => {
  if (f) void useImage(loadImageBlob(f, name), '');
};

function wireInputs(): void {
  for (const tab of ui.tabs)
    tab.addEventListener('click', () =>
      view.set({ mode: tab.dataset.mode as ViewState['mode'], token: 0 }),
    );
  ui.text.addEventListener('input', () => {
    inputStart = performance.now();
    view.set({ text: ui.text.value });
  });
  ui.presets.addEventListener('change', () => {
    if (ui.presets.value) view.set({ text: ui.presets.value, token: 1 });
    ui.presets.value = '';
  });
  ui.samples.addEventListener('change', () => {
    if (ui.samples.value) void useSample(ui.samples.value);
  });
  ui.file.addEventListener('change', () => {
    useFile(ui.file.files?.[0]);
    ui.file.value = '';
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    useFile(imageFromTransfer(e.dataTransfer));
  });
  document.addEventListener('paste', (e) => {
    const f = imageFromTransfer(e.clipboardData);
    useFile(f, f?.name || 'pasted image');
  });
}

function wireSettings(): void {
  const set = view.set;
  ui.dModel.addEventListener('change', () => set({ dModel: Number(ui.dModel.value) }));
  ui.heads.addEventListener('change', () => {
    const heads = Number(ui.heads.value);
    set({ heads, kvHeads: heads });
  });
  ui.kvHeads.addEventListener('change', () => set({ kvHeads: Number(ui.kvHeads.value) }));
  ui.causal.addEventListener('change', () => set({ causal: ui.causal.checked }));
  ui.window.addEventListener('change', () => {
    set({ window: Math.max(0, Math.min(512, Math.round(Number(ui.window.value) || 0))) });
  });
  ui.temperature.addEventListener('input', () =>
    set({ temperature: Number(Math.pow(2, Number(ui.temperature.value)).toFixed(3)) }),
  );
  ui.seed.addEventListener('change', () => {
    const s = Math.round(Number(ui.seed.value));
    if (Number.isInteger(s) && s >= 0 && s < 2 ** 32) set({ seed: s });
    else showError(`seed ${ui.seed.value} must be an integer from 0 to 4294967295`);
  });
  ui.toggles.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    set(toggled(view.state, Number(box.dataset.head), box.checked));
  });
  ui.patch.addEventListener('change', () => set({ patch: Number(ui.patch.value), token: 0 }));
  ui.model.addEventListener('change', () =>
    set({ ...pickModel(view.state, ui.model.value), token: view.state.token ?? 0 }),
  );
  ui.layer.addEventListener('change', () => set({ layer: Number(ui.layer.value) }));
}

/** The change a head toggle makes: a model's layer.head pair, or one layer's head. */
function toggled(s: ViewState, h: number, on: boolean): Partial<ViewState> {
  if (s.model === LAYER)
    return { off: on ? s.off.filter((x) => x !== h) : [...s.off, h].sort((a, b) => a - b) };
  const rest = s.modelOff.filter(([l, x]) => l !== s.layer || x !== h);
  return { modelOff: on ? rest : sortPairs([...rest, [s.layer, h]]) };
}

function wireViews(): void {
  const actions = {
    focus: (i: number | null) => {
      if (i !== view.state.token) view.set({ token: i }, false);
    },
    select: (h: number) => {
      if (h !== view.state.head) view.set({ head: h }, false);
    },
  };
  const grid = () => (view.scene?.kind === 'image' ? view.scene : null);
  for (const c of [part.overview, part.detail, part.fused, part.rollout, part.compare])
    wireEvents(c, actions, grid);
}

/** An export's title block: what the picture shows, so it stands alone. */
function exportHeader(s: ViewState, sc: Scene): SVGSVGElement {
  const model = sc.model
    ? `${modelById(s.model)?.title ?? s.model}${sc.model.weights === 'trained' ? '' : ', random weights'}, layer ${sc.model.layer + 1} of ${sc.model.numLayers}`
    : 'one untrained layer';
  const { numHeads, numKvHeads, dModel, headDim } = sc.config;
  const off = sc.gates.flatMap((g, h) => (g === 0 ? [`H${h + 1}`] : []));
  const input =
    sc.kind === 'text'
      ? `Sentence: “${truncate(s.text.replace(/\s+/g, ' ').trim(), 120)}” (${sc.result.tQ} tokens)`
      : `Image: ${image?.name ?? 'a sample'}, ${sc.result.tQ} patches`;
  return titleBlock(`headscope — ${model}`, [
    input,
    `${numHeads} heads × ${headDim} dims (keys and values: ${numKvHeads}), d_model ${dModel}`,
    `Heads shown: H1–H${numHeads}; switched off: ${off.length ? off.join(', ') : 'none'}`,
  ]);
}

function wireShare(): void {
  // The title block, then each view in page order, a head's name before its card's views.
  const visibleParts = () => [
    ...(view.scene ? [exportHeader(view.state, view.scene)] : []),
    ...[part.overview, part.detail, part.fused].flatMap((c) =>
      [
        ...c.querySelectorAll<Element>(':scope svg[data-view], canvas, .head-pick, .detail-title'),
      ].map((e) =>
        e instanceof SVGSVGElement || e instanceof HTMLCanvasElement
          ? e
          : captionLine(e.textContent ?? '', true),
      ),
    ),
  ];
  // Once the sections off screen have caught up with the input.
  $('export-png').addEventListener('click', () =>
    sections.settled(() => void exportPng(visibleParts(), 'headscope.png')),
  );
  $('export-svg').addEventListener('click', () =>
    sections.settled(() => exportSvg(canvasesToSvg(visibleParts()), 'headscope.svg')),
  );
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      showNotice([
        view.state.mode === 'text' && !fitsLink(view.state.text)
          ? `Link copied. It holds everything but the text: past ${MAX_URL_TEXT} characters, the ` +
            'text stays in this tab only.'
          : 'Link copied: it reproduces this view.',
      ]);
    } catch {
      showNotice([`Copy this link to share the view: ${location.href}`]);
    }
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === toHash(view.state)) return;
    const next = fromLink(location.hash);
    urlNotices = next.notices;
    showNotice(next.notices);
    view.replace(next.state);
    syncAll();
    void view.recompute();
  });
}

/** Whether this browser was offered the tour before (its first visit asks more loudly). */
const TOUR_OFFERED = 'headscope:tour-offered';

/** The header's tour button: "Take the tour", highlighted, on a first visit; "Tour" after. */
function wireTourButton(): void {
  const button = $<HTMLButtonElement>('guide-open');
  let offered = true;
  try {
    offered = localStorage.getItem(TOUR_OFFERED) !== null;
    localStorage.setItem(TOUR_OFFERED, '1');
  } catch {
    // Storage refused (private mode, an embed's sandbox): the button keeps its short label.
  }
  if (!offered && view.state.step === null) {
    button.textContent = 'Take the tour';
    button.classList.add('guide-open-new');
  }
  button.addEventListener('click', () => {
    button.textContent = 'Tour';
    button.classList.remove('guide-open-new');
    guide.start();
  });
}

/** The settings drawer (on a phone), the help dialog and the page's shortcuts. */
function wireKeys(): void {
  const drawer = settingsDrawer(
    $('controls'),
    $<HTMLButtonElement>('controls-open'),
    $<HTMLButtonElement>('controls-close'),
  );
  const help = $<HTMLDialogElement>('help');
  const showHelp = () => {
    if (!help.open) help.showModal();
  };
  $('help-open').addEventListener('click', showHelp);
  wireTourButton();
  const wrap = (i: number, n: number) => (i + n) % n;
  wireShortcuts(document, {
    help: showHelp,
    sentence: () => {
      if (view.state.mode === 'text') ui.text.focus();
    },
    head: (step) => {
      const n = view.scene?.config.numHeads ?? 1;
      view.set({ head: wrap(Math.min(view.state.head, n - 1) + step, n) }, false);
    },
    token: (step) => {
      const t = view.scene?.result.tQ ?? 1;
      view.set({ token: wrap((view.state.token ?? (step > 0 ? -1 : 0)) + step, t) }, false);
    },
    escape: () => drawer.close(),
  });
}

async function main(): Promise<void> {
  // The core starts first: the wiring below runs while it downloads and compiles.
  const first = firstCheckpoints(view.state, (id) => checkpointUrl(MODELS_BASE, id));
  const starting = startEngine(false, first);
  fillControls();
  wireKeys();
  wireInputs();
  wireSettings();
  wireViews();
  wireShare();
  mountTrainingPanel($('train-section'));
  syncAll();
  try {
    engine = await starting;
  } catch (e) {
    showError(`Could not start the WebAssembly core: ${(e as Error).message}`);
    return;
  }
  await view.recompute();
}

void main();

// <headscope-attention>: the embeddable figure. Configured by attributes, drawn in shadow DOM,
// themed by CSS custom properties (--hs-fg, --hs-bg, --hs-accent, --hs-font, --hs-card), and
// started only when scrolled into view.
//
//   <headscope-attention text="The cat sat on the mat." heads="4" d-model="64"></headscope-attention>
//
// Attributes (all optional): text, mode (text | image), src (image URL, image mode), model (a
// shipped model's id from models/manifest.json, e.g. english-encoder or shapes-vit, whose input
// sets the mode; or layer; the old trained | untrained mean the mode's default model; default
// english-encoder, or layer when layer settings are given), weights (trained | untrained),
// layer (1-based), model-src (a checkpoint URL instead of the shipped ones), models-base (the
// folder holding the shipped checkpoints, where a bundled app hosts them), patch, d-model,
// heads, kv-heads, causal, window, temperature (one layer), seed, off ("1.3,2.1": layer.head
// pairs switched off in a model; "2,3": heads of one layer), head (enlarged, 1-based), token
// (1-based), sections (any of "model overview detail fused", default "overview fused"),
// editable (shows a text box), step (1-based: a step of the guided path, guide/steps.ts, shown
// in a step bar above the views with this input's numbers, Back and Next to move through the
// tour; the step's model is chosen unless `model` is set), tour (the step bar from step 1 when no
// `step` is given). Moving to a step sets `step` and fires `headscope-step` with { step }.
import { startEngine, type Engine } from '../compute/engine.js';
import { MAX_TOKENS, viewController, type ViewController } from '../controller.js';
import { loadImageUrl, type LoadedImage } from '../image/load.js';
import { renderModel } from '../model/panel.js';
import { stepBar } from '../guide/panel.js';
import { GUIDE_STEPS, linkNeeds } from '../guide/steps.js';
import { framingCount } from '../models/descriptor.js';
import { checkpointUrl } from '../models/manifest.js';
import { fileInFolder } from '../../lib/shipped.js';
import panelsCss from '../panels.css?inline';
import { keepFocus, renderDetail, renderFused, renderOverview, wireEvents } from '../panels.js';
import viewsCss from '../render/views/views.css?inline';
import { wireModelGrid } from '../render/views/model-grid.js';
import type { Scene } from '../scene.js';
import { firstCheckpoints, parseHash, sceneRequest, type ViewState } from '../state.js';
import widgetCss from './widget.css?inline';

/**
 * Attribute → URL-state key; the widget validates attributes exactly as the page does its URL,
 * and embed.html maps its URL onto attributes with the same table.
 */
export const ATTRIBUTE_KEYS: Readonly<Record<string, string>> = {
  text: 'text',
  mode: 'mode',
  model: 'model',
  weights: 'weights',
  layer: 'layer',
  patch: 'patch',
  'd-model': 'd',
  heads: 'heads',
  'kv-heads': 'kv',
  causal: 'causal',
  window: 'window',
  temperature: 'temp',
  seed: 'seed',
  off: 'off',
  head: 'head',
  token: 'token',
  step: 'step',
};
const SECTIONS = ['model', 'overview', 'detail', 'fused'] as const;

/** The folder of the shipped checkpoints; the widget's script sets it to its own models/. */
let modelsBase = new URL('./models/', document.baseURI).href;
export function setModelsBase(url: string): void {
  modelsBase = url;
}

/**
 * `css` with rem lengths in pixels at the default 16px root. In a shadow root rem still means the
 * host page's root font size (62.5 % is a common choice), while the widget's text is a fixed
 * 14px: spacing that followed the host would crowd or scatter the figure.
 */
function fixedRem(css: string): string {
  return css.replace(/(\d*\.?\d+)rem\b/g, (_, n: string) => `${Number(n) * 16}px`);
}

let sheets: CSSStyleSheet[] | undefined;
function styleSheets(): CSSStyleSheet[] {
  // Constructed sheets, not <style>: allowed under a CSP without 'unsafe-inline' styles.
  sheets ??= [panelsCss, viewsCss, widgetCss].map((css) => {
    const s = new CSSStyleSheet();
    s.replaceSync(fixedRem(css));
    return s;
  });
  return sheets;
}

export class HeadscopeAttention extends HTMLElement {
  static observedAttributes = [
    ...Object.keys(ATTRIBUTE_KEYS),
    'src',
    'model-src',
    'models-base',
    'sections',
    'editable',
    'tour',
  ];

  #root: ShadowRoot;
  #view: ViewController<never> | undefined;
  #engine: Engine | undefined;
  #image: LoadedImage | null = null;
  #imageSrc = '';
  #observer: IntersectionObserver | undefined;
  #modelGrid = document.createElement('div');
  #guesses = document.createElement('div');
  #started = false;
  /** What the current attributes asked for that was replaced by a default. */
  #notices = '';
  /** An attribute change is waiting to be read (several set together are read once). */
  #changing = false;
  /** The step bar is putting its step into the `step` attribute: nothing new to read. */
  #reflecting = false;
  #bar = stepBar((n) => this.#go(n));
  #parts = {
    text: document.createElement('input'),
    message: document.createElement('p'),
    model: document.createElement('div'),
    overview: document.createElement('div'),
    detail: document.createElement('div'),
    fused: document.createElement('div'),
  };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = styleSheets();
    this.#build();
    this.#wire();
  }

  /** The shadow DOM: a text box, the message line and the sections. */
  #build(): void {
    const p = this.#parts;
    p.text.type = 'text';
    p.text.className = 'text';
    p.text.setAttribute('aria-label', 'Sentence');
    p.message.className = 'message';
    p.message.setAttribute('role', 'status');
    p.message.textContent = 'Attention will appear when this figure scrolls into view.';
    for (const name of SECTIONS) {
      p[name].className = name;
      p[name].dataset.panel = name;
    }
    // Two wrappers, where widget.css shuts out the host page's inherited styles (see there).
    const reset = document.createElement('div');
    const frame = document.createElement('div');
    reset.className = 'reset';
    frame.className = 'frame';
    frame.append(p.text, p.message, this.#bar.element, p.model, p.overview, p.detail, p.fused);
    reset.append(frame);
    this.#root.append(reset);
    p.model.append(this.#modelGrid, this.#guesses);
  }

  #wire(): void {
    const p = this.#parts;
    wireModelGrid(this.#modelGrid, (layer, head) => this.#view?.set({ layer, head }));
    p.text.addEventListener('input', () => this.#view?.set({ text: p.text.value }));
    const actions = {
      focus: (i: number | null) => this.#view?.set({ token: i }, false),
      select: (h: number) => this.#view?.set({ head: h }, false),
    };
    const grid = () => {
      const scene = this.#view?.scene;
      return scene?.kind === 'image' ? scene : null;
    };
    for (const c of [p.overview, p.detail, p.fused]) wireEvents(c, actions, grid);
  }

  connectedCallback(): void {
    this.#readAttributes();
    if (this.#started) return;
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.#observer?.disconnect();
        void this.#start();
      }
    });
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }

  /**
   * Attributes set one after another in the same task (say `model` and then `model-src`) are
   * read together, once: the figure never starts loading a model that the next attribute
   * replaces.
   */
  attributeChangedCallback(): void {
    if (!this.isConnected || this.#changing || this.#reflecting) return;
    this.#changing = true;
    queueMicrotask(() => {
      this.#changing = false;
      if (!this.isConnected) return;
      this.#readAttributes();
      if (this.#started) void this.#view?.recompute();
    });
  }

  /** The last scene drawn (for tests and host pages), or null before the first. */
  get scene(): Scene | null {
    return this.#view?.scene ?? null;
  }

  #readAttributes(): void {
    const params = new URLSearchParams();
    for (const [attr, key] of Object.entries(ATTRIBUTE_KEYS)) {
      const v = this.getAttribute(attr);
      if (v === null) continue;
      params.set(key, attr === 'causal' ? (v === '' || v === 'true' || v === '1' ? '1' : '0') : v);
    }
    if (this.hasAttribute('tour') && !params.has('step')) params.set('step', '1');
    const { state, notices } = parseHash(params.toString());
    if (!params.has('token')) state.token = 0;
    Object.assign(state, this.#stepNeeds(state, params));
    if (this.#view) this.#view.replace(state);
    else this.#view = viewController(this.#host(), state);
    this.#showTextBox(state);
    this.#parts.text.value = state.text;
    const sections = (this.getAttribute('sections') ?? 'overview fused').split(/\s+/);
    for (const s of SECTIONS) this.#parts[s].hidden = !sections.includes(s);
    this.#notices = notices.join(' ');
    if (notices.length) this.#say(this.#notices, true);
  }

  /** The text box, for `editable` figures while they show text. */
  #showTextBox(s: ViewState): void {
    this.#parts.text.hidden = !this.hasAttribute('editable') || s.mode !== 'text';
  }

  /**
   * What a guided-path step needs that the attributes left open: its model, unless `model` is
   * set; nothing of what the figure lacks (#lacks).
   */
  #stepNeeds(state: ViewState, params: URLSearchParams): Partial<ViewState> {
    return this.#meetable(linkNeeds(state, params.has('model')));
  }

  /**
   * What the figure lacks for a step's `needs`, said in the step bar, or null. Only the image
   * step can lack anything: its picture comes from the `src` attribute alone.
   */
  #lacks(needs: Partial<ViewState> | null): string | null {
    if (needs?.mode !== 'image' || this.hasAttribute('src')) return null;
    return (
      'This step needs an image, and this figure has none: give it a src attribute with an ' +
      'image’s URL. Until then, it shows attention over the figure’s text.'
    );
  }

  /** The part of a step's needs the figure can meet: none of them when it lacks something. */
  #meetable(needs: Partial<ViewState> | null): Partial<ViewState> {
    return needs === null || this.#lacks(needs) ? {} : needs;
  }

  /**
   * Back and Next: step `n`'s needs applied as the page's tour applies them (recomputing only
   * when they change the view), the step put into the `step` attribute, and the host page told.
   */
  #go(n: number): void {
    const view = this.#view;
    if (!view || n < 0 || n >= GUIDE_STEPS.length) return;
    const change = this.#meetable(GUIDE_STEPS[n]!.needs(view.state));
    view.set({ ...change, step: n }, Object.keys(change).length > 0);
    this.#reflecting = true;
    this.setAttribute('step', String(n + 1));
    this.#reflecting = false;
    const detail = { step: n + 1 };
    this.dispatchEvent(
      new CustomEvent('headscope-step', { detail, bubbles: true, composed: true }),
    );
  }

  async #start(): Promise<void> {
    this.#started = true;
    this.#say('Loading the WebAssembly core…');
    try {
      // The first model downloads while the core compiles (only the page's first figure's).
      const state = this.#view?.state;
      const first = state ? firstCheckpoints(state, (id) => this.#checkpointUrl(id)) : [];
      this.#engine = await startEngine(false, first);
    } catch (e) {
      this.#say(`Could not start the WebAssembly core: ${(e as Error).message}`, true);
      return;
    }
    await this.#view?.recompute();
  }

  #say(text: string, error = false): void {
    this.#parts.message.textContent = text;
    this.#parts.message.classList.toggle('error', error);
    this.#parts.message.setAttribute('role', error ? 'alert' : 'status');
  }

  /** What the shared controller asks of the figure: requests, drawing and messages. */
  #host() {
    return {
      request: (s: ViewState) => this.#request(s),
      engine: () => Promise.resolve(this.#engine!),
      draw: (scene: Scene, s: ViewState) => this.#draw(scene, s),
      arrived: (scene: Scene) => {
        // What the attributes asked for that could not be drawn stays said beside the figure.
        const said = describe(scene, this.#view!.state);
        this.#say(this.#notices ? `${said} ${this.#notices}` : said, this.#notices !== '');
        this.dispatchEvent(new CustomEvent('headscope-render', { detail: { scene } }));
      },
      failed: (message: string) => this.#say(message, true),
      changed: (s: ViewState) => this.#showTextBox(s),
    };
  }

  async #request(s: ViewState) {
    if (!this.#engine) return null;
    if (s.mode === 'image') {
      const src = this.getAttribute('src') ?? '';
      if (!src) throw new Error('image mode needs a src attribute with the image URL');
      if (src !== this.#imageSrc) {
        this.#image = await loadImageUrl(src);
        this.#imageSrc = src;
      }
    }
    return sceneRequest(s, MAX_TOKENS, this.#image, (id) => this.#checkpointUrl(id));
  }

  /** Model `id`'s checkpoint: model-src if set, else the file under models-base. */
  #checkpointUrl(id: string): string {
    const own = this.getAttribute('model-src');
    const folder = this.getAttribute('models-base');
    const base = folder ? fileInFolder('', folder, document.baseURI) : modelsBase;
    return own ? new URL(own, document.baseURI).href : checkpointUrl(base, id);
  }

  #draw(sc: Scene, s: ViewState): void {
    const view = { head: s.head, token: s.token };
    const p = this.#parts;
    const pixels = sc.model?.image ?? this.#image;
    this.#showStep(sc, s);
    keepFocus(this.#root, () => {
      if (!p.model.hidden) renderModel(this.#modelGrid, this.#guesses, sc, view);
      if (!p.overview.hidden) renderOverview(p.overview, sc, view, pixels);
      if (!p.detail.hidden) renderDetail(p.detail, sc, view, pixels);
      if (!p.fused.hidden) renderFused(p.fused, sc, view, pixels);
    });
  }

  /** The step bar for the state's step (hidden without one), with this scene's numbers. */
  #showStep(sc: Scene, s: ViewState): void {
    if (s.step === null) return this.#bar.hide();
    const step = GUIDE_STEPS[s.step]!;
    const lacks = this.#lacks(step.needs(s));
    this.#bar.show(s.step, GUIDE_STEPS.length, step.title, step.say(sc, s), lacks);
  }
}

/** The figure's message line for a scene: its layer, heads, input and weights. */
function describe(sc: Scene, s: ViewState): string {
  const t = sc.result.tQ;
  const framing = sc.model ? framingCount(sc.model.descriptor) : 0;
  const words = sc.kind === 'text' ? t - framing : t;
  const capped = sc.kind === 'text' && sc.total > words ? ` (first ${words} of ${sc.total})` : '';
  const what = `${sc.config.numHeads} heads × ${sc.config.headDim} dims, ${t} ${sc.kind === 'text' ? 'tokens' : 'patches'}${capped}`;
  const m = sc.model;
  if (!m) return `${what}. Untrained weights, seed ${s.seed}.`;
  const weights = m.weights === 'trained' ? 'Trained model.' : `Random weights, seed ${s.seed}.`;
  return `Layer ${m.layer + 1} of ${m.numLayers}: ${what}. ${weights}`;
}

export function defineHeadscopeAttention(name = 'headscope-attention'): void {
  if (!customElements.get(name)) customElements.define(name, class extends HeadscopeAttention {});
}

// The generation section's events and pacing. Shown only for a model whose output is the next
// token. Generate starts a run in the generation worker (client.ts) on the text as typed, which
// is never changed; the page then asks for one token at a time, at most one per animation frame
// and no faster than STEP_MS, so the line grows visibly and Stop takes effect at the next token.
// A run ends at its new-token count, when the model's context is full, on Stop, or when another
// model is chosen. The core's refusals (a bad option, text it cannot read) show as a message.
import type { GeneratedToken, SharingRun } from '../../lib/public.js';
import type { Scene } from '../scene.js';
import { startGenerating, type GenerateClient } from './client.js';
import { renderAttention, renderKvCache, renderNewest, renderPieces, type Shown } from './panel.js';
import type { GenerateReply, GenerateSpec } from './protocol.js';

/** Shortest time between two steps, so each new token can be seen arriving. */
const STEP_MS = 60;

export interface GenerateParts {
  root: HTMLElement;
  form: HTMLFormElement;
  temperature: HTMLInputElement;
  temperatureValue: HTMLOutputElement;
  topK: HTMLInputElement;
  maxTokens: HTMLInputElement;
  seed: HTMLInputElement;
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
  error: HTMLElement;
  status: HTMLElement;
  pieces: HTMLElement;
  newest: HTMLElement;
  attention: HTMLElement;
  attentionHint: HTMLElement;
  kvCache: HTMLElement;
}

/** What a run continues: the model and the text as they are now (the page's state). */
export type Source = Pick<GenerateSpec, 'url' | 'weights' | 'seed' | 'off' | 'text'>;

export interface GenerateController {
  /**
   * Shows the section for a next-token model's scene (hides it otherwise) and redraws it;
   * `sharing`: the measured cost of sharing keys and values, for a shipped trained decoder.
   */
  draw(scene: Scene, model: string, sharing?: SharingRun[]): void;
}

type Phase = 'idle' | 'starting' | 'running' | 'done' | 'error';

export function generateController(
  c: GenerateParts,
  source: () => Source | null,
): GenerateController {
  let client: GenerateClient | undefined;
  let run = 0;
  let phase: Phase = 'idle';
  let shown: Shown | null = null;
  let scene: Scene | null = null;
  let model = '';
  let lastStep = 0;
  /** The new tokens the run was asked for. */
  let asked = 0;

  const setPhase = (to: Phase, status: string) => {
    const hadFocus = c.root.contains(document.activeElement);
    phase = to;
    c.root.dataset.state = to;
    c.status.textContent = status;
    const busy = to === 'starting' || to === 'running';
    c.start.disabled = busy;
    c.stop.disabled = !busy;
    if (hadFocus && document.activeElement instanceof HTMLButtonElement)
      if (document.activeElement.disabled) (busy ? c.stop : c.start).focus();
  };

  const showError = (message: string | null) => {
    c.error.hidden = message === null;
    c.error.textContent = message ?? '';
  };

  const drawShown = () => {
    if (!shown) return;
    renderPieces(c.pieces, shown);
    renderNewest(c.newest, shown);
    drawAttention(shown.steps.at(-1));
  };

  const drawAttention = (step: GeneratedToken | undefined) => {
    const m = scene?.model;
    if (!step || !m || !shown) return c.attention.replaceChildren();
    const layer = Math.min(m.layer, m.numLayers - 1);
    c.attentionHint.textContent = `Layer ${layer + 1} (pick another in the settings): one row per head of the newest token, over every token so far; its own column is the last. Heads sharing a kv number share keys and values.`;
    renderAttention(c.attention, {
      step,
      tokens: shown.tokens,
      layer,
      numKvHeads: scene!.config.numKvHeads,
      evidence: m.heads.filter((e) => e.layer === layer),
    });
  };

  const requestStep = () => {
    const mine = run;
    const wait = Math.max(0, lastStep + STEP_MS - performance.now());
    setTimeout(
      () =>
        requestAnimationFrame(() => {
          if (mine !== run || phase !== 'running') return;
          lastStep = performance.now();
          client?.send({ type: 'step', run });
        }),
      wait,
    );
  };

  const onReply = (m: GenerateReply) => {
    if (m.type === 'hello' || m.run !== run) return;
    if (m.type === 'error') {
      showError(`${m.message}. Your text is kept; change it or the settings and try again.`);
      setPhase('error', '');
    } else if (m.type === 'started') started(m);
    else received(m.token, m.done, m.stepMs);
  };

  const started = (m: Extract<GenerateReply, { type: 'started' }>) => {
    shown = { tokens: m.tokens, promptLength: m.promptLength, steps: [] };
    drawShown();
    const loaded = m.loadMs ? ` (model loaded in ${m.loadMs.toFixed(0)} ms)` : '';
    if (m.done) return setPhase('done', `The text already fills the model’s context${loaded}.`);
    setPhase('running', `Generating${loaded}…`);
    requestStep();
  };

  const received = (token: GeneratedToken, done: boolean, stepMs: number) => {
    if (!shown) return;
    shown.tokens.push(token.token);
    shown.steps.push(token);
    const n = shown.steps.length;
    const timing = `${stepMs.toFixed(1)} ms for the last step in the core, through the KV cache`;
    const drawStart = performance.now();
    drawShown();
    // For npm run bench:page: each step's time in the core and on the page, as it is drawn.
    Object.assign(c.root.dataset, {
      generated: String(n),
      stepMs: stepMs.toFixed(2),
      drawMs: (performance.now() - drawStart).toFixed(2),
    });
    const full = n < asked ? ' The model’s context is full.' : '';
    if (done) setPhase('done', `Generated ${n} ${n === 1 ? 'token' : 'tokens'}; ${timing}.${full}`);
    else if (phase === 'running') {
      c.status.textContent = `Generated ${n}; ${timing}…`;
      requestStep();
    }
  };

  const start = async () => {
    const from = source();
    if (!from) return;
    showError(null);
    run++;
    setPhase('starting', 'Starting…');
    try {
      client ??= await startGenerating(onReply);
    } catch (e) {
      showError(`Could not start the generation worker: ${(e as Error).message}`);
      return setPhase('error', '');
    }
    const spec: GenerateSpec = {
      ...from,
      maxTokens: Number(c.maxTokens.value),
      temperature: Number(c.temperature.value),
      topK: Number(c.topK.value),
      drawSeed: Number(c.seed.value),
    };
    asked = spec.maxTokens;
    client.send({ type: 'start', run, spec });
  };

  const stop = (status: string) => {
    if (phase !== 'starting' && phase !== 'running') return;
    client?.send({ type: 'stop', run });
    run++;
    setPhase('done', status);
  };

  const showTemperature = () => {
    const t = Number(c.temperature.value);
    c.temperatureValue.value = t === 0 ? '0 (greedy)' : t.toFixed(2);
  };

  c.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });
  c.stop.addEventListener('click', () => {
    const n = shown?.steps.length ?? 0;
    stop(`Stopped after ${n} ${n === 1 ? 'token' : 'tokens'}.`);
  });
  c.temperature.addEventListener('input', showTemperature);
  showTemperature();
  setPhase('idle', '');

  return {
    draw(next, key, sharing) {
      const m = next.model;
      c.root.hidden = m?.descriptor.output !== 'next-token';
      if (c.root.hidden || !m) return;
      if (key !== model) {
        stop('Stopped: another model was chosen.');
        shown = null;
        c.pieces.replaceChildren();
        c.newest.replaceChildren();
        model = key;
        c.maxTokens.max = String(m.maxLen - m.descriptor.framing.before.length);
      }
      scene = next;
      if (m.kvCache)
        renderKvCache(c.kvCache, m.kvCache, next.config.numHeads, m.maxLen, sharing ?? []);
      drawAttention(shown?.steps.at(-1));
    },
  };
}

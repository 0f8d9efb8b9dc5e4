// The "Train it yourself" panel: the learner's settings, Train / Sweep / Pause / Reset, and the
// live figures of the run the training worker reports. The page only draws what the worker sent
// (the trainer's numbers); a redraw happens at most once a frame, however fast chunks arrive.
import { entropyChart, jsMatrix, lossChart } from './charts.js';
import { startTraining, type TrainingClient } from './client.js';
import type { TrainReply, TrainSettings } from './protocol.js';
import { RunLog, evalInterval } from './run-log.js';
import { readSettings, widthNote } from './settings.js';
import { reflowTable } from '../render/html.js';
import { pct } from '../render/numbers.js';
import { sweepChart } from './sweep-chart.js';
import {
  SWEEP_HEADS,
  SWEEP_MAX_STEPS,
  SWEEP_SEEDS,
  countSpreads,
  headsText,
  listText,
  sweepCounts,
  sweepPlan,
  sweepSteps,
  sweepVerdict,
  type CountSpread,
  type SweepRun,
} from './sweep.js';

type Phase = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'done' | 'error';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function mountTrainingPanel(root: HTMLElement): void {
  const $ = <T extends HTMLElement = HTMLElement>(id: string) =>
    root.querySelector<T>(`#${id}`) as T;
  const ui = {
    form: $<HTMLFormElement>('train-form'),
    settings: $<HTMLFieldSetElement>('train-settings'),
    width: $('train-width'),
    sweep: $<HTMLButtonElement>('train-sweep'),
    pause: $<HTMLButtonElement>('train-pause'),
    reset: $<HTMLButtonElement>('train-reset'),
    error: $('train-error'),
    status: $('train-status'),
    progressLabel: $('train-progress-label'),
    progress: $<HTMLProgressElement>('train-progress'),
    step: $('train-step'),
    loss: $('train-loss'),
    valLoss: $('train-val-loss'),
    valStep: $('train-val-step'),
    valAcc: $('train-val-acc'),
    speed: $('train-speed'),
    lossChart: $('train-loss-chart'),
    entropyChart: $('train-entropy-chart'),
    layer: $<HTMLSelectElement>('train-layer'),
    matrices: $('train-matrices'),
    sweepBox: $('train-sweep-results'),
    sweepPlan: $('train-sweep-plan'),
    sweepChart: $('train-sweep-chart'),
    sweepAccChart: $('train-sweep-acc-chart'),
    sweepTable: $('train-sweep-table'),
    sweepVerdict: $('train-sweep-verdict'),
  };

  let client: TrainingClient | undefined;
  let phase: Phase = 'idle';
  let run = 0;
  /** The run shown; a new run replaces it once its trainer exists (a refused one never does). */
  let log: RunLog | null = null;
  let next: RunLog | null = null;
  let sweep: {
    settings: TrainSettings;
    /** The Steps setting, and the steps each run trains (at most SWEEP_MAX_STEPS). */
    asked: number;
    target: number;
    runs: SweepRun[];
    /** The run training now; runs.length once all have finished. */
    index: number;
    /**
     * performance.now() at the press of Sweep, moved on by each pause (the learner's time, not
     * the sweep's) and the sweep's wall time once it is done.
     */
    started: number;
    pausedAt?: number;
    tookMs?: number;
  } | null = null;
  let frame = 0;

  const showError = (message: string | null) => {
    ui.error.hidden = message === null;
    ui.error.textContent = message ?? '';
  };

  const submit = ui.form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  /** A control in the panel had the focus and was disabled: give it to the next useful button. */
  let refocus = false;

  const setPhase = (to: Phase, status: string) => {
    phase = to;
    ui.status.textContent = status;
    const focused = document.activeElement;
    const active = to === 'starting' || to === 'running' || to === 'pausing' || to === 'paused';
    ui.settings.disabled = active;
    submit.disabled = active;
    ui.sweep.disabled = active;
    ui.pause.disabled = !(to === 'running' || to === 'pausing' || to === 'paused');
    ui.pause.textContent = to === 'paused' || to === 'pausing' ? 'Resume' : 'Pause';
    ui.reset.disabled = to === 'idle';
    if (focused instanceof HTMLElement && root.contains(focused) && focused.matches(':disabled'))
      refocus = true;
    const target = [ui.pause, submit].find((b) => !b.disabled);
    if (refocus && target) {
      target.focus();
      refocus = false;
    }
    schedule();
  };

  function schedule(): void {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  async function begin(settings: TrainSettings, target: number): Promise<void> {
    const id = ++run;
    next = new RunLog(settings, target);
    setPhase('starting', client ? 'Creating the model…' : 'Starting the core in a worker…');
    try {
      client ??= await startTraining(onReply);
    } catch (e) {
      if (id !== run) return;
      setPhase('error', 'The training worker could not start.');
      showError(`Could not start the training worker: ${(e as Error).message}`);
      return;
    }
    if (id !== run) return; // reset while the worker started
    client.send({ type: 'start', run, settings, target, evalEvery: evalInterval(target) });
  }

  function train(asSweep: boolean): void {
    const read = readSettings(root);
    if ('error' in read) {
      showError(`${read.error}. Your settings are kept: correct it and press Train again.`);
      return;
    }
    showError(null);
    const { settings, target } = read;
    sweep = asSweep
      ? {
          settings,
          asked: target,
          target: sweepSteps(target),
          runs: sweepPlan(settings.seed),
          index: 0,
          started: performance.now(),
        }
      : null;
    if (sweep) beginSweepRun();
    else void begin(settings, target);
  }

  function beginSweepRun(): void {
    const r = sweep!.runs[sweep!.index]!;
    void begin({ ...sweep!.settings, numHeads: r.heads, seed: r.seed }, sweep!.target);
  }

  function runDone(): void {
    if (!sweep || !log) {
      setPhase('done', `Done: ${plural(log?.steps ?? 0, 'step')}. Press Train to start again.`);
      return;
    }
    const final = log.latest;
    if (final) sweep.runs[sweep.index]!.evaluation = final;
    sweep.index++;
    if (sweep.index < sweep.runs.length) return beginSweepRun();
    sweep.tookMs = performance.now() - sweep.started;
    const took = (sweep.tookMs / 1000).toFixed(1);
    setPhase(
      'done',
      `Sweep done: ${sweep.runs.length} runs of ${sweep.target} steps in ${took} s.`,
    );
  }

  function onReply(m: TrainReply): void {
    if (m.type === 'hello' || m.run !== run) return;
    if (m.type === 'started' && next) {
      log = next;
      log.start(m.evaluation);
      const what = sweep
        ? `Sweep run ${sweep.index + 1} of ${sweep.runs.length}: training`
        : 'Training';
      setPhase('running', `${what} in a worker (SIMD: ${client?.simdArch ?? '?'})…`);
    } else if (m.type === 'progress' && log) {
      log.add(m);
      schedule();
    } else if (m.type === 'paused') {
      if (phase === 'pausing') setPhase('paused', `Paused at step ${m.steps}.`);
    } else if (m.type === 'done') {
      runDone();
    } else if (m.type === 'error') {
      setPhase('error', 'Stopped: the trainer reported an error.');
      showError(`${m.message}. Your settings are kept: change them and press Train again.`);
    }
  }

  function togglePause(): void {
    if (!client) return;
    if (phase === 'running') {
      client.send({ type: 'pause', run });
      if (sweep) sweep.pausedAt = performance.now();
      setPhase('pausing', 'Pausing…');
    } else if (phase === 'paused' || phase === 'pausing') {
      client.send({ type: 'resume', run });
      if (sweep?.pausedAt !== undefined) sweep.started += performance.now() - sweep.pausedAt;
      setPhase('running', 'Training resumed.');
    }
  }

  function reset(): void {
    client?.send({ type: 'stop', run });
    run++;
    log = next = null;
    sweep = null;
    showError(null);
    setPhase('idle', 'Press Train to start, or Sweep to compare head counts.');
  }

  /** Draws the state; `data-phase` changes with the drawing, so what it says is on screen. */
  function render(): void {
    root.dataset.phase = phase;
    const read = readSettings(root);
    const shown = log ?? new RunLog(read.settings, 'target' in read ? read.target : 600);
    const { numLayers: L, numHeads: H, dModel } = shown.settings;
    const active = phase !== 'idle' && phase !== 'done' && phase !== 'error';
    ui.width.textContent = active
      ? widthNote(dModel, sweep ? SWEEP_HEADS : [H])
      : widthNote(read.settings.dModel, [read.settings.numHeads]);
    const k = sweep ? Math.min(sweep.index, sweep.runs.length - 1) : 0;
    const current = sweep?.runs[k];
    const runLabel = current
      ? `Run ${k + 1} of ${sweep!.runs.length} (${headsText(current.heads)}, seed ${current.seed}): `
      : '';
    ui.progressLabel.textContent = `${runLabel}step ${shown.steps} of ${shown.target}`;
    ui.progress.max = shown.target;
    ui.progress.value = shown.steps;
    ui.step.textContent = String(shown.steps);
    ui.step.dataset.value = String(shown.steps);
    readout(ui.loss, shown.trainingLoss, (v) => v.toFixed(3));
    const latest = shown.latest;
    readout(ui.valLoss, latest?.loss ?? Number.NaN, (v) => v.toFixed(3));
    ui.valLoss.dataset.step = latest ? String(latest.step) : '';
    ui.valStep.textContent = latest ? `at step ${latest.step}` : '';
    readout(ui.valAcc, latest?.accuracy ?? Number.NaN, (v) => pct(v));
    readout(ui.speed, shown.stepsPerSecond, (v) => `${Math.round(v)} steps/s`);

    if (ui.layer.options.length !== L) {
      ui.layer.replaceChildren(
        ...Array.from({ length: L }, (_, l) => new Option(`${l + 1} of ${L}`, String(l))),
      );
      ui.layer.value = String(L - 1);
    }
    const layer = Math.min(L - 1, Number(ui.layer.value) || 0);
    ui.lossChart.replaceChildren(lossChart(shown));
    ui.entropyChart.replaceChildren(entropyChart(shown, layer));
    const first = shown.first;
    ui.matrices.replaceChildren(
      ...(first && latest
        ? [
            figure(jsMatrix(first, layer, H), 'Before training (step 0)', 'first'),
            figure(jsMatrix(latest, layer, H), `Now (step ${latest.step})`, 'latest'),
          ]
        : [
            Object.assign(document.createElement('p'), {
              className: 'hint',
              textContent: 'The matrices appear when training starts.',
            }),
          ]),
    );
    renderSweep();
  }

  function renderSweep(): void {
    ui.sweepBox.hidden = !sweep;
    if (!sweep) return;
    const d = sweep.settings.dModel;
    ui.sweepPlan.textContent = sweepPlanText(sweep);
    ui.sweepBox.dataset.tookMs = sweep.tookMs === undefined ? '' : String(sweep.tookMs);
    ui.sweepChart.replaceChildren(sweepChart(sweep.runs, d, 'loss'));
    ui.sweepAccChart.replaceChildren(sweepChart(sweep.runs, d, 'accuracy'));
    const counts = countSpreads(sweep.runs);
    const table = ui.sweepTable as HTMLTableElement;
    table.tHead!.replaceWith(sweepHead(counts[0]?.runs.map((r) => r.seed) ?? []));
    const body = document.createElement('tbody');
    const current = sweep.runs[sweep.index];
    const waiting = phase === 'error' ? 'stopped' : 'training…';
    for (const c of counts) sweepRow(body, c, d, (r) => (r === current ? waiting : 'waiting'));
    table.tBodies[0]!.replaceWith(body);
    reflowTable(table);
    ui.sweepVerdict.textContent = sweepVerdict(sweep.runs);
  }

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    train(false);
  });
  ui.sweep.textContent = `Sweep heads ${SWEEP_HEADS.join(', ')} × ${SWEEP_SEEDS} seeds`;
  ui.sweep.addEventListener('click', () => train(true));
  ui.pause.addEventListener('click', togglePause);
  ui.reset.addEventListener('click', reset);
  ui.layer.addEventListener('change', schedule);
  ui.settings.addEventListener('input', schedule);
  setPhase('idle', 'Press Train to start, or Sweep to compare head counts.');
}

function readout(el: HTMLElement, v: number, text: (v: number) => string): void {
  el.textContent = Number.isFinite(v) ? text(v) : '–';
  el.dataset.value = Number.isFinite(v) ? String(v) : '';
}

function figure(view: Element, caption: string, name: string): HTMLElement {
  const f = document.createElement('figure');
  f.className = 'train-matrix';
  f.dataset.matrix = name;
  const c = document.createElement('figcaption');
  c.textContent = caption;
  f.append(c, view);
  return f;
}

/** What a sweep trains, and the cap on its steps when the Steps setting is above it. */
function sweepPlanText(s: { asked: number; target: number; runs: SweepRun[] }): string {
  const seeds = [...new Set(s.runs.map((r) => r.seed))];
  const capped =
    s.asked > s.target
      ? ` (Steps is ${s.asked}; a sweep trains at most ${SWEEP_MAX_STEPS} steps a run, so ` +
        `that its ${s.runs.length} runs stay a short wait)`
      : '';
  return (
    `${s.runs.length} runs: ${sweepCounts()} heads, each from seeds ${listText(seeds)}, ` +
    `${s.target} steps each${capped}.`
  );
}

function sweepHead(seeds: number[]): HTMLTableSectionElement {
  const head = document.createElement('thead');
  const row = head.insertRow();
  const columns = ['Heads', 'Dims per head', ...seeds.map((s) => `Seed ${s}`)];
  for (const text of [...columns, 'Loss: mean (range)', 'Accuracy: mean (range)']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    row.append(th);
  }
  return head;
}

/** A head count's row: each seed's loss · accuracy, then the mean and range of each. */
function sweepRow(
  body: HTMLTableSectionElement,
  c: CountSpread,
  dModel: number,
  pending: (r: SweepRun) => string,
): void {
  const row = body.insertRow();
  row.dataset.heads = String(c.heads);
  row.insertCell().textContent = headsText(c.heads);
  row.insertCell().textContent = String(dModel / c.heads);
  for (const r of c.runs) {
    const cell = row.insertCell();
    cell.dataset.seed = String(r.seed);
    const e = r.evaluation;
    cell.textContent = e ? `${e.loss.toFixed(3)} · ${pct(e.accuracy)}` : pending(r);
    if (e) Object.assign(cell.dataset, { value: String(e.loss), accuracy: String(e.accuracy) });
  }
  const summary = (s: CountSpread['loss'], text: (v: number) => string) => {
    const cell = row.insertCell();
    cell.textContent = c.done && s ? `${text(s.mean)} (${text(s.min)}–${text(s.max)})` : '–';
    if (c.done && s)
      Object.assign(cell.dataset, { mean: String(s.mean), min: String(s.min), max: String(s.max) });
  };
  summary(c.loss, (v) => v.toFixed(3));
  summary(c.accuracy, (v) => pct(v));
}

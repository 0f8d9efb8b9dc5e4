// The training panel's figures, drawn from a RunLog: the loss curves, each head's attention
// entropy over the steps and the heads' Jensen-Shannon matrix (the sweep's are in
// sweep-chart.ts). All numbers are the trainer's, as the worker sent them.
import { headColor } from '../render/colors.js';
import { similarityMatrix } from '../render/views/similarity-matrix.js';
import { niceRange } from '../render/numbers.js';
import { lineChart } from './line-chart.js';
import type { Evaluation } from './protocol.js';
import type { RunLog } from './run-log.js';

const TRAIN_COLOR = '#0072B2';
const RAW_COLOR = '#56B4E9';
export const VALID_COLOR = '#D55E00';
/** Raw batch losses drawn at most (every k-th step beyond). */
const MAX_RAW_POINTS = 800;

const range = (n: number, f: (i: number) => number) =>
  Float64Array.from({ length: n }, (_, i) => f(i));

export function lossChart(log: RunLog): SVGSVGElement {
  const n = log.steps;
  const stride = Math.max(1, Math.ceil(n / MAX_RAW_POINTS));
  const raw = Math.ceil(n / stride);
  const evals = log.evaluations;
  const smoothed = log.smoothed.subarray(0, n);
  const values = [...log.losses.subarray(0, n), ...evals.map((e) => e.loss)];
  const [yMin, yMax] = niceRange(Math.min(...values), Math.max(...values));
  return lineChart({
    lines: [
      {
        name: 'batch',
        label: 'batch loss',
        color: RAW_COLOR,
        width: 1,
        opacity: 0.5,
        xs: range(raw, (i) => i * stride + 1),
        ys: range(raw, (i) => log.losses[i * stride]!),
      },
      {
        name: 'training',
        label: 'training (smoothed)',
        color: TRAIN_COLOR,
        xs: range(n, (i) => i + 1),
        ys: smoothed,
      },
      {
        name: 'validation',
        label: 'validation',
        color: VALID_COLOR,
        dash: '5 3',
        xs: evals.map((e) => e.step),
        ys: evals.map((e) => e.loss),
        dots: (step, loss) => `step ${step}: validation loss ${loss.toFixed(3)}`,
      },
    ],
    xMax: log.target,
    yMin,
    yMax,
    xTitle: 'step',
    yTitle: 'cross-entropy loss',
    label: `Training and validation loss over ${log.steps} of ${log.target} steps`,
    labels: 'legend',
  });
}

export function entropyChart(log: RunLog, layer: number): SVGSVGElement {
  const evals = log.evaluations;
  const H = log.settings.numHeads;
  // The axis reaches down to the lowest entropy shown, and always spans at least 0.5 to 1.
  let low = 0.5;
  for (const e of evals) for (const v of e.probe[layer]?.entropy ?? []) low = Math.min(low, v);
  return lineChart({
    lines: Array.from({ length: H }, (_, h) => ({
      name: `H${h + 1}`,
      label: `H${h + 1}`,
      color: headColor(h),
      width: 1.75,
      xs: evals.map((e) => e.step),
      ys: evals.map((e) => e.probe[layer]?.entropy[h] ?? Number.NaN),
      dots: (step: number, v: number) => `H${h + 1}, step ${step}: entropy ${v.toFixed(3)}`,
    })),
    xMax: log.target,
    yMin: Math.max(0, Math.floor(low * 10) / 10),
    yMax: 1,
    xTitle: 'step',
    yTitle: 'attention entropy',
    label: `Layer ${layer + 1}: each head’s attention entropy over the steps`,
    labels: 'ends',
  });
}

/** The heads × heads Jensen-Shannon distances of one layer at one evaluation. */
export function jsMatrix(e: Evaluation, layer: number, H: number): SVGSVGElement {
  const order = Array.from({ length: H }, (_, h) => h);
  return similarityMatrix({
    values: e.probe[layer]!.jsDistance,
    order,
    mode: 'sequential',
    max: 1,
    gates: order.map(() => 1),
    label: `Layer ${layer + 1}, step ${e.step}: Jensen-Shannon distance between heads’ attention`,
  });
}

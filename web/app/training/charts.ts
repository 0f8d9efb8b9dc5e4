// The training panel's figures, drawn from a RunLog: the loss curves, each head's attention
// entropy over the steps, the heads' Jensen-Shannon matrix, and the sweep's validation loss per
// head count. All numbers are the trainer's, as the worker sent them.
import { headColor } from '../render/colors.js';
import { svg, svgRoot, title } from '../render/svg.js';
import { similarityMatrix } from '../render/views/similarity-matrix.js';
import { niceRange, niceTicks, tickText } from '../render/numbers.js';
import { lineChart, yGrid, yTitle } from './line-chart.js';
import type { Evaluation } from './protocol.js';
import type { RunLog } from './run-log.js';

const TRAIN_COLOR = '#0072B2';
const RAW_COLOR = '#56B4E9';
const VALID_COLOR = '#D55E00';
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

export interface SweepResult {
  heads: number;
  /** The run's final evaluation, or undefined while it trains. */
  evaluation?: Evaluation;
}

/**
 * Final validation loss per head count: a dot each with its value, the lowest outlined. The axis
 * spans the losses (not from 0), so differences between head counts show.
 */
export function sweepChart(results: SweepResult[], dModel: number): SVGSVGElement {
  const width = 380,
    height = 220,
    left = 54,
    right = 12,
    top = 14,
    bottom = 42,
    plotH = height - top - bottom;
  const slot = (width - left - right) / Math.max(1, results.length);
  const losses = results.flatMap((r) => (r.evaluation ? [r.evaluation.loss] : []));
  const lo = losses.length ? Math.min(...losses) : 0;
  const hi = losses.length ? Math.max(...losses) : 1;
  const pad = Math.max(0.02, (hi - lo) * 0.3);
  const [yMin, yMax] = niceRange(lo - pad, hi + pad);
  const y = (v: number) => top + plotH * (1 - (v - yMin) / (yMax - yMin));
  const cx = (i: number) => left + slot * (i + 0.5);
  const root = svgRoot(width, height, 'Final validation loss per number of heads');
  root.setAttribute('class', 'hs-view hs-sweep-chart');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '11');
  root.append(...yGrid(niceTicks(yMin, yMax, 4), y, left, width - right));
  root.append(
    svg('rect', {
      x: left,
      y: top,
      width: width - left - right,
      height: plotH,
      fill: 'none',
      stroke: '#bbb',
    }),
    yTitle('validation loss', top + plotH / 2),
  );
  const done = results.flatMap((r, i) =>
    r.evaluation ? [`${cx(i)},${y(r.evaluation.loss)}`] : [],
  );
  if (done.length > 1)
    root.append(
      svg('polyline', {
        points: done.join(' '),
        fill: 'none',
        stroke: '#bbb',
        'stroke-width': 1.5,
      }),
    );
  const best = Math.min(...losses);
  results.forEach((r, i) => {
    const g = svg('g', { 'data-heads': r.heads });
    const name = `${r.heads} head${r.heads > 1 ? 's' : ''}`;
    const loss = r.evaluation?.loss;
    if (loss !== undefined) {
      const isBest = loss === best;
      g.setAttribute('data-value', String(loss));
      g.append(
        svg(
          'circle',
          {
            cx: cx(i),
            cy: y(loss),
            r: isBest ? 6 : 5,
            fill: VALID_COLOR,
            stroke: isBest ? '#111' : 'none',
            'stroke-width': 2,
          },
          [title(`${name}: validation loss ${loss.toFixed(3)}`)],
        ),
        svg(
          'text',
          {
            x: cx(i),
            y: y(loss) - 11,
            'text-anchor': 'middle',
            fill: '#111',
            class: 'hs-label',
            'font-weight': isBest ? 700 : undefined,
          },
          [loss.toFixed(3)],
        ),
      );
    }
    g.append(
      svg(
        'text',
        {
          x: cx(i),
          y: height - bottom + 15,
          'text-anchor': 'middle',
          fill: '#111',
          class: 'hs-label',
        },
        [name],
      ),
      svg(
        'text',
        {
          x: cx(i),
          y: height - bottom + 29,
          'text-anchor': 'middle',
          fill: '#666',
          class: 'hs-muted',
        },
        [`${tickText(dModel / r.heads)} dims each`],
      ),
    );
    root.append(g);
  });
  return root;
}

// The sweep's figure, one per measure (validation loss, validation accuracy): per head count, each
// seed's final value as a dot, the lowest to highest as a bar and the mean as a tick with its
// value. The values are the trainer's as the worker sent them; the spread is sweep.ts's, so the
// figure, the table and the verdict agree.
import { niceRange, niceTicks, pct, tickText } from '../render/numbers.js';
import { svg, svgRoot, title } from '../render/svg.js';
import { VALID_COLOR } from './charts.js';
import { yGrid, yTitle } from './line-chart.js';
import type { Evaluation } from './protocol.js';
import { countSpreads, headsText, type CountSpread, type Spread, type SweepRun } from './sweep.js';

export type SweepMetric = 'loss' | 'accuracy';

interface Measure {
  name: string;
  axis: string;
  of: (e: Evaluation) => number;
  spread: (c: CountSpread) => Spread | undefined;
  /** Where a value is drawn: accuracy in percent, so the axis reads like the labels. */
  plot: (v: number) => number;
  text: (v: number) => string;
}

const MEASURES: Record<SweepMetric, Measure> = {
  loss: {
    name: 'validation loss',
    axis: 'validation loss',
    of: (e) => e.loss,
    spread: (c) => c.loss,
    plot: (v) => v,
    text: (v) => v.toFixed(3),
  },
  accuracy: {
    name: 'validation accuracy',
    axis: 'validation accuracy (%)',
    of: (e) => e.accuracy,
    spread: (c) => c.accuracy,
    plot: (v) => 100 * v,
    text: (v) => pct(v),
  },
};

const WIDTH = 400,
  HEIGHT = 220,
  LEFT = 54,
  RIGHT = 34, // room for the last count's mean label
  TOP = 14,
  BOTTOM = 42,
  PLOT_H = HEIGHT - TOP - BOTTOM;
/** Between one seed's dot and the next: equal values stay visible side by side. */
const SEED_GAP = 9;
const MEAN_HALF = 13;

/** A y scale over `values` with room around them (not from 0: the gaps are what matter). */
function yScale(values: number[]): { y: (v: number) => number; ticks: number[] } {
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = Math.max((hi - lo) * 0.2, Math.abs(hi) * 0.01, 1e-3);
  const [yMin, yMax] = niceRange(lo - pad, hi + pad);
  const y = (v: number) => TOP + PLOT_H * (1 - (v - yMin) / (yMax - yMin));
  return { y, ticks: niceTicks(yMin, yMax, 4) };
}

/** One seed's final value. */
export function seedDot(x: number, y: number, seed: number, value: number, tip: string) {
  return svg(
    'circle',
    {
      cx: x,
      cy: y,
      r: 3.5,
      fill: VALID_COLOR,
      stroke: '#fff',
      'stroke-width': 1,
      'data-seed': seed,
      'data-value': value,
    },
    [title(tip)],
  );
}

/** The seeds' range, from `yTop` (drawn higher) to `yBottom`. */
export function rangeBar(x: number, yTop: number, yBottom: number) {
  return svg('rect', {
    x: x - 4,
    y: yTop - 4,
    width: 8,
    height: yBottom - yTop + 8,
    rx: 4,
    fill: VALID_COLOR,
    'fill-opacity': 0.18,
    'data-range': '',
  });
}

/** The mean: a tick across the dots, its value beside it. */
export function meanMark(x: number, y: number, text: string): SVGElement[] {
  return [
    svg('line', {
      x1: x - MEAN_HALF,
      x2: x + MEAN_HALF,
      y1: y,
      y2: y,
      stroke: '#111',
      'stroke-width': 2,
      'data-mean': '',
    }),
    svg(
      'text',
      { x: x + MEAN_HALF + 3, y, 'dominant-baseline': 'central', fill: '#111', class: 'hs-label' },
      [text],
    ),
  ];
}

/** Below the plot: the head count and the width of each head. */
function countLabels(x: number, heads: number, dModel: number): SVGElement[] {
  const at = (dy: number, fill: string, cls: string, text: string) =>
    svg('text', { x, y: HEIGHT - BOTTOM + dy, 'text-anchor': 'middle', fill, class: cls }, [text]);
  return [
    at(15, '#111', 'hs-label', headsText(heads)),
    at(29, '#666', 'hs-muted', `${tickText(dModel / heads)} dims`), // "dims each" overlaps
  ];
}

/** A head count's marks: its seeds' dots and, once all have finished, their range and mean. */
function countMarks(c: CountSpread, x: number, y: (v: number) => number, m: Measure): SVGElement {
  const g = svg('g', { 'data-heads': c.heads });
  const s = m.spread(c);
  if (c.done && s) {
    for (const [k, v] of Object.entries({ mean: s.mean, min: s.min, max: s.max }))
      g.setAttribute(`data-${k}`, String(v));
    if (s.n > 1) g.append(rangeBar(x, y(m.plot(s.max)), y(m.plot(s.min))));
    // Under the dots, so a seed at the mean stays visible on the tick.
    g.append(...meanMark(x, y(m.plot(s.mean)), m.text(s.mean)));
  }
  const n = c.runs.length;
  c.runs.forEach((r, k) => {
    if (!r.evaluation) return;
    const v = m.of(r.evaluation);
    const tip = `${headsText(c.heads)}, seed ${r.seed}: ${m.name} ${m.text(v)}`;
    g.append(seedDot(x + (k - (n - 1) / 2) * SEED_GAP, y(m.plot(v)), r.seed, v, tip));
  });
  return g;
}

/** The figure's text form: each count's mean and range, or how far it has got. */
function chartLabel(counts: CountSpread[], m: Measure): string {
  const parts = counts.map((c) => {
    const s = m.spread(c);
    if (!c.done || !s) return `${headsText(c.heads)}: training`;
    return `${headsText(c.heads)}: mean ${m.text(s.mean)}, ${m.text(s.min)} to ${m.text(s.max)}`;
  });
  const seeds = counts[0]?.runs.length ?? 0;
  return `Final ${m.name} per number of heads, ${seeds} seeds each. ${parts.join('; ')}.`;
}

/** Per head count, each seed's final `metric` (a dot), their range (a bar) and mean (a tick). */
export function sweepChart(
  runs: readonly SweepRun[],
  dModel: number,
  metric: SweepMetric = 'loss',
): SVGSVGElement {
  const m = MEASURES[metric];
  const counts = countSpreads(runs);
  const { y, ticks } = yScale(
    runs.flatMap((r) => (r.evaluation ? [m.plot(m.of(r.evaluation))] : [])),
  );
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, counts.length);
  const cx = (i: number) => LEFT + slot * (i + 0.5);
  const root = svgRoot(WIDTH, HEIGHT, chartLabel(counts, m));
  root.setAttribute('class', 'hs-view hs-sweep-chart');
  root.setAttribute('data-metric', metric);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '11');
  root.append(
    ...yGrid(ticks, y, LEFT, WIDTH - RIGHT),
    svg('rect', {
      x: LEFT,
      y: TOP,
      width: WIDTH - LEFT - RIGHT,
      height: PLOT_H,
      fill: 'none',
      stroke: '#bbb',
    }),
    yTitle(m.axis, TOP + PLOT_H / 2),
  );
  const means = counts.flatMap((c, i) => {
    const s = m.spread(c);
    return c.done && s ? [`${cx(i)},${y(m.plot(s.mean))}`] : [];
  });
  if (means.length > 1)
    root.append(
      svg('polyline', {
        points: means.join(' '),
        fill: 'none',
        stroke: '#ccc',
        'stroke-width': 1.5,
      }),
    );
  counts.forEach((c, i) => {
    const g = countMarks(c, cx(i), y, m);
    g.append(...countLabels(cx(i), c.heads, dModel));
    root.append(g);
  });
  return root;
}

// Held-out loss and accuracy as heads are pruned, from the core's pruning curve: x is the number
// of heads kept, all of them on the left down to none on the right; loss on the left axis, accuracy
// on the right. Step r of the curve has the first r heads of the pruning order removed, so it is
// drawn at n − r heads kept. A point is <circle data-removed data-series data-value> with a
// <title>; the page's current state, if it is a pruning state, is marked.
import { fmt, niceStep, pct } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';

export interface PruningChartOptions {
  /** [n + 1] held-out loss after removing the first r heads of the order, r = 0 … n. */
  loss: Float32Array;
  /** [n + 1] held-out accuracy (0 … 1) at the same steps. */
  accuracy: Float32Array;
  /** Heads removed in the page's current state, or null if it is not a pruning state. */
  mark: number | null;
  label: string;
}

export const LOSS_COLOR = '#0072B2';
export const ACCURACY_COLOR = '#D55E00';
/** Pixels left and right of the plot, so a control can line up with the x axis. */
export const PLOT_MARGIN = { left: 46, right: 46 };

export function pruningChart(o: PruningChartOptions): SVGSVGElement {
  const n = o.loss.length - 1;
  const width = 560;
  const height = 250;
  const { left, right } = PLOT_MARGIN;
  const topY = 30;
  const bottom = 38;
  const plotW = width - left - right;
  const plotH = height - topY - bottom;
  let maxLoss = 0;
  for (const v of o.loss) if (Number.isFinite(v)) maxLoss = Math.max(maxLoss, v);
  const lossStep = niceStep(maxLoss > 0 ? maxLoss : 1, 4);
  const lossTop = Math.max(lossStep, Math.ceil(maxLoss / lossStep - 1e-9) * lossStep);
  const x = (removed: number) => left + (n > 0 ? (removed / n) * plotW : 0);
  const yLoss = (v: number) => topY + plotH - (Math.max(0, v) / lossTop) * plotH;
  const yAcc = (v: number) => topY + plotH - Math.min(1, Math.max(0, v)) * plotH;

  const root = svgRoot(width, height, o.label);
  root.setAttribute('data-view', 'pruning-chart');
  root.setAttribute('class', 'hs-view hs-pruning-chart');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '11');
  const muted = { fill: '#666', class: 'hs-muted', 'font-size': 10 };

  // Grid and axes: loss ticks on the left, accuracy on the right, heads kept along the bottom.
  for (let v = 0; v <= lossTop + 1e-9; v += lossStep) {
    const y = yLoss(v);
    root.append(
      svg('line', { x1: left, x2: left + plotW, y1: y, y2: y, stroke: '#ddd' }),
      svg(
        'text',
        { ...muted, x: left - 5, y, 'text-anchor': 'end', 'dominant-baseline': 'central' },
        [String(Number(v.toPrecision(6)))],
      ),
    );
  }
  for (const a of [0, 0.25, 0.5, 0.75, 1])
    root.append(
      svg('text', { ...muted, x: left + plotW + 5, y: yAcc(a), 'dominant-baseline': 'central' }, [
        `${a * 100}%`,
      ]),
    );
  // Heads kept: round multiples from 0, and all of them (unless a multiple is too close).
  const keptStep = [1, 2, 5, 10, 20, 50, 100].find((s) => n / s <= 6) ?? Math.ceil(n / 6);
  const ticks = Array.from({ length: Math.floor(n / keptStep) + 1 }, (_, i) => i * keptStep);
  if (n - ticks[ticks.length - 1]! < keptStep / 2) ticks.pop();
  for (const kept of [...ticks, n]) {
    const px = x(n - kept);
    root.append(
      svg('line', { x1: px, x2: px, y1: topY + plotH, y2: topY + plotH + 4, stroke: '#888' }),
      svg('text', { ...muted, x: px, y: topY + plotH + 15, 'text-anchor': 'middle' }, [
        String(kept),
      ]),
    );
  }
  root.append(
    svg('line', {
      x1: left,
      x2: left + plotW,
      y1: topY + plotH,
      y2: topY + plotH,
      stroke: '#888',
    }),
    svg('text', { ...muted, x: left + plotW / 2, y: height - 4, 'text-anchor': 'middle' }, [
      'heads kept (least important removed first)',
    ]),
    // Legend: a sample of each line, with the axis it is read on.
    svg('line', { x1: left, x2: left + 22, y1: 9, y2: 9, stroke: LOSS_COLOR, 'stroke-width': 2 }),
    svg('text', { x: left + 27, y: 13, fill: '#111', class: 'hs-label' }, [
      'held-out loss (left axis)',
    ]),
    svg('line', {
      x1: left + plotW - 22,
      x2: left + plotW,
      y1: 9,
      y2: 9,
      stroke: ACCURACY_COLOR,
      'stroke-width': 2,
      'stroke-dasharray': '5 3',
    }),
    svg(
      'text',
      { x: left + plotW - 27, y: 13, 'text-anchor': 'end', fill: '#111', class: 'hs-label' },
      ['held-out accuracy (right axis)'],
    ),
  );

  if (o.mark !== null && o.mark >= 0 && o.mark <= n) {
    const px = x(o.mark);
    // Labelled inside the plot beside the line, at the height farthest from both curves there.
    const right = px < left + plotW / 2;
    const curves = [yLoss(o.loss[o.mark]!), yAcc(o.accuracy[o.mark]!)];
    const clear = (y: number) => Math.min(...curves.map((c) => Math.abs(c - y)));
    const labelY = [0.12, 0.4, 0.7]
      .map((f) => topY + 4 + f * plotH)
      .reduce((a, b) => (clear(b) > clear(a) ? b : a));
    root.append(
      svg('line', {
        x1: px,
        x2: px,
        y1: topY,
        y2: topY + plotH,
        stroke: '#111',
        'stroke-width': 1.5,
        'data-mark': o.mark,
      }),
      svg(
        'text',
        {
          x: px + (right ? 5 : -5),
          y: labelY,
          'dominant-baseline': 'central',
          'text-anchor': right ? 'start' : 'end',
          fill: '#111',
          stroke: '#fff',
          'stroke-width': 3,
          'paint-order': 'stroke',
          class: 'hs-label',
        },
        [`now: ${n - o.mark} kept`],
      ),
    );
  }

  const series = [
    { name: 'loss', values: o.loss, y: yLoss, color: LOSS_COLOR, dash: undefined },
    { name: 'accuracy', values: o.accuracy, y: yAcc, color: ACCURACY_COLOR, dash: '5 3' },
  ] as const;
  for (const s of series) {
    const points = Array.from(s.values, (v, r) => `${x(r).toFixed(1)},${s.y(v).toFixed(1)}`);
    root.append(
      svg('polyline', {
        points: points.join(' '),
        fill: 'none',
        stroke: s.color,
        'stroke-width': 2,
        'stroke-dasharray': s.dash,
        'data-series': s.name,
      }),
    );
    s.values.forEach((v, r) => {
      const marked = r === o.mark;
      const shown = s.name === 'loss' ? fmt(v) : pct(v);
      root.append(
        svg(
          'circle',
          {
            cx: x(r).toFixed(1),
            cy: s.y(v).toFixed(1),
            r: marked ? 4.5 : n > 40 ? 1.5 : 2.5,
            fill: marked ? '#fff' : s.color,
            stroke: s.color,
            'stroke-width': marked ? 2 : 0,
            'data-series': s.name,
            'data-removed': r,
            'data-value': String(v),
          },
          [title(`${n - r} of ${n} heads kept: held-out ${s.name} ${shown}`)],
        ),
      );
    });
  }
  return root;
}

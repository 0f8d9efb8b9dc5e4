// A small SVG line chart: lines over steps, axes with round ticks, an optional legend, optional
// dots (each with data-x, data-value and a tooltip) and optional labels at the lines' ends
// (pushed apart so they never overlap). Values are drawn as given; nothing is recomputed.
import { niceTicks, tickText } from '../render/numbers.js';
import { svg, svgRoot, title } from '../render/svg.js';

export interface Line {
  /** data-series of the line's group. */
  name: string;
  /** Legend text, or the end label. */
  label: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  width?: number;
  opacity?: number;
  dash?: string;
  /** A dot per point, with a tooltip: `${tip(x, y)}`. */
  dots?: (x: number, y: number) => string;
  /** In the legend (default true). */
  legend?: boolean;
}

export interface LineChartOptions {
  lines: Line[];
  /** The x axis runs from 0 to xMax. */
  xMax: number;
  yMin: number;
  yMax: number;
  xTitle: string;
  yTitle: string;
  label: string;
  /** Legend above the plot, or each line's label at its last point. */
  labels: 'legend' | 'ends';
  width?: number;
  height?: number;
}

const FONT = 11;
const MUTED = '#666';

/** Label positions at least `gap` apart, as near their wanted places as that allows. */
export function spread(wanted: number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const ys = order.map((o) => o.y);
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k]!, ys[k - 1]! + gap);
  const over = (ys.at(-1) ?? 0) - hi;
  if (over > 0) for (let k = 0; k < ys.length; k++) ys[k] = ys[k]! - over;
  for (let k = 0; k < ys.length; k++) ys[k] = Math.max(ys[k]!, lo + k * gap);
  const out = new Array<number>(wanted.length);
  order.forEach((o, k) => (out[o.i] = ys[k]!));
  return out;
}

export function lineChart(o: LineChartOptions): SVGSVGElement {
  const width = o.width ?? 460;
  const height = o.height ?? 250;
  const legendH = o.labels === 'legend' ? 20 : 0;
  const left = 54,
    right = o.labels === 'ends' ? 34 : 12,
    top = 10 + legendH,
    bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (v: number) => left + (plotW * v) / (o.xMax || 1);
  const y = (v: number) => {
    const f = (v - o.yMin) / (o.yMax - o.yMin || 1);
    return top + plotH * (1 - Math.min(1, Math.max(0, f)));
  };

  const root = svgRoot(width, height, o.label);
  root.setAttribute('class', 'hs-view hs-line-chart');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(FONT));

  const axes = svg('g', { 'data-axes': '' });
  axes.append(...yGrid(niceTicks(o.yMin, o.yMax), y, left, left + plotW));
  for (const t of niceTicks(0, o.xMax, 6)) {
    axes.append(
      svg('line', { x1: x(t), x2: x(t), y1: top + plotH, y2: top + plotH + 4, stroke: '#999' }),
      svg(
        'text',
        { x: x(t), y: top + plotH + 16, 'text-anchor': 'middle', fill: MUTED, class: 'hs-muted' },
        [String(t)],
      ),
    );
  }
  axes.append(
    svg('rect', { x: left, y: top, width: plotW, height: plotH, fill: 'none', stroke: '#bbb' }),
    svg(
      'text',
      {
        x: left + plotW / 2,
        y: height - 6,
        'text-anchor': 'middle',
        fill: '#111',
        class: 'hs-label',
      },
      [o.xTitle],
    ),
    yTitle(o.yTitle, top + plotH / 2),
  );
  root.append(axes);

  const ends: Array<{ line: Line; y: number }> = [];
  for (const line of o.lines) {
    const g = svg('g', { 'data-series': line.name });
    const pts: string[] = [];
    for (let i = 0; i < line.xs.length; i++) {
      const v = line.ys[i]!;
      if (Number.isFinite(v)) pts.push(`${x(line.xs[i]!).toFixed(1)},${y(v).toFixed(1)}`);
    }
    if (pts.length > 1)
      g.append(
        svg('polyline', {
          points: pts.join(' '),
          fill: 'none',
          stroke: line.color,
          'stroke-width': line.width ?? 2,
          'stroke-opacity': line.opacity,
          'stroke-dasharray': line.dash,
          'stroke-linejoin': 'round',
        }),
      );
    if (line.dots)
      for (let i = 0; i < line.xs.length; i++) {
        const vx = line.xs[i]!,
          vy = line.ys[i]!;
        g.append(
          svg(
            'circle',
            { cx: x(vx), cy: y(vy), r: 3, fill: line.color, 'data-x': vx, 'data-value': vy },
            [title(line.dots(vx, vy))],
          ),
        );
      }
    root.append(g);
    const n = line.xs.length;
    if (n > 0 && Number.isFinite(line.ys[n - 1]!)) ends.push({ line, y: y(line.ys[n - 1]!) });
  }

  if (o.labels === 'ends' && ends.length) {
    const lastX = Math.max(...ends.map((e) => e.line.xs[e.line.xs.length - 1]!));
    const at = spread(
      ends.map((e) => e.y),
      FONT + 1,
      top + FONT / 2,
      top + plotH,
    );
    ends.forEach((e, k) =>
      root.append(
        svg(
          'text',
          {
            x: x(lastX) + 5,
            y: at[k],
            'dominant-baseline': 'central',
            fill: e.line.color,
            'font-weight': 600,
            'data-end-label': e.line.name,
          },
          [e.line.label],
        ),
      ),
    );
  } else if (o.labels === 'legend') {
    let lx = left;
    for (const line of o.lines.filter((l) => l.legend !== false)) {
      root.append(
        svg('line', {
          x1: lx,
          x2: lx + 18,
          y1: 12,
          y2: 12,
          stroke: line.color,
          'stroke-width': 3,
          'stroke-dasharray': line.dash,
        }),
        svg(
          'text',
          { x: lx + 23, y: 12, 'dominant-baseline': 'central', fill: '#111', class: 'hs-label' },
          [line.label],
        ),
      );
      lx += 23 + line.label.length * FONT * 0.55 + 18;
    }
  }
  return root;
}

/** Horizontal grid lines at `ticks`, from x1 to x2, each labelled left of x1. */
/** A y-axis title, rotated to read upwards, centred at height `y` along the left edge. */
export function yTitle(text: string, y: number): SVGElement {
  return svg(
    'text',
    {
      transform: `translate(12 ${y}) rotate(-90)`,
      'text-anchor': 'middle',
      fill: '#111',
      class: 'hs-label',
    },
    [text],
  );
}

export function yGrid(
  ticks: number[],
  y: (v: number) => number,
  x1: number,
  x2: number,
): SVGElement[] {
  return ticks.flatMap((t) => [
    svg('line', { x1, x2, y1: y(t), y2: y(t), stroke: '#e4e4e4' }),
    svg(
      'text',
      {
        x: x1 - 6,
        y: y(t),
        'text-anchor': 'end',
        'dominant-baseline': 'central',
        fill: MUTED,
        class: 'hs-muted',
      },
      [tickText(t)],
    ),
  ]);
}

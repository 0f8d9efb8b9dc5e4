// A matrix as coloured cells: attention (sequential, 0…max) or signed values such as logits or
// vectors (diverging around 0). Non-finite cells (−∞ for masked logits) are drawn grey and hatched.
// Every cell is a <rect data-row data-col> with a <title>, so the page can add hover handlers.
import { diverging, headColor, sequential } from '../colors.js';
import { fmt } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';
import { truncate } from '../html.js';

export interface HeatmapOptions {
  rowLabels: string[];
  colLabels: string[];
  /** [rows, cols] row-major. */
  values: Float32Array;
  rows: number;
  cols: number;
  mode: 'sequential' | 'diverging';
  /** Sequential: top of the scale (default 1). Diverging: ±max (default max |value|). */
  max?: number;
  focusRow?: number | null;
  label: string;
  /** Cell side in px (default 18 with labels, 6 without). */
  cell?: number;
  /** Labels and a legend (default true); false for small multiples. */
  showLabels?: boolean;
  /** Outline colour of the focus row. */
  accent?: string;
  /** Characters of a row label shown before it is cut with an ellipsis (default 10). */
  rowLabelChars?: number;
}

/** Fill of non-finite (masked) cells. */
export const MASKED_FILL = '#e4e4e4';
const HATCH = '#b0b0b0';
const LABEL_CHARS = 10;
/** Largest matrix whose cells each get a <title> with their value. */
export const MAX_TOOLTIPS = 4096;

function scaleMax(o: HeatmapOptions): number {
  if (o.max !== undefined && o.max > 0) return o.max;
  if (o.mode === 'sequential') return 1;
  let m = 0;
  for (const v of o.values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m > 0 ? m : 1;
}

export function heatmap(o: HeatmapOptions): SVGSVGElement {
  const { rows, cols } = o;
  const showLabels = o.showLabels !== false;
  const rowChars = o.rowLabelChars ?? LABEL_CHARS;
  const cell = o.cell ?? (showLabels ? 18 : 6);
  const accent = o.accent ?? '#0072B2';
  const max = scaleMax(o);
  const color = (v: number) => (o.mode === 'sequential' ? sequential(v / max) : diverging(v / max));
  const rowText = (r: number) => o.rowLabels[r] ?? String(r + 1);
  const colText = (c: number) => o.colLabels[c] ?? String(c + 1);

  const font = 11;
  const charW = font * 0.62;
  const pad = 2;
  let left = pad,
    top = pad,
    right = pad,
    legendH = 0;
  if (showLabels) {
    const rowLen = Math.max(1, ...o.rowLabels.map((s) => truncate(s, rowChars).length));
    const colLen = Math.max(1, ...o.colLabels.map((s) => truncate(s, LABEL_CHARS).length)) * charW;
    left += Math.ceil(rowLen * charW) + 6;
    top += Math.ceil(colLen * Math.sin(Math.PI / 3)) + 8;
    right += Math.ceil(colLen * Math.cos(Math.PI / 3));
    legendH = 36;
  }
  const gridW = cols * cell;
  const gridH = rows * cell;
  const width = Math.max(left + gridW + right, showLabels ? left + 150 : 0);
  const height = top + gridH + pad + legendH;

  const root = svgRoot(width, height, o.label);
  root.setAttribute('data-view', 'heatmap');
  root.setAttribute('class', 'hs-view hs-heatmap');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(font));

  const cells = svg('g', { 'shape-rendering': 'crispEdges' });
  // A tooltip per cell doubles the element count; above this size the matrix goes without.
  const tooltips = rows * cols <= MAX_TOOLTIPS;
  let hatch = '';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = o.values[r * cols + c] ?? Number.NaN;
      const x = left + c * cell;
      const y = top + r * cell;
      const finite = Number.isFinite(v);
      if (!finite) hatch += `M${x} ${y + cell}L${x + cell} ${y}`;
      cells.append(
        svg(
          'rect',
          {
            x,
            y,
            width: cell,
            height: cell,
            fill: finite ? color(v) : MASKED_FILL,
            'data-row': r,
            'data-col': c,
            'data-masked': finite ? undefined : 'true',
          },
          tooltips ? [title(`${rowText(r)} → ${colText(c)}: ${fmt(v)}`)] : [],
        ),
      );
    }
  }
  root.append(cells);
  if (hatch !== '') {
    root.append(
      svg('path', {
        d: hatch,
        stroke: HATCH,
        'stroke-width': 1,
        fill: 'none',
        'pointer-events': 'none',
        class: 'hs-mask-hatch',
      }),
    );
  }

  const focus = o.focusRow ?? null;
  const hasFocus = focus !== null && focus >= 0 && focus < rows;
  if (hasFocus) {
    root.append(
      svg('rect', {
        x: left,
        y: top + focus * cell,
        width: gridW,
        height: cell,
        fill: 'none',
        stroke: accent,
        'stroke-width': 2,
        'pointer-events': 'none',
        'data-focus-row': focus,
      }),
    );
  }
  if (!showLabels) return root;

  for (let r = 0; r < rows; r++) {
    const isFocus = hasFocus && r === focus;
    root.append(
      svg(
        'text',
        {
          x: left - 4,
          y: top + r * cell + cell / 2,
          'text-anchor': 'end',
          'dominant-baseline': 'central',
          fill: isFocus ? accent : '#111',
          'font-weight': isFocus ? 700 : undefined,
          class: isFocus ? undefined : 'hs-label',
          'data-row-label': r,
        },
        [truncate(rowText(r), rowChars)],
      ),
    );
  }
  for (let c = 0; c < cols; c++) {
    const x = left + c * cell + cell / 2;
    root.append(
      svg(
        'text',
        {
          transform: `translate(${x} ${top - 4}) rotate(-60)`,
          fill: '#111',
          class: 'hs-label',
          'data-col-label': c,
        },
        [truncate(colText(c), LABEL_CHARS)],
      ),
    );
  }
  root.append(legend(o.mode, max, left, top + gridH + 12));
  return root;
}

/** A stepped colour bar (no gradients, so a canvas export draws it too) with its end values. */
function legend(mode: HeatmapOptions['mode'], max: number, x: number, y: number): SVGGElement {
  const g = svg('g', { 'data-legend': mode });
  const steps = 32;
  const w = 4;
  for (let s = 0; s < steps; s++) {
    const f = s / (steps - 1);
    g.append(
      svg('rect', {
        x: x + s * w,
        y,
        width: w,
        height: 8,
        fill: mode === 'sequential' ? sequential(f) : diverging(f * 2 - 1),
      }),
    );
  }
  const end = x + steps * w;
  const lo = mode === 'sequential' ? 0 : -max;
  const ty = y + 20;
  g.append(
    svg('text', { x, y: ty, fill: '#666', class: 'hs-muted' }, [fmt(lo)]),
    svg('text', { x: end, y: ty, 'text-anchor': 'end', fill: '#666', class: 'hs-muted' }, [
      fmt(max),
    ]),
  );
  if (mode === 'diverging') {
    g.append(
      svg(
        'text',
        { x: (x + end) / 2, y: ty, 'text-anchor': 'middle', fill: '#666', class: 'hs-muted' },
        ['0'],
      ),
    );
  }
  return g;
}

/**
 * One head's attention matrix [t, t] over the tokens `names`: rows are queries, columns keys, in
 * the head's colour, the focused query row marked.
 */
export function attentionMatrix(o: {
  names: string[];
  attention: Float32Array;
  head: number;
  token: number | null;
  label: string;
  cell?: number;
}): SVGSVGElement {
  const t = o.names.length;
  return heatmap({
    rowLabels: o.names,
    colLabels: o.names,
    values: o.attention,
    rows: t,
    cols: t,
    mode: 'sequential',
    focusRow: o.token,
    label: o.label,
    ...(o.cell === undefined ? {} : { cell: o.cell }),
    accent: headColor(o.head),
  });
}

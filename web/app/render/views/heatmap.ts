// A matrix as coloured cells: attention (sequential, 0…max) or signed values such as logits or
// vectors (diverging around 0). Non-finite cells (−∞ for masked logits) are drawn grey and hatched.
// Up to MAX_CELL_ELEMENTS cells, each is a <rect data-row data-col> with a <title>, so the page
// can add hover handlers; a larger matrix is drawn as colour runs (heatmap-runs.ts) with a readout
// of the value under the pointer.
import { diverging, headColor, sequential } from '../colors.js';
import { fmt } from '../numbers.js';
import { setAttr, svg, svgRoot, title } from '../svg.js';
import { setText, truncate } from '../html.js';
import { cellAt, paintRuns } from './heatmap-runs.js';
import { NO_EXPORT } from '../export.js';

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
  /** The SVG this function drew last time, repainted in place if the shape is the same. */
  reuse?: SVGSVGElement | null | undefined;
}

/** Fill of non-finite (masked) cells. */
export const MASKED_FILL = '#e4e4e4';
const HATCH = '#b0b0b0';
const LABEL_CHARS = 10;
/**
 * The largest matrix drawn as one <rect> and <title> per cell (a 32-token attention matrix).
 * Setting 2,944 cells' colours and tooltips took 27 ms; past this size, colour runs.
 */
export const MAX_CELL_ELEMENTS = 1024;
/** Height of the readout line under a large matrix's legend. */
const READOUT_H = 16;

function scaleMax(o: HeatmapOptions): number {
  if (o.max !== undefined && o.max > 0) return o.max;
  if (o.mode === 'sequential') return 1;
  let m = 0;
  for (const v of o.values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m > 0 ? m : 1;
}

/** Where a heatmap's parts go, in px: margins for the labels, the grid and the whole. */
interface Layout {
  /** Drawn as colour runs, with a readout line under the legend. */
  runs: boolean;
  cell: number;
  left: number;
  top: number;
  gridW: number;
  gridH: number;
  width: number;
  height: number;
}

const FONT = 11;

function layoutOf(o: HeatmapOptions): Layout {
  const showLabels = o.showLabels !== false;
  const cell = o.cell ?? (showLabels ? 18 : 6);
  const charW = FONT * 0.62;
  const pad = 2;
  let left = pad,
    top = pad,
    right = pad,
    legendH = 0;
  if (showLabels) {
    const rowChars = o.rowLabelChars ?? LABEL_CHARS;
    const rowLen = Math.max(1, ...o.rowLabels.map((s) => truncate(s, rowChars).length));
    const colLen = Math.max(1, ...o.colLabels.map((s) => truncate(s, LABEL_CHARS).length)) * charW;
    left += Math.ceil(rowLen * charW) + 6;
    top += Math.ceil(colLen * Math.sin(Math.PI / 3)) + 8;
    right += Math.ceil(colLen * Math.cos(Math.PI / 3));
    legendH = 36;
  }
  const runs = o.rows * o.cols > MAX_CELL_ELEMENTS;
  if (runs && showLabels) legendH += READOUT_H;
  const gridW = o.cols * cell;
  const gridH = o.rows * cell;
  const width = Math.max(left + gridW + right, showLabels ? left + 150 : 0);
  const height = top + gridH + pad + legendH;
  return { runs, cell, left, top, gridW, gridH, width, height };
}

/**
 * Draws the matrix as an SVG. Given the SVG it drew last time (`reuse`), it repaints that one in
 * place: each cell's colour and tooltip are set only if they changed, rows are added or dropped
 * at the end, the column labels and legend are kept (the legend's end values updated), and only
 * the row labels, the focus outline and the hatching are made anew. The cells sit in a group
 * placed at the grid's corner, so longer labels move the group, not every cell.
 */
export function heatmap(o: HeatmapOptions): SVGSVGElement {
  const L = layoutOf(o);
  const root = o.reuse ?? svgRoot(L.width, L.height, o.label);
  if (o.reuse) {
    setAttr(root, 'width', String(L.width));
    setAttr(root, 'height', String(L.height));
    setAttr(root, 'viewBox', `0 0 ${L.width} ${L.height}`);
    setAttr(root, 'aria-label', o.label);
  } else {
    root.setAttribute('data-view', 'heatmap');
    root.setAttribute('class', 'hs-view hs-heatmap');
    root.setAttribute('font-family', 'system-ui, sans-serif');
    root.setAttribute('font-size', String(FONT));
    root.addEventListener('pointermove', (e) => showValueAt(root, e));
    root.addEventListener('pointerleave', () => showValueAt(root, null));
  }
  drawn.set(root, { o, L });
  const cells = cellsFor(o, L, o.reuse?.querySelector<SVGGElement>('g[data-cells]'));
  if (L.runs) {
    const max = scaleMax(o);
    paintRuns(cells, { ...o, max, cell: L.cell, maskedFill: MASKED_FILL });
  } else paintCells(cells, o);
  root.replaceChildren(cells, ...overlays(o, L, o.reuse));
  return root;
}

/** What each heatmap on the page shows now, for its readout. */
const drawn = new WeakMap<SVGSVGElement, { o: HeatmapOptions; L: Layout }>();

/** Writes the value under the pointer into a large matrix's readout (cleared when off the grid). */
function showValueAt(root: SVGSVGElement, e: PointerEvent | null): void {
  const shown = drawn.get(root);
  const readout = root.querySelector('[data-readout]');
  if (!shown || !readout) return;
  const { o, L } = shown;
  const m = root.getScreenCTM()?.inverse();
  const p = e && m ? new DOMPoint(e.clientX, e.clientY).matrixTransform(m) : null;
  const at = p && cellAt(p.x - L.left, p.y - L.top, { rows: o.rows, cols: o.cols, cell: L.cell });
  setText(readout, at ? valueText(o, at[0], at[1]) : READOUT_HINT);
}

const READOUT_HINT = 'Point at a cell for its value.';

/** A cell as its tooltip or readout says it: "row → column: value". */
function valueText(o: HeatmapOptions, r: number, c: number): string {
  const row = o.rowLabels[r] ?? String(r + 1);
  const col = o.colLabels[c] ?? String(c + 1);
  return `${row} → ${col}: ${fmt(o.values[r * o.cols + c] ?? Number.NaN)}`;
}

/**
 * The group of cells: `old` if it was drawn the same way (runs, or rects of the same columns and
 * size, with rows then added or dropped at the end), else a new one. Runs are drawn anew each time.
 */
function cellsFor(o: HeatmapOptions, L: Layout, old: SVGGElement | null | undefined): SVGGElement {
  const shape = L.runs ? 'runs' : `${o.cols} ${L.cell}`;
  const cells =
    old?.getAttribute('data-cells') === shape
      ? old
      : svg('g', { 'shape-rendering': 'crispEdges', 'data-cells': shape });
  cells.setAttribute('transform', `translate(${L.left} ${L.top})`);
  if (L.runs) return cells;
  const want = o.rows * o.cols;
  while (cells.childElementCount > want) cells.lastElementChild!.remove();
  for (let i = cells.childElementCount; i < want; i++) {
    const r = Math.floor(i / o.cols);
    const c = i % o.cols;
    cells.append(
      svg(
        'rect',
        {
          x: c * L.cell,
          y: r * L.cell,
          width: L.cell,
          height: L.cell,
          'data-row': r,
          'data-col': c,
        },
        [title('')],
      ),
    );
  }
  return cells;
}

/** Sets each cell's colour, masked flag and tooltip, where they changed. */
function paintCells(cells: SVGGElement, o: HeatmapOptions): void {
  const max = scaleMax(o);
  const color = (v: number) => (o.mode === 'sequential' ? sequential(v / max) : diverging(v / max));
  let rect = cells.firstElementChild;
  for (let r = 0; r < o.rows; r++) {
    for (let c = 0; c < o.cols; c++, rect = rect!.nextElementSibling) {
      const v = o.values[r * o.cols + c] ?? Number.NaN;
      const finite = Number.isFinite(v);
      setAttr(rect!, 'fill', finite ? color(v) : MASKED_FILL);
      if (finite) rect!.removeAttribute('data-masked');
      else rect!.setAttribute('data-masked', 'true');
      setText(rect!.firstChild!, valueText(o, r, c));
    }
  }
}

/** One diagonal stroke across each masked (non-finite) cell, as a path, or '' if none is. */
function hatchPath(o: HeatmapOptions, L: Layout): string {
  let d = '';
  for (let i = 0; i < o.rows * o.cols; i++) {
    if (Number.isFinite(o.values[i] ?? Number.NaN)) continue;
    const x = L.left + (i % o.cols) * L.cell;
    const y = L.top + Math.floor(i / o.cols) * L.cell;
    d += `M${x} ${y + L.cell}L${x + L.cell} ${y}`;
  }
  return d;
}

/** Everything drawn over and around the cells: hatching, the focus row, labels and legend. */
function overlays(
  o: HeatmapOptions,
  L: Layout,
  reuse: SVGSVGElement | null | undefined,
): SVGElement[] {
  const { left, top, cell, gridW, gridH } = L;
  const accent = o.accent ?? '#0072B2';
  const parts: SVGElement[] = [];
  const hatch = hatchPath(o, L);
  if (hatch !== '') {
    parts.push(
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
  const hasFocus = focus !== null && focus >= 0 && focus < o.rows;
  if (hasFocus) {
    parts.push(
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
  if (o.showLabels === false) return parts;

  const rowChars = o.rowLabelChars ?? LABEL_CHARS;
  const every = labelEvery(cell);
  for (let r = 0; r < o.rows; r++) {
    const isFocus = hasFocus && r === focus;
    if (!isFocus && (r % every !== 0 || (hasFocus && Math.abs(r - focus) < every))) continue;
    parts.push(
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
        [truncate(o.rowLabels[r] ?? String(r + 1), rowChars)],
      ),
    );
  }
  const old = (what: string) => reuse?.querySelector<SVGGElement>(`:scope > g[${what}]`);
  parts.push(columnLabels(o, L, old('data-col-labels')));
  parts.push(legend(o.mode, scaleMax(o), left, top + gridH + 12, old('data-legend')));
  if (L.runs) {
    const y = top + gridH + 12 + 20 + READOUT_H;
    const readout = svg('text', { x: left, y, fill: '#111', 'data-readout': '', [NO_EXPORT]: '' }, [
      READOUT_HINT,
    ]);
    parts.push(readout);
  }
  return parts;
}

/**
 * A stepped colour bar (no gradients, so a canvas export draws it too) with its end values, at
 * (x, y). `old`, the legend drawn last time, is kept for the same mode with its values updated.
 */
function legend(
  mode: HeatmapOptions['mode'],
  max: number,
  x: number,
  y: number,
  old: SVGGElement | null | undefined,
): SVGGElement {
  const steps = 32;
  const w = 4;
  const end = steps * w;
  const ends = [fmt(mode === 'sequential' ? 0 : -max), fmt(max)];
  const g = old?.getAttribute('data-legend') === mode ? old : svg('g', { 'data-legend': mode });
  g.setAttribute('transform', `translate(${x} ${y})`);
  if (g === old) {
    g.querySelectorAll('[data-end]').forEach((t, i) => setText(t, ends[i]!));
    return g;
  }
  for (let s = 0; s < steps; s++) {
    const f = s / (steps - 1);
    const fill = mode === 'sequential' ? sequential(f) : diverging(f * 2 - 1);
    g.append(svg('rect', { x: s * w, y: 0, width: w, height: 8, fill }));
  }
  const text = { y: 20, fill: '#666', class: 'hs-muted' };
  g.append(
    svg('text', { ...text, x: 0, 'data-end': 0 }, [ends[0]!]),
    svg('text', { ...text, x: end, 'text-anchor': 'end', 'data-end': 1 }, [ends[1]!]),
  );
  if (mode === 'diverging')
    g.append(svg('text', { ...text, x: end / 2, 'text-anchor': 'middle' }, ['0']));
  return g;
}

/**
 * Labels `pitch` px apart overlap below LABEL_PITCH: one in this many is written (the focus row's
 * always), and the readout and the numbers' table name every row and column.
 */
function labelEvery(pitch: number): number {
  return Math.max(1, Math.ceil(LABEL_PITCH / pitch));
}
const LABEL_PITCH = 12;

/** What each column-label group shows: its place and labels. */
const columnKeys = new WeakMap<SVGGElement, string>();

/** The column labels, turned 60°; `old` is kept if it shows the same labels in the same place. */
function columnLabels(o: HeatmapOptions, L: Layout, old: SVGGElement | null | undefined) {
  const key = JSON.stringify([L.left, L.top, L.cell, o.cols, o.colLabels.slice(0, o.cols)]);
  if (old && columnKeys.get(old) === key) return old;
  const g = svg('g', { 'data-col-labels': '' });
  columnKeys.set(g, key);
  // Turned 60°, neighbouring labels are cell · sin 60° apart.
  const every = labelEvery(L.cell * Math.sin(Math.PI / 3));
  for (let c = 0; c < o.cols; c += every) {
    const x = L.left + c * L.cell + L.cell / 2;
    const text = truncate(o.colLabels[c] ?? String(c + 1), LABEL_CHARS);
    const transform = `translate(${x} ${L.top - 4}) rotate(-60)`;
    g.append(
      svg('text', { transform, fill: '#111', class: 'hs-label', 'data-col-label': c }, [text]),
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
  reuse?: SVGSVGElement | null;
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
    reuse: o.reuse,
  });
}

// The cells of a large heatmap as colour runs: the scale cut into 256 steps, and each run of
// neighbouring cells in a row that fall in the same step drawn as one rectangle, all the runs of
// a step in one <path>. A fused output of 23 tokens × 128 dimensions is then a few hundred
// elements instead of 2,944 <rect>s with their <title>s, whose colours and tooltips took 27 ms a
// keystroke to set. It is still SVG, so export keeps it as vectors. One step is 1/255 of the
// scale's length: no colour differs visibly from the unquantised one (tested).
//
// Without a <title> per cell, the value under the pointer is written in a readout line beside
// the legend (`readoutAt`); the numbers themselves are in the matrix's table (matrix-numbers.ts).
import { diverging, sequential } from '../colors.js';
import { svg } from '../svg.js';

/** Steps of the colour scale, as the canvas heatmaps use. */
const STEPS = 256;
/** The step of a cell that is not a number. */
const MASKED = -1;

export interface RunsOptions {
  values: Float32Array;
  rows: number;
  cols: number;
  mode: 'sequential' | 'diverging';
  /** Top of the scale: values are divided by it. */
  max: number;
  cell: number;
  maskedFill: string;
}

/** The colour step of value v: 0…255 from the bottom of the scale to its top. */
function stepOf(v: number, o: RunsOptions): number {
  if (!Number.isFinite(v)) return MASKED;
  const f = v / o.max;
  if (o.mode === 'sequential') return Math.round((STEPS - 1) * Math.min(1, Math.max(0, f)));
  return Math.round(((STEPS - 1) * (Math.min(1, Math.max(-1, f)) + 1)) / 2);
}

/** The colour a step is drawn in. */
function stepColor(k: number, o: RunsOptions): string {
  if (k === MASKED) return o.maskedFill;
  const f = k / (STEPS - 1);
  return o.mode === 'sequential' ? sequential(f) : diverging(2 * f - 1);
}

/** Replaces `cells`' children with one <path data-step> per colour step used. */
export function paintRuns(cells: SVGGElement, o: RunsOptions): void {
  const paths = new Map<number, string>();
  const { cell } = o;
  for (let r = 0; r < o.rows; r++) {
    const at = r * o.cols;
    for (let c = 0; c < o.cols;) {
      const k = stepOf(o.values[at + c]!, o);
      let end = c + 1;
      while (end < o.cols && stepOf(o.values[at + end]!, o) === k) end++;
      const w = (end - c) * cell;
      paths.set(k, `${paths.get(k) ?? ''}M${c * cell} ${r * cell}h${w}v${cell}h${-w}z`);
      c = end;
    }
  }
  cells.replaceChildren(
    ...[...paths].map(([k, d]) => svg('path', { d, fill: stepColor(k, o), 'data-step': k })),
  );
}

/** The [row, col] of the cell under the point (x, y) in the grid's own px, or null if outside. */
export function cellAt(
  x: number,
  y: number,
  o: Pick<RunsOptions, 'rows' | 'cols' | 'cell'>,
): [number, number] | null {
  const r = Math.floor(y / o.cell);
  const c = Math.floor(x / o.cell);
  return r >= 0 && r < o.rows && c >= 0 && c < o.cols ? [r, c] : null;
}

// A matrix's numbers as a table, the text form of a heatmap too large for a tooltip per cell:
// a disclosure ("The numbers, as a table") whose table is built only while it is open, so typing
// pays nothing for it. Redrawn while open, it follows the input. The table scrolls sideways in a
// region that takes keyboard focus, so a keyboard can scroll it too.
import { el, scrollRegion } from '../html.js';
import { fmt } from '../numbers.js';

export interface MatrixNumbersOptions {
  rowLabels: string[];
  colLabels: string[];
  /** [rows, cols] row-major. */
  values: Float32Array;
  rows: number;
  cols: number;
  /** What the table holds, e.g. "Output vectors: a row per token, a column per dimension". */
  caption: string;
  /** The disclosure this function made before, kept (open or closed) and refilled. */
  reuse?: HTMLDetailsElement | null | undefined;
}

/** What each disclosure shows now, to fill its table when it opens. */
const shown = new WeakMap<HTMLDetailsElement, MatrixNumbersOptions>();

export function matrixNumbers(o: MatrixNumbersOptions): HTMLDetailsElement {
  let details = o.reuse;
  if (!details) {
    details = el('details', 'matrix-numbers');
    details.append(el('summary', '', 'The numbers, as a table'));
    const d = details;
    d.addEventListener('toggle', () => fill(d));
  }
  shown.set(details, o);
  fill(details);
  return details;
}

/** Builds the table if the disclosure is open; empties it if closed. */
function fill(details: HTMLDetailsElement): void {
  const o = shown.get(details);
  const summary = details.firstElementChild!;
  if (!o || !details.open) {
    summary.nextElementSibling?.remove();
    return;
  }
  const wrap = scrollRegion('math-table-wrap', o.caption);
  wrap.append(table(o));
  summary.nextElementSibling?.remove();
  details.append(wrap);
}

function table(o: MatrixNumbersOptions): HTMLTableElement {
  const t = el('table', 'math-table matrix-numbers-table');
  t.append(el('caption', 'hint', o.caption));
  const head = t.createTHead().insertRow();
  head.append(el('th', '', ''));
  for (let c = 0; c < o.cols; c++) {
    const th = el('th', '', o.colLabels[c] ?? String(c + 1));
    th.scope = 'col';
    head.append(th);
  }
  const body = t.createTBody();
  for (let r = 0; r < o.rows; r++) {
    const row = body.insertRow();
    const th = el('th', '', o.rowLabels[r] ?? String(r + 1));
    th.scope = 'row';
    row.append(th);
    for (let c = 0; c < o.cols; c++) row.append(el('td', '', fmt(o.values[r * o.cols + c]!)));
  }
  return t;
}

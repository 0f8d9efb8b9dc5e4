// A heads × heads matrix (e.g. Jensen-Shannon distances or contribution cosines, as the core
// computed them) with its rows and columns put in a given head order, so that heads the core
// clustered together sit side by side. Drawn by heatmap(), axes labelled H1…Hn.
import { heatmap } from './heatmap.js';

export interface SimilarityMatrixOptions {
  /** [heads, heads] row-major, heads in model order. */
  values: Float32Array;
  /** The heads in the order to show them (0-based). */
  order: readonly number[];
  /** 'sequential' for values in [0, max], 'diverging' for values in [−max, max]. */
  mode: 'sequential' | 'diverging';
  max: number;
  label: string;
  /** [heads] 1 = on, 0 = off: off heads are labelled so. */
  gates: number[];
}

/** The matrix with rows and columns permuted into `order`. */
export function reorder(values: Float32Array, order: readonly number[]): Float32Array {
  const n = order.length;
  const H = Math.round(Math.sqrt(values.length));
  const out = new Float32Array(n * n);
  order.forEach((a, r) => order.forEach((b, c) => (out[r * n + c] = values[a * H + b]!)));
  return out;
}

export function similarityMatrix(o: SimilarityMatrixOptions): SVGSVGElement {
  const n = o.order.length;
  const names = o.order.map((h) => `H${h + 1}${o.gates[h] === 0 ? ' off' : ''}`);
  const root = heatmap({
    rowLabels: names,
    colLabels: names,
    values: reorder(o.values, o.order),
    rows: n,
    cols: n,
    mode: o.mode,
    max: o.max,
    label: o.label,
    cell: Math.max(14, Math.min(36, Math.floor(240 / Math.max(1, n)))),
    showLabels: true,
  });
  root.setAttribute('data-view', 'similarity-matrix');
  root.setAttribute('data-order', o.order.join(','));
  return root;
}

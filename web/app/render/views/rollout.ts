// The attention rollout of a text run as a tokens × tokens heatmap (rows: the token at the top of
// the model, columns: the input tokens it traces back to), coloured up to the matrix's largest
// value so the pattern reads whatever the fusion. The numbers are the core's; nothing is
// recomputed. (For an image, the page shows a row of the rollout over the patch grid instead.)
import { heatmap } from './heatmap.js';

export interface RolloutOptions {
  tokens: string[];
  /** [t, t] row-major, as the core computed it. */
  rollout: Float32Array;
  focus: number | null;
  label: string;
  /** The rollout drawn last time, repainted in place if the shape is the same. */
  reuse?: SVGSVGElement | null;
}

/** The largest finite value of a matrix (the top of its colour scale), or 1 if none is > 0. */
export function scaleTop(values: Float32Array): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return max > 0 ? max : 1;
}

export function rolloutMatrix(o: RolloutOptions): SVGSVGElement {
  const t = o.tokens.length;
  const root = heatmap({
    rowLabels: o.tokens,
    colLabels: o.tokens,
    values: o.rollout,
    rows: t,
    cols: t,
    mode: 'sequential',
    max: scaleTop(o.rollout),
    focusRow: o.focus,
    label: o.label,
    cell: Math.max(8, Math.min(22, Math.floor(520 / Math.max(1, t)))),
    showLabels: true,
    reuse: o.reuse,
  });
  root.setAttribute('data-view', 'rollout');
  return root;
}

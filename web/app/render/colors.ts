// Colour scales readable with common colour-vision deficiencies.
// - Heads: Okabe & Ito's eight colours, then Paul Tol's muted set; heads are also labelled H1, H2…
//   so colour is never the only cue.
// - Sequential (attention, 0…1): viridis, perceptually uniform and colour-blind safe.
// - Diverging (signed vectors): blue–white–orange (ColorBrewer PuOr-like), safe for red-green CVD.
const HEAD_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#CC6677',
  '#882255',
];

/** The colour of head h (0-based). */
export function headColor(h: number): string {
  return HEAD_COLORS[h % HEAD_COLORS.length]!;
}

// Viridis sampled at 9 stops.
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
const DIVERGING = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [254, 224, 182],
  [241, 163, 64],
  [179, 88, 6],
];

/** The colour at t in [0, 1] along the stops, as rounded [r, g, b]. */
function interpolateRgb(stops: number[][], t: number): number[] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!,
    b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f));
}

function interpolate(stops: number[][], t: number): string {
  return `rgb(${interpolateRgb(stops, t).join(',')})`;
}

/** Viridis as bytes at 256 steps, for drawing pixels: [r, g, b] of step k at 3k. */
export const VIRIDIS_BYTES: Uint8Array = (() => {
  const out = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) out.set(interpolateRgb(VIRIDIS, k / 255), 3 * k);
  return out;
})();

/** Viridis for t in [0, 1]. */
export function sequential(t: number): string {
  return interpolate(VIRIDIS, t);
}

/** Blue (−1) … white (0) … orange (+1). */
export function diverging(t: number): string {
  return interpolate(DIVERGING, (t + 1) / 2);
}

/** Black or white, whichever reads better on a sequential colour at t. */
export function inkOn(t: number): string {
  return t > 0.55 ? '#000' : '#fff';
}

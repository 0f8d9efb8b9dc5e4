// Numbers as the page prints them, and round axis ticks: one place for every view and chart.

/** A number as the page prints it: 3 significant digits, fixed notation for usual sizes. */
export function fmt(v: number): string {
  if (v === Number.NEGATIVE_INFINITY) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return v.toPrecision(3);
}

/**
 * A whole number with thousands separators, as 'en' writes it: 16000 → "16,000". Written out
 * rather than toLocaleString: the first locale-aware call loads the locale data, about 90 ms
 * measured on the page's first draw.
 */
export function thousands(n: number): string {
  const [whole, frac] = String(n).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A share as a percentage with `digits` decimals: 0.8153 → "81.5%". */
export const pct = (v: number, digits = 1): string => `${(100 * v).toFixed(digits)}%`;

/** A round step (1, 2, 2.5 or 5 × 10^k) for about `count` ticks over a span. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
}

/** About `count` round values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const step = niceStep(hi - lo || 1, count);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A tick's text: as short as the value allows (0.8, 2.5, 600). */
export function tickText(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** Round limits around [lo, hi] for a y axis. */
export function niceRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-6) [lo, hi] = [lo - 0.5, hi + 0.5];
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** A linear scale: maps [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

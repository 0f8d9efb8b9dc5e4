// The layer's flow for one token, left to right, with this input's shapes and the core's values:
//
//   x [d] ──W_q──► q [H·hd] ─┐ split into H heads        attention (one row per head, over t keys)
//         ──W_k──► k [KV·hd] ┼──────────────────────────►  ──· v──► head outputs ──► concat [H·hd]
//         ──W_v──► v [KV·hd] ┘ (a KV head serves H/KV query heads)               ──W_o──► output [d]
//
// Each vector is a strip of cells coloured by value (blue negative, orange positive, scaled by the
// strip's largest magnitude), split at head boundaries; Q, K and V keep one colour each wherever
// they appear. Every number comes from the scene (the core's result); nothing is recomputed.
// A strip is <g data-flow="q" data-length>, an attention row <g data-flow="attention"
// data-head>.
import { diverging, sequential } from '../colors.js';
import { labels, type Scene } from '../../scene.js';
import { svg, svgRoot, title } from '../svg.js';

/** The colours of queries, keys and values, wherever the page draws them. */
export const QKV_COLORS = { q: '#0072B2', k: '#D55E00', v: '#009E73' } as const;

const STRIP_W = 150;
const STRIP_H = 14;
const ROW = 40;

/** A vector as a strip of cells, with separators every `group` values. */
function strip(
  name: string,
  values: ArrayLike<number>,
  x: number,
  y: number,
  group: number,
  color: string,
): SVGGElement {
  const n = values.length;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(values[i] ?? 0));
  const w = STRIP_W / Math.max(1, n);
  const g = svg('g', { 'data-flow': name, 'data-length': n });
  for (let i = 0; i < n; i++)
    g.append(
      svg('rect', {
        x: x + i * w,
        y,
        width: w + 0.3,
        height: STRIP_H,
        fill: diverging(max > 0 ? (values[i] ?? 0) / max : 0),
      }),
    );
  for (let s = group; s < n; s += group)
    g.append(
      svg('line', { x1: x + s * w, x2: x + s * w, y1: y - 2, y2: y + STRIP_H + 2, stroke: '#111' }),
    );
  g.append(
    svg('rect', {
      x,
      y,
      width: STRIP_W,
      height: STRIP_H,
      fill: 'none',
      stroke: color,
      'stroke-width': 2,
    }),
    title(`${name}: ${n} numbers`),
  );
  return g;
}

const text = (x: number, y: number, s: string, extra: Record<string, string | number> = {}) =>
  svg('text', { x, y, 'font-size': 11, fill: '#222', ...extra }, [s]);

function arrow(x1: number, y1: number, x2: number, y2: number, color = '#777'): SVGElement {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const head = (turn: number) => `${x2 - 6 * Math.cos(a + turn)} ${y2 - 6 * Math.sin(a + turn)}`;
  return svg('path', {
    d: `M${x1} ${y1} L${x2} ${y2} M${head(0.5)} L${x2} ${y2} L${head(-0.5)}`,
    stroke: color,
    fill: 'none',
    'stroke-width': 1.5,
  });
}

export function flowView(scene: Scene, token: number): SVGSVGElement {
  const r = scene.result;
  const { numHeads: H, numKvHeads: KV, headDim: hd, dModel: d } = scene.config;
  const { tQ: t, tK } = r;
  const i = Math.max(0, Math.min(token, t - 1));
  const name = labels(scene)[i] ?? `#${i + 1}`;
  const width = 940;
  // Attention rows share the height of the three q, k, v strips, at most 16 px each.
  const rowH = Math.min(16, (3 * ROW) / H);
  const height = 40 + Math.max(2 * ROW + STRIP_H, H * rowH + 16) + 16;
  const root = svgRoot(
    width,
    height,
    `The layer's flow for “${name}”: x (${d}) projected to q (${H}×${hd}), k and v (${KV}×${hd}), ` +
      `${H} attention rows over ${tK} keys, concatenated (${H * hd}) and projected by W_o to ${d}`,
  );
  root.setAttribute('data-view', 'flow');
  root.setAttribute('class', 'hs-view hs-flow');
  root.setAttribute('font-family', 'system-ui, sans-serif');

  // Column 1: x. Column 2: q, k, v. Column 3: attention rows. Column 4: concat and output.
  const c1 = 20,
    c2 = 250,
    c3 = 500,
    c4 = 760;
  const y0 = 40;
  const qkv: Array<['q' | 'k' | 'v', Float32Array, number]> = [
    ['q', r.q, H],
    ['k', r.k, KV],
    ['v', r.v, KV],
  ];
  root.append(
    text(c1, 18, `x: ${t} × ${d}`, { 'font-weight': 600 }),
    text(c2, 18, 'q, k, v: this token’s rows', { 'font-weight': 600 }),
    text(c3, 18, `attention: ${H} heads × ${t} × ${tK}`, { 'font-weight': 600 }),
    text(c4, 18, 'concat, then W_o', { 'font-weight': 600 }),
    text(c1, y0 - 6, `“${name}”, ${d} numbers`),
    strip('x', scene.x.subarray(i * d, (i + 1) * d), c1, y0, d, '#444'),
  );
  qkv.forEach(([key, tensor, heads], n) => {
    // Head-major [heads, t, hd]: gather this token's row of every head, side by side.
    const row = new Float32Array(heads * hd);
    for (let h = 0; h < heads; h++)
      row.set(tensor.subarray((h * t + i) * hd, (h * t + i + 1) * hd), h * hd);
    const y = y0 + n * ROW;
    const shape =
      key === 'q' ? `${H} × ${hd}` : `${KV} × ${hd}${KV < H ? ` (shared by ${H / KV})` : ''}`;
    root.append(
      arrow(c1 + STRIP_W + 4, y0 + STRIP_H / 2, c2 - 6, y + STRIP_H / 2, QKV_COLORS[key]),
      text(c1 + STRIP_W + 24, (y0 + y) / 2 + 4 + n * 6, `W_${key}`, { fill: QKV_COLORS[key] }),
      text(c2, y - 4, `${key}: ${shape}`, { fill: QKV_COLORS[key] }),
      strip(key, row, c2, y, hd, QKV_COLORS[key]),
    );
  });
  // One attention row per head: the token's weights over the keys, viridis.
  for (let h = 0; h < H; h++) {
    const a = r.attention.subarray((h * t + i) * tK, (h * t + i + 1) * tK);
    const y = y0 + h * rowH;
    const g = svg('g', { 'data-flow': 'attention', 'data-head': h + 1 });
    const w = (STRIP_W + 40) / Math.max(1, tK);
    a.forEach((v, j) =>
      g.append(
        svg('rect', { x: c3 + j * w, y, width: w + 0.3, height: rowH - 2, fill: sequential(v) }),
      ),
    );
    g.append(title(`Head ${h + 1}: “${name}”'s weights over the ${tK} keys`));
    root.append(g, text(c3 - 26, y + rowH - 4, `H${h + 1}`, { 'font-size': 10 }));
  }
  const attBottom = y0 + H * rowH;
  root.append(
    arrow(c2 + STRIP_W + 4, y0 + STRIP_H / 2, c3 - 30, y0 + STRIP_H / 2, QKV_COLORS.q),
    arrow(c2 + STRIP_W + 4, y0 + ROW + STRIP_H / 2, c3 - 30, y0 + ROW + STRIP_H / 2, QKV_COLORS.k),
    text(c3, attBottom + 16, 'softmax(q · k / √hd), then × v', { 'font-size': 10, fill: '#555' }),
  );
  // Concat and output.
  const concat = r.concat.subarray(i * H * hd, (i + 1) * H * hd);
  const out = r.output.subarray(i * d, (i + 1) * d);
  const yc = y0,
    yo = y0 + 2 * ROW;
  root.append(
    arrow(c3 + STRIP_W + 44, y0 + STRIP_H / 2, c4 - 6, yc + STRIP_H / 2, QKV_COLORS.v),
    text(c4, yc - 4, `concat: ${H} × ${hd} = ${H * hd}`),
    strip('concat', concat, c4, yc, hd, '#444'),
    arrow(c4 + STRIP_W / 2, yc + STRIP_H + 4, c4 + STRIP_W / 2, yo - 16),
    text(c4 + STRIP_W / 2 + 6, (yc + yo) / 2 + 4, `W_o: ${d} × ${H * hd}`),
    text(c4, yo - 4, `output: ${d} numbers`),
    strip('output', out, c4, yo, d, '#444'),
  );
  return root;
}

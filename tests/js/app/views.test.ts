// The page's views (render/views/) on small hand-built scenes, in Chromium.
import { describe, expect, it } from 'vitest';
import type { TextScene } from '../../../web/app/scene.js';
import { VIRIDIS_BYTES, diverging, headColor, sequential } from '../../../web/app/render/colors.js';
import { fmt, thousands } from '../../../web/app/render/numbers.js';
import { setText } from '../../../web/app/render/html.js';
import { contributionBars } from '../../../web/app/render/views/contribution-bars.js';
import { heatmap, MASKED_FILL } from '../../../web/app/render/views/heatmap.js';
import { heatmapCanvas } from '../../../web/app/render/views/heatmap-canvas.js';
import { flowView } from '../../../web/app/render/views/flow.js';
import { mathSteps } from '../../../web/app/render/views/math-steps.js';
import { tokenLines } from '../../../web/app/render/views/token-lines.js';

const num = (e: Element, attr: string) => Number(e.getAttribute(attr));

/** No inline styles anywhere: the page runs under a strict Content-Security-Policy. */
function expectNoInlineStyle(root: Element) {
  expect(root.querySelectorAll('[style], style')).toHaveLength(0);
  expect(root.hasAttribute('style')).toBe(false);
}

/** A deterministic filler in [-1, 1]. */
const fill = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, k) => Math.sin(seed * 12.9898 + k * 78.233));

/**
 * A scene built by hand: `attention(h, i, j)` gives the weights; a weight of exactly 0 with
 * `causal` and j > i becomes a masked (−∞) logit.
 */
function fakeScene(o: {
  tokens: string[];
  H: number;
  KV?: number;
  hd: number;
  d: number;
  causal?: boolean;
  attention: (h: number, i: number, j: number) => number;
  gates?: number[];
}): TextScene {
  const t = o.tokens.length;
  const { H, hd, d } = o;
  const KV = o.KV ?? H;
  const attention = new Float32Array(H * t * t);
  const scores = fill(H * t * t, 3);
  const logits = new Float32Array(H * t * t);
  const scale = 1 / Math.sqrt(hd);
  for (let h = 0; h < H; h++)
    for (let i = 0; i < t; i++)
      for (let j = 0; j < t; j++) {
        const k = (h * t + i) * t + j;
        attention[k] = o.attention(h, i, j);
        logits[k] = o.causal && j > i ? -Infinity : scores[k]! * scale;
      }
  return {
    kind: 'text',
    tokens: o.tokens,
    total: t,
    config: {
      dModel: d,
      numHeads: H,
      numKvHeads: KV,
      headDim: hd,
      bias: true,
      causal: o.causal ?? false,
      window: 0,
      headWindows: [],
      headTemperatures: Array.from({ length: H }, () => 1),
      scaleScores: true,
      ropeBase: 0,
    },
    gates: o.gates ?? Array.from({ length: H }, () => 1),
    x: fill(t * d, 1),
    computeMs: 1,
    result: {
      tQ: t,
      tK: t,
      q: fill(H * t * hd, 4),
      k: fill(KV * t * hd, 5),
      v: fill(KV * t * hd, 6),
      scores,
      logits,
      attention,
      headOutputs: fill(H * t * hd, 7),
      concat: fill(t * H * hd, 8),
      contributions: fill(H * t * d, 9),
      output: fill(t * d, 10),
      scoreScale: Float32Array.from({ length: H }, () => scale),
      contributionNorms: Float32Array.from({ length: H * t }, (_, k) => 1 + k),
      fusedAttribution: new Float32Array(t * t),
    },
  };
}

describe('tokenLines', () => {
  const tokens = ['the', 'cat', 'sat'];
  // Row 1 has a weight under 0.01, which is not drawn.
  const attention = Float32Array.from([1, 0, 0, 0.6, 0.395, 0.005, 0.2, 0.3, 0.5]);

  it('draws one line per weight ≥ 0.01, with opacity and width ordered like the weights', () => {
    const root = tokenLines({ tokens, attention, color: '#0072B2', focus: null, label: 'H1' });
    const lines = [...root.querySelectorAll('line')];
    expect(lines).toHaveLength(6);
    const weightOf = (l: Element) => attention[num(l, 'data-query') * 3 + num(l, 'data-key')]!;
    const sorted = lines.sort((a, b) => weightOf(a) - weightOf(b));
    for (let n = 1; n < sorted.length; n++) {
      const [a, b] = [sorted[n - 1]!, sorted[n]!];
      if (weightOf(b) > weightOf(a)) {
        expect(num(b, 'stroke-opacity')).toBeGreaterThan(num(a, 'stroke-opacity'));
        expect(num(b, 'stroke-width')).toBeGreaterThan(num(a, 'stroke-width'));
      }
    }
    expect(lines.every((l) => l.getAttribute('stroke') === '#0072B2')).toBe(true);
    const catThe = root.querySelector('line[data-query="1"][data-key="0"] title');
    expect(catThe?.textContent).toBe('"cat" → "the": 0.600');
    expect(root.querySelector('line[data-query="1"][data-key="2"]')).toBeNull();
    expectNoInlineStyle(root);
  });

  it('marks labels for the page: focusable queries, keys', () => {
    const root = tokenLines({ tokens, attention, color: '#000', focus: null, label: 'H1' });
    const queries = root.querySelectorAll('[data-side="query"]');
    const keys = root.querySelectorAll('[data-side="key"]');
    expect(queries).toHaveLength(3);
    expect(keys).toHaveLength(3);
    expect([...queries].map((q) => q.getAttribute('data-token'))).toEqual(['0', '1', '2']);
    expect([...queries].every((q) => q.getAttribute('tabindex') === '0')).toBe(true);
    expect([...keys].some((k) => k.hasAttribute('tabindex'))).toBe(false);
    expect(root.getAttribute('aria-label')).toBe('H1');
  });

  it('with a focus draws only that query’s lines, stronger than without focus', () => {
    const all = tokenLines({ tokens, attention, color: '#000', focus: null, label: 'x' });
    const one = tokenLines({ tokens, attention, color: '#000', focus: 2, label: 'x' });
    const lines = [...one.querySelectorAll('line')];
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.getAttribute('data-query') === '2')).toBe(true);
    const sel = 'line[data-query="2"][data-key="2"]';
    expect(num(one.querySelector(sel)!, 'stroke-opacity')).toBeGreaterThan(
      num(all.querySelector(sel)!, 'stroke-opacity'),
    );
    expect(
      one.querySelector('[data-side="query"][data-token="2"]')?.getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('handles 1 token and 17 tokens in compact mode', () => {
    const single = tokenLines({
      tokens: ['solo'],
      attention: Float32Array.from([1]),
      color: '#000',
      focus: 0,
      label: 'x',
    });
    expect(single.querySelectorAll('line')).toHaveLength(1);
    const t = 17;
    const uniform = new Float32Array(t * t).fill(1 / t);
    const names = Array.from({ length: t }, (_, i) => `tok${i}`);
    const big = tokenLines({
      tokens: names,
      attention: uniform,
      color: '#000',
      focus: null,
      label: 'x',
    });
    const small = tokenLines({
      tokens: names,
      attention: uniform,
      color: '#000',
      focus: null,
      label: 'x',
      compact: true,
    });
    expect(small.querySelectorAll('line')).toHaveLength(t * t);
    expect(small.querySelectorAll('[data-side="query"]')).toHaveLength(t);
    expect(num(small, 'height')).toBeLessThan(num(big, 'height'));
    expect(num(small, 'font-size')).toBeLessThan(num(big, 'font-size'));
  });
});

describe('heatmap', () => {
  const labels3 = ['the', 'cat', 'sat'];
  const values = Float32Array.from([1, 0.412, 0, 0, 1, -Infinity, 0.5, 0.25, 0.25]);

  it('draws rows × cols cells with values in their colour and title', () => {
    const root = heatmap({
      rowLabels: labels3,
      colLabels: labels3,
      values,
      rows: 3,
      cols: 3,
      mode: 'sequential',
      label: 'attention',
    });
    const cells = root.querySelectorAll('rect[data-row]');
    expect(cells).toHaveLength(9);
    const cell = (r: number, c: number) =>
      root.querySelector(`rect[data-row="${r}"][data-col="${c}"]`)!;
    expect(cell(0, 0).getAttribute('fill')).toBe(sequential(1));
    expect(cell(0, 2).getAttribute('fill')).toBe(sequential(0));
    expect(cell(0, 0).getAttribute('fill')).not.toBe(cell(0, 2).getAttribute('fill'));
    expect(cell(0, 1).querySelector('title')?.textContent).toBe(`the → cat: ${fmt(0.412)}`);
    expect(cell(0, 1).querySelector('title')?.textContent).toContain('0.412');
    expectNoInlineStyle(root);
  });

  it('draws −∞ as a neutral masked cell', () => {
    const root = heatmap({
      rowLabels: labels3,
      colLabels: labels3,
      values,
      rows: 3,
      cols: 3,
      mode: 'diverging',
      label: 'logits',
    });
    const masked = root.querySelector('rect[data-row="1"][data-col="2"]')!;
    expect(masked.getAttribute('fill')).toBe(MASKED_FILL);
    expect(masked.getAttribute('data-masked')).toBe('true');
    expect(masked.querySelector('title')?.textContent).toContain('−∞');
    expect(root.querySelectorAll('[data-masked]')).toHaveLength(1);
    // Diverging: 0 is the middle of the scale, the largest |value| its end.
    expect(root.querySelector('rect[data-row="0"][data-col="2"]')!.getAttribute('fill')).toBe(
      diverging(0),
    );
    expect(root.querySelector('rect[data-row="0"][data-col="0"]')!.getAttribute('fill')).toBe(
      diverging(1),
    );
  });

  it('labels, truncates, outlines the focus row and has a legend; small multiples have no text', () => {
    const long = ['extraordinarily', 'b'];
    const v = Float32Array.from([0, 1, 2, 3]);
    const root = heatmap({
      rowLabels: long,
      colLabels: long,
      values: v,
      rows: 2,
      cols: 2,
      mode: 'sequential',
      max: 3,
      focusRow: 1,
      accent: '#D55E00',
      label: 'x',
    });
    const texts = [...root.querySelectorAll('text')].map((t) => t.textContent ?? '');
    expect(texts).toContain('extraordi…');
    expect(texts).not.toContain('extraordinarily');
    expect(root.querySelector('[data-legend]')).not.toBeNull();
    expect(texts).toContain(fmt(3));
    expect(root.querySelector('rect[data-row="1"][data-col="1"]')!.getAttribute('fill')).toBe(
      sequential(1),
    );
    const outline = root.querySelector('[data-focus-row]')!;
    expect(outline.getAttribute('data-focus-row')).toBe('1');
    expect(outline.getAttribute('stroke')).toBe('#D55E00');

    const bare = heatmap({
      rowLabels: long,
      colLabels: long,
      values: v,
      rows: 2,
      cols: 2,
      mode: 'sequential',
      showLabels: false,
      label: 'x',
    });
    expect(bare.querySelectorAll('text')).toHaveLength(0);
    expect(bare.querySelectorAll('rect[data-row]')).toHaveLength(4);
  });

  it('draws a 17 × 17 and a 1 × 1 matrix', () => {
    const t = 17;
    const big = heatmap({
      rowLabels: [],
      colLabels: [],
      values: new Float32Array(t * t).fill(0.5),
      rows: t,
      cols: t,
      mode: 'sequential',
      label: 'x',
    });
    expect(big.querySelectorAll('rect[data-row]')).toHaveLength(t * t);
    const one = heatmap({
      rowLabels: ['a'],
      colLabels: ['a'],
      values: Float32Array.from([0.5]),
      rows: 1,
      cols: 1,
      mode: 'diverging',
      label: 'x',
    });
    expect(one.querySelector('rect[data-row]')!.getAttribute('fill')).toBe(diverging(1));
  });
});

describe('heatmap repainted in place', () => {
  const opts = (values: number[], focusRow: number | null, names = ['a', 'b'], cols = 2) => ({
    rowLabels: names.slice(0, values.length / cols),
    colLabels: names.slice(0, cols),
    values: Float32Array.from(values),
    rows: values.length / cols,
    cols,
    mode: 'diverging' as const,
    focusRow,
    label: `x ${values.join(',')}`,
  });
  const cellAt = (root: Element, r: number, c: number) =>
    root.querySelector(`rect[data-row="${r}"][data-col="${c}"]`);

  it('gives the same drawing as a fresh one, in the same cell elements', () => {
    const first = heatmap(opts([1, -Infinity, 0.5, 0], null));
    const cell = cellAt(first, 1, 0);
    // New values, a focus row, and longer labels that move the grid.
    const next = opts([-2, 1, -Infinity, 0.25], 1, ['c', 'longer']);
    const again = heatmap({ ...next, reuse: first });
    expect(again).toBe(first);
    expect(cellAt(again, 1, 0)).toBe(cell);
    // Everything, attributes, tooltips, labels, focus, hatching and legend, as drawn from scratch.
    expect(again.outerHTML).toBe(heatmap(next).outerHTML);
    expect(again.querySelectorAll('[data-masked]')).toHaveLength(1);
    expect(cell!.querySelector('title')!.textContent).toBe(`longer → c: ${fmt(-Infinity)}`);
  });

  it('adds and drops rows at the end, and makes new cells when the columns change', () => {
    const names = ['a', 'b', 'c'];
    const root = heatmap(opts([1, 0, 0, 1], null, names));
    const kept = cellAt(root, 0, 1);
    for (const values of [
      [1, 0, 0, 1, 0.5, 0.5],
      [0.25, -1],
    ]) {
      heatmap({ ...opts(values, 0, names), reuse: root });
      expect(cellAt(root, 0, 1)).toBe(kept);
      expect(root.outerHTML).toBe(heatmap(opts(values, 0, names)).outerHTML);
    }
    const three = opts([1, 2, 3], null, names, 3);
    heatmap({ ...three, reuse: root });
    expect(cellAt(root, 0, 1)).not.toBe(kept);
    expect(root.outerHTML).toBe(heatmap(three).outerHTML);
  });
});

describe('contributionBars', () => {
  const tokens = ['a', 'b', 'c', 'd', 'e'];
  // [H = 3, t = 5]; head 2 (H2) is gated off but has norms, which must not show.
  const norms = Float32Array.from([1, 2, 3, 4, 5, 9, 9, 9, 9, 9, 0.5, 1, 2, 4, 5]);
  const gates = [1, 0, 1];

  it('draws segments proportional to the norms on one scale, zero for a gated-off head', () => {
    const root = contributionBars({ tokens, norms, gates, focus: 2 });
    expect(root.getAttribute('data-view')).toBe('contribution-bars');
    const seg = (h: number, i: number) =>
      num(root.querySelector(`rect[data-head="${h}"][data-token="${i}"]`)!, 'width');
    expect(root.querySelectorAll('rect[data-head]')).toHaveLength(15);
    expect(seg(0, 0) / seg(0, 4)).toBeCloseTo(1 / 5, 2);
    expect(seg(2, 3) / seg(0, 3)).toBeCloseTo(4 / 4, 2);
    expect(seg(2, 0) / seg(0, 1)).toBeCloseTo(0.5 / 2, 2);
    for (let i = 0; i < 5; i++) expect(seg(1, i)).toBe(0);
    // The longest stack (token e: 5 + 5) fills the whole bar; token a's is 1.5 / 10 of it.
    const total = (i: number) => seg(0, i) + seg(1, i) + seg(2, i);
    expect(total(0) / total(4)).toBeCloseTo(1.5 / 10, 2);
    expect(root.querySelector('rect[data-head="0"]')!.getAttribute('fill')).toBe(headColor(0));
    const tip = root.querySelector('rect[data-head="1"][data-token="2"] title')!.textContent;
    expect(tip).toContain('H2 → "c": ‖contribution‖ = 0');
    expect(root.querySelector('rect[data-head="2"][data-token="1"] title')!.textContent).toBe(
      `H3 → "b": ‖contribution‖ = ${fmt(1)}`,
    );
    expectNoInlineStyle(root);
  });

  it('has a legend H1…Hn and highlights the focus token', () => {
    const root = contributionBars({ tokens, norms, gates, focus: 2 });
    const legend = [...root.querySelectorAll('[data-legend-head]')].map((g) => g.textContent);
    expect(legend).toEqual(['H1', 'H2 off', 'H3']);
    const focused = root.querySelectorAll('[data-focus="true"]');
    expect(focused).toHaveLength(1);
    expect(focused[0]!.getAttribute('data-token')).toBe('2');
    const none = contributionBars({ tokens, norms, gates, focus: null });
    expect(none.querySelectorAll('[data-focus]')).toHaveLength(0);
  });
});

describe('mathSteps', () => {
  // 3 tokens, 2 heads, causal: query 0 sees only key 0; query 2 sees all three (H2 reversed).
  const rows = [
    [1, 0, 0],
    [0.7, 0.3, 0],
    [0.2, 0.3, 0.5],
  ];
  const scene = fakeScene({
    tokens: ['the', 'cat', 'sat'],
    H: 2,
    hd: 4,
    d: 16,
    causal: true,
    attention: (h, i, j) => (h === 1 && i === 2 ? rows[2]![2 - j]! : rows[i]![j]!),
  });

  const keyRows = (table: Element) => table.querySelectorAll('tbody tr[data-key]');

  it('lists the eight steps with the softmax weights of the scene', () => {
    const root = mathSteps(scene, 0, 2);
    expect(root.getAttribute('data-view')).toBe('math-steps');
    const steps = root.querySelectorAll('ol.math-steps > li');
    expect(steps).toHaveLength(8);
    const softmax = steps[4]!;
    const cells = [...keyRows(softmax)].map((tr) => tr.lastElementChild!.textContent);
    expect(cells).toEqual([fmt(0.2), fmt(0.3), fmt(0.5)]);
    expect(softmax.textContent).toContain(`add up to ${fmt(1)}`);
    // The largest weight's row is marked.
    expect(softmax.querySelector('tr.math-max')?.getAttribute('data-key')).toBe('2');
    // The head output printed is the core's.
    const out = scene.result.headOutputs.subarray(2 * 4, 3 * 4);
    expect(steps[5]!.querySelector('.math-vector')!.textContent).toBe(
      `[${Array.from(out, fmt).join(', ')}]`,
    );
    expectNoInlineStyle(root);
  });

  it('shows −∞ and the masking note for keys a causal query cannot see', () => {
    const root = mathSteps(scene, 1, 0);
    const scaling = root.querySelectorAll('ol.math-steps > li')[3]!;
    const masked = scaling.querySelectorAll('tr.math-masked');
    expect([...masked].map((tr) => tr.getAttribute('data-key'))).toEqual(['1', '2']);
    for (const tr of masked) {
      expect(tr.textContent).toContain('−∞');
      expect(tr.textContent).toContain('masked (causal/window)');
    }
    const visible = scaling.querySelector('tr[data-key="0"]')!;
    expect(visible.textContent).not.toContain('masked');
  });

  it('caps vectors at 8 values', () => {
    const root = mathSteps(scene, 0, 1);
    const x = root.querySelector('ol.math-steps > li .math-vector')!;
    expect(x.textContent).toContain('… (+8 more)');
    expect(x.textContent!.split(',')).toHaveLength(9);
  });

  it('caps key tables at 24 rows and keeps the key with the largest weight', () => {
    const t = 40;
    const big = fakeScene({
      tokens: Array.from({ length: t }, (_, i) => `w${i}`),
      H: 2,
      KV: 1,
      hd: 2,
      d: 4,
      attention: (_h, _i, j) => (j === 35 ? 0.61 : 0.01),
    });
    const root = mathSteps(big, 1, 5);
    const tables = root.querySelectorAll('ol.math-steps > li:nth-child(-n+5) table.math-table');
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) {
      expect(keyRows(table)).toHaveLength(24);
      expect(table.querySelector('tr[data-key="35"]')).not.toBeNull();
      expect(table.querySelector('.math-more')?.textContent).toContain('16 more keys');
    }
    expect(root.textContent).toContain('group 1 of 1');
  });

  it('writes the rotation R(i) into q and k only for a model with rotary positions', () => {
    const plain = mathSteps(scene, 0, 2).querySelectorAll('ol.math-steps > li')[1]!;
    expect(plain.textContent).toContain('q = x W_qᵀ + b_q');
    expect(plain.textContent).not.toContain('R(');
    const rotary = { ...scene, config: { ...scene.config, ropeBase: 10000 } };
    const step = mathSteps(rotary, 0, 2).querySelectorAll('ol.math-steps > li')[1]!;
    expect(step.textContent).toContain('q = R(i) · (x W_qᵀ + b_q)');
    expect(step.textContent).toContain('k_j = R(j) · (x_j W_kᵀ + b_k)');
    expect(step.textContent).toContain('(here 2)');
    expect(step.textContent).toContain('i × 10000^(−2m/4)');
  });

  it('works for a single token', () => {
    const one = fakeScene({ tokens: ['solo'], H: 1, hd: 2, d: 2, attention: () => 1 });
    const root = mathSteps(one, 0, 0);
    expect(root.querySelectorAll('ol.math-steps > li')).toHaveLength(8);
    expect(root.querySelector('tr.math-max')?.getAttribute('data-key')).toBe('0');
  });
});

describe('VIRIDIS_BYTES (the canvas heatmaps’ colours)', () => {
  it('matches the SVG views’ colour string at each of its 256 steps', () => {
    for (let k = 0; k < 256; k++) {
      const [r, g, b] = sequential(k / 255)
        .match(/\d+/g)!
        .map(Number);
      expect([...VIRIDIS_BYTES.subarray(3 * k, 3 * k + 3)]).toEqual([r, g, b]);
    }
  });
});

describe('tokenLines repainted in place', () => {
  const base = {
    tokens: ['the', 'cat', 'sat'],
    attention: new Float32Array([1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5]),
    color: headColor(0),
    focus: null,
    label: 'a',
  };
  const next = {
    ...base,
    tokens: ['the', 'dog', 'ran'],
    attention: new Float32Array([0.9, 0.1, 0, 0.1, 0.8, 0.1, 0.6, 0.1, 0.3]),
    color: headColor(2),
    focus: 1,
    label: 'b',
  };

  it('gives the same view as one drawn afresh, in the same element', () => {
    const old = tokenLines(base);
    const reused = tokenLines({ ...next, reuse: old });
    expect(reused).toBe(old);
    expect(reused.outerHTML).toBe(tokenLines(next).outerHTML);
  });

  it('adds, removes and moves rows in place, and matches a fresh view each time', () => {
    const view = tokenLines(base);
    const longer = {
      ...next,
      tokens: ['the', 'dog', 'ran', 'off'],
      attention: new Float32Array(16),
    };
    const wider = { ...next, tokens: ['the', 'elephant', 'ran'] };
    for (const o of [
      longer,
      wider,
      base,
      { ...longer, tokens: ['a'], attention: new Float32Array(1) },
    ]) {
      expect(tokenLines({ ...o, reuse: view })).toBe(view);
      expect(view.outerHTML).toBe(tokenLines(o).outerHTML);
    }
  });

  it('builds a new view for the other kind (compact or full)', () => {
    const old = tokenLines(base);
    const compact = { ...base, compact: true };
    const fresh = tokenLines({ ...compact, reuse: old });
    expect(fresh).not.toBe(old);
    expect(fresh.outerHTML).toBe(tokenLines(compact).outerHTML);
  });
});

describe('heatmapCanvas', () => {
  const rgb = (s: string) => s.match(/\d+/g)!.map(Number);
  /** The colour of the canvas pixel at CSS px (x, y). */
  const pixel = (c: HTMLCanvasElement, x: number, y: number) => {
    const scale = c.width / parseFloat(c.style.width);
    const d = c.getContext('2d')!.getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1);
    return [...d.data.subarray(0, 3)];
  };

  it('paints each cell in its viridis colour (grey when not a number), and repaints in place', () => {
    const values = new Float32Array([0, 1, Number.NaN, 0.5]);
    const c = heatmapCanvas({ values, rows: 2, cols: 2, cell: 5, label: 'm' });
    expect(parseFloat(c.style.width)).toBe(10);
    expect(pixel(c, 2, 2)).toEqual(rgb(sequential(0)));
    expect(pixel(c, 7, 2)).toEqual(rgb(sequential(1)));
    expect(pixel(c, 2, 7)).toEqual([228, 228, 228]);
    expect(pixel(c, 7, 7)).toEqual(rgb(sequential(128 / 255)));
    // A 3 × 3 matrix in the same 10 px square (cells of 3.33 px), drawn into the same canvas.
    const next = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const again = heatmapCanvas({
      values: next,
      rows: 3,
      cols: 3,
      cell: 5,
      maxSize: 10,
      label: 'n',
      reuse: c,
    });
    expect(again).toBe(c);
    expect(pixel(c, 1, 1)).toEqual(rgb(sequential(1)));
    expect(pixel(c, 5, 1)).toEqual(rgb(sequential(0)));
    expect(pixel(c, 5, 5)).toEqual(rgb(sequential(1)));
    expect(pixel(c, 9, 9)).toEqual(rgb(sequential(1)));
    expect(c.getAttribute('aria-label')).toBe('n');
  });
});

describe('flowView', () => {
  // GQA: 4 query heads share 2 key/value heads of 3; d_model 12; 5 tokens.
  const scene = fakeScene({
    tokens: ['a', 'b', 'c', 'd', 'e'],
    H: 4,
    KV: 2,
    hd: 3,
    d: 12,
    attention: (h, i, j) => (j === (i + h) % 5 ? 1 : 0),
  });

  it('draws x, q, k, v, each head’s attention row, concat and output with their shapes', () => {
    const view = flowView(scene, 2);
    const len = (name: string) =>
      Number(view.querySelector(`[data-flow=${name}]`)!.getAttribute('data-length'));
    expect([len('x'), len('q'), len('k'), len('v'), len('concat'), len('output')]).toEqual([
      12, 12, 6, 6, 12, 12,
    ]);
    expect(view.querySelectorAll('[data-flow=attention]')).toHaveLength(4);
    expect(view.textContent).toContain('k: 2 × 3 (shared by 2)');
    expect(view.textContent).toContain('attention: 4 heads × 5 × 5');
    expect(view.getAttribute('aria-label')).toContain('“c”');
    expectNoInlineStyle(view);
  });

  it('colours each cell by the core’s value: the token’s q row, head by head', () => {
    const view = flowView(scene, 2);
    const cells = [...view.querySelectorAll('[data-flow=q] rect[fill]')].slice(0, 12);
    // q is [H, t, hd]: head 1's row for token 2 starts at (1·5 + 2)·3.
    const q = scene.result.q;
    const max = Math.max(
      ...[0, 1, 2, 3].flatMap((h) => [0, 1, 2].map((e) => Math.abs(q[(h * 5 + 2) * 3 + e]!))),
    );
    expect(cells[3]!.getAttribute('fill')).toBe(diverging(q[(1 * 5 + 2) * 3]! / max));
    // Head 3's attention row puts all its weight on key (2 + 2) % 5 = 4.
    const row = view.querySelector('[data-flow=attention][data-head="3"]')!;
    expect(row.querySelectorAll('rect')[4]!.getAttribute('fill')).toBe(sequential(1));
  });
});

describe('thousands', () => {
  it('groups whole numbers as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 16000, 123456, 1234567, 98765432, -1000, -123456789])
      expect(thousands(n)).toBe(n.toLocaleString('en'));
  });

  it('leaves the decimals ungrouped', () => {
    expect(thousands(1234.5678)).toBe('1,234.5678');
    expect(thousands(0.25)).toBe('0.25');
  });
});

describe('setText', () => {
  it('keeps the text node when the text is unchanged and replaces the text when it changes', () => {
    const p = document.createElement('p');
    setText(p, 'one');
    const node = p.firstChild;
    setText(p, 'one');
    expect(p.firstChild).toBe(node);
    setText(p, 'two');
    expect(p.textContent).toBe('two');
  });
});

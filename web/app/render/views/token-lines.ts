// BertViz-style lines view of one head: queries in a left column, keys in a right column, a line
// from query i to key j as strong as attention[i, j]. With a focus token only its lines are drawn.
// The page attaches hover/focus handlers to the labels ([data-token][data-side]) and re-renders.
// Given the view it drew last time (`reuse`), it updates that one in place: a keystroke then adds
// or removes rows, moves them if the columns changed width, repaints words, tints and lines, and
// builds only the lines.
import { fmt } from '../numbers.js';
import { setAttr, svg, svgRoot, title } from '../svg.js';
import { truncate } from '../html.js';

export interface TokenLinesOptions {
  tokens: string[];
  /** [t, t]: row = query i, column = key j. */
  attention: Float32Array;
  color: string;
  focus: number | null;
  label: string;
  compact?: boolean;
  /** A view this function drew before, to repaint instead of building a new one. */
  reuse?: SVGSVGElement | null | undefined;
}

/** Lines below this weight are not drawn, to keep the DOM small. */
const MIN_WEIGHT = 0.01;

/** Sizes that depend on the options; a reused view is laid out again when they change. */
function geometry(o: TokenLinesOptions) {
  const t = o.tokens.length;
  const compact = o.compact === true;
  const font = compact ? 9 : 13;
  const rowH = compact ? 11 : 20;
  const maxChars = compact ? 8 : 14;
  const shown = o.tokens.map((s) => truncate(s, maxChars));
  const longest = Math.max(1, ...shown.map((s) => s.length));
  const colW = Math.ceil(longest * font * 0.62) + 10;
  const gap = compact ? 56 : 120;
  const top = compact ? 2 : 22;
  const key = `${t} ${colW}`;
  return { t, compact, font, rowH, shown, colW, gap, top, key };
}
type Geometry = ReturnType<typeof geometry>;

export function tokenLines(o: TokenLinesOptions): SVGSVGElement {
  const g = geometry(o);
  const kind = g.compact ? 'compact' : 'full';
  const root = o.reuse?.dataset.kind === kind ? o.reuse : frame(g, kind);
  if (root.dataset.geometry !== g.key) {
    setRows(root, g.t, g.compact);
    layout(root, g);
  }
  paint(root, g, o);
  return root;
}

/** The parts every view of a kind has: the root, the column titles, the lines' group. */
function frame(g: Geometry, kind: string): SVGSVGElement {
  const root = svgRoot(0, 0, '');
  root.dataset.kind = kind;
  // A group, not an image: its words are buttons.
  root.setAttribute('role', 'group');
  root.setAttribute('data-view', 'token-lines');
  root.setAttribute(
    'class',
    g.compact ? 'hs-view hs-token-lines hs-compact' : 'hs-view hs-token-lines',
  );
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(g.font));
  if (!g.compact)
    root.append(
      svg('text', { y: 14, 'text-anchor': 'end', fill: '#666', class: 'hs-muted hs-col-queries' }, [
        'queries',
      ]),
      svg('text', { y: 14, fill: '#666', class: 'hs-muted hs-col-keys' }, ['keys']),
    );
  root.append(svg('g', { class: 'hs-lines', fill: 'none', 'stroke-linecap': 'round' }));
  return root;
}

/** A row's two labels: a background rect (hit area, focus highlight) and the text, each in a <g>. */
function row(i: number, compact: boolean): SVGGElement[] {
  const q = svg('g', {
    'data-token': i,
    'data-side': 'query',
    // In a head card the words are reached with the arrow keys, the card being one tab stop.
    tabindex: compact ? -1 : 0,
    role: 'button',
  });
  q.append(
    svg('rect', { class: 'hs-token-bg' }),
    svg('text', {
      'text-anchor': 'end',
      'dominant-baseline': 'central',
      fill: '#111',
      class: 'hs-label',
    }),
  );
  const k = svg('g', { class: 'hs-token', 'data-token': i, 'data-side': 'key' });
  k.append(
    svg('rect', { class: 'hs-token-bg' }),
    svg('text', { 'dominant-baseline': 'central', fill: '#111', class: 'hs-label' }),
  );
  return [q, k];
}

/** Adds or removes rows until there are t. */
function setRows(root: SVGSVGElement, t: number, compact: boolean): void {
  const rows = root.querySelectorAll(':scope > g[data-token]');
  for (let k = rows.length - 1; k >= 2 * t; k--) rows[k]!.remove();
  for (let i = rows.length / 2; i < t; i++) root.append(...row(i, compact));
}

/** Sizes and positions: the root, the column titles and every row. */
function layout(root: SVGSVGElement, g: Geometry): void {
  const { t, colW, gap, top, rowH } = g;
  const width = colW * 2 + gap;
  const height = top + Math.max(1, t) * rowH + 2;
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.dataset.geometry = g.key;
  root.querySelector('.hs-col-queries')?.setAttribute('x', String(colW - 4));
  root.querySelector('.hs-col-keys')?.setAttribute('x', String(colW + gap + 4));
  const rows = root.querySelectorAll(':scope > g[data-token]');
  const place = (group: Element, i: number, x: number, textX: number) => {
    const rect = group.querySelector('rect')!;
    setAttr(rect, 'x', String(x));
    setAttr(rect, 'y', String(top + i * rowH));
    setAttr(rect, 'width', String(colW));
    setAttr(rect, 'height', String(rowH));
    const text = group.querySelector('text')!;
    setAttr(text, 'x', String(textX));
    setAttr(text, 'y', String(top + i * rowH + rowH / 2));
  };
  for (let i = 0; i < t; i++) {
    place(rows[2 * i]!, i, 0, colW - 4);
    place(rows[2 * i + 1]!, i, colW + gap, colW + gap + 4);
  }
}

/** Sets a row's word, and its full text as a tooltip when the word is cut to fit. */
function setWord(group: Element, shown: string, full: string): void {
  const tip = group.querySelector('title');
  if (tip?.textContent !== (full !== shown ? full : undefined)) {
    tip?.remove();
    if (full !== shown) group.prepend(title(full));
  }
  const text = group.querySelector('text')!;
  if (text.textContent !== shown) text.textContent = shown;
}

/** Everything that depends on the numbers: words, focus, key tints, lines. */
function paint(root: SVGSVGElement, g: Geometry, o: TokenLinesOptions): void {
  const { t, compact, shown, colW, gap, top, rowH } = g;
  const focus = o.focus !== null && o.focus >= 0 && o.focus < t ? o.focus : null;
  const y = (i: number) => top + i * rowH + rowH / 2;
  const weight = (i: number, j: number) => {
    const w = o.attention[i * t + j] ?? 0;
    return Number.isFinite(w) ? w : 0;
  };
  setAttr(root, 'aria-label', o.label);
  const rows = root.querySelectorAll(':scope > g[data-token]');
  for (let i = 0; i < t; i++) {
    const q = rows[2 * i]!;
    const k = rows[2 * i + 1]!;
    const isFocus = focus === i;
    const full = o.tokens[i] ?? '';
    setAttr(q, 'class', isFocus ? 'hs-token hs-token-focus' : 'hs-token');
    // The name holds the word as drawn (cut to fit) and in full.
    setAttr(q, 'aria-label', shown[i] === full ? `query ${full}` : `query ${shown[i]} (${full})`);
    setAttr(q, 'aria-pressed', isFocus ? 'true' : 'false');
    setWord(q, shown[i] ?? '', full);
    setWord(k, shown[i] ?? '', full);
    const qRect = q.querySelector('rect')!;
    setAttr(qRect, 'fill', o.color);
    setAttr(qRect, 'fill-opacity', isFocus ? '0.2' : '0');
    const text = q.querySelector('text')!;
    if (isFocus) setAttr(text, 'font-weight', '700');
    else text.removeAttribute('font-weight');
    // Key side: when a query is in focus, tint each key by the weight it receives.
    const kw = focus === null ? 0 : weight(focus, i);
    const kRect = k.querySelector('rect')!;
    setAttr(kRect, 'fill', o.color);
    setAttr(kRect, 'fill-opacity', (0.35 * Math.min(1, kw)).toFixed(3));
  }

  // Lines, weakest first so the strong ones are drawn on top.
  const lines: { i: number; j: number; w: number }[] = [];
  for (let i = 0; i < t; i++) {
    if (focus !== null && i !== focus) continue;
    for (let j = 0; j < t; j++) {
      const w = weight(i, j);
      if (w >= MIN_WEIGHT) lines.push({ i, j, w });
    }
  }
  lines.sort((a, b) => a.w - b.w);
  const strong = focus !== null;
  root.querySelector('.hs-lines')!.replaceChildren(
    ...lines.map(({ i, j, w }) => {
      const a = Math.min(1, w);
      const opacity = strong ? 0.1 + 0.9 * a : 0.7 * a;
      const strokeW = strong ? 1 + 3 * a : compact ? 0.4 + 1.6 * a : 0.5 + 2.5 * a;
      return svg(
        'line',
        {
          x1: colW + 2,
          y1: y(i),
          x2: colW + gap - 2,
          y2: y(j),
          stroke: o.color,
          'stroke-opacity': opacity.toFixed(3),
          'stroke-width': strokeW.toFixed(2),
          'data-query': i,
          'data-key': j,
        },
        [title(`"${o.tokens[i]}" → "${o.tokens[j]}": ${fmt(w)}`)],
      );
    }),
  );
}

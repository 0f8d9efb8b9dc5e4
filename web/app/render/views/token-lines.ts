// BertViz-style lines view of one head: queries in a left column, keys in a right column, a line
// from query i to key j as strong as attention[i, j]. With a focus token only its lines are drawn.
// The page attaches hover/focus handlers to the labels ([data-token][data-side]) and re-renders.
import { fmt } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';
import { truncate } from '../html.js';

export interface TokenLinesOptions {
  tokens: string[];
  /** [t, t]: row = query i, column = key j. */
  attention: Float32Array;
  color: string;
  focus: number | null;
  label: string;
  compact?: boolean;
}

/** Lines below this weight are not drawn, to keep the DOM small. */
const MIN_WEIGHT = 0.01;

export function tokenLines(o: TokenLinesOptions): SVGSVGElement {
  const t = o.tokens.length;
  const compact = o.compact === true;
  const focus = o.focus !== null && o.focus >= 0 && o.focus < t ? o.focus : null;
  const font = compact ? 9 : 13;
  const rowH = compact ? 11 : 20;
  const maxChars = compact ? 8 : 14;
  const shown = o.tokens.map((s) => truncate(s, maxChars));
  const longest = Math.max(1, ...shown.map((s) => s.length));
  const colW = Math.ceil(longest * font * 0.62) + 10;
  const gap = compact ? 56 : 120;
  const top = compact ? 2 : 22;
  const width = colW * 2 + gap;
  const height = top + Math.max(1, t) * rowH + 2;
  const y = (i: number) => top + i * rowH + rowH / 2;
  const weight = (i: number, j: number) => {
    const w = o.attention[i * t + j] ?? 0;
    return Number.isFinite(w) ? w : 0;
  };

  const root = svgRoot(width, height, o.label);
  // A group, not an image: its words are buttons.
  root.setAttribute('role', 'group');
  root.setAttribute('data-view', 'token-lines');
  root.setAttribute(
    'class',
    compact ? 'hs-view hs-token-lines hs-compact' : 'hs-view hs-token-lines',
  );
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(font));

  if (!compact) {
    root.append(
      svg('text', { x: colW - 4, y: 14, 'text-anchor': 'end', fill: '#666', class: 'hs-muted' }, [
        'queries',
      ]),
      svg('text', { x: colW + gap + 4, y: 14, fill: '#666', class: 'hs-muted' }, ['keys']),
    );
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
  const group = svg('g', { class: 'hs-lines', fill: 'none', 'stroke-linecap': 'round' });
  for (const { i, j, w } of lines) {
    const a = Math.min(1, w);
    const opacity = strong ? 0.1 + 0.9 * a : 0.7 * a;
    const strokeW = strong ? 1 + 3 * a : compact ? 0.4 + 1.6 * a : 0.5 + 2.5 * a;
    group.append(
      svg(
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
      ),
    );
  }
  root.append(group);

  // Labels: a background rect (hit area, focus highlight) and the text, in one <g> per token.
  for (let i = 0; i < t; i++) {
    const isFocus = focus === i;
    const q = svg('g', {
      class: isFocus ? 'hs-token hs-token-focus' : 'hs-token',
      'data-token': i,
      'data-side': 'query',
      // In a head card the words are reached with the arrow keys, the card being one tab stop.
      tabindex: compact ? -1 : 0,
      role: 'button',
      // The name holds the word as drawn (cut to fit) and in full.
      'aria-label':
        shown[i] === o.tokens[i] ? `query ${o.tokens[i]}` : `query ${shown[i]} (${o.tokens[i]})`,
      'aria-pressed': isFocus ? 'true' : 'false',
    });
    const full = o.tokens[i] ?? '';
    const tip = full !== shown[i] ? [title(full)] : [];
    q.append(
      ...tip,
      svg('rect', {
        class: 'hs-token-bg',
        x: 0,
        y: top + i * rowH,
        width: colW,
        height: rowH,
        fill: o.color,
        'fill-opacity': isFocus ? 0.2 : 0,
      }),
      svg(
        'text',
        {
          x: colW - 4,
          y: y(i),
          'text-anchor': 'end',
          'dominant-baseline': 'central',
          fill: '#111',
          'font-weight': isFocus ? 700 : undefined,
          class: 'hs-label',
        },
        [shown[i] ?? ''],
      ),
    );
    // Key side: when a query is in focus, tint each key by the weight it receives.
    const kw = focus === null ? 0 : weight(focus, i);
    const k = svg('g', { class: 'hs-token', 'data-token': i, 'data-side': 'key' });
    k.append(
      ...tip.map((e) => e.cloneNode(true)),
      svg('rect', {
        class: 'hs-token-bg',
        x: colW + gap,
        y: top + i * rowH,
        width: colW,
        height: rowH,
        fill: o.color,
        'fill-opacity': (0.35 * Math.min(1, kw)).toFixed(3),
      }),
      svg(
        'text',
        {
          x: colW + gap + 4,
          y: y(i),
          'dominant-baseline': 'central',
          fill: '#111',
          class: 'hs-label',
        },
        [shown[i] ?? ''],
      ),
    );
    root.append(q, k);
  }
  return root;
}

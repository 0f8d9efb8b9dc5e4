// Every head of a model ranked by an importance the core measured: one horizontal bar per head,
// most important at the top, named "L2 H6" (layer 2, head 6). Signed values (ablation may lower
// the loss) get a zero line with bars to its left and right. Only the sorting is done here.
// A row is <g data-layer data-model-head data-value> with a <title>, and a button: choosing it
// shows that layer and head in the other sections (wired by the caller, e.g. wireModelGrid).
import { headColor } from '../colors.js';
import { fmt } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';

export interface ImportanceBarsOptions {
  /** [layers × heads] one value per head, as the core measured it. */
  values: Float32Array;
  numHeads: number;
  /** [layers × heads] 1 = on, 0 = off. */
  gates: number[];
  /** [layers × heads] a short note per head, such as its learned job ('' for none). */
  notes: string[];
  /** The layer and head shown in the other sections, marked here. */
  selected: { layer: number; head: number };
  /** What a value is, for tooltips: "loss rise", "|∂loss/∂gate|". */
  quantity: string;
  label: string;
}

const POSITIVE = '#0072B2';
const NEGATIVE = '#D55E00';

/** "L2 H6" for head k of a model with `numHeads` heads per layer. */
export function headName(k: number, numHeads: number): string {
  return `L${Math.floor(k / numHeads) + 1} H${(k % numHeads) + 1}`;
}

/** Heads by value, largest first (ties: lower index first); non-finite values last. */
export function rank(values: Float32Array): number[] {
  const v = (k: number) => (Number.isFinite(values[k]!) ? values[k]! : Number.NEGATIVE_INFINITY);
  return Array.from(values.keys()).sort((a, b) => v(b) - v(a) || a - b);
}

export function importanceBars(o: ImportanceBarsOptions): SVGSVGElement {
  const n = o.values.length;
  const H = o.numHeads;
  const value = (k: number) => (Number.isFinite(o.values[k]!) ? o.values[k]! : 0);
  let lo = 0,
    hi = 0;
  for (let k = 0; k < n; k++) {
    lo = Math.min(lo, value(k));
    hi = Math.max(hi, value(k));
  }
  if (hi - lo <= 0) hi = 1;

  const font = 11;
  const rowH = 17;
  const nameW = 78;
  const barW = 300;
  const valueW = 64;
  const longest = Math.max(0, ...o.notes.map((s) => s.length));
  const noteW = Math.ceil(longest * font * 0.56);
  const top = 4;
  const width = nameW + barW + valueW + noteW + 8;
  const height = top + n * rowH + 20;
  const scale = barW / (hi - lo);
  const zero = nameW + -lo * scale;

  const root = svgRoot(width, height, o.label);
  root.setAttribute('data-view', 'importance-bars');
  root.setAttribute('class', 'hs-view hs-importance-bars');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(font));

  rank(o.values).forEach((k, i) => {
    const layer = Math.floor(k / H);
    const head = k % H;
    const v = o.values[k]!;
    const off = o.gates[k] === 0;
    const chosen = layer === o.selected.layer && head === o.selected.head;
    const y = top + i * rowH;
    const name = headName(k, H);
    const note = o.notes[k] ?? '';
    const row = svg('g', {
      'data-layer': layer,
      'data-model-head': head,
      'data-value': String(v),
      'data-rank': i,
      class: chosen ? 'hs-bar-row hs-focus' : 'hs-bar-row',
      opacity: off ? 0.45 : undefined,
      tabindex: 0,
      role: 'button',
      'aria-pressed': String(chosen),
      'aria-label': `${name}${off ? ' (off)' : ''}: ${o.quantity} ${fmt(v)}${note ? `, ${note}` : ''}. Show this head.`,
    });
    row.append(
      svg('rect', {
        x: 0,
        y,
        width,
        height: rowH,
        fill: chosen ? POSITIVE : 'transparent',
        'fill-opacity': chosen ? 0.12 : undefined,
        class: 'hs-row-bg',
      }),
      svg('rect', { x: 0, y: y + 3, width: 4, height: rowH - 6, fill: headColor(head) }),
      svg(
        'text',
        {
          x: 8,
          y: y + rowH / 2,
          'dominant-baseline': 'central',
          fill: '#111',
          'font-weight': chosen ? 700 : undefined,
          class: 'hs-label',
        },
        [off ? `${name} off` : name],
      ),
    );
    const x0 = v >= 0 ? zero : zero + v * scale;
    row.append(
      svg(
        'rect',
        {
          x: x0.toFixed(2),
          y: y + 3,
          width: (Math.abs(Number.isFinite(v) ? v : 0) * scale).toFixed(2),
          height: rowH - 6,
          fill: v >= 0 ? POSITIVE : NEGATIVE,
        },
        [title(`${name}${off ? ' (off)' : ''}: ${o.quantity} ${fmt(v)}`)],
      ),
      svg(
        'text',
        {
          x: nameW + barW + 6,
          y: y + rowH / 2,
          'dominant-baseline': 'central',
          fill: '#111',
          class: 'hs-label hs-value',
          'font-variant-numeric': 'tabular-nums',
        },
        [fmt(v)],
      ),
    );
    if (note)
      row.append(
        svg(
          'text',
          {
            x: nameW + barW + valueW,
            y: y + rowH / 2,
            'dominant-baseline': 'central',
            fill: '#666',
            class: 'hs-muted',
          },
          [note],
        ),
      );
    root.append(row);
  });

  const axisY = top + n * rowH;
  const muted = { fill: '#666', class: 'hs-muted', 'font-size': 10 };
  root.append(
    svg('line', { x1: zero, x2: zero, y1: top, y2: axisY, stroke: '#888', 'stroke-width': 1 }),
    svg('text', { ...muted, x: nameW, y: axisY + 13 }, [fmt(lo)]),
    svg('text', { ...muted, x: nameW + barW, y: axisY + 13, 'text-anchor': 'end' }, [fmt(hi)]),
  );
  if (lo < 0 && zero > nameW + 20 && zero < nameW + barW - 20)
    root.append(svg('text', { ...muted, x: zero, y: axisY + 13, 'text-anchor': 'middle' }, ['0']));
  return root;
}

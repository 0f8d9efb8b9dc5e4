// Per-head statistics of one layer as a table: one row per head, one column per statistic, each
// cell its value (as the core computed it, kept whole in data-value) over a small bar. Bars of
// shares and entropy run from 0 to 1; distance bars are relative to the layer's farthest head.
import { reflowTable } from '../html.js';
import { headColor } from '../colors.js';
import { pct } from '../numbers.js';

export interface HeadStats {
  /** [heads] each, from the core's analysis of one layer. */
  entropy: Float32Array;
  distance: Float32Array;
  self: Float32Array;
  previous: Float32Array;
  first: Float32Array;
}

export interface StatsTableOptions {
  stats: HeadStats;
  /** 'text': distances in tokens; 'image': patches on the grid. */
  kind: 'text' | 'image';
  /** Text: the token the model puts first (its descriptor's framing), null for none; default [CLS]. */
  first?: string | null;
  /** [heads] 1 = on, 0 = off. */
  gates: number[];
  /** Per head, a short note such as its learned job ('' for none). */
  notes: string[];
  /** The enlarged head, marked in the table. */
  selected: number;
  caption: string;
}

type Column = {
  key: keyof HeadStats;
  heading: string;
  /** What the column means, in plain words. */
  meaning: string;
  format: (v: number) => string;
};

const percent = (v: number) => pct(v, 0);

function columns(kind: 'text' | 'image', first: string | null): Column[] {
  const unit = kind === 'text' ? 'tokens' : 'patches';
  const item = kind === 'text' ? 'token' : 'patch';
  return [
    {
      key: 'entropy',
      heading: 'Entropy',
      meaning: `0: the head looks at a single ${item}; 1: it spreads its attention evenly.`,
      format: (v) => v.toFixed(2),
    },
    {
      key: 'distance',
      heading: `Distance (${unit})`,
      meaning:
        kind === 'text'
          ? 'How many tokens away, on average, the tokens it looks at are.'
          : 'How many patches away (straight across the grid), on average, the patches it looks at are.',
      format: (v) => v.toFixed(1),
    },
    {
      key: 'self',
      heading: 'Self',
      meaning: `Share of attention a ${item} puts on itself.`,
      format: percent,
    },
    {
      key: 'previous',
      heading: kind === 'text' ? 'Previous token' : 'Previous patch',
      meaning:
        kind === 'text'
          ? 'Share on the token just before.'
          : 'Share on the patch just before in reading order: to its left, or the end of the row above.',
      format: percent,
    },
    {
      key: 'first',
      heading: kind === 'text' ? (first ? `First (${first})` : 'First token') : 'First patch',
      meaning:
        kind === 'text'
          ? `Share on the first token${first ? `, ${first}` : ''}: heads with nothing to find often rest there.`
          : 'Share on the top-left patch.',
      format: percent,
    },
  ];
}

function cell(tag: 'th' | 'td', text: string, className = ''): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  return c;
}

export function statsTable(o: StatsTableOptions): HTMLElement {
  const H = o.gates.length;
  const cols = columns(o.kind, o.first === undefined ? '[CLS]' : o.first);
  const table = document.createElement('table');
  table.className = 'stats-table';
  table.dataset.view = 'stats-table';
  const caption = document.createElement('caption');
  caption.textContent = o.caption;
  const head = document.createElement('tr');
  head.append(cell('th', 'Head'));
  for (const c of cols) {
    const th = cell('th', c.heading);
    th.scope = 'col';
    th.title = c.meaning;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  (head.firstElementChild as HTMLTableCellElement).scope = 'col';
  const tbody = document.createElement('tbody');
  let farthest = 0;
  for (const v of o.stats.distance) if (Number.isFinite(v)) farthest = Math.max(farthest, v);
  for (let h = 0; h < H; h++) {
    const tr = document.createElement('tr');
    tr.dataset.head = String(h);
    if (o.gates[h] === 0) tr.classList.add('off');
    if (h === o.selected) tr.setAttribute('aria-current', 'true');
    const name = cell('th', `H${h + 1}${o.gates[h] === 0 ? ' (off)' : ''}`, 'stats-head');
    name.scope = 'row';
    name.style.setProperty('--head-color', headColor(h));
    const note = o.notes[h];
    if (note) {
      const small = document.createElement('span');
      small.className = 'stats-note';
      small.textContent = note;
      name.append(document.createElement('br'), small);
    }
    tr.append(name);
    for (const c of cols) {
      const v = o.stats[c.key][h] ?? Number.NaN;
      const td = cell('td', '');
      td.dataset.stat = c.key;
      td.dataset.value = String(v);
      const bar = document.createElement('span');
      bar.className = 'stats-bar';
      const scale = c.key === 'distance' ? farthest : 1;
      bar.style.setProperty('--p', String(scale > 0 && v > 0 ? Math.min(1, v / scale) : 0));
      const value = document.createElement('span');
      value.className = 'stats-value';
      value.textContent = Number.isFinite(v) ? c.format(v) : '–';
      td.append(value, bar);
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(caption, thead, tbody);
  const legend = document.createElement('dl');
  legend.className = 'stats-legend';
  for (const c of cols) {
    const dt = document.createElement('dt');
    dt.textContent = c.heading;
    const dd = document.createElement('dd');
    dd.textContent = c.meaning;
    legend.append(dt, dd);
  }
  const wrap = document.createElement('div');
  wrap.className = 'stats-wrap';
  const scroll = document.createElement('div');
  scroll.className = 'stats-scroll';
  scroll.append(reflowTable(table));
  wrap.append(scroll, legend);
  return wrap;
}

// The maths of one head for one query token, step by step, with the numbers the core computed.
// Nothing here recomputes the model: every vector and table cell is read from scene.result
// (only trivial display arithmetic such as 1/√headDim or the sum of the weights is done in JS).
import { labels, type Scene } from '../../scene.js';
import { scrollRegion } from '../html.js';
import { fmt } from '../numbers.js';

/** Values shown of a vector before "… (+N more)". */
const VECTOR_CAP = 8;
/** Key rows shown in a table before "… N more keys". */
const KEY_CAP = 24;
const MASKED_NOTE = 'masked (causal/window)';

type Kid = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  kids: Kid[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls !== undefined) e.className = cls;
  e.append(...kids);
  return e;
}

const code = (text: string) => el('code', undefined, [text]);

/** A vector as <code>[a, b, …, … (+N more)]</code>. */
function vector(values: ArrayLike<number>): HTMLElement {
  const n = values.length;
  const shown: string[] = [];
  for (let k = 0; k < Math.min(n, VECTOR_CAP); k++) shown.push(fmt(values[k] ?? Number.NaN));
  if (n > VECTOR_CAP) shown.push(`… (+${n - VECTOR_CAP} more)`);
  const e = el('code', 'math-vector', [`[${shown.join(', ')}]`]);
  e.dataset.length = String(n);
  return e;
}

/** A table in a horizontally scrolling wrapper. */
function table(head: string[], rows: HTMLTableRowElement[]): HTMLElement {
  const thead = el('thead', undefined, [
    el(
      'tr',
      undefined,
      head.map((h) => {
        const th = el('th', undefined, [h]);
        th.scope = 'col';
        return th;
      }),
    ),
  ]);
  return scrollable(el('table', 'math-table', [thead, el('tbody', undefined, rows)]));
}

/** A table in a box that scrolls sideways when narrow: focusable, so keys can scroll it. */
function scrollable(table: HTMLTableElement): HTMLElement {
  const wrap = scrollRegion('math-table-wrap', 'Table (scrolls sideways)');
  wrap.append(table);
  return wrap;
}

function row(cells: Kid[], cls?: string): HTMLTableRowElement {
  return el(
    'tr',
    cls,
    cells.map((c) => el('td', undefined, [c])),
  );
}

/** Which keys the tables list: all, or the KEY_CAP with the largest weights (in key order). */
export function pickKeys(weights: ArrayLike<number>, tK: number): number[] {
  const all = Array.from({ length: tK }, (_, j) => j);
  if (tK <= KEY_CAP) return all;
  const w = (j: number) => {
    const v = weights[j] ?? 0;
    return Number.isFinite(v) ? v : 0;
  };
  return all
    .sort((a, b) => w(b) - w(a) || a - b)
    .slice(0, KEY_CAP)
    .sort((a, b) => a - b);
}

/** What R(i) is, for a model with rotary positions (RoPE). */
function rotaryNote(base: number, hd: number, token: number): HTMLElement {
  return p(
    [
      code('R(i)'),
      ` rotates each pair of numbers by the token’s position i (here ${token}): pair m turns by `,
      code(`i × ${base}^(−2m/${hd})`),
      ` radians. This model adds no position to x; because q and k are both rotated, `,
      code('q · k_j'),
      ' depends on how far apart the two tokens are, not on where they stand.',
    ],
    'math-note',
  );
}

function step(heading: string, kids: Kid[]): HTMLLIElement {
  return el('li', 'math-step', [el('h4', 'math-step-heading', [heading]), ...kids]);
}

const p = (kids: Kid[], cls?: string) => el('p', cls, kids);

export function mathSteps(scene: Scene, head: number, token: number): HTMLElement {
  const root = el('section', 'math-steps-view');
  root.dataset.view = 'math-steps';
  const r = scene.result;
  const { numHeads: H, numKvHeads: KV, headDim: hd, dModel: d } = scene.config;
  const { tQ, tK } = r;
  if (!(head >= 0 && head < H && token >= 0 && token < tQ)) {
    root.append(p(['Pick a head and a token to see the maths.'], 'math-note'));
    return root;
  }
  const names = labels(scene);
  const name = (j: number) => `“${names[j] ?? `#${j + 1}`}”`;
  const group = Math.floor(head / (H / KV));
  const hi = head * tQ + token;
  const qRow = r.q.subarray(hi * hd, (hi + 1) * hd);
  const kRow = (j: number) => r.k.subarray((group * tK + j) * hd, (group * tK + j + 1) * hd);
  const vRow = (j: number) => r.v.subarray((group * tK + j) * hd, (group * tK + j + 1) * hd);
  const scores = r.scores.subarray(hi * tK, (hi + 1) * tK);
  const logits = r.logits.subarray(hi * tK, (hi + 1) * tK);
  const weights = r.attention.subarray(hi * tK, (hi + 1) * tK);
  const keys = pickKeys(weights, tK);
  let best = 0;
  for (let j = 1; j < tK; j++) if ((weights[j] ?? 0) > (weights[best] ?? 0)) best = j;
  const more = tK - keys.length;

  /** A table with one row per shown key, then "… N more keys" when capped. */
  const keyTable = (head: string[], cells: (j: number) => Kid[]) => {
    const rows = keys.map((j) => {
      const masked = logits[j] === Number.NEGATIVE_INFINITY;
      const cls = [j === best ? 'math-max' : '', masked ? 'math-masked' : ''].join(' ').trim();
      const tr = row([name(j), ...cells(j)], cls === '' ? undefined : cls);
      tr.dataset.key = String(j);
      return tr;
    });
    if (more > 0) {
      const td = el('td', 'math-more', [`… ${more} more keys (smaller weights)`]);
      td.colSpan = head.length;
      rows.push(el('tr', 'math-more-row', [td]));
    }
    return table(head, rows);
  };

  const bias = scene.config.bias;
  const ropeBase = scene.config.ropeBase;
  const rope = ropeBase > 0;
  const gate = scene.gates[head] ?? 1;
  const temp = scene.config.headTemperatures[head] ?? 1;
  const scale = r.scoreScale[head] ?? Number.NaN;
  const width = H * hd;
  const sum = weights.reduce((a, b) => a + b, 0);

  root.append(
    el('h3', 'math-steps-title', [
      `Head H${head + 1}, query ${name(token)} (token ${token + 1} of ${tQ})`,
    ]),
  );
  const list = el('ol', 'math-steps');
  list.append(
    step('Start from the token’s vector', [
      p([code('x'), ` — the layer’s input for ${name(token)}, ${d} numbers:`]),
      vector(scene.x.subarray(token * d, (token + 1) * d)),
    ]),
    step('Project it into a query; every token gives a key and a value', [
      p([
        code(`q = ${rope ? 'R(i) · (' : ''}x W_qᵀ${bias ? ' + b_q' : ''}${rope ? ')' : ''}`),
        ` — this head’s slice, ${hd} numbers:`,
      ]),
      vector(qRow),
      ...(rope ? [rotaryNote(ropeBase, hd, token)] : []),
      p([
        `Keys `,
        code(`k_j = ${rope ? 'R(j) · (' : ''}x_j W_kᵀ${bias ? ' + b_k' : ''}${rope ? ')' : ''}`),
        ` and values `,
        code(`v_j = x_j W_vᵀ${bias ? ' + b_v' : ''}`),
        KV < H
          ? ` come from key/value group ${group + 1} of ${KV}, shared by ${H / KV} heads:`
          : ` of this head:`,
      ]),
      keyTable(['key', 'k_j', 'v_j'], (j) => [vector(kRow(j)), vector(vRow(j))]),
    ]),
    step('Compare the query with every key', [
      p([code('score_j = q · k_j'), ' — large when the query and the key point the same way.']),
      keyTable(['key', 'q · k_j'], (j) => [fmt(scores[j] ?? Number.NaN)]),
    ]),
    step('Scale the scores', [
      p([
        code('logit_j = score_j × scoreScale'),
        ' with ',
        code(
          scene.config.scaleScores
            ? `scoreScale = 1/√${hd} (${fmt(1 / Math.sqrt(hd))}) ÷ temperature ${fmt(temp)} = ${fmt(scale)}`
            : `scoreScale = 1 (no 1/√d scaling) ÷ temperature ${fmt(temp)} = ${fmt(scale)}`,
        ),
        '. Keys this query may not see get −∞.',
      ]),
      keyTable(['key', 'score', '× scale', '= logit', ''], (j) => {
        const l = logits[j] ?? Number.NaN;
        return [
          fmt(scores[j] ?? Number.NaN),
          fmt(scale),
          fmt(l),
          l === Number.NEGATIVE_INFINITY ? el('span', 'math-note', [MASKED_NOTE]) : '',
        ];
      }),
    ]),
    step('Softmax turns logits into weights', [
      p([
        code('a_j = exp(logit_j) / Σ_k exp(logit_k)'),
        ' — positive, and ',
        sum > 0 ? `they add up to ${fmt(sum)}.` : 'here no key is visible, so every weight is 0.',
      ]),
      keyTable(['key', 'logit', 'weight a_j'], (j) => [
        fmt(logits[j] ?? Number.NaN),
        fmt(weights[j] ?? 0),
      ]),
    ]),
    step('Mix the values by their weights', [
      p([
        code('head output = Σ_j a_j v_j'),
        ` — ${hd} numbers; the largest weight, ${fmt(weights[best] ?? 0)}, goes to ${name(best)}:`,
      ]),
      vector(r.headOutputs.subarray(hi * hd, (hi + 1) * hd)),
    ]),
    step('Gate, and place the head next to the others', [
      p([
        `Gate `,
        code(`g = ${fmt(gate)}`),
        gate === 0 ? ' (head off: its output becomes zeros)' : gate === 1 ? ' (head on)' : '',
        `. The concatenated row has ${width} numbers; this head fills columns ${head * hd + 1}–${(head + 1) * hd}:`,
      ]),
      strip(H, head, scene.gates),
      vector(r.concat.subarray(token * width + head * hd, token * width + (head + 1) * hd)),
    ]),
    step('Project back to the model width', [
      p([
        code('contribution = (g · head output) W_o[:, slice]ᵀ'),
        ` — ${d} numbers, length `,
        code(`‖contribution‖ = ${fmt(r.contributionNorms[hi] ?? Number.NaN)}`),
        ':',
      ]),
      vector(r.contributions.subarray(hi * d, (hi + 1) * d)),
      p([code(`output = Σ_h contribution_h${bias ? ' + b_o' : ''}`), ` for ${name(token)}:`]),
      vector(r.output.subarray(token * d, (token + 1) * d)),
      table(
        ['head', '‖contribution‖'],
        Array.from({ length: H }, (_, h) =>
          row(
            [
              `H${h + 1}${scene.gates[h] === 0 ? ' (off)' : ''}`,
              fmt(r.contributionNorms[h * tQ + token] ?? Number.NaN),
            ],
            h === head ? 'math-current' : undefined,
          ),
        ),
      ),
    ]),
  );
  root.append(list);
  return root;
}

/** One row of H cells, this head's highlighted: where its slice sits in the concatenation. */
function strip(H: number, head: number, gates: number[]): HTMLElement {
  const cells = Array.from({ length: H }, (_, h) => {
    const cls = [h === head ? 'math-current' : '', gates[h] === 0 ? 'math-off' : '']
      .join(' ')
      .trim();
    return el('td', cls === '' ? undefined : cls, [`H${h + 1}`]);
  });
  return scrollable(
    el('table', 'math-table math-strip', [el('tbody', undefined, [el('tr', undefined, cells)])]),
  );
}

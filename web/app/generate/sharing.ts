// Key/value sharing made visible: which query heads read each key/value head, grouped as the core
// groups them (cpp/attention/attention.cpp: query head h reads key/value head h / (H / KV)), and
// what sharing cost when this decoder's recipe was trained with other key/value head counts (the
// measured held-out perplexities the manifest carries; README, "What sharing keys and values
// costs").
import type { SharingRun } from '../../lib/public.js';
import { headColor } from '../render/colors.js';
import { el, figureCell, headedTable, reflowTable } from '../render/html.js';
import { svg, svgRoot } from '../render/svg.js';

/** The key/value head query head h reads. */
export function kvHeadOf(h: number, numHeads: number, numKvHeads: number): number {
  return Math.floor(h / (numHeads / numKvHeads));
}

/** 'MHA', 'GQA' or 'MQA', by the key/value heads against the query heads. */
export function layoutName(kvHeads: number, numHeads: number): string {
  return kvHeads === numHeads ? 'MHA' : kvHeads === 1 ? 'MQA' : 'GQA';
}

const BOX = 34;
const GAP = 8;

/** Query heads in a row above their key/value heads, a line from each to the one it reads. */
export function sharingDiagram(numHeads: number, numKvHeads: number): SVGSVGElement {
  const width = numHeads * (BOX + GAP);
  const height = 2 * BOX + 60;
  const root = svgRoot(
    width,
    height,
    `${numHeads} query heads reading ${numKvHeads} key/value heads: ` +
      Array.from({ length: numKvHeads }, (_, g) => {
        const heads = Array.from({ length: numHeads }, (_, h) => h).filter(
          (h) => kvHeadOf(h, numHeads, numKvHeads) === g,
        );
        return `KV ${g + 1} serves H${heads[0]! + 1}–H${heads.at(-1)! + 1}`;
      }).join(', '),
  );
  root.setAttribute('data-view', 'kv-sharing');
  root.setAttribute('class', 'hs-view');
  root.setAttribute('font-size', '12');
  const qx = (h: number) => h * (BOX + GAP) + BOX / 2;
  const group = numHeads / numKvHeads;
  const kx = (g: number) => (g * group + group / 2) * (BOX + GAP) - GAP / 2;
  const kvY = BOX + 44;
  for (let h = 0; h < numHeads; h++) {
    const g = kvHeadOf(h, numHeads, numKvHeads);
    root.append(
      svg('line', { x1: qx(h), y1: BOX, x2: kx(g), y2: kvY, stroke: '#888', 'stroke-width': 1.5 }),
      svg('rect', {
        x: qx(h) - BOX / 2 + 1.5,
        y: 1.5,
        width: BOX - 3,
        height: BOX - 3,
        fill: '#fff',
        stroke: headColor(h),
        'stroke-width': 3,
        rx: 4,
      }),
      svg('text', { x: qx(h), y: BOX / 2 + 4, 'text-anchor': 'middle', fill: '#111' }, [
        `H${h + 1}`,
      ]),
    );
  }
  for (let g = 0; g < numKvHeads; g++) {
    const w = group * (BOX + GAP) - GAP;
    root.append(
      svg('rect', {
        x: kx(g) - w / 2,
        y: kvY,
        width: w,
        height: BOX,
        fill: '#eee',
        stroke: '#555',
        rx: 4,
      }),
      svg('text', { x: kx(g), y: kvY + BOX / 2 + 4, 'text-anchor': 'middle', fill: '#111' }, [
        `K, V ${g + 1}`,
      ]),
    );
  }
  return root;
}

/** The measured cost: held-out perplexity for each key/value head count, this model's marked. */
export function sharingCost(runs: SharingRun[], kvHeads: number, numHeads: number): HTMLElement {
  const table = headedTable(
    'gen-kv-table',
    'The cost, measured: this decoder’s size and recipe trained with each key/value head count (one seed each)',
    ['Key/value heads', 'Held-out perplexity', '× the bigram model'],
  );
  for (const r of [...runs].sort((a, b) => b.kvHeads - a.kvHeads)) {
    const mine = r.kvHeads === kvHeads;
    const tr = el('tr', mine ? 'gen-kv-model' : '');
    const th = el(
      'th',
      '',
      `${r.kvHeads} (${layoutName(r.kvHeads, numHeads)}${mine ? ', this model' : ''})`,
    );
    th.scope = 'row';
    tr.append(
      th,
      figureCell(`sharing-${r.kvHeads}-perplexity`, r.perplexity, r.perplexity.toFixed(2)),
      figureCell(`sharing-${r.kvHeads}-bigram`, r.bigramRatio, r.bigramRatio.toFixed(3)),
    );
    table.tBodies[0]!.append(tr);
  }
  const box = el('div', 'gen-sharing');
  box.append(reflowTable(table));
  return box;
}

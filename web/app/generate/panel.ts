// The generation section's drawing: the line of pieces (the typed text's, then each generated
// one), the newest token's likeliest alternatives, where the newest token's heads looked (one row
// per head over the tokens so far, labelled from the checkpoint's evidence), and the KV cache's
// bytes per token for MHA, this model and MQA. Every number is the core's.
import type { GeneratedToken, HeadEvidence, KvCacheFigures, SharingRun } from '../../lib/public.js';
import { el, figureCell, headedTable, reflowTable } from '../render/html.js';
import { pct, thousands } from '../render/numbers.js';
import { heatmap } from '../render/views/heatmap.js';
import { guessBars, shortLabel } from '../render/views/model-grid.js';
import { kvHeadOf, layoutName, sharingCost, sharingDiagram } from './sharing.js';

/** A generation as drawn: the framed text's tokens and the steps so far. */
export interface Shown {
  tokens: string[];
  promptLength: number;
  steps: GeneratedToken[];
}

/** The text of subword pieces: "##" pieces join the one before, "<0xNN>" pieces are bytes. */
export function piecesText(pieces: string[]): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  pieces.forEach((piece, i) => {
    const joined = piece.startsWith('##');
    const body = joined ? piece.slice(2) : piece;
    if (i > 0 && !joined) bytes.push(0x20);
    const byte = /^<0x([0-9A-F]{2})>$/.exec(body);
    if (byte) bytes.push(parseInt(byte[1]!, 16));
    else bytes.push(...utf8.encode(body));
  });
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function pieceChip(piece: string, kind: string, title: string): HTMLElement {
  const chip = el('span', `gen-piece ${kind}`, piece);
  if (title) chip.title = title;
  return chip;
}

/** The line of pieces: the typed text's (muted), then each generated one, the newest marked. */
export function renderPieces(container: HTMLElement, shown: Shown): void {
  const { tokens, promptLength, steps } = shown;
  const chips = tokens.map((piece, i) => {
    if (i < promptLength)
      return pieceChip(piece, /^\[.*\]$/.test(piece) ? 'prompt special' : 'prompt', '');
    const step = steps[i - promptLength]!;
    const newest = i === tokens.length - 1 ? ' newest' : '';
    return pieceChip(piece, `generated${newest}`, `p = ${pct(step.probability)}`);
  });
  const line = el('p', 'gen-line');
  line.append(...chips);
  const generated = tokens.slice(promptLength);
  const text = el('p', 'gen-text');
  if (generated.length) text.append(el('span', 'hint', 'As text: '), piecesText(generated));
  container.replaceChildren(line, text);
}

/** The newest token's draw and the likeliest tokens it was drawn from. */
export function renderNewest(container: HTMLElement, shown: Shown): void {
  const step = shown.steps.at(-1);
  if (!step) return container.replaceChildren();
  const n = step.position - shown.promptLength + 1;
  const title = `New token ${n}: “${step.token}”, drawn with p ${pct(step.probability)}; the likeliest were`;
  container.replaceChildren(
    guessBars(
      title,
      step.top.map((t) => ({ label: t.token, p: t.p })),
    ),
  );
}

/** One row label per head: its number, its key/value head when shared, its evidence. */
function headLabels(numHeads: number, numKvHeads: number, evidence: HeadEvidence[]): string[] {
  return Array.from({ length: numHeads }, (_, h) => {
    const kv = numKvHeads < numHeads ? ` · kv ${kvHeadOf(h, numHeads, numKvHeads) + 1}` : '';
    const label = shortLabel(evidence.find((e) => e.head === h));
    return `H${h + 1}${kv}${label ? ` · ${label}` : ''}`;
  });
}

export interface AttentionRows {
  step: GeneratedToken;
  tokens: string[];
  layer: number;
  numKvHeads: number;
  /** The layer's evidence, from the checkpoint. */
  evidence: HeadEvidence[];
}

/** The newest token's attention in one layer: a row per head over every token so far. */
export function renderAttention(container: HTMLElement, a: AttentionRows): void {
  const values = a.step.attention[a.layer]!;
  const cols = a.step.position + 1;
  const rows = values.length / cols;
  container.replaceChildren(
    heatmap({
      rowLabels: headLabels(rows, a.numKvHeads, a.evidence),
      colLabels: a.tokens.slice(0, cols),
      values,
      rows,
      cols,
      mode: 'sequential',
      label: `Layer ${a.layer + 1}: where each head of the newest token “${a.step.token}” looks (rows: heads, columns: tokens so far)`,
      cell: Math.max(6, Math.min(18, Math.floor(720 / cols))),
      rowLabelChars: 34,
      accent: '#0072B2',
    }),
  );
}

/** Bytes as the page prints them: "768 B", "3.0 KiB", "1.5 MiB". */
export function bytesText(n: number): string {
  if (n < 1024) return `${thousands(n)} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

const LAYOUTS = ['mha', 'model', 'mqa'] as const;

function kvRow(
  kv: KvCacheFigures,
  key: (typeof LAYOUTS)[number],
  numHeads: number,
  maxLen: number,
) {
  const f = kv[key];
  const mine = key === 'model';
  const tr = el('tr', mine ? 'gen-kv-model' : '');
  const name = layoutName(f.kvHeads, numHeads);
  const th = el('th', '', mine ? `${name} (this model)` : name);
  th.scope = 'row';
  const cell = (what: string, v: number, text = bytesText(v)) =>
    figureCell(`kv-${key}-${what}`, v, text);
  tr.append(
    th,
    cell('kv-heads', f.kvHeads, String(f.kvHeads)),
    cell('float32', f.float32),
    cell('float16', f.float16),
    cell('context', f.float32 * maxLen),
  );
  return tr;
}

function kvTable(kv: KvCacheFigures, numHeads: number, maxLen: number): HTMLTableElement {
  const table = headedTable('gen-kv-table', 'Bytes per token at this model’s size', [
    'Layout',
    'KV heads',
    'float32',
    'half',
    `${maxLen} tokens`,
  ]);
  for (const key of LAYOUTS) table.tBodies[0]!.append(kvRow(kv, key, numHeads, maxLen));
  return reflowTable(table);
}

/** The KV cache's bytes per token for the three layouts, and what sharing saves and costs. */
export function renderKvCache(
  container: HTMLElement,
  kv: KvCacheFigures,
  numHeads: number,
  maxLen: number,
  sharing: SharingRun[] = [],
): void {
  const group = numHeads / kv.model.kvHeads;
  const here =
    kv.model.kvHeads < numHeads
      ? `here ${group} query heads share each pair, ${group}× less than MHA, and with MQA all ${numHeads} share one, ${numHeads}× less`
      : `with MQA all ${numHeads} query heads would share one pair, ${numHeads}× less`;
  const why = el(
    'p',
    'hint',
    `Every layer keeps a key and a value per key/value head for each token so far, so letting query heads share them saves memory (${here}), at a cost: heads that share read the same keys and values, which usually loses some quality against MHA of the same size.`,
  );
  const cost = sharing.length ? [sharingCost(sharing, kv.model.kvHeads, numHeads)] : [];
  container.replaceChildren(
    el('p', 'hint', 'Query heads (top) and the key/value heads whose keys and values they read:'),
    sharingDiagram(numHeads, kv.model.kvHeads),
    kvTable(kv, numHeads, maxLen),
    why,
    ...cost,
  );
}

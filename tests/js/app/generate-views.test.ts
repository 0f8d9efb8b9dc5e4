// The generation section's drawing (web/app/generate/panel.ts) on hand-made steps, in Chromium:
// pieces read back as text, the line marks the typed and the generated pieces, the attention rows
// carry each head's key/value group and evidence, and the KV cache table shows the figures given.
import { describe, expect, it } from 'vitest';
import type { GeneratedToken } from 'headscope';
import {
  bytesText,
  piecesText,
  renderAttention,
  renderKvCache,
  renderPieces,
} from '../../../web/app/generate/panel.js';

function step(position: number, token: string, heads: number): GeneratedToken {
  const row = new Float32Array(heads * (position + 1)).fill(1 / (position + 1));
  return { id: 7, token, position, probability: 0.5, top: [{ token, p: 0.5 }], attention: [row] };
}

describe('the generation views', () => {
  it('reads pieces back as text: ## joins, bytes are bytes', () => {
    expect(piecesText(['jump', '##s', 'over', '.'])).toBe('jumps over .');
    expect(piecesText(['<0xE6>', '##<0x9D>', '##<0xB1>', 'x'])).toBe('東 x');
    expect(bytesText(768)).toBe('768 B');
    expect(bytesText(3072)).toBe('3.0 KiB');
  });

  it('marks the typed pieces and the generated ones, the newest last', () => {
    const div = document.createElement('div');
    renderPieces(div, {
      tokens: ['[BOS]', 'The', 'fox', 'jump', '##s'],
      promptLength: 3,
      steps: [step(3, 'jump', 2), step(4, '##s', 2)],
    });
    const kinds = [...div.querySelectorAll('.gen-piece')].map((p) => p.className);
    expect(kinds).toEqual([
      'gen-piece prompt special',
      'gen-piece prompt',
      'gen-piece prompt',
      'gen-piece generated',
      'gen-piece generated newest',
    ]);
    expect(div.querySelector('.gen-text')!.textContent).toBe('As text: jumps');
  });

  it('draws one row per head, labelled with its key/value head and evidence', () => {
    const div = document.createElement('div');
    renderAttention(div, {
      step: step(2, 'fox', 4),
      tokens: ['[BOS]', 'The', 'fox'],
      layer: 0,
      numKvHeads: 2,
      evidence: [
        {
          layer: 0,
          head: 2,
          label: 'previous token',
          score: { 'previous token': 0.9 },
          chance: {},
        },
      ],
    });
    expect(div.querySelectorAll('rect[data-row]').length).toBe(4 * 3);
    const labels = [...div.querySelectorAll('[data-row-label]')].map((t) => t.textContent);
    expect(labels).toEqual([
      'H1 · kv 1',
      'H2 · kv 1',
      'H3 · kv 2 · previous token 0.90',
      'H4 · kv 2',
    ]);
  });

  it('tabulates the KV cache figures it is given, this model’s row marked', () => {
    const div = document.createElement('div');
    const layout = (kvHeads: number) => ({
      kvHeads,
      float32: 384 * kvHeads,
      float16: 192 * kvHeads,
    });
    renderKvCache(div, { mha: layout(8), model: layout(2), mqa: layout(1) }, 8, 128);
    const value = (name: string) =>
      Number(div.querySelector(`[data-figure="${name}"]`)!.getAttribute('data-value'));
    expect(value('kv-mha-float32')).toBe(3072);
    expect(value('kv-model-float16')).toBe(384);
    expect(value('kv-mqa-context')).toBe(384 * 128);
    expect(div.querySelector('.gen-kv-model th')!.textContent).toBe('GQA (this model)');
    expect(div.textContent).toMatch(/4 query heads share each pair, 4× less than MHA/);
  });
});

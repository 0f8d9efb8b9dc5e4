// The whole model at a glance: one small attention matrix per head per layer (rows: layers,
// columns: heads), each captioned with the job the checkpoint's evidence gives it. A cell is a
// button: choosing it shows that layer and head in the other sections. Given the grid it drew
// last, it draws the matrices into that grid's canvases instead of making new ones.
import type { HeadEvidence } from '../../../lib/public.js';
import type { ModelScene } from '../../scene.js';
import { headColor } from '../colors.js';
import { heatmapCanvas } from './heatmap-canvas.js';
import { pct } from '../numbers.js';

/** The evidence of one head, if the checkpoint has any. */
export function evidenceOf(
  model: ModelScene | undefined,
  layer: number,
  head: number,
): HeadEvidence | undefined {
  return model?.heads.find((e) => e.layer === layer && e.head === head);
}

/** "previous token 0.98", or '' for a head without a label. */
export function shortLabel(e: HeadEvidence | undefined): string {
  if (!e?.label) return '';
  return `${e.label} ${(e.score[e.label] ?? 0).toFixed(2)}`;
}

export function modelGrid(
  model: ModelScene,
  t: number,
  selected: { layer: number; head: number },
  focus: number | null,
  previous?: Element | null,
): HTMLElement {
  // The last drawing's matrices are drawn into again (heatmap-canvas.ts), cell for cell.
  const canvases = previous?.querySelectorAll<HTMLCanvasElement>('canvas') ?? [];
  const grid = document.createElement('div');
  grid.className = 'model-grid';
  const H = model.gates.length / model.numLayers;
  grid.style.setProperty('--heads', String(H));
  for (let l = 0; l < model.numLayers; l++) {
    const name = document.createElement('div');
    name.className = 'model-grid-layer';
    name.textContent = `Layer ${l + 1}`;
    grid.append(name);
    for (let h = 0; h < H; h++) {
      const e = evidenceOf(model, l, h);
      // A button whose name is what it shows ("Layer 1, H2 first token .88"): the layer is
      // read out but not drawn, since the row's heading shows it.
      const fig = document.createElement('button');
      fig.type = 'button';
      fig.className = 'model-grid-cell';
      if (model.gates[l * H + h] === 0) fig.classList.add('off');
      fig.dataset.layer = String(l);
      fig.dataset.modelHead = String(h);
      const label = shortLabel(e);
      fig.setAttribute('aria-pressed', String(l === selected.layer && h === selected.head));
      const a = model.attention[l]!.subarray(h * t * t, (h + 1) * t * t);
      const caption = document.createElement('span');
      caption.className = 'caption';
      caption.style.setProperty('--head-color', headColor(h));
      const layer = document.createElement('span');
      layer.className = 'visually-hidden';
      layer.textContent = `Layer ${l + 1}, `;
      caption.append(layer, `H${h + 1}`);
      if (label) {
        const role = document.createElement('span');
        role.className = 'role';
        role.textContent = label;
        caption.append(' ', role);
      }
      const map = heatmapCanvas({
        values: a,
        rows: t,
        cols: t,
        cell: 4,
        maxSize: 64, // past 16 tokens every matrix keeps one size (not reallocated)
        focusRow: focus,
        accent: headColor(h),
        label: `Layer ${l + 1} head ${h + 1} attention matrix`,
        reuse: canvases[l * H + h],
      });
      map.setAttribute('aria-hidden', 'true');
      fig.append(map, caption);
      grid.append(fig);
    }
  }
  return grid;
}

/** Clicks on a grid cell (Enter and Space click a button) choose its layer and head. */
export function wireModelGrid(
  container: HTMLElement,
  choose: (layer: number, head: number) => void,
): void {
  container.addEventListener('click', (e) => {
    const cell = (e.target as Element | null)?.closest?.('[data-model-head]');
    if (cell)
      choose(Number(cell.getAttribute('data-layer')), Number(cell.getAttribute('data-model-head')));
  });
}

/** Bars of guesses with their probabilities (from the core's softmax). */
export function guessBars(title: string, guesses: { label: string; p: number }[]): HTMLElement {
  const box = document.createElement('figure');
  box.className = 'guesses';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const list = document.createElement('ol');
  for (const g of guesses) {
    const item = document.createElement('li');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.setProperty('--p', String(g.p));
    const text = document.createElement('span');
    text.className = 'guess';
    text.textContent = `${g.label} ${pct(g.p)}`;
    item.append(bar, text);
    list.append(item);
  }
  box.append(caption, list);
  return box;
}

// The whole model at a glance: one small attention matrix per head per layer (rows: layers,
// columns: heads), each captioned with the job the checkpoint's evidence gives it. A cell is a
// button: choosing it shows that layer and head in the other sections. Given the grid it drew
// last for the same model, it draws the matrices into that grid instead of making a new one.
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
  const H = model.gates.length / model.numLayers;
  const labels = Array.from({ length: model.numLayers * H }, (_, i) =>
    shortLabel(evidenceOf(model, Math.floor(i / H), i % H)),
  );
  // The grid of the same model is updated in place (a keystroke changes only the matrices): a
  // new grid each time cost a style and layout pass over its 24 buttons per keystroke.
  const shape = `${model.numLayers}x${H}:${labels.join('|')}`;
  const same = previous instanceof HTMLElement && previous.dataset.shape === shape;
  const grid = same ? previous : newGrid(model.numLayers, H, labels, shape);
  const cells = grid.querySelectorAll<HTMLButtonElement>('.model-grid-cell');
  cells.forEach((fig, i) => {
    const l = Math.floor(i / H);
    const h = i % H;
    fig.classList.toggle('off', model.gates[i] === 0);
    fig.setAttribute('aria-pressed', String(l === selected.layer && h === selected.head));
    heatmapCanvas({
      values: model.attention[l]!.subarray(h * t * t, (h + 1) * t * t),
      rows: t,
      cols: t,
      cell: 4,
      maxSize: 64, // past 16 tokens every matrix keeps one size (not reallocated)
      focusRow: focus,
      accent: headColor(h),
      label: `Layer ${l + 1} head ${h + 1} attention matrix`,
      reuse: fig.querySelector('canvas') ?? undefined,
    });
  });
  return grid;
}

/** The grid's layer headings and buttons, each with an empty matrix and its caption. */
function newGrid(L: number, H: number, labels: string[], shape: string): HTMLElement {
  const grid = document.createElement('div');
  grid.className = 'model-grid';
  grid.dataset.shape = shape;
  grid.style.setProperty('--heads', String(H));
  for (let l = 0; l < L; l++) {
    const name = document.createElement('div');
    name.className = 'model-grid-layer';
    name.textContent = `Layer ${l + 1}`;
    grid.append(name);
    for (let h = 0; h < H; h++) grid.append(gridCell(l, h, labels[l * H + h]!));
  }
  return grid;
}

/**
 * A button whose name is what it shows ("Layer 1, H2 first token .88"): the layer is read out
 * but not drawn, since the row's heading shows it.
 */
function gridCell(l: number, h: number, label: string): HTMLButtonElement {
  const fig = document.createElement('button');
  fig.type = 'button';
  fig.className = 'model-grid-cell';
  fig.dataset.layer = String(l);
  fig.dataset.modelHead = String(h);
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
  const map = document.createElement('canvas');
  map.setAttribute('aria-hidden', 'true');
  fig.append(map, caption);
  return fig;
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

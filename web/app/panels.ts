// The page's and the widget's sections, drawn from a Scene and the view state. Each function
// replaces a container's content; events bubble to the container and reach `actions`.
//
//   overview  one card per head: lines + heatmap (text) or heat over the image (image)
//   detail    the enlarged head: big lines view, labelled heatmap
//   fused     how heads combine: fused attribution, output heatmap, contribution bars
// (The whole model's grid and guesses are in model/panel.ts.)
import { drawImageView, movePatch, patchAt } from './image/overlay.js';
import { headColor } from './render/colors.js';
import { contributionBars } from './render/views/contribution-bars.js';
import { attentionMatrix, heatmap } from './render/views/heatmap.js';
import { heatmapCanvas } from './render/views/heatmap-canvas.js';
import { matrixNumbers } from './render/views/matrix-numbers.js';
import { roleRule, wordsOf } from './models/descriptor.js';
import { pct } from './render/numbers.js';
import { evidenceOf, shortLabel } from './render/views/model-grid.js';
import { tokenLines } from './render/views/token-lines.js';
import { headAttention, labels, type ImageScene, type Scene } from './scene.js';
import { el, scrollRegion, setText } from './render/html.js';
import { setAttr } from './render/svg.js';

export interface Actions {
  /** Show attention from token (or patch) i; null clears. */
  focus(i: number | null): void;
  /** Enlarge head h. */
  select(h: number): void;
}

export interface View {
  head: number;
  token: number | null;
}

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const FUSED_COLOR = '#333333';

/** The [t] row of a [t, t] matrix for query i. */
function row(matrix: Float32Array, t: number, i: number): Float32Array {
  return matrix.subarray(i * t, (i + 1) * t);
}

function clampToken(scene: Scene, token: number | null): number | null {
  return token === null ? null : Math.min(token, scene.result.tQ - 1);
}

function headTitle(scene: Scene, h: number): string {
  const off = scene.gates[h] === 0 ? ' (off)' : '';
  const label = shortLabel(evidenceOf(scene.model, scene.model?.layer ?? 0, h));
  return `H${h + 1}${off}${label ? ` · ${label}` : ''}`;
}

/** The enlarged head's evidence in a sentence, or '' when it has none. */
function evidenceSentence(scene: Scene, h: number): string {
  const m = scene.model;
  const e = evidenceOf(m, m?.layer ?? 0, h);
  if (!m || !e?.label) return '';
  const pct0 = (v: number | undefined) => pct(v ?? 0, 0);
  const what = `held-out ${wordsOf(m.descriptor).heldOut}`;
  const rule = roleRule(m.descriptor, e.label) ?? `its strongest link fits the role “${e.label}”`;
  return `Learned job: ${e.label}. On ${what}, ${rule} ${pct0(e.score[e.label])} of the time (a head linking at random: ${pct0(e.chance[e.label])}).`;
}

/** Hover, focus and keys on tokens and patches, delegated once per container. */
export function wireEvents(
  container: HTMLElement,
  actions: Actions,
  grid: () => ImageScene | null,
) {
  const tokenOf = (t: EventTarget | null): number | null => {
    const node = (t as Element | null)?.closest?.('[data-token]');
    return node ? Number(node.getAttribute('data-token')) : null;
  };
  container.addEventListener('pointerover', (e) => {
    const i = tokenOf(e.target);
    if (i !== null) actions.focus(i);
  });
  container.addEventListener('pointermove', (e) => {
    const canvas = (e.target as Element).closest?.(
      'canvas[data-patches]',
    ) as HTMLCanvasElement | null;
    const g = grid();
    if (!canvas || !g || e.pointerType === 'touch') return;
    const i = patchAt(canvas, e.clientX, e.clientY, g.gridW, g.gridH);
    if (i !== null) actions.focus(i);
  });
  container.addEventListener('focusin', (e) => {
    const i = tokenOf(e.target);
    if (i !== null) actions.focus(i);
  });
  container.addEventListener('click', (e) => {
    const target = e.target as Element;
    const canvas = target.closest('canvas[data-patches]') as HTMLCanvasElement | null;
    const g = grid();
    if (canvas && g) {
      const i = patchAt(canvas, e.clientX, e.clientY, g.gridW, g.gridH);
      if (i !== null) actions.focus(i);
    }
    const card = target.closest('[data-head]');
    if (card) actions.select(Number(card.getAttribute('data-head')));
  });
  container.addEventListener('keydown', (e) => {
    const canvas = (e.target as Element).closest?.('canvas[data-patches]');
    const g = grid();
    if (canvas && g) {
      const current = Number(canvas.getAttribute('data-selected') ?? 0);
      const next = movePatch(current, e.key, g.gridW, g.gridH);
      if (next !== null) {
        e.preventDefault();
        actions.focus(next);
      }
      return;
    }
    const card = (e.target as Element).closest?.('.head-card');
    if (card && moveWithin(card, e.target as Element, e.key)) e.preventDefault();
  });
}

const ARROWS: Readonly<Record<string, number>> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
};

/** Arrow keys move focus among a head card's title and words (one tab stop per card). */
function moveWithin(card: Element, from: Element, key: string): boolean {
  const stops = [
    ...card.querySelectorAll<HTMLElement | SVGElement>('.head-pick, [data-side=query]'),
  ];
  const at = stops.findIndex((s) => s === from || s.contains(from));
  const step = ARROWS[key];
  let next: number | undefined;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = stops.length - 1;
  else if (step !== undefined && at >= 0) next = Math.max(0, Math.min(stops.length - 1, at + step));
  if (next === undefined || !stops[next]) return false;
  stops[next]!.focus();
  return true;
}

/** A focusable picture of the scene's image with heat per patch; pointer and keys pick patches. */
export function patchCanvas(
  scene: ImageScene,
  image: Pixels,
  heat: Float32Array | null,
  color: string,
  selected: number | null,
  scale: number,
  label: string,
): HTMLCanvasElement {
  const canvas = el('canvas');
  canvas.setAttribute('data-patches', '');
  canvas.setAttribute('data-selected', String(selected ?? 0));
  canvas.setAttribute('tabindex', '0');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  drawImageView(canvas, image, {
    gridW: scene.gridW,
    gridH: scene.gridH,
    patchSize: scene.patchSize,
    heat,
    color,
    selected,
    showGrid: true,
    scale,
  });
  return canvas;
}

/**
 * Head h's card, kept from the last drawing when it showed the same kind of input (so a
 * keystroke repaints cards rather than rebuilding them), else a new one with its title button.
 */
function headCard(container: HTMLElement, h: number, kind: Scene['kind']): HTMLElement {
  const old = container.children[h] as HTMLElement | undefined;
  if (old?.dataset.kind === kind) return old;
  // One tab stop per card: its title is the button that enlarges it; the words inside are
  // reached with the arrow keys (wireEvents).
  const card = el('figure', 'head-card');
  card.dataset.head = String(h);
  card.dataset.kind = kind;
  const pick = el('button', 'head-pick');
  pick.type = 'button';
  const caption = el('figcaption');
  caption.append(pick);
  caption.style.setProperty('--head-color', headColor(h));
  card.append(caption);
  if (old) old.replaceWith(card);
  else container.append(card);
  return card;
}

/** Puts `view` at position `at` among the card's children (after the caption). */
function place(card: HTMLElement, at: number, view: Element): void {
  const old = card.children[at];
  if (old === view) return;
  if (old) old.replaceWith(view);
  else card.append(view);
}

/** Small multiples: one card per head. */
export function renderOverview(
  container: HTMLElement,
  scene: Scene,
  view: View,
  image: Pixels | null,
): void {
  const t = scene.result.tQ;
  const token = clampToken(scene, view.token);
  const names = labels(scene);
  const H = scene.config.numHeads;
  for (let h = 0; h < H; h++) {
    const card = headCard(container, h, scene.kind);
    card.classList.toggle('selected', h === view.head);
    card.classList.toggle('off', scene.gates[h] === 0);
    const pick = card.querySelector('.head-pick')!;
    setText(pick, headTitle(scene, h));
    pick.setAttribute('aria-pressed', String(h === view.head));
    const a = headAttention(scene, h);
    if (scene.kind === 'text') {
      const lines = card.querySelector<SVGSVGElement>('svg[data-view=token-lines]');
      const matrix = card.querySelector<HTMLCanvasElement>('canvas[data-view=heatmap-canvas]');
      place(
        card,
        1,
        tokenLines({
          tokens: names,
          attention: a,
          color: headColor(h),
          focus: token,
          label: `Head ${h + 1} lines`,
          compact: true,
          reuse: lines,
        }),
      );
      place(
        card,
        2,
        heatmapCanvas({
          values: a,
          rows: t,
          cols: t,
          focusRow: token,
          label: `Head ${h + 1} attention matrix`,
          cell: 14,
          maxSize: 160, // one size past 11 tokens
          accent: headColor(h),
          reuse: matrix,
        }),
      );
    } else if (image) {
      const heat = token === null ? null : row(a, t, token);
      place(
        card,
        1,
        patchCanvas(
          scene,
          image,
          heat,
          headColor(h),
          token,
          160 / image.width,
          `Head ${h + 1}: attention from patch ${token === null ? 'none' : names[token]}`,
        ),
      );
    }
  }
  while (container.children.length > H) container.lastElementChild!.remove();
}

/** The enlarged head. */
export function renderDetail(
  container: HTMLElement,
  scene: Scene,
  view: View,
  image: Pixels | null,
): void {
  const h = Math.min(view.head, scene.config.numHeads - 1);
  const t = scene.result.tQ;
  const token = clampToken(scene, view.token);
  const names = labels(scene);
  const a = headAttention(scene, h);
  const where = scene.model ? `Layer ${scene.model.layer + 1}, head` : 'Head';
  const title = el(
    'h3',
    'detail-title',
    `${where} ${h + 1} of ${scene.config.numHeads}${scene.gates[h] === 0 ? ' — switched off' : ''}`,
  );
  title.style.setProperty('--head-color', headColor(h));
  const evidence = evidenceSentence(scene, h);
  const top = evidence ? [title, el('p', 'hint evidence', evidence)] : [title];
  if (scene.kind === 'text') {
    const lines = container.querySelector<SVGSVGElement>('svg[data-view=token-lines]');
    const matrix = container.querySelector<SVGSVGElement>('svg[data-view=heatmap]');
    container.replaceChildren(...top, el('div', 'detail-views'));
    container.lastElementChild!.append(
      tokenLines({
        tokens: names,
        attention: a,
        color: headColor(h),
        focus: token,
        label: `Head ${h + 1}: where each token looks`,
        reuse: lines,
      }),
      attentionMatrix({
        names,
        attention: a,
        head: h,
        token,
        label: `Head ${h + 1} attention matrix (rows: queries, columns: keys)`,
        reuse: matrix,
      }),
    );
  } else if (image) {
    const heat = token === null ? null : row(a, t, token);
    container.replaceChildren(
      ...top,
      patchCanvas(
        scene,
        image,
        heat,
        headColor(h),
        token,
        360 / image.width,
        `Head ${h + 1}: attention from the selected patch`,
      ),
    );
  }
}

/**
 * `view` in a box that keeps it at its own size and scrolls sideways on a narrower screen (a
 * `scrollRegion`). Made once per view and kept.
 */
function scrollsSideways(view: SVGSVGElement, label: string): HTMLElement {
  const box = view.parentElement?.matches('.hs-scroll-x')
    ? view.parentElement
    : scrollRegion('hs-scroll-x', label);
  setAttr(box, 'aria-label', label);
  if (view.parentElement !== box) box.append(view);
  return box;
}

/** The output vectors as a heatmap, and their numbers as a table (drawn in place). */
function outputMatrix(
  container: HTMLElement,
  scene: Scene,
  names: string[],
  token: number | null,
): [HTMLElement, HTMLDetailsElement] {
  const d = scene.config.dModel;
  const matrix = {
    rowLabels: names,
    colLabels: Array.from({ length: d }, (_, i) => String(i)),
    values: scene.result.output,
    rows: scene.result.tQ,
    cols: d,
  };
  const label = 'Output vectors (rows: tokens, columns: dimensions)';
  const svg = heatmap({
    ...matrix,
    mode: 'diverging',
    focusRow: token,
    label,
    cell: Math.max(3, Math.min(10, Math.floor(640 / d))),
    showLabels: true,
    reuse: container.querySelector<SVGSVGElement>('svg[data-view=heatmap]'),
  });
  return [
    scrollsSideways(svg, label),
    matrixNumbers({
      ...matrix,
      caption: 'Output vectors: a row per token, a column per dimension',
      reuse: container.querySelector<HTMLDetailsElement>('details.matrix-numbers'),
    }),
  ];
}

/** How the heads combine into the output. */
export function renderFused(
  container: HTMLElement,
  scene: Scene,
  view: View,
  image: Pixels | null,
): void {
  const t = scene.result.tQ;
  const token = clampToken(scene, view.token);
  const names = labels(scene);
  const fused = scene.result.fusedAttribution;
  const parts: Element[] = [];
  if (scene.kind === 'text') {
    parts.push(
      tokenLines({
        tokens: names,
        attention: fused,
        color: FUSED_COLOR,
        focus: token,
        label: 'Fused: each key token’s share of each output',
        reuse: container.querySelector<SVGSVGElement>('svg[data-view=token-lines]'),
      }),
      ...outputMatrix(container, scene, names, token),
      contributionBars({
        tokens: names,
        norms: scene.result.contributionNorms,
        gates: scene.gates,
        focus: token,
      }),
    );
  } else if (image) {
    const heat = token === null ? null : row(fused, t, token);
    parts.push(
      patchCanvas(
        scene,
        image,
        heat,
        FUSED_COLOR,
        token,
        360 / image.width,
        'Fused: each patch’s share of the selected patch’s output',
      ),
    );
    if (token !== null) {
      const H = scene.config.numHeads;
      const norms = new Float32Array(H);
      for (let h = 0; h < H; h++) norms[h] = scene.result.contributionNorms[h * t + token]!;
      parts.push(
        contributionBars({ tokens: [names[token]!], norms, gates: scene.gates, focus: 0 }),
      );
    }
  }
  container.replaceChildren(...parts);
}

/** A selector for the focused token, patch canvas or head card, to find it again after a redraw. */
function focusKey(active: Element | null): string | null {
  const panel = active?.closest('[data-panel]');
  if (!active || !panel) return null;
  const inPanel = `[data-panel="${panel.getAttribute('data-panel')}"]`;
  const token = active.getAttribute('data-token');
  if (token !== null)
    return `${inPanel} [data-token="${token}"][data-side="${active.getAttribute('data-side')}"]`;
  const canvases = [...panel.querySelectorAll('canvas[data-patches]')];
  if (active.matches('canvas[data-patches]'))
    return `${inPanel} canvas[data-patches]:nth-of-type(1) >> ${canvases.indexOf(active)}`;
  const head = active.getAttribute('data-head');
  if (head !== null) return `${inPanel} [data-head="${head}"]`;
  const modelHead = active.getAttribute('data-model-head');
  if (modelHead !== null)
    return `${inPanel} [data-layer="${active.getAttribute('data-layer')}"][data-model-head="${modelHead}"]`;
  return null;
}

/** Runs `draw` (which replaces the panels' content) and puts keyboard focus back where it was. */
export function keepFocus(root: Document | ShadowRoot, draw: () => void): void {
  const key = focusKey(root.activeElement);
  draw();
  if (!key) return;
  const [selector, index] = key.split(' >> ');
  const target =
    index === undefined
      ? root.querySelector(selector!)
      : root.querySelectorAll(selector!.replace(':nth-of-type(1)', ''))[Number(index)];
  (target as HTMLElement | SVGElement | null)?.focus({ preventScroll: true });
}

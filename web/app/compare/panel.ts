// The "One head or many" section: the page's model (many heads) and a model of the same size and
// training recipe with one head per layer, side by side on the same input at the same layer. Each
// side: the picked layer's attention (the one head's map; the many heads as small multiples,
// coloured as the page colours heads), then the core's numbers: loss on this sentence, the guesses
// at the focused token or the class probabilities, held-out loss and accuracy, each head's job.
// controller.ts decides what is drawn; this file only draws it.
import { patchCanvas, type View } from '../panels.js';
import { headColor } from '../render/colors.js';
import { el, figure } from '../render/html.js';
import { pct } from '../render/numbers.js';
import { fmt } from '../render/numbers.js';
import { attentionMatrix } from '../render/views/heatmap.js';
import { heatmapCanvas } from '../render/views/heatmap-canvas.js';
import { guessBars, shortLabel } from '../render/views/model-grid.js';
import { maskToken, wordsOf } from '../models/descriptor.js';
import type { Comparison, CompareSide, Guess, Scene } from '../scene.js';
import { labels } from '../scene.js';
import type { HeadEvidence } from '../../lib/public.js';

/** Sides of the big map and of each small multiple, in CSS px. */
const BIG = 260;
const SMALL = 104;

type Side = 'one' | 'many';

/** One head's map: a matrix (text) or the heat from the focused patch (image). */
function map(
  scene: Scene,
  attention: Float32Array,
  h: number,
  token: number | null,
  size: number,
  label: string,
  big: boolean,
): Element {
  const t = scene.result.tQ;
  const a = attention.subarray(h * t * t, (h + 1) * t * t);
  if (scene.kind === 'image') {
    const image = scene.model!.image!;
    const heat = token === null ? null : a.subarray(token * t, (token + 1) * t);
    return patchCanvas(scene, image, heat, headColor(h), token, size / image.width, label);
  }
  const names = labels(scene);
  if (big)
    return attentionMatrix({
      names,
      attention: a,
      head: h,
      token,
      label,
      cell: Math.max(6, Math.min(18, Math.floor(size / t))),
    });
  return heatmapCanvas({
    values: a,
    rows: t,
    cols: t,
    focusRow: token,
    label,
    cell: Math.max(1, Math.floor(size / t)),
    accent: headColor(h),
  });
}

/** A map with its caption: head number and the job its checkpoint's evidence gives it. */
function card(view: Element, h: number, numHeads: number, e: HeadEvidence | undefined) {
  const f = el('figure', 'compare-card');
  const job = shortLabel(e);
  const name = numHeads === 1 ? 'The one head' : `H${h + 1}`;
  const caption = el('figcaption', '', job ? `${name} · ${job}` : name);
  if (numHeads === 1 && !job) caption.append(el('span', 'role', ' · no clear job held out'));
  caption.style.setProperty('--head-color', headColor(h));
  f.append(view, caption);
  return f;
}

/** This input's loss and accuracy (per-word models only: `current` is null for a classifier). */
function currentItem(scene: Scene, side: Side, c: CompareSide['current'], gatedOff: number) {
  if (!c) return null;
  const item = el('li');
  const This = `This ${wordsOf(scene.model!.descriptor).input}`;
  const gated = gatedOff ? ` (${gatedOff} head${gatedOff === 1 ? '' : 's'} switched off)` : '';
  if (c.scored === 0) item.append(`${This}${gated}: no word of it is in the vocabulary.`);
  else
    item.append(
      `${This}${gated}: loss `,
      figure(`${side}-current-loss`, c.loss, fmt(c.loss)),
      ', ',
      figure(`${side}-current-accuracy`, c.accuracy, pct(c.accuracy)),
      ' of its ',
      figure(`${side}-current-scored`, c.scored, String(c.scored)),
      ' words guessed right, each masked in turn.',
    );
  return item;
}

/** The loss and accuracy lines under a side; data-figure names start with the side. */
function numbers(scene: Scene, side: Side, n: CompareSide, gatedOff: number): HTMLElement {
  const list = el('ul', 'compare-numbers');
  const words = wordsOf(scene.model!.descriptor);
  const current = currentItem(scene, side, n.current, gatedOff);
  if (current) list.append(current);
  const h = n.heldOut;
  const item = el('li');
  item.append(
    'Held out: loss ',
    figure(`${side}-heldout-loss`, h.loss, fmt(h.loss)),
    ', accuracy ',
    figure(`${side}-heldout-accuracy`, h.accuracy, pct(h.accuracy)),
    ' on ',
    figure(`${side}-heldout-scored`, h.scored, String(h.scored)),
    words.perWord ? ` masked words of unseen ${words.heldOut}.` : ` unseen ${words.heldOut}.`,
  );
  list.append(item);
  return list;
}

/** The guesses at the focused token (per-token outputs) or the class probabilities. */
function guesses(scene: Scene, all: Guess[][], token: number | null): HTMLElement | string {
  const d = scene.model!.descriptor;
  if (d.output === 'classes') return guessBars(`Its answer for this ${wordsOf(d).input}:`, all[0]!);
  if (scene.kind !== 'text' || token === null || !all[token]) return '';
  const word = scene.tokens[token]!;
  const where = word === maskToken(d) ? `the ${word}` : `“${word}”`;
  return guessBars(`Its guesses at ${where}:`, all[token]!.slice(0, 3));
}

function sideBox(title: string, side: Side, ...parts: (Node | string)[]): HTMLElement {
  const box = el('section', 'compare-side');
  box.dataset.side = side;
  box.append(el('h3', '', title), ...parts);
  return box;
}

/** Which model has the lower held-out loss, in a sentence. */
function verdict(scene: Scene, c: Comparison): string {
  const H = scene.config.numHeads;
  const many = { name: `the ${H}-head model`, ...c.many.heldOut };
  const one = { name: `the 1-head model`, ...c.one.heldOut };
  if (many.loss === one.loss && many.accuracy === one.accuracy)
    return `Measured here, held out: both models score the same (loss ${fmt(one.loss)}, accuracy ${pct(one.accuracy)}).`;
  const [lo, hi] = many.loss <= one.loss ? [many, one] : [one, many];
  const acc =
    lo.accuracy === hi.accuracy
      ? ` with the same accuracy, ${pct(lo.accuracy)}`
      : ` and ${lo.accuracy > hi.accuracy ? 'the higher' : 'the lower'} accuracy (${pct(lo.accuracy)} against ${pct(hi.accuracy)})`;
  return `Measured here, held out: ${lo.name} has the lower loss (${fmt(lo.loss)} against ${fmt(hi.loss)})${acc}.`;
}

/**
 * Draws the comparison of `scene` (which must carry one) into `container`, at the view's token.
 * `stale`: the scene is an earlier input's, kept while this one is measured; it is drawn faded.
 */
export function renderCompare(
  container: HTMLElement,
  scene: Scene,
  c: Comparison | { error: string } | null,
  view: View,
  stale: boolean,
): void {
  container.classList.toggle('stale', stale);
  if (!c) {
    container.replaceChildren(el('p', 'hint compare-wait', 'Running the one-head model…'));
    return;
  }
  if ('error' in c) {
    container.replaceChildren(el('p', 'hint', `The one-head model could not be run: ${c.error}.`));
    return;
  }
  const m = scene.model!;
  const t = scene.result.tQ;
  const token = view.token === null ? null : Math.min(view.token, t - 1);
  const { numHeads: H, headDim } = scene.config;
  const layer = `layer ${m.layer + 1}`;
  const patch = token === null ? 'none' : labels(scene)[token]!;
  const from = scene.kind === 'image' ? ` from patch ${patch}` : '';

  const one = c.one;
  const oneMap = card(
    map(scene, one.attention, 0, token, BIG, `1-head model, layer ${one.layer + 1}${from}`, true),
    0,
    one.numHeads,
    one.heads.find((e) => e.head === 0),
  );
  const small = el('div', 'compare-multiples');
  small.style.setProperty('--cols', String(H > 4 ? 4 : 2));
  for (let h = 0; h < H; h++) {
    const e = m.heads.find((x) => x.layer === m.layer && x.head === h);
    const f = card(
      map(scene, m.attention[m.layer]!, h, token, SMALL, `Head ${h + 1}, ${layer}${from}`, false),
      h,
      H,
      e,
    );
    f.dataset.head = String(h);
    if (scene.gates[h] === 0) f.classList.add('off');
    f.tabIndex = 0;
    f.setAttribute('role', 'button');
    f.setAttribute('aria-label', `Show head ${h + 1} in the other sections`);
    small.append(f);
  }
  const gatedOff = m.gates.filter((g) => g === 0).length;
  const sides = el('div', 'compare-sides');
  sides.append(
    sideBox(
      `${one.numHeads} head${one.numHeads === 1 ? '' : 's'} (width ${one.headDim})`,
      'one',
      oneMap,
      numbers(scene, 'one', one, 0),
      guesses(scene, one.guesses, token),
    ),
    sideBox(
      `${H} heads (width ${headDim} each)`,
      'many',
      small,
      numbers(scene, 'many', c.many, gatedOff),
      guesses(scene, m.guesses, token),
    ),
  );
  const where =
    scene.kind === 'image'
      ? `Layer ${m.layer + 1} of ${m.numLayers}: the tint is the attention from the outlined patch (${patch}). Hover, click or use the arrow keys on a picture to choose another.`
      : `Layer ${m.layer + 1} of ${m.numLayers}: rows are the tokens looking, columns the tokens they look at; the outlined row is the focused token.`;
  const parts: (Node | string)[] = [
    el('p', 'hint', where),
    sides,
    el('p', 'compare-verdict', verdict(scene, c)),
  ];
  if (!stale)
    parts.push(
      el('p', 'hint', `The core ran and evaluated the one-head model in ${c.ms.toFixed(0)} ms.`),
    );
  if (stale)
    parts.unshift(el('p', 'hint compare-wait', 'Measuring this input… (an earlier one is shown)'));
  container.replaceChildren(...parts);
  container.dataset.layer = String(m.layer);
}

// The "Which heads matter" and "Pruning" parts of the "heads, measured" section: every head of the
// model ranked by the importance the core measured (ablation or gate gradient, on this input or
// held out), the losses themselves, and the held-out pruning curve with the page's state marked.
// Each function replaces its containers' content; the slider and the measure radios stay (see
// controller.ts for when importance is asked for and the events).
import type { HeadImportance } from '../../lib/public.js';
import { evidenceOf, shortLabel } from '../render/views/model-grid.js';
import { headName, importanceBars } from '../render/views/importance-bars.js';
import { alikeRemovableChart, nearestTwin } from '../render/views/alike-removable.js';
import { pruningChart } from '../render/views/pruning-chart.js';
import { fmt } from '../render/numbers.js';
import { wordsOf } from '../models/descriptor.js';
import type { Scene } from '../scene.js';
import type { ImportanceMeasure } from '../state.js';
import { el, figure } from '../render/html.js';
import { pct } from '../render/numbers.js';

export type Measured = HeadImportance['current'];
export type HeldOut = HeadImportance['heldOut'];

export interface ImportanceContainers {
  /** Wraps both parts; data-state is 'ready' once this input is measured, else 'measuring'. */
  root: HTMLElement;
  /** Radios named after the ImportanceMeasure values. */
  measures: HTMLFieldSetElement;
  losses: HTMLElement;
  bars: HTMLElement;
  chart: HTMLElement;
  /** Heads kept, 0 … all. */
  slider: HTMLInputElement;
  readout: HTMLOutputElement;
  /** The alike-or-removable chart. */
  alike: HTMLElement;
}

/** What there is to draw: this input's measurement (or an earlier input's, `stale`), held out. */
export interface Shown {
  current: Measured | null;
  heldOut: HeldOut | null;
  stale: boolean;
  /** Milliseconds the core took to measure, when `current` is of this scene. */
  ms: number | null;
}

/** Heads removed at step r of the pruning, or null if the gates are not a step of it. */
export function pruningStep(gates: number[], order: number[]): number | null {
  const off = gates.flatMap((g, k) => (g === 0 ? [k] : []));
  const first = new Set(order.slice(0, off.length));
  return off.every((k) => first.has(k)) ? off.length : null;
}

/** The [layer, head] pairs switched off at step `removed` of the pruning order. */
export function prunedPairs(
  order: number[],
  removed: number,
  numHeads: number,
): Array<[number, number]> {
  return order.slice(0, removed).map((k) => [Math.floor(k / numHeads), k % numHeads]);
}

/** This input's loss: each known word masked in turn, or the class the model predicts. */
function currentPart(scene: Scene, c: Measured | null): (Node | string)[] {
  const m = scene.model!;
  const words = wordsOf(m.descriptor);
  const This = `This ${words.input}`;
  const off = m.gates.filter((g) => g === 0).length;
  const gated = off ? ` with the ${off} head${off === 1 ? '' : 's'} switched off now` : '';
  if (!c) return [`${This}: measuring… `];
  if (c.scored === 0)
    return [`${This}: no word of it is in the model’s vocabulary, so nothing to score. `];
  const loss = figure('current-loss', c.loss, fmt(c.loss));
  if (!words.perWord) {
    const top = m.guesses[0]?.[0];
    return [
      This,
      gated,
      ': loss ',
      loss,
      ` (−log p of the class the model predicts${top ? `, “${top.label}”` : ''}). `,
    ];
  }
  return [
    ...[This, gated, ': loss ', loss, ` (${words.lossMeaning}; `],
    figure('current-scored', c.scored, String(c.scored)),
    ` words scored, `,
    figure('current-accuracy', c.accuracy, pct(c.accuracy)),
    ' guessed right). ',
  ];
}

/** The held-out loss and accuracy, every head on. */
function heldOutPart(scene: Scene, h: HeldOut): (Node | string)[] {
  const words = wordsOf(scene.model!.descriptor);
  return [
    'Held out, every head on: loss ',
    figure('heldout-loss', h.loss, fmt(h.loss)),
    ', accuracy ',
    figure('heldout-accuracy', h.accuracy, pct(h.accuracy)),
    words.perWord ? ` of the ${words.scored}, on ` : ', on ',
    figure('heldout-examples', h.examples, String(h.examples)),
    ` ${words.heldOut} the model never trained on.`,
  ];
}

function lossesLine(scene: Scene, shown: Shown): HTMLElement {
  const p = el('p', 'importance-losses');
  p.append(...currentPart(scene, shown.current));
  if (shown.heldOut) p.append(...heldOutPart(scene, shown.heldOut));
  if (shown.ms !== null)
    p.append(el('span', 'hint', ` Measured by the core in ${shown.ms.toFixed(0)} ms.`));
  return p;
}

function caption(scene: Scene, measure: ImportanceMeasure, source: Measured): string {
  const [kind, where] = measure.split('-') as ['ablation' | 'gradient', 'input' | 'heldout'];
  const words = wordsOf(scene.model!.descriptor);
  const on =
    where === 'input'
      ? `On this ${words.input}, ${words.scoring}`
      : `On held-out ${words.heldOut}${words.heldOutScoring}`;
  if (kind === 'ablation') {
    const others = where === 'input' ? 'the other heads as they are now' : 'every other head on';
    const below = source.ablation.some((v) => v < 0)
      ? ' A bar to the left (orange): the loss falls a little without the head.'
      : '';
    return `${on}: how much the loss rises when this head alone is switched off, ${others}.${below}`;
  }
  return `${on}: the gradient importance of Michel et al. (2019), the expected |∂loss/∂gate| — how strongly the loss responds when the head is turned down a little. One backward pass scores every head, where ablation needs one run per head.`;
}

/** The ranked bars and the losses; clears everything for a scene without a model. */
export function renderImportance(
  c: ImportanceContainers,
  scene: Scene,
  shown: Shown,
  measure: ImportanceMeasure,
  selected: { layer: number; head: number },
): void {
  const m = scene.model;
  for (const radio of c.measures.querySelectorAll('input')) radio.checked = radio.value === measure;
  if (!m) {
    c.losses.replaceChildren();
    c.bars.replaceChildren();
    return;
  }
  c.root.dataset.state = shown.current && !shown.stale ? 'ready' : 'measuring';
  c.losses.replaceChildren(lossesLine(scene, shown));
  const [kind, where] = measure.split('-') as ['ablation' | 'gradient', 'input' | 'heldout'];
  const source = where === 'input' ? shown.current : shown.heldOut;
  if (!source) {
    c.bars.replaceChildren(
      el(
        'p',
        'hint importance-measuring',
        'Measuring which heads matter… The first time for a model, the core also measures a held-out set, which takes a few seconds.',
      ),
    );
    return;
  }
  const H = scene.config.numHeads;
  const n = m.gates.length;
  const notes = Array.from({ length: n }, (_, k) =>
    shortLabel(evidenceOf(m, Math.floor(k / H), k % H)),
  );
  const quantity = kind === 'ablation' ? 'loss rise' : '|∂loss/∂gate|';
  const wrap = el('div', 'importance-bars');
  wrap.classList.toggle('stale', where === 'input' && shown.stale);
  wrap.dataset.measure = measure;
  wrap.append(
    el('p', 'hint', caption(scene, measure, source)),
    importanceBars({
      values: source[kind],
      numHeads: H,
      gates: m.gates,
      notes,
      selected,
      quantity,
      label: `Every head of the model ranked by ${kind === 'ablation' ? 'ablation' : 'gradient'} importance ${where === 'input' ? 'on this input' : 'held out'}`,
    }),
  );
  if (where === 'input' && shown.stale)
    wrap.prepend(
      el(
        'p',
        'hint importance-measuring',
        'Measuring this input… (an earlier one is shown, faded)',
      ),
    );
  c.bars.replaceChildren(wrap);
}

/** The pruning curve, the slider's range and position, and what the page's state costs. */
export function renderPruning(c: ImportanceContainers, scene: Scene, heldOut: HeldOut | null) {
  const m = scene.model;
  if (!m || !heldOut) {
    c.chart.replaceChildren(
      m ? el('p', 'hint importance-measuring', 'Measuring the held-out set…') : '',
    );
    c.slider.disabled = true;
    c.readout.value = '';
    return;
  }
  const H = scene.config.numHeads;
  const { order, loss, accuracy } = heldOut.pruning;
  const n = order.length;
  const mark = pruningStep(m.gates, order);
  const untrained =
    m.weights === 'untrained'
      ? el(
          'p',
          'hint',
          'These are random weights: there is nothing learned to lose. Compare the curve with the trained model’s.',
        )
      : '';
  c.chart.replaceChildren(
    untrained,
    pruningChart({
      loss,
      accuracy,
      mark,
      label: `Held-out loss and accuracy with 0 to ${n} heads kept, the least important removed first`,
    }),
  );
  const off = m.gates.filter((g) => g === 0).length;
  c.slider.disabled = false;
  c.slider.max = String(n);
  c.slider.value = String(n - (mark ?? off));
  c.slider.setAttribute('aria-valuetext', `${n - (mark ?? off)} of ${n} heads kept`);
  if (mark === null) {
    delete c.readout.dataset.removed;
    c.readout.replaceChildren(
      `${n - off} of ${n} heads are on, but the ones switched off are not the first ones pruning removes, so the curve does not show this state. Move the slider to prune from all heads, least important first.`,
    );
    return;
  }
  c.readout.dataset.removed = String(mark);
  const removed = order.slice(0, mark).map((k) => headName(k, H));
  c.readout.replaceChildren(
    figure('kept', n - mark, String(n - mark)),
    ` of ${n} heads kept: held-out loss `,
    figure('pruned-loss', loss[mark]!, fmt(loss[mark]!)),
    ', accuracy ',
    figure('pruned-accuracy', accuracy[mark]!, pct(accuracy[mark]!)),
    mark === 0
      ? '. '
      : ` (every head on: ${fmt(loss[0]!)}, ${pct(accuracy[0]!)}). Switched off, least important first: ${removed.join(', ')}.`,
  );
}

/** Each head's nearest twin on this input against its held-out ablation (alike-removable.ts). */
export function renderAlike(c: ImportanceContainers, scene: Scene, heldOut: HeldOut | null) {
  const analysis = scene.model?.analysis;
  const H = scene.config.numHeads;
  if (!analysis || !heldOut || H < 2) {
    c.alike.replaceChildren(
      H < 2 ? el('p', 'hint', 'One head per layer: no head has a twin to look like.') : '',
    );
    return;
  }
  c.alike.replaceChildren(
    alikeRemovableChart({
      twin: nearestTwin(analysis, H),
      ablation: heldOut.ablation,
      numHeads: H,
      label: `Every head: distance to its most alike head on this input against the held-out loss rise without it`,
    }),
  );
}

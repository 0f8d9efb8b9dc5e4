// The guided path through multi-head attention: nine steps, each bringing one part of the page
// into view with two or three sentences about this input's own numbers. Every number is read from
// the scene the core computed (or the manifest's measured figures); nothing is recomputed here.
//
//   step ──needs(state)──► a change the step's view requires (a model, the image mode), or null
//        ──target────────► the heading the page scrolls to and marks
//        ──say(scene)────► the sentences, from the scene as drawn
import type { SharingRun } from '../../lib/public.js';
import { bytesText } from '../generate/panel.js';
import { layoutName } from '../generate/sharing.js';
import { defaultModelFor, MODELS } from '../models/manifest.js';
import { fmt, pct } from '../render/numbers.js';
import { headAttention, labels, type Scene } from '../scene.js';
import { sweepCounts } from '../training/sweep.js';
import type { ViewState } from '../state.js';

export interface GuideStep {
  title: string;
  /** The id of the heading the step brings into view. */
  target: string;
  /** What the state must change to for this step's view, or null when it already shows it. */
  needs(s: ViewState): Partial<ViewState> | null;
  /** Two or three sentences about the scene's numbers. */
  say(scene: Scene, s: ViewState): string[];
}

/** The focused token (0 when none), within the scene. */
function focus(scene: Scene, s: ViewState): number {
  return Math.min(s.token ?? 0, scene.result.tQ - 1);
}

/** The key query i of a head attends to most, and its weight. */
export function strongest(scene: Scene, head: number, i: number): { key: number; weight: number } {
  const row = headAttention(scene, head).subarray(i * scene.result.tK, (i + 1) * scene.result.tK);
  let key = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[key]!) key = j;
  return { key, weight: row[key] ?? 0 };
}

const quote = (scene: Scene, j: number) => `“${labels(scene)[j] ?? `#${j + 1}`}”`;

/** "H2 of layer 3" for a model, "H2" for one layer. */
function headName(scene: Scene, head: number): string {
  return scene.model ? `H${head + 1} of layer ${scene.model.layer + 1}` : `H${head + 1}`;
}

const shownHead = (scene: Scene, s: ViewState) => Math.min(s.head, scene.config.numHeads - 1);

/** The enlarged head h, the focused token i, and i's strongest link in h. */
function shownLink(scene: Scene, s: ViewState) {
  const h = shownHead(scene, s);
  const i = focus(scene, s);
  return { h, i, ...strongest(scene, h, i) };
}

/** Text mode with a trained model: what the steps about learned jobs need. */
function trainedText(s: ViewState): Partial<ViewState> | null {
  if (s.mode === 'text' && s.model !== 'layer' && s.weights === 'trained') return null;
  return { mode: 'text', model: defaultModelFor('text').id, weights: 'trained' };
}

/** The shipped decoder whose key/value sharing was measured. */
const SHARING_MODEL = MODELS.find((m) => m.sharing);

const oneHead: GuideStep = {
  title: 'One head, one pattern per token',
  target: 'detail-title',
  needs: () => null,
  say(scene, s) {
    const { h, i, key, weight } = shownLink(scene, s);
    return [
      `Head ${headName(scene, h)} gives every token one row of weights: the row is the token ` +
        'looking, each column a token it looks at, and the weights of a row add up to 1.',
      `Here ${quote(scene, i)} gives ${pct(weight)} of its attention to ${quote(scene, key)}.`,
      'Hover or tap another token to see its row.',
    ];
  },
};

const qkv: GuideStep = {
  title: 'Queries, keys and values',
  target: 'math-title',
  needs: () => null,
  say(scene, s) {
    const { h, i, key, weight } = shownLink(scene, s);
    const { dModel: d, headDim: hd } = scene.config;
    const score = scene.result.scores[(h * scene.result.tQ + i) * scene.result.tK + key] ?? NaN;
    return [
      `Each token’s vector x (${d} numbers) is projected three ways, into a query, a key and a ` +
        `value of ${hd} numbers for this head.`,
      `${quote(scene, i)}’s query against ${quote(scene, key)}’s key gives q · k = ${fmt(score)}; ` +
        `scaled and put through a softmax over all ${scene.result.tK} keys, that is ${pct(weight)}.`,
      'The head’s output is the values mixed by those weights. The steps below show every number.',
    ];
  },
};

const manyHeads: GuideStep = {
  title: 'Many heads over smaller subspaces',
  target: 'overview-title',
  needs: () => null,
  say(scene, s) {
    const { numHeads: H, headDim: hd, dModel: d } = scene.config;
    const i = focus(scene, s);
    const targets = Array.from({ length: H }, (_, h) => strongest(scene, h, i));
    const distinct = new Set(targets.map((t) => t.key)).size;
    const some = targets
      .slice(0, 3)
      .map((t, h) => `H${h + 1} to ${quote(scene, t.key)} (${pct(t.weight, 0)})`);
    const rest = H > 3 ? `, and ${H - 3} more ${H - 3 === 1 ? 'head' : 'heads'}` : '';
    return [
      `${H} ${H === 1 ? 'head works' : 'heads each work'} on ${hd} numbers: ${H} × ${hd} ` +
        `${H * hd === d ? '=' : 'against'} d_model ${d}. Each has its own W_q, W_k and W_v.`,
      `From ${quote(scene, i)}, the heads’ strongest links go to ${distinct} different ` +
        `${distinct === 1 ? 'token' : 'tokens'}: ${some.join(', ')}${rest}.`,
    ];
  },
};

const concat: GuideStep = {
  title: 'Concatenation and W_o',
  target: 'fused-title',
  needs: () => null,
  say(scene, s) {
    const { numHeads: H, headDim: hd, dModel: d } = scene.config;
    const i = focus(scene, s);
    const norms = Array.from(
      { length: H },
      (_, h) => scene.result.contributionNorms[h * scene.result.tQ + i] ?? 0,
    );
    const big = norms.indexOf(Math.max(...norms));
    const small = norms.indexOf(Math.min(...norms));
    return [
      `The ${H} head outputs, ${hd} numbers each, sit side by side in one row of ${H * hd}; ` +
        `W_o (${d} × ${H * hd}) maps that row back to ${d} numbers.`,
      H > 1
        ? `For ${quote(scene, i)}, the largest contribution is H${big + 1}’s (size ` +
          `${fmt(norms[big]!)}), the smallest H${small + 1}’s (${fmt(norms[small]!)}).`
        : `With one head, W_o only maps its ${hd} numbers back to ${d}.`,
    ];
  },
};

const jobs: GuideStep = {
  title: 'Heads that learned different jobs',
  target: 'model-title',
  needs: trainedText,
  say(scene) {
    const m = scene.model;
    if (!m) return ['Choose a trained model to see its heads’ jobs.'];
    const labelled = m.heads.filter((e) => e.label);
    const total = m.numLayers * scene.config.numHeads;
    const named = labelled
      .slice(0, 4)
      .map((e) => `layer ${e.layer + 1} H${e.head + 1}: ${e.label}`)
      .join('; ');
    return [
      labelled.length
        ? `On held-out text, ${labelled.length} of the model’s ${total} heads score clearly above ` +
          `chance at one job (${named}).`
        : `On held-out text, none of the model’s ${total} heads scores clearly above chance at ` +
          'one of the jobs measured.',
      'The grid shows every head of every layer on your sentence; the labels come from held-out ' +
        'text, and the measurements below say how each head spreads its attention.',
    ];
  },
};

const pruning: GuideStep = {
  title: 'Switching heads off: importance and pruning',
  target: 'importance-title',
  needs: trainedText,
  say(scene) {
    const imp = scene.model?.importance;
    const total = (scene.model?.numLayers ?? 1) * scene.config.numHeads;
    const first = [
      `Any of the model’s ${total} heads can be switched off (its checkbox in the settings), and ` +
        'every view is recomputed without it.',
    ];
    if (!imp)
      return [
        ...first,
        'The bars rank the heads by how much the loss rises without each, and the pruning curve ' +
          'removes them one by one (measured when this section is on screen).',
      ];
    const loss = imp.heldOut.pruning.loss;
    const n = loss.length - 1;
    const half = Math.floor(n / 2);
    return [
      ...first,
      `Held out, the loss is ${fmt(loss[0]!)} with all ${n} heads; without the ${half} least ` +
        `important it is ${fmt(loss[half]!)}, and without every head ${fmt(loss[n]!)}.`,
      'Looking alike (the similarity matrix) and being removable are different measures: two ' +
        'heads can look alike and both still matter.',
    ];
  },
};

const oneOrMany: GuideStep = {
  title: 'One head or many',
  target: 'compare-title',
  needs: trainedText,
  say(scene) {
    const c = scene.model?.compare;
    const { numHeads: H, headDim: hd, dModel: d } = scene.config;
    const measured =
      c && 'many' in c
        ? `On held-out text, the same recipe with one head of ${d} per layer reaches a loss of ` +
          `${fmt(c.one.heldOut.loss)}, against ${fmt(c.many.heldOut.loss)} with ${H} heads of ` +
          `${hd} (one seed each).`
        : `The same recipe trained with one head of ${d} per layer, instead of ${H} heads of ` +
          `${hd}, runs beside this model when this section is on screen.`;
    return [
      measured,
      `Under “Train it yourself”, the head-count sweep trains a small task with ${sweepCounts()} ` +
        'heads and compares them on validation loss: more heads is not automatically better.',
    ];
  },
};

const sharing: GuideStep = {
  title: 'Sharing keys and values: GQA and MQA',
  target: 'generate-title',
  needs: (s) =>
    SHARING_MODEL && (s.model !== SHARING_MODEL.id || s.weights !== 'trained')
      ? { mode: 'text', model: SHARING_MODEL.id, weights: 'trained' }
      : null,
  say(scene) {
    const kv = scene.model?.kvCache;
    const { numHeads: H, numKvHeads: KV } = scene.config;
    if (!kv) return ['Choose the English decoder to see its key/value heads.'];
    const runs: SharingRun[] = SHARING_MODEL?.sharing ?? [];
    const at = (k: number) => runs.find((r) => r.kvHeads === k);
    const lines = [
      `This decoder’s ${H} query heads share ${KV} key/value ${KV === 1 ? 'head' : 'heads'} ` +
        `(${layoutName(KV, H)}): each key and value is computed once for ${H / KV} query heads.`,
      `Its KV cache needs ${bytesText(kv.model.float16)} per token in half precision, against ` +
        `${bytesText(kv.mha.float16)} with one key/value head per query head (MHA) and ` +
        `${bytesText(kv.mqa.float16)} with one for all (MQA).`,
    ];
    const [mha, own, mqa] = [at(H), at(KV), at(1)];
    if (mha && own && mqa)
      lines.push(
        `Trained each way, held-out perplexity was ${fmt(mha.perplexity)} (MHA), ` +
          `${fmt(own.perplexity)} (this model) and ${fmt(mqa.perplexity)} (MQA): the memory saved ` +
          'costs some accuracy.',
      );
    return lines;
  },
};

const patches: GuideStep = {
  title: 'Attention over image patches',
  target: 'overview-title',
  needs: (s) => (s.mode === 'image' ? null : { mode: 'image', token: 0 }),
  say(scene, s) {
    if (scene.kind !== 'image') return ['Switch to an image to see attention over patches.'];
    const i = focus(scene, s);
    const { key, weight } = strongest(scene, 0, i);
    return [
      `The same core now attends over ${scene.result.tQ} patches of ${scene.patchSize} × ` +
        `${scene.patchSize} pixels (${scene.gridW} across, ${scene.gridH} down): each patch is ` +
        'a token.',
      `Patch ${quote(scene, i)} (row, column) gives ${pct(weight)} of H1’s attention to patch ` +
        `${quote(scene, key)}.`,
    ];
  },
};

export const GUIDE_STEPS: readonly GuideStep[] = [
  oneHead,
  qkv,
  manyHeads,
  concat,
  jobs,
  pruning,
  oneOrMany,
  sharing,
  patches,
];

/**
 * What a step opened from a link or a widget's attributes needs: its model or mode, unless the
 * link names a model itself (a link copied during the tour does, and keeps its view).
 */
export function linkNeeds(s: ViewState, namesModel: boolean): Partial<ViewState> {
  if (s.step === null || namesModel) return {};
  return GUIDE_STEPS[s.step]!.needs(s) ?? {};
}

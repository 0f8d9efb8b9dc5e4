// The "Heads, measured" section of the page, for a model: the core's head analysis of the shown
// layer (per-head statistics, redundancy matrices in the core's clustered order) and the
// attention rollout over all layers. Each function replaces a container's content; nothing is
// drawn for a one-layer scene or a scene computed without the analysis.
import { patchCanvas, type Pixels, type View } from '../panels.js';
import { evidenceOf, shortLabel } from '../render/views/model-grid.js';
import { rolloutMatrix } from '../render/views/rollout.js';
import { similarityMatrix } from '../render/views/similarity-matrix.js';
import { statsTable } from '../render/views/stats-table.js';
import { labels, type Scene } from '../scene.js';
import { el } from '../render/html.js';
import { pct } from '../render/numbers.js';

export interface HeadsContainers {
  stats: HTMLElement;
  redundancy: HTMLElement;
  rollout: HTMLElement;
}

const ROLLOUT_COLOR = '#AA3377';

const FUSION_WORDS = {
  mean: 'averaged',
  max: 'combined by taking the largest weight',
  min: 'combined by taking the smallest weight',
} as const;

function figure(view: Element, caption: string, name: string): HTMLElement {
  const f = el('figure', 'heads-figure');
  f.dataset.matrix = name;
  f.append(view, el('figcaption', 'hint', caption));
  return f;
}

export function renderHeads(
  c: HeadsContainers,
  scene: Scene,
  view: View,
  image: Pixels | null,
): void {
  const m = scene.model;
  const analysis = m?.analysis;
  const layer = analysis?.layers[m!.layer];
  if (!m || !analysis || !layer) {
    for (const box of Object.values(c)) box.replaceChildren();
    return;
  }
  const H = scene.config.numHeads;
  const what = scene.kind === 'text' ? 'token' : 'patch';
  const whats = scene.kind === 'text' ? 'tokens' : 'patches';
  const heads = Array.from({ length: H }, (_, h) => h);
  c.stats.replaceChildren(
    statsTable({
      stats: layer,
      kind: scene.kind,
      first: m.descriptor.framing.before[0] ?? null,
      gates: scene.gates,
      notes: heads.map((h) => shortLabel(evidenceOf(m, m.layer, h))),
      selected: Math.min(view.head, H - 1),
      caption: `Layer ${m.layer + 1}: each head’s attention on this input, averaged over all the ${whats} it looks from.`,
    }),
  );

  c.redundancy.replaceChildren(
    figure(
      similarityMatrix({
        values: layer.jsDistance,
        order: layer.order,
        mode: 'sequential',
        max: 1,
        gates: scene.gates,
        label: `Layer ${m.layer + 1}: Jensen-Shannon distance between heads’ attention patterns`,
      }),
      `Where they look: Jensen-Shannon distance of the heads’ attention, averaged over ${whats}. 0 (dark): the two heads look at the same ${whats} with the same weights; 1 (yellow): they never look at the same ${whats}.`,
      'js-distance',
    ),
    figure(
      similarityMatrix({
        values: layer.contributionSimilarity,
        order: layer.order,
        mode: 'diverging',
        max: 1,
        gates: scene.gates,
        label: `Layer ${m.layer + 1}: cosine similarity of heads’ output contributions`,
      }),
      'What they write: cosine similarity of the heads’ contributions to the output. 1 (orange): they add the same direction; 0 (white): unrelated; −1 (blue): opposite.',
      'contribution-similarity',
    ),
  );

  const t = scene.result.tQ;
  const token = view.token === null ? null : Math.min(view.token, t - 1);
  const how = `each layer’s heads that are on are ${FUSION_WORDS[m.fusion]}, half of every ${what} is kept as itself (the residual connection), and the ${m.numLayers} layers are multiplied together`;
  if (scene.kind === 'text') {
    c.rollout.replaceChildren(
      el(
        'p',
        'hint',
        `Rollout follows attention through all ${m.numLayers} layers at once: ${how}. Row: a token at the top of the model; columns: the input tokens its information came from.`,
      ),
      rolloutMatrix({
        tokens: scene.tokens,
        rollout: analysis.rollout,
        focus: token,
        label: `Attention rollout through ${m.numLayers} layers, heads ${m.fusion} (rows: tokens at the top, columns: input tokens)`,
        reuse: c.rollout.querySelector<SVGSVGElement>('svg[data-view=rollout]'),
      }),
    );
  } else if (image) {
    const name = token === null ? 'none' : labels(scene)[token]!;
    // The patch's share of itself is large (the residual connection): it is left out of the tint,
    // and said in words, so the other patches' shares show.
    let heat: Float32Array | null = null;
    let own = '';
    if (token !== null) {
      heat = analysis.rollout.slice(token * t, (token + 1) * t);
      own = ` The outlined patch (${name}) draws ${pct(heat[token]!, 0)} on itself, left untinted so the others show.`;
      heat[token] = 0;
    }
    c.rollout.replaceChildren(
      el(
        'p',
        'hint',
        `Rollout follows attention through all ${m.numLayers} layers at once: ${how}. Tint: where the outlined patch’s information came from.${own} Hover, click or use the arrow keys on the picture to choose a patch.`,
      ),
      patchCanvas(
        scene,
        image,
        heat,
        ROLLOUT_COLOR,
        token,
        360 / image.width,
        `Attention rollout through ${m.numLayers} layers, heads ${m.fusion}, from patch ${name}`,
      ),
    );
  }
}

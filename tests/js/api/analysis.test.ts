// The head analysis of a model run (`analysis: true`), checked against values computed here from
// the run's own attention maps and contributions, written from the definitions.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model, type ModelRun } from 'headscope';
import { readRepoFile } from '../support/repo-file.js';

let hs: Headscope;
let text: Model, vision: Model;
beforeAll(async () => {
  hs = await loadHeadscope();
  text = hs.loadModel(await readRepoFile('public/models/text.safetensors'));
  vision = hs.loadModel(await readRepoFile('public/models/vision.safetensors'));
});

/** Row i of head h of a [heads, t, t] map. */
const row = (a: Float32Array, h: number, i: number, t: number) =>
  Array.from(a.subarray((h * t + i) * t, (h * t + i + 1) * t));

function expectedStats(a: Float32Array, h: number, t: number, gridW = 0) {
  let entropy = 0,
    distance = 0,
    self = 0,
    previous = 0,
    first = 0;
  for (let i = 0; i < t; i++) {
    const r = row(a, h, i, t);
    if (t > 1) entropy += -r.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0) / Math.log(t);
    r.forEach((p, j) => {
      distance +=
        p *
        (gridW
          ? Math.hypot((i % gridW) - (j % gridW), Math.floor(i / gridW) - Math.floor(j / gridW))
          : Math.abs(i - j));
    });
    self += r[i]!;
    if (i > 0) previous += r[i - 1]!;
    first += r[0]!;
  }
  return {
    entropy: entropy / t,
    distance: distance / t,
    self: self / t,
    previous: previous / (t - 1),
    first: first / t,
  };
}

function jsDistance(p: number[], q: number[]): number {
  const kl = (x: number[], m: number[]) =>
    x.reduce((s, v, j) => s + (v > 0 ? v * Math.log2(v / m[j]!) : 0), 0);
  const m = p.map((v, j) => (v + q[j]!) / 2);
  return Math.sqrt(Math.max(0, 0.5 * kl(p, m) + 0.5 * kl(q, m)));
}

function checkLayers(model: Model, run: ModelRun, gridW = 0) {
  const H = model.info.numHeads,
    t = run.seqLen,
    d = model.info.dModel;
  expect(run.analysis!.layers).toHaveLength(model.info.numLayers);
  run.analysis!.layers.forEach((a, l) => {
    const attention = run.layers[l]!.attention;
    for (let h = 0; h < H; h++) {
      const want = expectedStats(attention, h, t, gridW);
      expect(a.entropy[h]).toBeCloseTo(want.entropy, 4);
      expect(a.distance[h]).toBeCloseTo(want.distance, 4);
      expect(a.self[h]).toBeCloseTo(want.self, 4);
      expect(a.previous[h]).toBeCloseTo(want.previous, 4);
      expect(a.first[h]).toBeCloseTo(want.first, 4);
      for (let g = 0; g < H; g++) {
        let js = 0;
        for (let i = 0; i < t; i++)
          js += jsDistance(row(attention, g, i, t), row(attention, h, i, t));
        expect(a.jsDistance[g * H + h]).toBeCloseTo(js / t, 3);
        const c = run.layers[l]!.contributions;
        const cg = c.subarray(g * t * d, (g + 1) * t * d),
          ch = c.subarray(h * t * d, (h + 1) * t * d);
        let dot = 0,
          ng = 0,
          nh = 0;
        cg.forEach((v, k) => ((dot += v * ch[k]!), (ng += v * v), (nh += ch[k]! * ch[k]!)));
        expect(a.contributionSimilarity[g * H + h]).toBeCloseTo(dot / Math.sqrt(ng * nh), 3);
      }
    }
    expect([...a.order].sort()).toEqual([...Array(H).keys()]);
  });
}

/** ½ mean_h(a_h) + ½ I per layer, multiplied first layer rightmost. */
function expectedRollout(run: ModelRun, H: number): number[] {
  const t = run.seqLen;
  let roll: number[] = Array.from({ length: t * t }, (_, k) => (k % (t + 1) === 0 ? 1 : 0));
  for (const layer of run.layers) {
    const a = Array.from({ length: t * t }, (_, k) => (k % (t + 1) === 0 ? 0.5 : 0));
    for (let h = 0; h < H; h++)
      for (let k = 0; k < t * t; k++) a[k]! += (0.5 * layer.attention[h * t * t + k]!) / H;
    const next = new Array<number>(t * t).fill(0);
    for (let i = 0; i < t; i++)
      for (let k = 0; k < t; k++)
        for (let j = 0; j < t; j++) next[i * t + j]! += a[i * t + k]! * roll[k * t + j]!;
    roll = next;
  }
  return roll;
}

describe('head analysis', () => {
  it('text: every statistic and the rollout match a computation from the run itself', () => {
    const run = text.runText('The queen thanked the boys because she was happy.', {
      analysis: true,
    });
    checkLayers(text, run);
    const want = expectedRollout(run, text.info.numHeads);
    run.analysis!.rollout.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 4));
  });

  it('image: distances are measured on the patch grid', () => {
    const data = new Uint8ClampedArray(64 * 64 * 4).fill(255);
    for (let k = 0; k < 64 * 20; k++) data.set([200, 30, 30], k * 4);
    const run = vision.runImage({ data, width: 64, height: 64 }, { analysis: true });
    checkLayers(vision, run, run.gridW);
  });

  it('is null unless asked for', () => {
    expect(text.runText('The dog runs.').analysis).toBeNull();
  });

  it('max fusion differs from mean, and a heads-off layer passes tokens through', () => {
    const H = text.info.numHeads,
      L = text.info.numLayers;
    const mean = text.runText('The boys say that she runs.', { analysis: true }).analysis!.rollout;
    const max = text.runText('The boys say that she runs.', { analysis: true, fusion: 'max' })
      .analysis!.rollout;
    expect(Math.max(...mean.map((v, k) => Math.abs(v - max[k]!)))).toBeGreaterThan(1e-3);
    const off = text.runText('The boys say that she runs.', {
      analysis: true,
      gates: new Float32Array(L * H).fill(0),
    }).analysis!.rollout;
    const t = Math.sqrt(off.length);
    off.forEach((v, k) => expect(v).toBeCloseTo(k % (t + 1) === 0 ? 1 : 0, 6));
  });

  it('rejects an unknown fusion by name and keeps working', () => {
    expect(() =>
      text.runText('The dog runs.', { analysis: true, fusion: 'avg' as 'mean' }),
    ).toThrow("fusion 'avg' must be mean, max or min");
    expect(text.runText('The dog runs.', { analysis: true }).analysis!.layers).toHaveLength(
      text.info.numLayers,
    );
  });
});

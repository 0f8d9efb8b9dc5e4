// Multi-head attention written out from the definitions in plain JS (float64), independent of the
// core, for the tests to compare against.
import type { AttentionWeights } from 'headscope';

export interface RefConfig {
  dModel: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  causal: boolean;
  scale: boolean;
}

export function referenceForward(
  c: RefConfig,
  w: AttentionWeights,
  x: Float32Array,
  tQ: number,
  opts: { kv?: Float32Array; kvLen?: number; pad?: boolean[]; gates?: number[] } = {},
): { attention: number[]; output: number[]; contributions: number[] } {
  const kv = opts.kv ?? x;
  const tK = opts.kv ? opts.kvLen! : tQ;
  const { dModel: d, numHeads: H, headDim: hd } = c;
  const group = H / c.numKvHeads;
  const project = (
    src: Float32Array,
    t: number,
    W: Float32Array,
    b: Float32Array | undefined,
    row0: number,
  ) => {
    const y: number[] = [];
    for (let i = 0; i < t; i++)
      for (let e = 0; e < hd; e++) {
        let s = b ? b[row0 + e]! : 0;
        for (let m = 0; m < d; m++) s += src[i * d + m]! * W[(row0 + e) * d + m]!;
        y.push(s);
      }
    return y;
  };
  const attention: number[] = [];
  const contributions: number[] = new Array(H * tQ * d).fill(0);
  const output: number[] = new Array(tQ * d).fill(0);
  for (let h = 0; h < H; h++) {
    const g = Math.floor(h / group);
    const q = project(x, tQ, w.wq, w.bq, h * hd);
    const k = project(kv, tK, w.wk, w.bk, g * hd);
    const v = project(kv, tK, w.wv, w.bv, g * hd);
    const scale = c.scale ? 1 / Math.sqrt(hd) : 1;
    const gate = opts.gates ? opts.gates[h]! : 1;
    for (let i = 0; i < tQ; i++) {
      const logits: number[] = [];
      for (let j = 0; j < tK; j++) {
        const hidden = (c.causal && j > i) || (opts.pad?.[j] ?? false);
        let s = 0;
        for (let e = 0; e < hd; e++) s += q[i * hd + e]! * k[j * hd + e]!;
        logits.push(hidden ? -Infinity : s * scale);
      }
      const max = Math.max(...logits);
      const exps = logits.map((l) => (max === -Infinity ? 0 : Math.exp(l - max)));
      const sum = exps.reduce((a, b) => a + b, 0);
      const a = exps.map((e) => (sum > 0 ? e / sum : 0));
      attention.push(...a);
      for (let o = 0; o < d; o++) {
        let s = 0;
        for (let e = 0; e < hd; e++) {
          let headOut = 0;
          for (let j = 0; j < tK; j++) headOut += a[j]! * v[j * hd + e]!;
          s += gate * headOut * w.wo[o * H * hd + h * hd + e]!;
        }
        contributions[(h * tQ + i) * d + o] = s;
        output[i * d + o]! += s;
      }
    }
  }
  if (w.bo) for (let i = 0; i < tQ; i++) for (let o = 0; o < d; o++) output[i * d + o]! += w.bo[o]!;
  return { attention, output, contributions };
}

/** Deterministic pseudo-random numbers in [-amp, amp] (mulberry32), independent of the core. */
export function randomArray(n: number, seed: number, amp = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * amp;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

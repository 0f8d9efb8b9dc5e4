// A long session in Node: 100,000 forwards (layers of several shapes and the shipped models) and
// 1,000 model switches (load, run once, dispose); SOAK_FORWARDS and SOAK_SWITCHES shorten it
// (`npm test` runs 20,000 and 200; `npm run test:full` the full length). After a warm-up that
// reaches every shape used, the wasm heap must not grow at all, and the JS heap (after a forced
// GC) must not creep up: in the short run the same bounds hold over fewer calls.
// Needs `gc()`: the node project runs with --expose-gc (vitest.config.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model, type RgbaImage } from 'headscope';
import { PRESETS } from '../../../web/app/state.js';
import { randomArray } from '../reference.js';
import { readRepoFile } from '../support/repo-file.js';

const CHECKPOINTS = ['text', 'text-1head', 'vision', 'vision-1head'] as const;
/** A count from the environment (`name`), or `full`. */
function count(name: string, full: number, least: number): number {
  const n = Number(process.env[name] ?? full);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`${name}=${process.env[name]}: want >= ${least}`);
  return n;
}
/** At least 4,000: the 2,000 warm-up forwards, then enough to sample the heaps 10 times. */
const FORWARDS = count('SOAK_FORWARDS', 100_000, 4_000);
/** One forward in MODEL_EVERY is a whole model's run (text and image alternately): they cost
 * ~10× a layer's forward, so 5,000 of them keep the test to about a minute. */
const MODEL_EVERY = 20;
const SWITCHES = count('SOAK_SWITCHES', 1_000, 100);
/** The heaps are sampled 10 times over each run (every 10,000 forwards, 100 switches in full). */
const FORWARD_SAMPLE = Math.floor(FORWARDS / 10);
const SWITCH_SAMPLE = Math.floor(SWITCHES / 10);
/**
 * Allowed JS heap growth (heapUsed after GC) from the post-warm-up sample to any later one.
 * Measured: +130 KB over the forwards, +40 KB over the switches (V8 tiering up; it levels off
 * at ~100 KB in longer runs). 1 MB catches a leak of ~11 bytes a forward (any object kept per
 * call) or ~1 KB a switch (less than one Model wrapper with its info kept alive).
 */
const JS_SLACK = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
let hs: Headscope;
let memory: WebAssembly.Memory | undefined;
const bytes = new Map<string, Uint8Array>();

beforeAll(async () => {
  // The module's memory is not part of the API: catch it as the module is instantiated.
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (async (...args: unknown[]) => {
    const result = (await Reflect.apply(instantiate, WebAssembly, args)) as
      WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource;
    const instance = 'instance' in result ? result.instance : result;
    memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
    return result;
  }) as typeof instantiate;
  try {
    hs = await loadHeadscope();
  } finally {
    WebAssembly.instantiate = instantiate;
  }
  for (const name of CHECKPOINTS)
    bytes.set(name, await readRepoFile(`public/models/${name}.safetensors`));
});

/** heapUsed after a full GC (twice: the first may only queue finalizers). */
function jsHeap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/**
 * The wasm heap, both ways: the core's count, and the memory's size seen from JS. It must not
 * change at all after warm-up. It grows only when malloc runs out, and after warm-up ~3 MB of the
 * 16 MB are free: so this catches a leak of ~30 bytes a forward, or ~3 KB a switch (a checkpoint's
 * weights are 170–250 KB).
 */
function wasmHeap(): number {
  expect(memory!.buffer.byteLength).toBe(hs.heapBytes());
  return hs.heapBytes();
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;

/** Sentences of 1 to ~60 words (past the models' 46-token cap), some with [MASK]. */
function sentence(i: number): string {
  const words = PRESETS[i % PRESETS.length]!.split(' ');
  const n = 1 + ((i * 7) % 60);
  return Array.from({ length: n }, (_, k) => words[(k + i) % words.length]).join(' ');
}

/** Images of several sizes (copied into wasm, then resized), from 8 × 8 up to 192 × 128. */
const SIZES: Array<[number, number]> = [
  [8, 8],
  [64, 64],
  [100, 37],
  [192, 128],
];
function image(i: number): RgbaImage {
  const [width, height] = SIZES[i % SIZES.length]!;
  const data = new Uint8ClampedArray(width * height * 4).map((_, k) => (k * 31 + i) & 255);
  return { data, width, height };
}

describe('a long session in Node', () => {
  it(`${FORWARDS.toLocaleString('en')} forwards leave the wasm heap and the JS heap where warm-up left them`, () => {
    expect(gc, 'run with --expose-gc').toBeDefined();
    expect(memory).toBeDefined();
    const layers = [
      new hs.MultiHeadAttention({ dModel: 32, numHeads: 4, seed: 1 }),
      new hs.MultiHeadAttention({ dModel: 64, numHeads: 8, numKvHeads: 2, causal: true, seed: 2 }),
      new hs.MultiHeadAttention({ dModel: 48, numHeads: 3, headWindows: [0, 2, 5], seed: 3 }),
    ];
    const text = hs.loadModel(bytes.get('text')!);
    const vision = hs.loadModel(bytes.get('vision')!);
    const kv = randomArray(16 * 32, 7);
    const inputs = layers.map((l, n) => randomArray(40 * l.config.dModel, n));
    let checksum = 0;
    const forward = (i: number, t = 1 + (i % 40)) => {
      if (i % MODEL_EVERY === 0) {
        const k = i / MODEL_EVERY;
        const model = k % 2 === 0 ? text : vision;
        const { numLayers, numHeads } = model.info;
        const gates = Array.from({ length: numLayers * numHeads }, (_, h) => ((h + k) % 5 ? 1 : 0));
        const options = { gates, attribution: k % 3 === 0, analysis: k % 7 === 0 };
        const j = k >> 1;
        const run =
          model === text ? text.runText(sentence(j), options) : vision.runImage(image(j), options);
        checksum += run.probabilities[0]!;
        return;
      }
      const n = i % layers.length;
      const layer = layers[n]!;
      const x = inputs[n]!.subarray(0, t * layer.config.dModel);
      const H = layer.config.numHeads;
      const r =
        n === 0 && i % 2 === 0
          ? layer.forward(x, t, { kv: kv.subarray(0, (1 + (i % 16)) * 32), kvLen: 1 + (i % 16) })
          : layer.forward(x, t, {
              headGates: Array.from({ length: H }, (_, h) => (h === i % H ? 0 : 1)),
              attribution: i % 4 === 1,
              keyPaddingMask: Array.from({ length: t }, (_, j) => j > 0 && j === i % t),
            });
      checksum += r.output[0]!;
    };

    // Warm-up: every kind of call at its largest shape, so the heap reaches its working size.
    for (let i = 0; i < 2_000; i++) forward(i, 40);
    const wasm0 = wasmHeap();
    const samples = [jsHeap()];
    const start = performance.now();
    for (let i = 2_000; i < FORWARDS; i++) {
      forward(i);
      if (i % FORWARD_SAMPLE === 0) {
        samples.push(jsHeap());
        expect(wasmHeap()).toBe(wasm0);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    samples.push(jsHeap());
    console.log(
      `${FORWARDS - 2_000} forwards after warm-up in ${seconds.toFixed(1)} s; ` +
        `wasm heap ${mb(wasm0)} throughout; JS heap after GC: ${samples.map(mb).join(', ')}`,
    );
    expect(Number.isFinite(checksum)).toBe(true);
    expect(wasmHeap()).toBe(wasm0);
    for (const s of samples) expect(s - samples[0]!).toBeLessThan(JS_SLACK);
    text.dispose();
    vision.dispose();
    for (const l of layers) l.dispose();
  }, 600_000);

  it(`${SWITCHES.toLocaleString('en')} model switches leave the wasm heap and the JS heap where warm-up left them`, () => {
    // Each switch: a shipped checkpoint (trained, or every fifth with random weights from a new
    // seed) loaded from bytes, run once, disposed.
    const cycle = CHECKPOINTS.length + 1;
    const switchTo = (i: number): void => {
      const name = CHECKPOINTS[i % cycle] ?? CHECKPOINTS[Math.floor(i / cycle) % 4]!;
      const random = i % cycle === CHECKPOINTS.length;
      const model: Model = hs.loadModel(bytes.get(name)!, { randomWeights: random, seed: i });
      const run =
        model.info.kind === 'text' ? model.runText(sentence(i)) : model.runImage(image(i));
      expect(run.seqLen).toBeGreaterThan(0);
      model.dispose();
    };
    for (let i = 0; i < 4 * cycle; i++) switchTo(i);
    const wasm0 = wasmHeap();
    const samples = [jsHeap()];
    const start = performance.now();
    for (let i = 0; i < SWITCHES; i++) {
      switchTo(i);
      if ((i + 1) % SWITCH_SAMPLE === 0) {
        samples.push(jsHeap());
        expect(wasmHeap()).toBe(wasm0);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `${SWITCHES} model switches in ${seconds.toFixed(1)} s; wasm heap ${mb(wasm0)} ` +
        `throughout; JS heap after GC: ${samples.map(mb).join(', ')}`,
    );
    for (const s of samples) expect(s - samples[0]!).toBeLessThan(JS_SLACK);
  }, 600_000);
});

// The generation worker: loads the core as the compute worker does, keeps the model last asked
// for, and runs one generation at a time, one token per 'step' message. The page paces the steps
// (one per frame at most), so the worker never runs ahead of what is drawn, and a Stop takes
// effect at once.
import { fetchBytes } from '../../lib/fetch-wasm.js';
import { loadHeadscope, type Generation, type Headscope, type Model } from '../../lib/index.js';
import { gatesFor } from '../compute/build-scene.js';
import { exposeHeapBytes } from '../compute/protocol.js';
import type { GenerateReply, GenerateRequest, GenerateSpec } from './protocol.js';

const scope = self as unknown as {
  postMessage(message: GenerateReply, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<GenerateRequest>) => void) | null;
};

let loaded: { key: string; model: Model } | undefined;
let current: { run: number; generation: Generation } | undefined;

/** The model of a spec: the one already loaded, or fetched and parsed (the previous disposed). */
async function modelFor(hs: Headscope, spec: GenerateSpec): Promise<{ model: Model; ms: number }> {
  const key = `${spec.weights}:${spec.weights === 'untrained' ? spec.seed : ''}:${spec.url}`;
  if (loaded?.key === key) return { model: loaded.model, ms: 0 };
  const start = performance.now();
  const { bytes } = await fetchBytes(spec.url, 'the model');
  const model = hs.loadModel(bytes, {
    randomWeights: spec.weights === 'untrained',
    seed: spec.seed,
  });
  current = undefined;
  loaded?.model.dispose();
  loaded = { key, model };
  return { model, ms: performance.now() - start };
}

async function start(hs: Headscope, run: number, spec: GenerateSpec): Promise<void> {
  current = undefined;
  const { model, ms } = await modelFor(hs, spec);
  const generation = model.generate(spec.text, {
    maxTokens: spec.maxTokens,
    temperature: spec.temperature,
    topK: spec.topK,
    seed: spec.drawSeed,
    gates: gatesFor(model.info, spec.off),
  });
  current = { run, generation };
  scope.postMessage({
    type: 'started',
    run,
    tokens: [...generation.tokens],
    promptLength: generation.promptLength,
    done: generation.done,
    loadMs: ms,
  });
}

function step(run: number): void {
  if (current?.run !== run) return;
  const t0 = performance.now();
  const next = current.generation.next();
  if (next.done) return;
  const token = next.value;
  const done = current.generation.done;
  if (done) current = undefined;
  const stepMs = performance.now() - t0;
  const buffers = token.attention.map((a) => a.buffer as ArrayBuffer);
  scope.postMessage({ type: 'token', run, token, done, stepMs }, buffers);
}

/** Messages are handled in order: a step never overtakes the start it belongs to. */
let queue: Promise<void> = Promise.resolve();

function handle(hs: Headscope, m: GenerateRequest): Promise<void> {
  const fail = (e: unknown) =>
    scope.postMessage({ type: 'error', run: m.run, message: (e as Error).message });
  const work = async () => {
    if (m.type === 'start') await start(hs, m.run, m.spec);
    else if (m.type === 'step') step(m.run);
    else if (current?.run === m.run) current = undefined;
  };
  return work().catch(fail);
}

loadHeadscope().then(
  (hs) => {
    scope.onmessage = (e) => {
      queue = queue.then(() => handle(hs, e.data));
    };
    exposeHeapBytes(hs);
    scope.postMessage({ type: 'hello', ok: true });
  },
  (e: unknown) => scope.postMessage({ type: 'hello', ok: false, error: (e as Error).message }),
);

// Runs scene requests off the main thread, newest first: while one computes, later requests
// replace each other, so a burst of keystrokes costs one compute per frame, not one per key.
// Where a worker cannot start (e.g. the widget's script comes from another origin), the same
// builder runs on the main thread instead.
import { fetchBytes, fetchWasm } from '../../lib/fetch-wasm.js';
import type {
  SceneRequest,
  SceneResponse,
  WorkerDelivery,
  WorkerHello,
  WorkerInit,
  WorkerReply,
} from './protocol.js';
import { WASM_URL } from './wasm-url.js';

export type Runner = (req: SceneRequest) => Promise<SceneResponse>;

export interface Engine {
  /** Where the maths runs: 'worker' or 'main thread'. */
  readonly where: string;
  readonly simdArch: string;
  /** Computes req unless a newer request arrives first; then resolves to null. */
  submit(req: SceneRequest): Promise<SceneResponse | null>;
}

/**
 * Sends a file the page fetches to the worker, its buffer transferred. The page starts these
 * downloads as it creates the worker: the worker's own script must load and compile before it
 * could start them (about 300 ms later, measured on a cold first visit).
 */
function deliver(worker: Worker, url: string, bytes: Promise<Uint8Array>): void {
  bytes.then(
    (b) => worker.postMessage({ deliver: url, bytes: b } satisfies WorkerDelivery, [b.buffer]),
    (e: unknown) =>
      worker.postMessage({ deliver: url, error: (e as Error).message } satisfies WorkerDelivery),
  );
}

function workerRunner(prefetch: string[]): Promise<{ run: Runner; simdArch: string }> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    } catch (e) {
      reject(e);
      return;
    }
    worker.postMessage({
      wasmUrl: WASM_URL,
      delivering: [WASM_URL, ...prefetch],
    } satisfies WorkerInit);
    deliver(worker, WASM_URL, fetchWasm(WASM_URL));
    for (const url of prefetch)
      deliver(
        worker,
        url,
        fetchBytes(url, 'the model').then((r) => r.bytes),
      );
    const waiting = new Map<number, (r: SceneResponse) => void>();
    let next = 0;
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the compute worker failed to start'));
    };
    worker.onmessage = (e: MessageEvent<WorkerHello | WorkerReply>) => {
      const m = e.data;
      if ('ready' in m) {
        if (!m.ready) return reject(new Error(m.error));
        resolve({
          simdArch: m.simdArch,
          run: (request) =>
            new Promise((done) => {
              const id = next++;
              waiting.set(id, done);
              worker.postMessage({ id, request });
            }),
        });
        return;
      }
      waiting.get(m.id)?.(m.response);
      waiting.delete(m.id);
    };
  });
}

async function inlineRunner(): Promise<{ run: Runner; simdArch: string }> {
  const [{ loadHeadscope }, { makeSceneBuilder }] = await Promise.all([
    import('../../lib/index.js'),
    import('./build-scene.js'),
  ]);
  const hs = await loadHeadscope({ wasmUrl: WASM_URL });
  const build = makeSceneBuilder(hs);
  return { simdArch: hs.simdArch(), run: build };
}

type Started = Awaited<ReturnType<typeof workerRunner>> & { where: string };
let shared: Promise<Started> | undefined;

/** A core in a worker, or on the main thread if no worker can start. */
function newRunner(prefetch: string[] = []): Promise<Started> {
  return workerRunner(prefetch)
    .then((r) => ({ ...r, where: 'worker' }))
    .catch(async () => ({ ...(await inlineRunner()), where: 'main thread' }));
}

/** The one core of this page; the first caller's `prefetch` is fetched as it starts. */
function startRunner(prefetch: string[]): Promise<Started> {
  shared ??= newRunner(prefetch);
  shared.catch(() => (shared = undefined)); // a failed start may be retried
  return shared;
}

/**
 * A queue onto the page's core. Each caller (the page, every widget) gets its own, so one
 * figure's newer request never displaces another's. With `own`, the queue gets a core of its
 * own (another worker): for slow requests that must not hold up the page's (head importance).
 * `prefetch`: checkpoint URLs the first requests will need, fetched while the core starts.
 */
export async function startEngine(own = false, prefetch: string[] = []): Promise<Engine> {
  const runner = await (own ? newRunner() : startRunner(prefetch));
  const where = runner.where;
  let busy = false;
  let pending: { req: SceneRequest; done: (r: SceneResponse | null) => void } | undefined;

  const pump = async (): Promise<void> => {
    while (pending) {
      const job = pending;
      pending = undefined;
      busy = true;
      const response = await runner.run(job.req);
      busy = false;
      job.done(response);
    }
  };

  return {
    where,
    simdArch: runner.simdArch,
    submit(req) {
      return new Promise((done) => {
        pending?.done(null);
        pending = { req, done };
        if (!busy) void pump();
      });
    },
  };
}

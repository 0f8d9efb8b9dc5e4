// Runs scene requests off the main thread, newest first: while one computes, later requests
// replace each other, so a burst of keystrokes costs one compute per frame, not one per key.
// Where a worker cannot start (e.g. the widget's script comes from another origin), the same
// builder runs on the main thread instead.
import type {
  SceneRequest,
  SceneResponse,
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

function workerRunner(prefetch: string[]): Promise<{ run: Runner; simdArch: string }> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    // The worker's name carries where the wasm and the first checkpoints are, so it starts the
    // downloads as its script starts: a first message was forwarded to it only once the page's
    // main thread was free, 165-250 ms later on a cold first visit. The downloads stay in the
    // worker: started on the page instead, their bodies were read on its busy main thread, and
    // the first head came no sooner.
    const init = JSON.stringify({ wasmUrl: WASM_URL, prefetch } satisfies WorkerInit);
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: init });
    } catch (e) {
      reject(e);
      return;
    }
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

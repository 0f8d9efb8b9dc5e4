// The compute worker: loads the core once, then answers scene requests, so typing never waits on
// the maths on the main thread.
import { loadHeadscope } from '../../lib/index.js';
import { fetchCheckpoint, makeSceneBuilder, sceneBuffers } from './build-scene.js';
import {
  exposeHeapBytes,
  type WorkerDelivery,
  type WorkerHello,
  type WorkerInit,
  type WorkerReply,
  type WorkerRequest,
} from './protocol.js';

const scope = self as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerInit | WorkerDelivery | WorkerRequest>) => void) | null;
};

/** Files the page is downloading for this worker, by URL, until they arrive. */
const deliveries = new Map<
  string,
  { bytes: Promise<Uint8Array>; settle: (d: WorkerDelivery) => void }
>();

function expect(url: string): Promise<Uint8Array> {
  let settle!: (d: WorkerDelivery) => void;
  const bytes = new Promise<Uint8Array>((resolve, reject) => {
    settle = (d) => ('bytes' in d ? resolve(d.bytes) : reject(new Error(d.error)));
  });
  deliveries.set(url, { bytes, settle });
  return bytes;
}

const start = ({ wasmUrl, delivering }: WorkerInit) => {
  // Checkpoints come from the page's downloads, started before this worker's script had loaded.
  // (A failed one is forgotten by fetchCheckpoint and fetched again by the request that needs it.)
  const checkpoints = new Map<string, Promise<Uint8Array>>();
  for (const url of delivering)
    if (url !== wasmUrl) fetchCheckpoint(checkpoints, url, expect(url)).catch(() => {});
  const wasm = delivering.includes(wasmUrl) ? expect(wasmUrl) : Promise.reject(new Error());
  // Without the page's bytes, the loader fetches the wasm itself and says what went wrong.
  return wasm
    .then(
      (wasmBinary) => loadHeadscope({ wasmBinary }),
      () => loadHeadscope({ wasmUrl }),
    )
    .then(
      (hs) => {
        const build = makeSceneBuilder(hs, checkpoints);
        exposeHeapBytes(hs);
        answer = async ({ id, request }) => {
          const response = await build(request);
          const reply: WorkerReply = { id, response };
          scope.postMessage(reply, response.ok ? sceneBuffers(response.scene) : []);
        };
        scope.postMessage({ ready: true, simdArch: hs.simdArch() } satisfies WorkerHello);
      },
      (e: unknown) =>
        scope.postMessage({ ready: false, error: (e as Error).message } satisfies WorkerHello),
    );
};

/** Answers a scene request; set once the core has loaded (the page asks only after 'ready'). */
let answer: ((r: WorkerRequest) => Promise<void>) | null = null;

// The first message says where the wasm is and which files the page delivers; deliveries and,
// once the worker says it is ready, requests follow.
scope.onmessage = (e) => {
  const m = e.data;
  if ('wasmUrl' in m) void start(m);
  else if ('deliver' in m) deliveries.get(m.deliver)?.settle(m);
  else void answer?.(m);
};

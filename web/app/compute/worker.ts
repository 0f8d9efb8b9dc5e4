// The compute worker: loads the core once, then answers scene requests, so typing never waits on
// the maths on the main thread.
import { loadHeadscope } from '../../lib/index.js';
import { fetchCheckpoint, makeSceneBuilder, sceneBuffers } from './build-scene.js';
import {
  exposeHeapBytes,
  type WorkerHello,
  type WorkerInit,
  type WorkerReply,
  type WorkerRequest,
} from './protocol.js';

const scope = self as unknown as {
  name: string;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};

const start = ({ wasmUrl, prefetch }: WorkerInit) => {
  // The first model downloads while the core compiles, rather than after.
  const checkpoints = new Map<string, Promise<Uint8Array>>();
  // (A failed fetch is forgotten by fetchCheckpoint and retried by the request that needs it.)
  for (const url of prefetch) void fetchCheckpoint(checkpoints, url);
  return loadHeadscope({ wasmUrl }).then(
    (hs) => {
      const build = makeSceneBuilder(hs, checkpoints);
      exposeHeapBytes(hs);
      scope.onmessage = async (e) => {
        const response = await build(e.data.request);
        const reply: WorkerReply = { id: e.data.id, response };
        scope.postMessage(reply, response.ok ? sceneBuffers(response.scene) : []);
      };
      scope.postMessage({ ready: true, simdArch: hs.simdArch() } satisfies WorkerHello);
    },
    (e: unknown) =>
      scope.postMessage({ ready: false, error: (e as Error).message } satisfies WorkerHello),
  );
};

// The worker's name says where the wasm is and which checkpoints to fetch (engine.ts says why);
// requests follow once the worker says it is ready.
void start(JSON.parse(scope.name) as WorkerInit);

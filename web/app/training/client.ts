// The page's side of the training worker: started on first use (a page that never trains never
// loads a second copy of the core), then a typed send and a listener for replies.
import type { TrainReply, TrainRequest } from './protocol.js';

export interface TrainingClient {
  readonly simdArch: string;
  send(request: TrainRequest): void;
}

let started: Promise<TrainingClient> | undefined;

/** The page's one training worker; the first caller's `onReply` receives every later reply. */
export function startTraining(onReply: (reply: TrainReply) => void): Promise<TrainingClient> {
  started ??= new Promise<TrainingClient>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const failed = (e: Error) => {
      worker.terminate();
      reject(e);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      failed(new Error(e.message || 'the training worker failed to start'));
    };
    worker.onmessage = (e: MessageEvent<TrainReply>) => {
      const m = e.data;
      if (m.type !== 'hello') return onReply(m);
      if (!m.ok) return failed(new Error(m.error));
      resolve({ simdArch: m.simdArch, send: (request) => worker.postMessage(request) });
    };
  });
  started.catch(() => (started = undefined)); // a failed start may be retried
  return started;
}

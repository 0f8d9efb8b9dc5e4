// The page's side of the generation worker: started on the first Generate (a page that never
// generates never loads another copy of the core), then a typed send and a listener for replies.
import type { GenerateReply, GenerateRequest } from './protocol.js';

export interface GenerateClient {
  send(request: GenerateRequest): void;
}

let started: Promise<GenerateClient> | undefined;

/** The page's one generation worker; the first caller's `onReply` receives every later reply. */
export function startGenerating(onReply: (reply: GenerateReply) => void): Promise<GenerateClient> {
  started ??= new Promise<GenerateClient>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const failed = (e: Error) => {
      worker.terminate();
      reject(e);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      failed(new Error(e.message || 'the generation worker failed to start'));
    };
    worker.onmessage = (e: MessageEvent<GenerateReply>) => {
      const m = e.data;
      if (m.type !== 'hello') return onReply(m);
      if (!m.ok) return failed(new Error(m.error));
      resolve({ send: (request) => worker.postMessage(request) });
    };
  });
  started.catch(() => (started = undefined)); // a failed start may be retried
  return started;
}

// Heap sizes of a page and of its workers, each after a forced GC, through the DevTools protocol.
// Playwright opens a CDP session on a page only; the workers are reached through it, attached
// in non-flat mode (Target.setAutoAttach with flatten: false), where commands go in and replies
// come out wrapped in Target messages on the same session.
import type { CDPSession, Page } from 'playwright-core';
import { HEAP_BYTES_HOOK, type WasmHeap } from '../../../web/app/compute/protocol.js';

export interface HeapSample {
  /** V8's JS heap in use, bytes. */
  js: number;
  /** ArrayBuffer contents (outside the JS heap: scenes' typed arrays, checkpoints), bytes. */
  buffers: number;
  /** Page: Blink's heap (DOM nodes and other objects the page's JS holds), bytes. */
  dom?: number;
  /** Page: live DOM nodes and event listeners. */
  nodes?: number;
  listeners?: number;
  /** Workers that load the core: the wasm heap's size, bytes (the worker's HEAP_BYTES_HOOK). */
  wasm?: number;
  /** The same workers: bytes of the wasm heap in use (allocated and not freed). */
  wasmUsed?: number;
}

export interface HeapProbe {
  /** Every target's heap: 'page', then the workers by role (see `role`). */
  sample(): Promise<Map<string, HeapSample>>;
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * A worker's role, from its script and the page's order of starting them: the compute worker
 * starts with the page; a second copy of it ('extras') when the importance panels are first on
 * screen (web/app/compute/engine.ts, `own`); another script, the training worker, on first Train.
 */
function namer(): (url: string) => string {
  const seen: string[] = [];
  return (url) => {
    seen.push(url);
    if (url === seen[0]) return seen.filter((u) => u === url).length === 1 ? 'compute' : 'extras';
    return 'training';
  };
}

export async function heapProbe(page: Page): Promise<HeapProbe> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Map<string, string>(); // sessionId → role
  const waiting = new Map<number, (r: Reply) => void>();
  const role = namer();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.set(e.sessionId, role(e.targetInfo.url));
  });
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId ?? ''));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as Reply;
    if (reply.id === undefined) return; // an event
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });

  /** A command to a worker's session. */
  const send = async (sessionId: string, method: string, params = {}) => {
    const id = nextId++;
    const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    const r = await reply;
    if (r.error) throw new Error(`${method} in a worker: ${r.error.message}`);
    return r.result!;
  };

  return {
    async sample() {
      const out = new Map<string, HeapSample>();
      await cdp.send('HeapProfiler.collectGarbage');
      const page = await cdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      out.set('page', {
        js: page.usedSize,
        buffers: page.backingStorageSize,
        dom: page.embedderHeapUsedSize,
        nodes: dom.nodes,
        listeners: dom.jsEventListeners,
      });
      for (const [sessionId, name] of [...workers].sort((a, b) => a[1].localeCompare(b[1]))) {
        await send(sessionId, 'HeapProfiler.collectGarbage');
        const heap = await send(sessionId, 'Runtime.getHeapUsage');
        const wasm = await send(sessionId, 'Runtime.evaluate', {
          expression: `self.${HEAP_BYTES_HOOK}?.() ?? null`,
          returnByValue: true,
        });
        const bytes = (wasm.result as { value: WasmHeap | null }).value;
        out.set(name, {
          js: heap.usedSize as number,
          buffers: heap.backingStorageSize as number,
          ...(bytes === null ? {} : { wasm: bytes.size, wasmUsed: bytes.used }),
        });
      }
      return out;
    },
  };
}

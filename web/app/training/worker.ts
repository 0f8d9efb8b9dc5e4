// The training worker: loads the core as the compute worker does (through the library's
// loadHeadscope), then trains one small model at a time in chunks of steps, posting each chunk's
// batch losses and, every so often, the trainer's validation and probe. Between chunks it yields,
// so pause, resume and stop take effect within one chunk and the page never waits on the maths.
import { loadHeadscope, type Headscope, type Trainer } from '../../lib/index.js';
import { exposeHeapBytes } from '../compute/protocol.js';
import type { Evaluation, TrainReply, TrainRequest } from './protocol.js';

const scope = self as unknown as {
  postMessage(message: TrainReply, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<TrainRequest>) => void) | null;
};

/** Time a chunk of steps aims at: short enough for a prompt pause, long enough to pay off. */
const CHUNK_MS = 50;
const MAX_CHUNK = 25;
/** Weight of the past in the smoothed batch loss. */
const SMOOTHING = 0.9;

interface Run {
  id: number;
  trainer: Trainer;
  target: number;
  evalEvery: number;
  paused: boolean;
  looping: boolean;
  /** Steps in the next chunk, adapted to the measured speed. */
  chunk: number;
  /** The moving average (before bias correction) and the number of losses in it. */
  ema: number;
  seen: number;
}

let run: Run | undefined;

/** Lets queued messages (pause, stop) in before the next chunk, without a timer's delay. */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

function evaluate(trainer: Trainer): Evaluation {
  return { step: trainer.steps, ...trainer.validate(), probe: trainer.probe() };
}

function smooth(r: Run, losses: Float32Array): Float32Array {
  return losses.map((loss) => {
    r.ema = SMOOTHING * r.ema + (1 - SMOOTHING) * loss;
    r.seen++;
    return r.ema / (1 - SMOOTHING ** r.seen);
  });
}

function fail(r: Run, e: unknown): void {
  stop(r.id);
  scope.postMessage({ type: 'error', run: r.id, message: (e as Error).message });
}

async function loop(r: Run): Promise<void> {
  r.looping = true;
  try {
    while (run === r && !r.paused && r.trainer.steps < r.target) {
      const steps = r.trainer.steps;
      const nextEval = (Math.floor(steps / r.evalEvery) + 1) * r.evalEvery;
      const count = Math.max(1, Math.min(r.chunk, r.target - steps, nextEval - steps));
      const t0 = performance.now();
      const losses = r.trainer.step(count);
      const stepMs = performance.now() - t0;
      r.chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round((count * CHUNK_MS) / stepMs)));
      const now = r.trainer.steps;
      const smoothed = smooth(r, losses);
      const evaluation =
        now % r.evalEvery === 0 || now === r.target ? evaluate(r.trainer) : undefined;
      scope.postMessage(
        {
          type: 'progress',
          run: r.id,
          steps: now,
          losses,
          smoothed,
          stepMs,
          ...(evaluation ? { evaluation } : {}),
        },
        [losses.buffer, smoothed.buffer],
      );
      await yieldToMessages();
    }
    if (run === r)
      scope.postMessage({
        type: r.paused ? 'paused' : 'done',
        run: r.id,
        steps: r.trainer.steps,
      });
  } catch (e) {
    fail(r, e);
  } finally {
    r.looping = false;
  }
}

function stop(id: number): void {
  if (run?.id !== id) return;
  run.trainer.dispose();
  run = undefined;
}

function handle(hs: Headscope, m: TrainRequest): void {
  if (m.type === 'start') {
    if (run) stop(run.id);
    let trainer: Trainer;
    try {
      trainer = hs.createTrainer(m.settings);
    } catch (e) {
      scope.postMessage({ type: 'error', run: m.run, message: (e as Error).message });
      return;
    }
    const r: Run = {
      id: m.run,
      trainer,
      target: m.target,
      evalEvery: m.evalEvery,
      paused: false,
      looping: false,
      chunk: 10,
      ema: 0,
      seen: 0,
    };
    run = r;
    try {
      scope.postMessage({ type: 'started', run: r.id, evaluation: evaluate(trainer) });
    } catch (e) {
      fail(r, e);
      return;
    }
    void loop(r);
    return;
  }
  if (run?.id !== m.run) return;
  if (m.type === 'stop') stop(m.run);
  else if (m.type === 'pause') run.paused = true;
  else if (m.type === 'resume') {
    run.paused = false;
    if (!run.looping) void loop(run);
  }
}

loadHeadscope().then(
  (hs) => {
    scope.onmessage = (e) => handle(hs, e.data);
    exposeHeapBytes(hs);
    scope.postMessage({ type: 'hello', ok: true, simdArch: hs.simdArch() });
  },
  (e: unknown) => scope.postMessage({ type: 'hello', ok: false, error: (e as Error).message }),
);

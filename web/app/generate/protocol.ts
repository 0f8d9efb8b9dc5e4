// Messages between the page and the generation worker. Every number in them is the core's: the
// worker runs `model.generate` (web/lib/generate.ts) and forwards each token as the core gave it.
import type { GeneratedToken } from '../../lib/public.js';

/** What to continue, with which model and how. */
export interface GenerateSpec {
  /** Absolute URL of the checkpoint, and its weights (random ones from `seed` for the contrast). */
  url: string;
  weights: 'trained' | 'untrained';
  seed: number;
  /** [layer, head] pairs switched off, 0-based, as on the page. */
  off: Array<[number, number]>;
  /** The typed text the model continues. */
  text: string;
  maxTokens: number;
  /** 0: greedy. */
  temperature: number;
  /** 0: every token. */
  topK: number;
  /** Seed of the draws. */
  drawSeed: number;
}

/** Page → worker. `run` names the generation a message is about; replies about others are stale. */
export type GenerateRequest =
  /** Loads the model if needed and starts a generation (ending any other). */
  | { type: 'start'; run: number; spec: GenerateSpec }
  /** The next token of the run. */
  | { type: 'step'; run: number }
  /** Ends the run. */
  | { type: 'stop'; run: number };

/** Worker → page. */
export type GenerateReply =
  /** Once: the core loaded, or could not. */
  | { type: 'hello'; ok: true }
  | { type: 'hello'; ok: false; error: string }
  /**
   * The generation exists: the framed text's tokens, whether it has room for a token at all,
   * and how long loading the model took (0 when it was loaded already).
   */
  | {
      type: 'started';
      run: number;
      tokens: string[];
      promptLength: number;
      done: boolean;
      loadMs: number;
    }
  /** One token, and whether it was the last (maxTokens given or the context full). */
  | { type: 'token'; run: number; token: GeneratedToken; done: boolean; stepMs: number }
  /** The core refused the text or an option, or failed: the run is over. */
  | { type: 'error'; run: number; message: string };

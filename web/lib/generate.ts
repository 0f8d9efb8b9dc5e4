// Continuing a text with a causal model, one token at a time: the core's Generator
// (cpp/models/generate.hpp), which feeds each new token through the KV cache. `model.generate`
// returns a Generation; each `next()` is one step in the core.
import type { RawModel, RawModule } from '../wasm/headscope.js';
import { wellFormedText } from './args.js';
import type { GeneratedToken, GenerateOptions } from './types.js';

/**
 * A generation under way: an iterator of tokens (`for (const t of model.generate(text))`), each
 * `next()` drawing one. A model runs one generation at a time: a later `generate` on the same
 * model ends this one (its `next()` then throws), as does `dispose()`.
 */
export interface Generation extends Iterable<GeneratedToken> {
  /** The framed text's tokens ([BOS] and the pieces), then every token generated so far. */
  readonly tokens: readonly string[];
  /** How many of `tokens` are the framed text: the first generated token is at this position. */
  readonly promptLength: number;
  /** Whether it has ended: maxTokens given, the context full, or another generation started. */
  readonly done: boolean;
  /** The next token, or `{ done: true }` once it has ended. Throws if it was replaced. */
  next(): IteratorResult<GeneratedToken, undefined>;
  [Symbol.iterator](): Generation;
}

/** How a Generation reaches its model: the raw model (throws once disposed), and whether it is current. */
export interface GenerationOwner {
  live(): RawModel;
  current(): boolean;
}

const STALE = 'this generation was replaced by a later model.generate() on the same model';

class RunningGeneration implements Generation {
  readonly #mod: RawModule;
  readonly #owner: GenerationOwner;
  readonly #tokens: string[];
  readonly promptLength: number;
  #ended: boolean;

  constructor(mod: RawModule, owner: GenerationOwner) {
    this.#mod = mod;
    this.#owner = owner;
    const raw = owner.live();
    this.#tokens = raw.generateTokens();
    this.promptLength = this.#tokens.length;
    this.#ended = !raw.generateCanStep();
  }

  get tokens(): readonly string[] {
    return [...this.#tokens];
  }

  get done(): boolean {
    return this.#ended || !this.#owner.current();
  }

  next(): IteratorResult<GeneratedToken, undefined> {
    if (!this.#owner.current()) throw new Error(STALE);
    if (this.#ended) return { done: true, value: undefined };
    const raw = this.#owner.live();
    const step = raw.generateStep();
    if (!step) throw new Error(this.#mod.takeError());
    const value: GeneratedToken = { ...step, position: this.#tokens.length };
    this.#tokens.push(step.token);
    this.#ended = !raw.generateCanStep();
    return { done: false, value };
  }

  [Symbol.iterator](): Generation {
    return this;
  }
}

/** Starts a generation on `owner`'s model; throws an Error naming a bad option or text. */
export function startGeneration(
  mod: RawModule,
  owner: GenerationOwner,
  text: string,
  options: GenerateOptions,
): Generation {
  const typed = wellFormedText(text);
  if (typeof options !== 'object' || options === null)
    throw new Error(`options must be an object such as { maxTokens: 20 }, got ${options}`);
  if (!owner.live().generateStart(typed, options)) throw new Error(mod.takeError());
  return new RunningGeneration(mod, owner);
}

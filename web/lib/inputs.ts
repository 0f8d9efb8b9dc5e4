import type { RawModule } from '../wasm/headscope.js';
import type { Patches, RgbaImage, Tokenized } from './types.js';
import { rgbaImage, wellFormedText } from './args.js';

/** Text and image inputs, computed by the core. Every result is owned by JS. */
export interface Inputs {
  /**
   * Splits text into tokens: words (ASCII letters, digits, inner apostrophes, any non-ASCII
   * characters) and single punctuation marks. Keeps the first `maxTokens` (default 512).
   */
  tokenize(text: string, maxTokens?: number): Tokenized;
  /**
   * Untrained inputs for tokens: a fixed vector per word (case-insensitive; seeded) plus
   * sinusoidal positions. [tokens.length, dModel].
   */
  embedTokens(tokens: string[], dModel: number, seed?: number): Float32Array;
  /** Cuts an RGBA image into patchSize × patchSize patches; edge pixels left over are dropped. */
  patchify(image: RgbaImage, patchSize: number): Patches;
  /**
   * Untrained inputs for patches: a seeded linear projection plus 2-D sinusoidal positions (rows
   * in the first half of the dims, columns in the second). [gridW * gridH, dModel].
   */
  embedPatches(patches: Patches, dModel: number, seed?: number): Float32Array;
}

export function makeInputs(mod: RawModule): Inputs {
  const ok = <T>(value: T | null): T => {
    if (value === null) throw new Error(mod.takeError());
    return value;
  };
  return {
    tokenize: (text, maxTokens = 512) => ok(mod.tokenize(wellFormedText(text), maxTokens)),
    embedTokens: (tokens, dModel, seed = 0) =>
      ok(
        mod.embedTokens(
          Array.isArray(tokens) ? tokens.map((t, i) => wellFormedText(t, `tokens[${i}]`)) : tokens,
          dModel,
          seed,
        ),
      ),
    patchify: (image, patchSize) => {
      const { data, width, height } = rgbaImage(image);
      return ok(mod.patchify(data, width, height, patchSize));
    },
    embedPatches: (p, dModel, seed = 0) =>
      ok(mod.embedPatches(p.values, p.gridW, p.gridH, p.patchDim, dModel, seed)),
  };
}

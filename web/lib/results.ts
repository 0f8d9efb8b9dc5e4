// Pieces both wrapped classes (MultiHeadAttention, Model) share: the dispose symbol and copying
// one attention forward's tensors out of wasm memory.
import type { ForwardResult } from './types.js';

/** `Symbol.dispose` where the runtime has it, else the well-known fallback TypeScript uses. */
export const disposeSymbol: symbol =
  (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

const RESULT_NAMES = [
  'q',
  'k',
  'v',
  'scores',
  'logits',
  'attention',
  'headOutputs',
  'concat',
  'contributions',
  'output',
  'scoreScale',
] as const;

/**
 * Copies every tensor of one attention forward out of wasm memory. `view(name)` returns the raw
 * view (or null); with `attribution`, contributionNorms and fusedAttribution are copied too.
 */
export function copyForward(
  view: (name: string) => Float32Array | null,
  tQ: number,
  tK: number,
  attribution: boolean,
): ForwardResult {
  const out = { tQ, tK } as ForwardResult;
  for (const name of RESULT_NAMES) out[name] = view(name)!.slice();
  if (attribution) {
    out.contributionNorms = view('contributionNorms')!.slice();
    out.fusedAttribution = view('fusedAttribution')!.slice();
  }
  return out;
}

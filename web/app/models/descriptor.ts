// What a model is, as the page needs to know it: the core's descriptor (family, input, output,
// special tokens, framing, head roles), and the words the page uses for it. Everything that
// differs between model families is read from here, never from a test of text against image.
import type { ModelInfo } from '../../lib/public.js';

export type ModelDescriptor = ModelInfo['descriptor'];

/** Tokens the model adds around the input's own ([CLS] … [SEP]: 2). */
export function framingCount(d: ModelDescriptor): number {
  return d.framing.before.length + d.framing.after.length;
}

/** The sentence for what a role's score counts, or undefined for a role the model does not list. */
export function roleRule(d: ModelDescriptor, label: string): string | undefined {
  return d.roles.find((r) => r.label === label)?.description;
}

/** The words the page uses for a model's inputs, outputs and held-out set. */
export interface ModelWords {
  /** 'token' or 'patch', and the plural. */
  item: string;
  items: string;
  /** What one input is: 'sentence' or 'image'. */
  input: string;
  /** The held-out examples: 'passages' or 'shape images'. */
  heldOut: string;
  /** The loss the checkpoint reports: 'masked-LM loss', ... */
  loss: string;
  /** Whether the loss scores each word of an input (masked in turn), not one answer per input. */
  perWord: boolean;
}

export function wordsOf(d: ModelDescriptor): ModelWords {
  const text = d.input === 'text';
  const loss = {
    'token-vocabulary': 'masked-LM loss',
    'next-token': 'next-token loss',
    classes: 'classification loss',
  }[d.output];
  return {
    item: text ? 'token' : 'patch',
    items: text ? 'tokens' : 'patches',
    input: text ? 'sentence' : 'image',
    heldOut: d.family === 'vit-classifier' ? 'shape images' : text ? 'passages' : 'images',
    loss,
    perWord: d.output !== 'classes',
  };
}

/** The special token that hides a word from the model, if it has one ('[MASK]'). */
export function maskToken(d: ModelDescriptor): string | undefined {
  return d.special.mask;
}

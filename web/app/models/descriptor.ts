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
  /** How a per-word loss scores an input: 'each known word masked in turn and guessed back', ... */
  scoring: string;
  /** What a per-word loss averages: 'the mean −log p of each word when it alone is masked', ... */
  lossMeaning: string;
  /** How the held-out set is scored, after its name: ' masked as in training', ... */
  heldOutScoring: string;
  /** What a per-word accuracy counts: 'masked words', 'next tokens'. */
  scored: string;
}

/** How each kind of output is scored and named, for a per-word loss. */
const SCORING: Record<
  ModelDescriptor['output'],
  Pick<ModelWords, 'scoring' | 'lossMeaning' | 'heldOutScoring' | 'scored'>
> = {
  'token-vocabulary': {
    scoring: 'each known word masked in turn and guessed back',
    lossMeaning: 'the mean −log p of each word when it alone is masked',
    heldOutScoring: ' masked as in training',
    scored: 'masked words',
  },
  'next-token': {
    scoring: 'each next token guessed from the tokens before it',
    lossMeaning: 'the mean −log p of each token given the tokens before it',
    heldOutScoring: ', each next token guessed from the tokens before it',
    scored: 'next tokens',
  },
  classes: {
    scoring: 'against the class the model predicts',
    lossMeaning: '',
    heldOutScoring: '',
    scored: 'classes',
  },
};

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
    ...SCORING[d.output],
  };
}

/**
 * The title over a text model's guesses at position `i` (0-based), whose token is `word`: a
 * masked-LM encoder guesses the word at a position (a typed mask token hides it), a causal decoder
 * the token that comes after it.
 */
export function guessesTitle(d: ModelDescriptor, word: string, i: number): string {
  if (d.output === 'next-token')
    return `What the model expects after “${word}” (position ${i + 1}):`;
  const mask = maskToken(d);
  if (word === mask) return `The model’s guesses for the ${mask} at position ${i + 1}:`;
  return mask
    ? `The model’s guesses at “${word}” (type ${mask} in place of a word to hide it):`
    : `The model’s guesses at “${word}”:`;
}

/** The family in a few words, for the model's note: 'a masked-LM encoder (BERT-like)', ... */
export function familyWords(d: ModelDescriptor): string {
  const known: Record<string, string> = {
    'masked-lm-encoder': 'A masked-LM encoder (BERT-like): each token sees the whole text',
    'causal-lm-decoder':
      'A causal decoder (GPT-like): each token sees only itself and the tokens before it, and the model predicts the next token',
    'vit-classifier': 'A vision transformer: image patches in, one class out',
  };
  return known[d.family] ?? d.family;
}

/** The special token that hides a word from the model, if it has one ('[MASK]'). */
export function maskToken(d: ModelDescriptor): string | undefined {
  return d.special.mask;
}

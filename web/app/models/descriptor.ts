// What a model is, as the page needs to know it: the core's descriptor (family, input, output,
// special tokens, framing, head roles), and the words the page uses for it. Everything that
// differs between model families is read from here, never from a test of text against image.
import type { ModelInfo } from '../../lib/public.js';

export type ModelDescriptor = ModelInfo['descriptor'];

// ---- SHIM, until the core fills in `info.descriptor` (being written in cpp/ and wasm_bindings/).
// Today's values for the two families the core loads; delete this block, and use
// `info.descriptor` directly, once every checkpoint's info carries one.
const TEXT_ROLES = [
  ['previous token', 'the strongest link from a token is the token just before it'],
  ['next token', 'the strongest link from a token is the token just after it'],
  [
    'punctuation / separator',
    'the strongest link from a word is a punctuation mark, [CLS] or [SEP]',
  ],
  ['verb → subject', 'the strongest link from a verb is its subject'],
  ['pronoun → antecedent', 'the strongest link from a pronoun is the noun it refers to'],
] as const;
const IMAGE_ROLES = [
  ['other shape', 'the strongest link from a patch of one shape is a patch of the other shape'],
  ['shapes', 'the strongest link from a background patch is a patch of one of the shapes'],
] as const;

function derived(info: Pick<ModelInfo, 'kind' | 'vocabSize'>): ModelDescriptor {
  const roles = (list: typeof TEXT_ROLES | typeof IMAGE_ROLES) =>
    list.map(([label, description]) => ({ label, description }));
  if (info.kind === 'text')
    return {
      family: 'masked-lm-encoder',
      input: 'text',
      output: 'token-vocabulary',
      tokenizer: { kind: 'words', vocabSize: info.vocabSize },
      special: { pad: '[PAD]', unk: '[UNK]', mask: '[MASK]', cls: '[CLS]', sep: '[SEP]' },
      framing: { before: ['[CLS]'], after: ['[SEP]'] },
      roles: roles(TEXT_ROLES),
    };
  return {
    family: 'vit-classifier',
    input: 'image',
    output: 'classes',
    tokenizer: { kind: 'none', vocabSize: 0 },
    special: {},
    framing: { before: [], after: [] },
    roles: roles(IMAGE_ROLES),
  };
}

/** The model's descriptor: the core's, or (SHIM) today's values derived from its input kind. */
export function descriptorOf(info: Pick<ModelInfo, 'kind' | 'vocabSize'>): ModelDescriptor {
  return (info as Partial<Pick<ModelInfo, 'descriptor'>>).descriptor ?? derived(info);
}
// ---- end of SHIM.

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

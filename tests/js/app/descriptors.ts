// Descriptors as the core gives them for the shipped families (tests/js/api/model.test.ts checks
// the core's own), for views tested on hand-made scenes.
import type { ModelDescriptor } from '../../../web/app/models/descriptor.js';

export const TEXT_DESCRIPTOR: ModelDescriptor = {
  family: 'masked-lm-encoder',
  input: 'text',
  output: 'token-vocabulary',
  tokenizer: { kind: 'words', vocabSize: 100 },
  special: { pad: '[PAD]', unk: '[UNK]', mask: '[MASK]', cls: '[CLS]', sep: '[SEP]' },
  framing: { before: ['[CLS]'], after: ['[SEP]'] },
  roles: [
    {
      label: 'previous token',
      description: 'the strongest link from a token is the token just before it',
    },
    {
      label: 'next token',
      description: 'the strongest link from a token is the token just after it',
    },
  ],
};

export const IMAGE_DESCRIPTOR: ModelDescriptor = {
  family: 'vit-classifier',
  input: 'image',
  output: 'classes',
  tokenizer: { kind: 'none', vocabSize: 0 },
  special: {},
  framing: { before: [], after: [] },
  roles: [
    {
      label: 'other shape',
      description: 'the strongest link from a patch of one shape is a patch of the other shape',
    },
  ],
};

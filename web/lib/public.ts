// The types both entries (index.ts for browsers, node.ts for Node) export.
export type * from './types.js';
export type { MultiHeadAttention, MultiHeadAttentionClass } from './attention.js';
export type { Headscope, LoadOptions } from './loader.js';
export type { Inputs } from './inputs.js';
export type { Model, LoadModel, LoadModelOptions } from './model.js';
export type { Generation } from './generate.js';
export type { Trainer, CreateTrainer } from './trainer.js';
export type {
  SharingRun,
  ShippedModelInfo,
  ShippedModelOptions,
  ShippedModels,
} from './shipped.js';

// Hand-written types for the raw embind module (web/wasm/headscope.js, generated). Users import
// the wrapper in web/lib/ instead; these names are the C++ side's, documented in bindings.cpp.

/** Options Emscripten's factory accepts that headscope uses. */
export interface RawModuleOptions {
  /** The .wasm bytes; when given, nothing is fetched. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Maps "headscope.wasm" to the URL to fetch it from. */
  locateFile?: (path: string, prefix: string) => string;
}

/** A layer as C++ holds it. Every method returning boolean reports failure through takeError(). */
export interface RawMultiHeadAttention {
  configure(config: object): boolean;
  config(): RawConfig | null;
  setWeights(weights: object): boolean;
  /** View into wasm memory; valid until the next call on this object or memory growth. */
  weight(name: string): Float32Array | null;
  forward(x: ArrayLike<number>, tQ: number, options: object): boolean;
  /** The output alone, without the intermediates: a view valid until the next call; null on error. */
  output(x: ArrayLike<number>, tQ: number, options: object): Float32Array | null;
  /** View into wasm memory; valid until the next call on this object or memory growth. */
  result(name: string): Float32Array | null;
  tQ(): number;
  tK(): number;
  /** Frees the C++ object; the JS object must not be used afterwards. */
  delete(): void;
  isDeleted(): boolean;
}

export interface RawConfig {
  dModel: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  bias: boolean;
  causal: boolean;
  window: number;
  headWindows: number[];
  headTemperatures: number[];
  scaleScores: boolean;
  ropeBase: number;
}

/** What a loaded checkpoint is (wasm_model.hpp); the API adds the head evidence. */
/** A head role a checkpoint's evidence may name, with the sentence the page shows for it. */
export interface RawHeadRole {
  /** The label, as in the head evidence: 'previous token', 'other shape', ... */
  label: string;
  /** What the role's score counts, e.g. 'the strongest link from a token is the token just before it'. */
  description: string;
}

/**
 * What a checkpoint is, from its `model` metadata (JSON) or, for checkpoints written before it
 * existed, derived from the rest of the metadata. Everything that differs between model families
 * is read from here, never from a test of text against image.
 */
export interface RawModelDescriptor {
  /**
   * 'masked-lm-encoder' (BERT-like), 'causal-lm-decoder' (GPT-like: reads [BOS] and the text,
   * each token attending to itself and those before) or 'vit-classifier'; a new family adds its
   * name.
   */
  family: string;
  /** What the model reads: typed text, or an RGBA image cut into patches. */
  input: 'text' | 'image';
  /**
   * What it outputs: a vocabulary distribution per token (the guess at each token, e.g. a masked
   * one), the next token (row i: the distribution of the token after position i), or one class.
   */
  output: 'token-vocabulary' | 'next-token' | 'classes';
  /**
   * How text becomes tokens: 'words' (the grammar's vocabulary, in the `vocabulary` metadata),
   * 'subword' (BPE pieces shown as `jump` `##s`, bytes as `<0xE6>`; in the `tokenizer` metadata);
   * 'none' for images.
   */
  tokenizer: { kind: 'words' | 'subword' | 'none'; vocabSize: number };
  /** Special tokens by job (pad, unk, mask, cls, sep, bos, eos), each present only when the model has it. */
  special: Partial<Record<'pad' | 'unk' | 'mask' | 'cls' | 'sep' | 'bos' | 'eos', string>>;
  /** Tokens the model puts before and after the input's own, e.g. ['[CLS]'] and ['[SEP]']. */
  framing: { before: string[]; after: string[] };
  /** The roles its heads may be labelled with. */
  roles: RawHeadRole[];
}

/** A head's job, with the scores it was given on held-out data (checked by the core on load). */
export interface RawHeadEvidence {
  /** 0-based layer and head. */
  layer: number;
  head: number;
  /** The role it scores clearly above chance on (at least 0.5 and 3× chance), or null. */
  label: string | null;
  /** Per role: the share of held-out queries whose strongest link is what the role names. */
  score: Record<string, number>;
  /** Per role: the same share for a head that links at random. */
  chance: Record<string, number>;
}

export interface RawModelInfo {
  /** The input kind, as descriptor.input (kept for the 0.1 API). */
  kind: 'text' | 'image';
  descriptor: RawModelDescriptor;
  dModel: number;
  numHeads: number;
  numKvHeads: number;
  numLayers: number;
  mlpHidden: number;
  /** Longest input in tokens (text: including [CLS] and [SEP]) or patches. */
  maxLen: number;
  /** Text: words in the vocabulary (special tokens included); image: 0. */
  vocabSize: number;
  /** Image: values per patch (patchSize² × 3); text: 0. */
  patchDim: number;
  /** Image: classes; text: 0. */
  numClasses: number;
  /** Rotary positions' base (queries and keys rotated by position); 0: none. */
  ropeBase: number;
  /** Image: every image is resized to imageSide × imageSide pixels first; text: 0. */
  imageSide: number;
  /** Image: patch side in pixels (of the resized image); text: 0. */
  patchSize: number;
  /** What each output means: the vocabulary's words (text) or the class names (image). */
  outputLabels: string[];
  /** Every metadata string of the checkpoint (training steps, seed, corpus, ...). */
  metadata: Record<string, string>;
  /** Per head, the evidence for its job measured on held-out data (empty for random weights). */
  heads: RawHeadEvidence[];
  /** A causal model's KV cache, in bytes per token, at this model's size; null for the others. */
  kvCache: RawKvCache | null;
}

/**
 * The bytes a KV cache keeps per token (numLayers × 2 × kvHeads × headDim × bytes per value,
 * computed by the core's kv_cache_bytes_per_token) with three key/value layouts at one model size.
 */
export interface RawKvCache {
  /** Multi-head attention: one key/value head per query head (kvHeads = numHeads). */
  mha: RawKvCacheLayout;
  /** This model's own layout (kvHeads = numKvHeads: grouped-query when between 1 and numHeads). */
  model: RawKvCacheLayout;
  /** Multi-query attention: one key/value head shared by every query head (kvHeads = 1). */
  mqa: RawKvCacheLayout;
}

export interface RawKvCacheLayout {
  kvHeads: number;
  /** Bytes per token in float32, as the module keeps the cache. */
  float32: number;
  /** Bytes per token in half precision (2 bytes a value). */
  float16: number;
}

/** One generated token (cpp/models/generate.hpp GeneratedToken), owned by JS. */
export interface RawGeneratedToken {
  /** Its id in the vocabulary, and the piece as shown ('jump', '##s', '<0xE6>'). */
  id: number;
  token: string;
  /** Its probability in the distribution it was drawn from (after temperature and top-k). */
  probability: number;
  /** The five most likely tokens of that distribution, most likely first. */
  top: { token: string; p: number }[];
  /** Per layer, [numHeads, positions]: the new token's attention over every token so far, itself last. */
  attention: Float32Array[];
}

/** A trained encoder as C++ holds it. Methods returning boolean report failure via takeError(). */
export interface RawModel {
  load(bytes: Uint8Array): boolean;
  randomize(seed: number): boolean;
  info(): RawModelInfo | null;
  runText(text: string, options: object): boolean;
  runImage(
    rgba: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
    options: object,
  ): boolean;
  tokens(): string[];
  total(): number;
  gridW(): number;
  gridH(): number;
  seqLen(): number;
  /** View into wasm memory; valid until the next call on this object or memory growth. */
  layerResult(layer: number, name: string): Float32Array | null;
  /** View into wasm memory; valid until the next call on this object or memory growth. */
  probabilities(): Float32Array;
  /** Image: the resized image the model saw, [side, side, 4], owned by JS; text: empty. */
  pixels(): Uint8ClampedArray;
  /** After a run with `analysis: true`: new arrays owned by JS; otherwise null. */
  analysis(): RawRunAnalysis | null;
  attentionConfig(): RawConfig | null;
  /** Importance on the last run's input and held out, owned by JS; null on error (takeError). */
  importance(options: object): RawImportance | null;
  /** Loss on the last run's input, or held out with { heldOut: true }; null on error (takeError). */
  evaluate(options: object): RawEvaluation | null;
  /**
   * Starts continuing `text` (a causal model only), replacing any generation under way; options
   * { maxTokens, temperature, topK, seed, gates }. False on error (takeError): no generation then.
   */
  generateStart(text: string, options: object): boolean;
  /** Whether generateStep() has a token to give (under maxTokens, and room in the context). */
  generateCanStep(): boolean;
  /** Draws the next token and feeds it in; null on error (takeError). */
  generateStep(): RawGeneratedToken | null;
  /** The framed text's tokens, then each generated token; [] without a generation. */
  generateTokens(): string[];
  /** Frees the C++ object; the JS object must not be used afterwards. */
  delete(): void;
  isDeleted(): boolean;
}

/** One layer of a run's head analysis (cpp/analysis/head_stats.hpp), heads in model order. */
export interface RawLayerAnalysis {
  /** [heads] row entropy over the keys a row may see, over its log: 0 one key, 1 even. */
  entropy: Float32Array;
  /** [heads] Σ_j a_ij · |i − j| in tokens (Euclidean in patches for an image). */
  distance: Float32Array;
  /** [heads] mean a_ii. */
  self: Float32Array;
  /** [heads] mean a_i,i−1. */
  previous: Float32Array;
  /** [heads] mean a_i0 (the first token: [CLS]). */
  first: Float32Array;
  /** [heads, heads] mean Jensen-Shannon distance (base 2, in [0, 1]) of the heads' rows. */
  jsDistance: Float32Array;
  /** [heads, heads] cosine similarity of the heads' output contributions. */
  contributionSimilarity: Float32Array;
  /** The heads in average-linkage cluster order of jsDistance. */
  order: number[];
}

export interface RawRunAnalysis {
  layers: RawLayerAnalysis[];
  /** [t, t] attention rollout over all layers (Abnar and Zuidema 2020). */
  rollout: Float32Array;
}

/** A model's loss on an evaluation set (cpp/train/importance.hpp). */
export interface RawEvaluation {
  /** Mean cross-entropy: masked words (text) or the class (image). */
  loss: number;
  /** Share of scored outputs the model gets right. */
  accuracy: number;
  /** Outputs scored (0: nothing to score, e.g. text with no known word). */
  scored: number;
}

/** Head importance on one evaluation set (cpp/train/importance.hpp); heads as layer × heads + head. */
export interface RawMeasured extends RawEvaluation {
  /** [layers × heads] loss with the head also switched off, minus the loss. */
  ablation: Float32Array;
  /** [layers × heads] mean |∂ loss / ∂ gate| (Michel et al. 2019). */
  gradient: Float32Array;
}

export interface RawImportance {
  /** Text: each known word masked in turn; image: against the class the model predicts. */
  current: RawMeasured;
  /** Held-out passages (masked as in training) or shape images, every head on. */
  heldOut: RawMeasured & {
    examples: number;
    /** Heads removed least important (held-out ablation) first; loss and accuracy per step. */
    pruning: { order: number[]; loss: Float32Array; accuracy: Float32Array };
  };
}

export interface RawTrainer {
  configure(options: object): boolean;
  /** The batch losses of `count` steps (new, owned by JS), or null on error (takeError). */
  step(count: number): Float32Array | null;
  steps(): number;
  validate(): { loss: number; accuracy: number; scored: number } | null;
  probe(): { entropy: Float32Array; jsDistance: Float32Array }[];
  /** Frees the C++ object; the JS object must not be used afterwards. */
  delete(): void;
}

export interface RawPatches {
  /** [gridW * gridH, patchDim], each r, g, b scaled to [-1, 1]; owned by JS. */
  values: Float32Array;
  gridW: number;
  gridH: number;
  patchDim: number;
}

export interface RawModule {
  MultiHeadAttention: new () => RawMultiHeadAttention;
  Model: new () => RawModel;
  Trainer: new () => RawTrainer;
  /** The message of the last call that returned false (or null); clears it. */
  takeError(): string;
  simdArch(): string;
  heapBytes(): number;
  /** Bytes malloc has handed out and not had back. */
  heapUsedBytes(): number;
  /** The first maxTokens tokens and the total count, or null on error. */
  tokenize(text: string, maxTokens: number): { tokens: string[]; total: number } | null;
  /** [tokens.length, dModel], owned by JS, or null on error. */
  embedTokens(tokens: string[], dModel: number, seed: number): Float32Array | null;
  /** rgba: [height, width, 4] bytes. Null on error. */
  patchify(
    rgba: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
    patchSize: number,
  ): RawPatches | null;
  /** [gridW * gridH, dModel], owned by JS, or null on error. */
  embedPatches(
    values: Float32Array,
    gridW: number,
    gridH: number,
    patchDim: number,
    dModel: number,
    seed: number,
  ): Float32Array | null;
}

declare function createHeadscopeModule(options?: RawModuleOptions): Promise<RawModule>;
export default createHeadscopeModule;

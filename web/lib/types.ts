import type {
  RawConfig,
  RawEvaluation,
  RawImportance,
  RawHeadEvidence,
  RawHeadRole,
  RawKvCache,
  RawKvCacheLayout,
  RawModelDescriptor,
  RawModelInfo,
  RawRunAnalysis,
} from '../wasm/headscope.js';

/** Shape and behaviour of one attention layer. Only `dModel` is required. */
export interface AttentionConfig {
  /** Width of the token vectors. */
  dModel: number;
  /** Query heads (default 1). `dModel` must divide by it unless `headDim` is given. */
  numHeads?: number;
  /** Key/value heads: `numHeads` (default) is MHA, 1 is multi-query, a divisor between is GQA. */
  numKvHeads?: number;
  /** Width of each head; default `dModel / numHeads`. */
  headDim?: number;
  /** Projection biases (default true). */
  bias?: boolean;
  /** Query i may not attend to keys after i (default false). */
  causal?: boolean;
  /** Sliding window: key j visible from query i only if |i - j| <= window; 0 = global. */
  window?: number;
  /** A window per head, overriding `window` (0 = that head is global). */
  headWindows?: number[];
  /** Softmax temperature per head (> 0); logits are divided by it. */
  headTemperatures?: number[];
  /** Scale scores by 1/sqrt(headDim) (default true). */
  scaleScores?: boolean;
  /**
   * Rotary positions (RoPE): 0 (default) for none, otherwise the base of the rotation periods,
   * such as 10000. Query i and key j are rotated by i and j; `headDim` must be even.
   */
  ropeBase?: number;
  /** Seed of the weight initialiser (default 0): the same seed gives the same weights everywhere. */
  seed?: number;
  /** Initialiser: Xavier/Glorot uniform (default), normal(0, normalStd²), or zeros. */
  init?: 'xavier_uniform' | 'normal' | 'zeros';
  /** Standard deviation for `init: 'normal'` (default 0.02). */
  normalStd?: number;
}

/** The config with every default filled in, as the core resolved it. */
export type ResolvedConfig = RawConfig;

/**
 * Weights in PyTorch's nn.MultiheadAttention layout: W is [out, in] row-major, y = x Wᵀ + b.
 * wq [numHeads*headDim, dModel]; wk, wv [numKvHeads*headDim, dModel]; wo [dModel, numHeads*headDim].
 * Biases are required when the layer has `bias: true` and must be absent otherwise.
 */
export interface AttentionWeights {
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
  bq?: Float32Array;
  bk?: Float32Array;
  bv?: Float32Array;
  bo?: Float32Array;
}

export interface ForwardOptions {
  /** Keys/values for cross-attention, [kvLen, dModel]; omit for self-attention. */
  kv?: Float32Array | number[];
  /** Number of key/value tokens in `kv`. */
  kvLen?: number;
  /** [tK]; true (or 1) marks a padded key no query may attend to (PyTorch's meaning). */
  keyPaddingMask?: ArrayLike<boolean | number>;
  /** [numHeads], each in [0, 1]; 0 removes a head from the output (ablation). */
  headGates?: Float32Array | number[];
  /**
   * Also compute `contributionNorms` and `fusedAttribution` (how the heads combine). Costs about
   * tQ·tK·numHeads·dModel steps; refused above 2^30.
   */
  attribution?: boolean;
}

/** Everything one forward computed. All arrays are copies owned by JS. */
export interface ForwardResult {
  tQ: number;
  tK: number;
  /** [numHeads, tQ, headDim] */
  q: Float32Array;
  /** [numKvHeads, tK, headDim] */
  k: Float32Array;
  /** [numKvHeads, tK, headDim] */
  v: Float32Array;
  /** [numHeads, tQ, tK] raw q·k */
  scores: Float32Array;
  /** [numHeads, tQ, tK] scores × scoreScale[h]; masked entries are -Infinity */
  logits: Float32Array;
  /** [numHeads, tQ, tK] softmax over tK; rows with no visible key are all 0 */
  attention: Float32Array;
  /** [numHeads, tQ, headDim] attention · v, before the gate */
  headOutputs: Float32Array;
  /** [tQ, numHeads*headDim] gated head outputs side by side */
  concat: Float32Array;
  /** [numHeads, tQ, dModel] each head's share of the output; their sum plus bo is `output` */
  contributions: Float32Array;
  /** [tQ, dModel] the fused output */
  output: Float32Array;
  /** [numHeads] factor from scores to logits: 1/sqrt(headDim) (if scaled) / temperature */
  scoreScale: Float32Array;
  /** With `attribution`: [numHeads, tQ], the Euclidean norm of each head's contribution row. */
  contributionNorms?: Float32Array;
  /**
   * With `attribution`: [tQ, tK], key j's share of query i's output through all heads together:
   * ‖Σ_h gate_h·attention[h,i,j]·(v_j·W_o[:,h]ᵀ)‖, normalised so each row sums to 1 (0 when every
   * head is gated off).
   */
  fusedAttribution?: Float32Array;
}

/** Tokens of a text, as `hs.tokenize` splits it. */
export interface Tokenized {
  /** The first `maxTokens` tokens, as typed. */
  tokens: string[];
  /** How many tokens the whole text has (more than `tokens.length` when capped). */
  total: number;
}

/** An image cut into square patches, as `hs.patchify` returns it. */
export interface Patches {
  /** [gridW * gridH, patchDim]: per patch, row-major pixels, r, g, b scaled to [-1, 1]. */
  values: Float32Array;
  /** Patches across. */
  gridW: number;
  /** Patches down. */
  gridH: number;
  /** patchSize² × 3. */
  patchDim: number;
}

/** RGBA pixels, e.g. an `ImageData`. */
export interface RgbaImage {
  /** [height, width, 4] bytes. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * What a loaded checkpoint is: its descriptor (family, input, tokenizer, framing, output, head
 * roles), architecture, output labels, metadata and head evidence.
 */
export type ModelInfo = RawModelInfo;

/** What a checkpoint is, as data: see `ModelInfo.descriptor`. */
export type ModelDescriptor = RawModelDescriptor;

/** A role a head may be labelled with, and the sentence that says what its score counts. */
export type HeadRole = RawHeadRole;

/** A head's job, with the scores it was given on held-out data. */
export type HeadEvidence = RawHeadEvidence;

/**
 * A causal model's KV cache in bytes per token (`info.kvCache`), computed by the core at the
 * model's size for multi-head attention (`mha`: as many key/value heads as query heads), the
 * model's own layout (`model`: grouped-query when it has fewer) and multi-query attention (`mqa`:
 * one key/value head), each in float32 and half precision. Each is numLayers × 2 (a key and a
 * value) × kvHeads × headDim × bytes per value.
 */
export type KvCacheFigures = RawKvCache;
export type KvCacheLayout = RawKvCacheLayout;

/** Options of `model.generate`. */
export interface GenerateOptions {
  /**
   * New tokens at most, an integer from 1 to the context less the framing (maxLen − 1 for a
   * decoder that puts [BOS] first); default 20 (or the room there is). Generation also ends when
   * the context is full.
   */
  maxTokens?: number;
  /** Softmax temperature, 0 to 5; 0 (the default) is greedy: always the most likely token. */
  temperature?: number;
  /** Draw among the k most likely tokens only; 0 (the default): among all. An integer ≥ 0. */
  topK?: number;
  /** Seed of the draws (default 1): the same seed, text and options give the same tokens. */
  seed?: number;
  /** [numLayers * numHeads] in [0, 1], as in `runText`: 0 switches a head off. */
  gates?: Float32Array | number[];
}

/** One token a causal model generated. All arrays are copies owned by JS. */
export interface GeneratedToken {
  /** Its id in the vocabulary (`info.outputLabels[id]` is `token`). */
  id: number;
  /** The piece as shown: 'jump', '##s' (continues the word before), '<0xE6>' (a byte). */
  token: string;
  /** Its position in `generation.tokens`, 0-based (the framing token [BOS] is position 0). */
  position: number;
  /** Its probability in the distribution it was drawn from (after temperature and top-k). */
  probability: number;
  /** The five most likely tokens of that distribution, most likely first. */
  top: { token: string; p: number }[];
  /**
   * Per layer, [numHeads, position + 1] row-major: where the new token's heads looked, over every
   * token so far (itself last). Heads sharing a key/value head still have their own rows.
   */
  attention: Float32Array[];
}

export interface ModelRunOptions {
  /** [numLayers * numHeads] in [0, 1], layer by layer; 0 switches a head off. Default all 1. */
  gates?: Float32Array | number[];
  /** Also compute contributionNorms and fusedAttribution for every layer. */
  attribution?: boolean;
  /** Also compute the head analysis (`run.analysis`): per-head statistics, redundancy, rollout. */
  analysis?: boolean;
  /** How the rollout fuses a layer's heads (those not gated off): default 'mean'. */
  fusion?: 'mean' | 'max' | 'min';
}

/**
 * A run's head analysis, computed in the core (documented field by field in the raw module's
 * RawLayerAnalysis): per layer, each head's entropy, mean distance and share of attention on
 * itself, the previous and the first token; the heads' Jensen-Shannon distances and output
 * cosines with a clustered head order; and the attention rollout [seqLen, seqLen].
 */
export type RunAnalysis = RawRunAnalysis;

/**
 * Which heads matter (computed in the core; fields documented in the raw module's RawImportance):
 * the loss when each head is switched off and the gradient with respect to its gate, on the last
 * run's input and on a held-out set, and the held-out loss and accuracy as heads are pruned
 * least important first. Heads are numbered layer × numHeads + head.
 */
export type HeadImportance = RawImportance;

/** A model's loss and accuracy on an evaluation set (see `Model.evaluate`). */
export type Evaluation = RawEvaluation;

/** One layer's attention in a model run: the forward's tensors plus the layer's input. */
export interface LayerRun extends ForwardResult {
  /** [seqLen, dModel] what the attention read: the residual stream after LayerNorm. */
  input: Float32Array;
}

/** Everything one run of a model computed. All arrays are copies owned by JS. */
export interface ModelRun {
  /**
   * Text: the tokens as the model read them, [CLS] … [SEP]; "[MASK]" typed in the text is one
   * token, whose guesses are in `probabilities`. Image: [].
   */
  tokens: string[];
  /** Text: tokens in the whole text (more than tokens.length − 2 when capped); image: 0. */
  total: number;
  /** Image: patches across and down of the resized image; text: 0. */
  gridW: number;
  gridH: number;
  /** Tokens or patches the model read. */
  seqLen: number;
  /** Image: the image as the model saw it, resized to imageSide²; text: null. */
  image: { data: Uint8ClampedArray; width: number; height: number } | null;
  /** One entry per layer, first to last. */
  layers: LayerRun[];
  /** With `analysis: true`: the head analysis; otherwise null. */
  analysis: RunAnalysis | null;
  /**
   * Softmax of the output: text [seqLen, vocabSize], each position's guess at its word; image
   * [numClasses], the class probabilities. Labels are in `info.outputLabels`.
   */
  probabilities: Float32Array;
}

/** Options of `hs.createTrainer`; every field is optional. */
export interface TrainerOptions {
  /** 'text': masked-LM on the grammar's passages; 'shapes': classify shape-pair images. */
  task?: 'text' | 'shapes';
  /** Default 4; dModel must divide evenly by it. */
  numHeads?: number;
  /** Default 32. */
  dModel?: number;
  /** Default 2. */
  numLayers?: number;
  /** Default 64. */
  mlpHidden?: number;
  /** Examples per step, default 16. */
  batch?: number;
  /** AdamW's learning rate after a 50-step warm-up, default 0.003. */
  lr?: number;
  /** Initial weights and the order of the training data; default 1. */
  seed?: number;
  /** Validation examples, default 64. */
  validation?: number;
  /** Probe examples (the first validation ones), default 8. */
  probe?: number;
}

export interface Validation {
  /** Mean cross-entropy on the validation set. */
  loss: number;
  /** Share of scored outputs predicted right. */
  accuracy: number;
  /** Outputs scored. */
  scored: number;
}

/** One layer of a trainer's probe, averaged over the probe examples. */
export interface LayerProbe {
  /** [heads] normalised attention entropy: 0 one token, 1 evenly spread. */
  entropy: Float32Array;
  /** [heads, heads] Jensen-Shannon distance between heads' attention (0 same, 1 disjoint). */
  jsDistance: Float32Array;
}

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
}

export interface RawModule {
  MultiHeadAttention: new () => RawMultiHeadAttention;
  /** The message of the last call that returned false; clears it. */
  takeError(): string;
  simdArch(): string;
  heapBytes(): number;
}

declare function createHeadscopeModule(options?: RawModuleOptions): Promise<RawModule>;
export default createHeadscopeModule;

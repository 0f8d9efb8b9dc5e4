// Types of `headscope/widget` (dist/widget/index.d.ts): the <headscope-attention> element.
// Written by hand, beside web/app/widget/package.ts, which it describes; tests/js/node checks
// that the module exports what this file declares.

/**
 * The attributes of <headscope-attention>, all optional strings in HTML (undefined leaves one
 * out). A bad value is replaced by its default and named in the figure's message line.
 */
export interface HeadscopeAttentionAttributes {
  /** The sentence (text mode). */
  text?: string | undefined;
  mode?: 'text' | 'image' | undefined;
  /** The image's URL (image mode). */
  src?: string | undefined;
  /** A shipped model's id (default english-encoder), or "layer" for one untrained layer. */
  model?: string | undefined;
  weights?: 'trained' | 'untrained' | undefined;
  /** 1-based. */
  layer?: number | string | undefined;
  /** A checkpoint's URL, instead of a shipped model. */
  'model-src'?: string | undefined;
  /** The folder holding the shipped checkpoints (default: the package's models/). */
  'models-base'?: string | undefined;
  patch?: number | string | undefined;
  'd-model'?: number | string | undefined;
  heads?: number | string | undefined;
  'kv-heads'?: number | string | undefined;
  causal?: boolean | string | undefined;
  window?: number | string | undefined;
  temperature?: number | string | undefined;
  seed?: number | string | undefined;
  /** Heads switched off: "1.3,2.1" (layer.head) in a model, "2,3" in one layer. */
  off?: string | undefined;
  /** The enlarged head, 1-based. */
  head?: number | string | undefined;
  /** The token whose attention the fused view follows, 1-based. */
  token?: number | string | undefined;
  /** Any of "model overview detail fused"; default "overview fused". */
  sections?: string | undefined;
  /** Shows a text box. */
  editable?: boolean | string | undefined;
  /**
   * A step of the guided tour, 1-based: a step bar above the views says it with this input's
   * numbers, with Back and Next. The widget sets it as the reader moves.
   */
  step?: number | string | undefined;
  /** Shows the step bar from step 1 when `step` is not given. */
  tour?: boolean | string | undefined;
}

/** What the `headscope-render` event carries after each drawing. */
export interface HeadscopeRenderDetail {
  /** The drawn scene: the attention maps, outputs and model the figure shows. */
  scene: object;
}

/** What the `headscope-step` event carries when the reader moves to a step with Back or Next. */
export interface HeadscopeStepDetail {
  /** The step now shown, 1-based (as the `step` attribute, which is set to it). */
  step: number;
}

/** <headscope-attention>: started when scrolled into view, configured by attributes. */
export declare class HeadscopeAttention extends HTMLElement {
  static observedAttributes: string[];
  /** The last scene drawn, or null before the first. */
  readonly scene: object | null;
}

/** Defines the element under `name` (default headscope-attention); a second call does nothing. */
export declare function defineHeadscopeAttention(name?: string): void;

/** Where every widget on the page finds the shipped checkpoints: a folder's absolute URL. */
export declare function setModelsBase(url: string): void;

declare global {
  interface HTMLElementTagNameMap {
    'headscope-attention': HeadscopeAttention;
  }
  interface HTMLElementEventMap {
    'headscope-render': CustomEvent<HeadscopeRenderDetail>;
    'headscope-step': CustomEvent<HeadscopeStepDetail>;
  }
  // JSX with a global namespace (Preact, Solid, React 18's types).
  namespace JSX {
    interface IntrinsicElements {
      'headscope-attention': HeadscopeAttentionAttributes & {
        id?: string;
        class?: string;
        className?: string;
        style?: unknown;
        children?: unknown;
      };
    }
  }
}

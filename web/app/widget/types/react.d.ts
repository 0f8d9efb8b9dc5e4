// Types of `headscope/widget/react`: <headscope-attention> in React 19's JSX, whose namespace
// lives in the react module: `import type {} from 'headscope/widget/react'` once in the app.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { HeadscopeAttention, HeadscopeAttentionAttributes } from './index.js';

export type HeadscopeAttentionProps = DetailedHTMLProps<
  HTMLAttributes<HeadscopeAttention>,
  HeadscopeAttention
> &
  HeadscopeAttentionAttributes;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'headscope-attention': HeadscopeAttentionProps;
    }
  }
}

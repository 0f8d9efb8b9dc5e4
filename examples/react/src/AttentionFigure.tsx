// <headscope-attention> as a React component: attributes from props, and the figure's
// headscope-render event turned into a callback.
import { useEffect, useRef } from 'react';
import 'headscope/widget';
import type {} from 'headscope/widget/react';

export interface AttentionFigureProps {
  text: string;
  /** A shipped model's id; default english-encoder. */
  model?: string;
  /** Where this app hosts the package's models/ folder. */
  modelsBase: string;
  /** After each drawing: what the figure's message line says. */
  onDrawn?: (message: string) => void;
}

export function AttentionFigure({ text, model, modelsBase, onDrawn }: AttentionFigureProps) {
  const ref = useRef<HTMLElementTagNameMap['headscope-attention']>(null);
  useEffect(() => {
    const figure = ref.current;
    if (!figure || !onDrawn) return;
    const drawn = () => onDrawn(figure.shadowRoot?.querySelector('.message')?.textContent ?? '');
    figure.addEventListener('headscope-render', drawn);
    return () => figure.removeEventListener('headscope-render', drawn);
  }, [onDrawn]);
  return (
    <headscope-attention
      ref={ref}
      text={text}
      model={model}
      models-base={modelsBase}
      sections="overview fused"
    />
  );
}

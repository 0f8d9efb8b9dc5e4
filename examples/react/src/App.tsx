import { useState } from 'react';
import { AttentionFigure } from './AttentionFigure';
import { useMaskGuesses } from './useMaskGuesses';

const MODELS = './models/';

export function App() {
  const [text, setText] = useState('The children played in the [MASK] until dark.');
  const [drawn, setDrawn] = useState('');
  const guesses = useMaskGuesses(text, MODELS);
  return (
    <main>
      <label>
        Sentence <input value={text} onChange={(e) => setText(e.target.value)} size={50} />
      </label>
      <AttentionFigure text={text} modelsBase={MODELS} onDrawn={setDrawn} />
      <p data-testid="drawn">{drawn}</p>
      <p data-testid="guesses">
        {guesses instanceof Error ? `Error: ${guesses.message}` : guesses.join(', ')}
      </p>
    </main>
  );
}

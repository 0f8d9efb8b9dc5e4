// The API beside the figure: the shipped encoder's five likeliest words for [MASK].
import { useEffect, useState } from 'react';
import { loadHeadscope, type Model } from 'headscope';

let encoder: Promise<Model> | undefined;

export function useMaskGuesses(text: string, modelsUrl: string): string[] | Error {
  const [guesses, setGuesses] = useState<string[] | Error>([]);
  useEffect(() => {
    let live = true;
    encoder ??= loadHeadscope().then((hs) => hs.loadShippedModel('english-encoder', { modelsUrl }));
    encoder
      .then((model) => {
        const run = model.runText(text);
        const at = run.tokens.indexOf('[MASK]');
        if (at < 0) return [];
        const v = model.info.vocabSize;
        const row = run.probabilities.subarray(at * v, (at + 1) * v);
        const top = [...row.keys()].sort((a, b) => row[b]! - row[a]!).slice(0, 5);
        return top.map((id) => `${model.info.outputLabels[id]} ${(100 * row[id]!).toFixed(1)}%`);
      })
      .then(
        (g) => live && setGuesses(g),
        (e: Error) => live && setGuesses(e),
      );
    return () => {
      live = false;
    };
  }, [text, modelsUrl]);
  return guesses;
}

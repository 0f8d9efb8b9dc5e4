// Where the shipped checkpoints are: public/models/, served as models/ beside the page.
import type { Mode } from '../state.js';

export const MODEL_FILES: Readonly<Record<Mode, string>> = {
  text: 'text.safetensors',
  image: 'vision.safetensors',
};

/** The absolute URL of the checkpoint for a mode, under the folder `base` (an absolute URL). */
export function modelUrl(base: string, mode: Mode): string {
  return new URL(MODEL_FILES[mode], base).href;
}

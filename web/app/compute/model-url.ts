// Where the shipped checkpoints are: public/models/, served as models/ beside the page.
import type { Mode } from '../state.js';

export const MODEL_FILES: Readonly<Record<Mode, string>> = {
  text: 'text.safetensors',
  image: 'vision.safetensors',
};

/**
 * The comparison checkpoints: the same size and training recipe as MODEL_FILES, with one head
 * per layer (as wide as all the heads of the shipped model together).
 */
export const ONE_HEAD_FILES: Readonly<Record<Mode, string>> = {
  text: 'text-1head.safetensors',
  image: 'vision-1head.safetensors',
};

/** The absolute URL of the checkpoint for a mode, under the folder `base` (an absolute URL). */
export function modelUrl(base: string, mode: Mode): string {
  return new URL(MODEL_FILES[mode], base).href;
}

/** The absolute URL of the one-head comparison checkpoint for a mode, under `base`. */
export function oneHeadUrl(base: string, mode: Mode): string {
  return new URL(ONE_HEAD_FILES[mode], base).href;
}

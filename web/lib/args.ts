// Checks of JS-side arguments that embind would otherwise turn into a TypeError or a silently
// different value before the core's own checks could name the problem.
import type { RgbaImage } from './types.js';

/**
 * `text` with every lone UTF-16 surrogate replaced by U+FFFD, as TextEncoder does. Embind's
 * UTF-8 encoder pairs a lone high surrogate with whatever follows, so "\uD800 x" would reach
 * the core as one made-up character instead of a broken one, a space and "x".
 */
export function wellFormedText(text: unknown, name = 'text'): string {
  if (typeof text !== 'string') throw new Error(`${name} must be a string, got ${typeof text}`);
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** The image, once it is an object with numeric width and height (the core checks the rest). */
export function rgbaImage(image: unknown): RgbaImage {
  if (typeof image !== 'object' || image === null)
    throw new Error(
      `image must be { data, width, height }, got ${image === null ? 'null' : typeof image}`,
    );
  const { width, height } = image as Partial<RgbaImage>;
  for (const [key, value] of [
    ['width', width],
    ['height', height],
  ] as const)
    if (typeof value !== 'number')
      throw new Error(`image.${key} must be a number, got ${typeof value}`);
  return image as RgbaImage;
}

// Reads a picture (file, drop, or URL) into RGBA pixels, downscaled so the core's patch grid stays
// small. CSP allows no blob:/data: images, so files are decoded with createImageBitmap and drawn to
// a canvas, never through an <img>. Errors name the file and say what is wrong with it.

/** RGBA pixels of the (possibly downscaled) picture. */
export interface LoadedImage {
  /** width * height * 4 bytes, row-major RGBA. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** Size of the picture as decoded, before downscaling. */
  originalWidth: number;
  originalHeight: number;
  downscaled: boolean;
  /** File name, for labels and messages. */
  name: string;
}

const MAX_BYTES = 50 * 1024 * 1024;
const FORMATS = 'PNG, JPEG, GIF, WebP, AVIF or BMP';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function isSvg(blob: Blob, name: string): boolean {
  return blob.type === 'image/svg+xml' || /\.svgz?$/i.test(name);
}

/** A 2D context of a w × h canvas: an OffscreenCanvas where there is one. */
function context2d(
  w: number,
  h: number,
): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(w, h)
      : Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('This browser cannot draw to a canvas, so pictures cannot be read');
  return ctx;
}

/**
 * Decodes a picture and downscales it so its longer side is at most maxSide pixels (aspect kept,
 * at least 1 px per side). Rejects with a message naming the file when it is empty, over 50 MB,
 * or not a picture the browser can decode. SVG is refused: it could only be decoded through a
 * blob: image, which the page's CSP forbids.
 */
export async function loadImageBlob(blob: Blob, name: string, maxSide = 384): Promise<LoadedImage> {
  const file = `"${name}"`;
  if (blob.size === 0) throw new Error(`${file} is empty`);
  if (blob.size > MAX_BYTES)
    throw new Error(`${file} is ${megabytes(blob.size)}; the limit is ${megabytes(MAX_BYTES)}`);
  if (isSvg(blob, name))
    throw new Error(
      `${file} is an SVG drawing, which this page cannot read; save it as a ${FORMATS} picture`,
    );
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(
      `${file} could not be read as an image: the file is not a ${FORMATS} picture, or it is damaged`,
    );
  }
  try {
    const originalWidth = bitmap.width;
    const originalHeight = bitmap.height;
    if (originalWidth < 1 || originalHeight < 1) throw new Error(`${file} has no pixels`);
    const side = Math.max(1, Math.floor(maxSide));
    const scale = Math.min(1, side / Math.max(originalWidth, originalHeight));
    const width = Math.max(1, Math.round(originalWidth * scale));
    const height = Math.max(1, Math.round(originalHeight * scale));
    const ctx = context2d(width, height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height).data;
    const downscaled = width !== originalWidth || height !== originalHeight;
    return { data, width, height, originalWidth, originalHeight, downscaled, name };
  } finally {
    bitmap.close();
  }
}

/** The last path segment of a URL, decoded; "image" when there is none. */
function fileName(url: string): string {
  try {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    const last = new URL(url, base).pathname.split('/').pop() ?? '';
    return decodeURIComponent(last) || 'image';
  } catch {
    return url.split(/[?#]/)[0]?.split('/').pop() || 'image';
  }
}

/** Fetches a picture (e.g. a sample under public/) and loads it like a file. */
export async function loadImageUrl(url: string, maxSide = 384): Promise<LoadedImage> {
  const name = fileName(url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`"${name}" could not be downloaded: ${(e as Error).message}`);
  }
  if (!response.ok)
    throw new Error(
      `"${name}" could not be downloaded: the server answered ${response.status} ${response.statusText}`.trim(),
    );
  return loadImageBlob(await response.blob(), name, maxSide);
}

/**
 * The file a drop or paste carries: the first with an image/* type, else the first file of any
 * type (so a mistyped file still reaches loadImageBlob and gets a clear message), else null.
 */
export function imageFromTransfer(dt: DataTransfer | null): File | null {
  if (!dt) return null;
  const files: File[] = Array.from(dt.files ?? []);
  if (files.length === 0)
    for (const item of Array.from(dt.items ?? [])) {
      const f = item.kind === 'file' ? item.getAsFile() : null;
      if (f) files.push(f);
    }
  return files.find((f) => f.type.startsWith('image/')) ?? files[0] ?? null;
}

/**
 * What a model with a side × side input does to a width × height picture, in words: the core
 * letterboxes it (cpp/inputs/resize.hpp: the longer side scaled to `side`, the shorter rounded,
 * at least 1 px, bars of the background colour around it). '' for a square picture.
 */
export function letterboxNote(width: number, height: number, side: number): string {
  if (width === height) return '';
  const scale = side / Math.max(width, height);
  const w = Math.min(side, Math.max(1, Math.round(width * scale)));
  const h = Math.min(side, Math.max(1, Math.round(height * scale)));
  const bars = w < h ? 'left and right' : 'above and below';
  return `The model reads ${side} × ${side} pixels: the picture is scaled to ${w} × ${h}, keeping its shape, with background bars ${bars}.`;
}

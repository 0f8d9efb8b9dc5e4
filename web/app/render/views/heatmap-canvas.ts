// A small-multiple heatmap on a canvas: its pixels written in one pass and put at once, instead
// of one SVG element (or one fillRect with a colour string) per cell, so an overview of 16 heads
// over 128 tokens (262,144 cells) stays fast. No labels; the enlarged SVG heatmap carries them.
// PNG export draws the canvas; SVG export embeds it as an image. Given the canvas it drew last
// time (`reuse`), it draws into it in place: a keystroke then creates no element.
import { VIRIDIS_BYTES } from '../colors.js';

export interface HeatmapCanvasOptions {
  /** [rows, cols] row-major, values in [0, max]. */
  values: Float32Array;
  rows: number;
  cols: number;
  /** Top of the scale (default 1). */
  max?: number;
  /** Cell side in CSS px. */
  cell: number;
  /**
   * The widest the matrix may be, in CSS px: past it the cells shrink (and need not be whole
   * pixels), so from then on the canvas keeps its size from one input to the next and is not
   * reallocated (which cost more than drawing it).
   */
  maxSize?: number | undefined;
  focusRow?: number | null;
  accent?: string;
  label: string;
  /** A canvas this function made before, to draw into instead of making a new one. */
  reuse?: HTMLCanvasElement | null | undefined;
}

/**
 * The 256 viridis steps, and light grey for cells that are not numbers (index 256), each as one
 * RGBA pixel in a 32-bit word, in the platform's byte order (ImageData's bytes seen as words).
 */
const PIXELS: Uint32Array = (() => {
  const bytes = new Uint8Array(257 * 4);
  for (let k = 0; k < 256; k++)
    bytes.set([...VIRIDIS_BYTES.subarray(3 * k, 3 * k + 3), 255], 4 * k);
  bytes.set([228, 228, 228, 255], 256 * 4);
  return new Uint32Array(bytes.buffer);
})();

/** The cells' colours at `scale` device pixels per cell: a cell's pixel found once, its run of
 * pixels filled, and each row of cells copied down its height. No drawing calls. */
function cellPixels(o: HeatmapCanvasOptions, w: number, h: number, scale: number): ImageData {
  const image = new ImageData(w, h);
  const px = new Uint32Array(image.data.buffer);
  const max = o.max && o.max > 0 ? o.max : 1;
  for (let r = 0; r < o.rows; r++) {
    const y0 = Math.round(r * scale);
    const y1 = Math.min(h, Math.round((r + 1) * scale));
    if (y0 >= y1) continue;
    for (let c = 0; c < o.cols; c++) {
      const v = o.values[r * o.cols + c] ?? Number.NaN;
      const k = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, v / max))) : 256;
      px.fill(
        PIXELS[k]!,
        y0 * w + Math.round(c * scale),
        y0 * w + Math.min(w, Math.round((c + 1) * scale)),
      );
    }
    for (let y = y0 + 1; y < y1; y++) px.copyWithin(y * w, y0 * w, y0 * w + w);
  }
  return image;
}

export function heatmapCanvas(o: HeatmapCanvasOptions): HTMLCanvasElement {
  const canvas = o.reuse ?? document.createElement('canvas');
  const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const width = Math.min(o.maxSize ?? Infinity, o.cols * o.cell);
  const cell = width / o.cols;
  const height = o.rows * cell;
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', o.label);
  canvas.dataset.view = 'heatmap-canvas';
  // A canvas the CPU draws (willReadFrequently): putting pixels needs no GPU upload per cell.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return canvas;
  ctx.putImageData(cellPixels(o, w, h, w / o.cols), 0, 0);
  const focus = o.focusRow ?? null;
  if (focus !== null && focus >= 0 && focus < o.rows) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = o.accent ?? '#0072B2';
    ctx.lineWidth = 2;
    ctx.strokeRect(1, focus * cell + 1, width - 2, cell - 2);
  }
  return canvas;
}

// A small-multiple heatmap on a canvas: one fillRect per cell instead of one SVG element, so an
// overview of 16 heads over 128 tokens (262,144 cells) stays fast. No labels; the enlarged SVG
// heatmap carries them. PNG export draws the canvas; SVG export embeds it as an image.
import { sequential } from '../colors.js';

export interface HeatmapCanvasOptions {
  /** [rows, cols] row-major, values in [0, max]. */
  values: Float32Array;
  rows: number;
  cols: number;
  /** Top of the scale (default 1). */
  max?: number;
  /** Cell side in CSS px. */
  cell: number;
  focusRow?: number | null;
  accent?: string;
  label: string;
}

export function heatmapCanvas(o: HeatmapCanvasOptions): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const width = o.cols * o.cell;
  const height = o.rows * o.cell;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', o.label);
  canvas.dataset.view = 'heatmap-canvas';
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.scale(dpr, dpr);
  const max = o.max && o.max > 0 ? o.max : 1;
  for (let r = 0; r < o.rows; r++)
    for (let c = 0; c < o.cols; c++) {
      const v = o.values[r * o.cols + c] ?? Number.NaN;
      ctx.fillStyle = Number.isFinite(v) ? sequential(v / max) : '#e4e4e4';
      ctx.fillRect(c * o.cell, r * o.cell, o.cell, o.cell);
    }
  const focus = o.focusRow ?? null;
  if (focus !== null && focus >= 0 && focus < o.rows) {
    ctx.strokeStyle = o.accent ?? '#0072B2';
    ctx.lineWidth = 2;
    ctx.strokeRect(1, focus * o.cell + 1, width - 2, o.cell - 2);
  }
  return canvas;
}

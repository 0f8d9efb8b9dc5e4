// The picture with its patch grid: per-patch heat (e.g. attention from the selected patch) as a
// tinted overlay, the selection outline, and pointer/keyboard mapping to patch indices.
// Patch n is at column n % gridW, row floor(n / gridW); the grid covers gridW*patchSize ×
// gridH*patchSize image pixels from the top-left, and the rest (the dropped edge) is greyed.

export interface PixelImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface ImageViewOptions {
  gridW: number;
  gridH: number;
  /** Patch side in image pixels. */
  patchSize: number;
  /** One value ≥ 0 per patch, or null for the plain picture. Drawn relative to its maximum. */
  heat: Float32Array | null;
  /** CSS colour of the heat tint (e.g. the head's colour). */
  color: string;
  selected: number | null;
  showGrid: boolean;
  /** CSS px per image px; by default the picture is 320 CSS px wide. */
  scale?: number;
}

// The picture as a canvas, kept per pixel buffer so redraws (selection, heat) do not rebuild it.
const sources = new WeakMap<Uint8ClampedArray, HTMLCanvasElement>();
// What each canvas last showed, for patchAt.
const drawn = new WeakMap<HTMLCanvasElement, ViewGeometry>();

function source(image: PixelImage): HTMLCanvasElement {
  let c = sources.get(image.data);
  if (!c || c.width !== image.width || c.height !== image.height) {
    c = Object.assign(document.createElement('canvas'), {
      width: image.width,
      height: image.height,
    });
    const pixels = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
    c.getContext('2d')!.putImageData(pixels, 0, 0);
    sources.set(image.data, c);
  }
  return c;
}

/**
 * Draws the picture into `canvas`, sizing it (CSS size via element.style, backing store ×
 * devicePixelRatio), and remembers its geometry for patchAt. Throws a RangeError when heat has
 * not gridW * gridH values.
 */
export function drawImageView(
  canvas: HTMLCanvasElement,
  image: PixelImage,
  o: ImageViewOptions,
): void {
  const { gridW, gridH, patchSize: ps, heat } = o;
  const t = gridW * gridH;
  if (heat && heat.length !== t)
    throw new RangeError(`heat has ${heat.length} values for ${t} patches`);
  const scale = o.scale ?? 320 / image.width;
  const dpr = globalThis.devicePixelRatio || 1;
  const cssW = image.width * scale;
  const cssH = image.height * scale;
  canvas.width = Math.max(1, Math.round(cssW * dpr));
  canvas.height = Math.max(1, Math.round(cssH * dpr));
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  drawn.set(canvas, { width: image.width, height: image.height, patchSize: ps });
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // Draw in image pixels from here on.
  ctx.setTransform(canvas.width / image.width, 0, 0, canvas.height / image.height, 0, 0);
  const px = 1 / scale; // one CSS px, in image px
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source(image), 0, 0);

  const gw = Math.min(gridW * ps, image.width);
  const gh = Math.min(gridH * ps, image.height);
  // The dropped edge: pixels no patch covers.
  ctx.fillStyle = 'rgba(128, 128, 128, 0.8)';
  if (gw < image.width) ctx.fillRect(gw, 0, image.width - gw, image.height);
  if (gh < image.height) ctx.fillRect(0, gh, gw, image.height - gh);

  if (heat) {
    ctx.fillStyle = 'rgba(0, 0, 0, 0.3)';
    ctx.fillRect(0, 0, gw, gh);
    let max = 0;
    for (const v of heat) if (Number.isFinite(v) && v > max) max = v;
    if (max > 0) {
      ctx.fillStyle = o.color;
      for (let n = 0; n < t; n++) {
        const v = heat[n]!;
        if (!(v > 0) || !Number.isFinite(v)) continue;
        ctx.globalAlpha = (0.85 * v) / max;
        ctx.fillRect((n % gridW) * ps, Math.floor(n / gridW) * ps, ps, ps);
      }
      ctx.globalAlpha = 1;
    }
  }

  if (o.showGrid) {
    ctx.beginPath();
    for (let c = 0; c <= gridW; c++) {
      ctx.moveTo(c * ps, 0);
      ctx.lineTo(c * ps, gh);
    }
    for (let r = 0; r <= gridH; r++) {
      ctx.moveTo(0, r * ps);
      ctx.lineTo(gw, r * ps);
    }
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.35)';
    ctx.lineWidth = 2 * px;
    ctx.stroke();
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.6)';
    ctx.lineWidth = px;
    ctx.stroke();
  }

  const sel = o.selected;
  if (sel !== null && Number.isInteger(sel) && sel >= 0 && sel < t) {
    const x = (sel % gridW) * ps;
    const y = Math.floor(sel / gridW) * ps;
    // Inset by half the dark line so the outline stays inside the canvas at the edges.
    const inset = 2.5 * px;
    const w = Math.max(0, ps - 2 * inset);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 5 * px;
    ctx.strokeRect(x + inset, y + inset, w, w);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2.5 * px;
    ctx.strokeRect(x + inset, y + inset, w, w);
  }
}

/** Picture size and patch side in image pixels, as drawn on a canvas. */
export interface ViewGeometry {
  width: number;
  height: number;
  patchSize: number;
}

/**
 * The patch under a pointer at (clientX, clientY), or null outside the grid (including the
 * dropped edge). The picture's geometry is what drawImageView last drew on this canvas, unless
 * `geometry` is given; with neither, the grid is taken to cover the whole canvas. The canvas may
 * be scaled by CSS; its border and padding are allowed for.
 */
export function patchAt(
  canvas: HTMLCanvasElement,
  clientX: number,
  clientY: number,
  gridW: number,
  gridH: number,
  geometry?: ViewGeometry,
): number | null {
  const g = geometry ?? drawn.get(canvas) ?? { width: gridW, height: gridH, patchSize: 1 };
  const rect = canvas.getBoundingClientRect();
  const cs = getComputedStyle(canvas);
  const edge = (a: string, b: string) => parseFloat(a) + parseFloat(b) || 0;
  const left = edge(cs.borderLeftWidth, cs.paddingLeft);
  const top = edge(cs.borderTopWidth, cs.paddingTop);
  const w = rect.width - left - edge(cs.borderRightWidth, cs.paddingRight);
  const h = rect.height - top - edge(cs.borderBottomWidth, cs.paddingBottom);
  if (!(w > 0 && h > 0 && g.patchSize > 0)) return null;
  const col = Math.floor((((clientX - rect.left - left) / w) * g.width) / g.patchSize);
  const row = Math.floor((((clientY - rect.top - top) / h) * g.height) / g.patchSize);
  if (!(col >= 0 && col < gridW && row >= 0 && row < gridH)) return null;
  return row * gridW + col;
}

/**
 * The selection after a key press (for a focusable canvas): arrows move one patch and stop at the
 * edges; Home/End go to the first/last patch of the row, PageUp/PageDown to the top/bottom of the
 * column. Null for other keys (let them through). An out-of-range index is clamped first.
 */
export function movePatch(index: number, key: string, gridW: number, gridH: number): number | null {
  const t = gridW * gridH;
  if (!(t > 0)) return null;
  const n = Math.min(t - 1, Math.max(0, Math.trunc(index) || 0));
  const col = n % gridW;
  const row = Math.floor(n / gridW);
  switch (key) {
    case 'ArrowLeft':
      return col > 0 ? n - 1 : n;
    case 'ArrowRight':
      return col < gridW - 1 ? n + 1 : n;
    case 'ArrowUp':
      return row > 0 ? n - gridW : n;
    case 'ArrowDown':
      return row < gridH - 1 ? n + gridW : n;
    case 'Home':
      return row * gridW;
    case 'End':
      return row * gridW + gridW - 1;
    case 'PageUp':
      return col;
    case 'PageDown':
      return (gridH - 1) * gridW + col;
    default:
      return null;
  }
}

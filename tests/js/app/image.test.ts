// Picture input and the patch overlay, in Chromium: files made here with an OffscreenCanvas,
// decoded through loadImageBlob, and the overlay's pixels read back from its canvas.
import { afterEach, describe, expect, it } from 'vitest';
import { imageFromTransfer, loadImageBlob, loadImageUrl } from '../../../web/app/image/load.js';
import { drawImageView, movePatch, patchAt } from '../../../web/app/image/overlay.js';

/** A w × h PNG painted by `paint`. */
async function png(
  w: number,
  h: number,
  paint: (ctx: OffscreenCanvasRenderingContext2D) => void,
): Promise<Blob> {
  const c = new OffscreenCanvas(w, h);
  paint(c.getContext('2d')!);
  return c.convertToBlob({ type: 'image/png' });
}

const pixel = (img: { data: Uint8ClampedArray; width: number }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('loadImageBlob', () => {
  it('reads a small PNG pixel for pixel', async () => {
    const blob = await png(100, 50, (ctx) => {
      ctx.fillStyle = '#ff0000';
      ctx.fillRect(0, 0, 50, 50);
      ctx.fillStyle = '#0000ff';
      ctx.fillRect(50, 0, 50, 25);
      ctx.fillStyle = 'rgb(10, 200, 30)';
      ctx.fillRect(50, 25, 50, 25);
    });
    const img = await loadImageBlob(blob, 'small.png');
    expect([img.width, img.height, img.originalWidth, img.originalHeight]).toEqual([
      100, 50, 100, 50,
    ]);
    expect(img.downscaled).toBe(false);
    expect(img.name).toBe('small.png');
    expect(img.data.length).toBe(100 * 50 * 4);
    expect(pixel(img, 10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(img, 49, 49)).toEqual([255, 0, 0, 255]);
    expect(pixel(img, 75, 10)).toEqual([0, 0, 255, 255]);
    expect(pixel(img, 99, 49)).toEqual([10, 200, 30, 255]);
  });

  it('downscales a large picture to the longer side, keeping the aspect ratio', async () => {
    const blob = await png(1000, 500, (ctx) => {
      ctx.fillStyle = '#00ff00';
      ctx.fillRect(0, 0, 500, 500);
      ctx.fillStyle = '#ff00ff';
      ctx.fillRect(500, 0, 500, 500);
    });
    const img = await loadImageBlob(blob, 'big.png');
    expect([img.width, img.height]).toEqual([384, 192]);
    expect(img.downscaled).toBe(true);
    expect([img.originalWidth, img.originalHeight]).toEqual([1000, 500]);
    expect(img.data.length).toBe(384 * 192 * 4);
    expect(pixel(img, 50, 100)).toEqual([0, 255, 0, 255]);
    expect(pixel(img, 330, 100)).toEqual([255, 0, 255, 255]);
  });

  it('honours maxSide and keeps at least one pixel per side', async () => {
    const img = await loadImageBlob(await png(400, 2, () => {}), 'strip.png', 100);
    expect([img.width, img.height]).toEqual([100, 1]);
  });

  it('rejects a file that is not a picture, naming it', async () => {
    const p = loadImageBlob(new Blob(['hello'], { type: 'image/png' }), 'notes.png');
    await expect(p).rejects.toThrow(/"notes\.png" could not be read as an image/);
  });

  it('rejects an empty file', async () => {
    await expect(loadImageBlob(new Blob([]), 'x.png')).rejects.toThrow('"x.png" is empty');
  });

  it('rejects a file over 50 MB, stating its size and the limit', async () => {
    const big = new Blob([new Uint8Array(51 * 1024 * 1024)], { type: 'image/png' });
    await expect(loadImageBlob(big, 'huge.png')).rejects.toThrow(
      /"huge\.png" is 51\.0 MB; the limit is 50\.0 MB/,
    );
  });

  it('explains that SVG cannot be read', async () => {
    const svgText = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>';
    const p = loadImageBlob(new Blob([svgText], { type: 'image/svg+xml' }), 'logo.svg');
    await expect(p).rejects.toThrow(/"logo\.svg" is an SVG drawing/);
  });
});

describe('loadImageUrl', () => {
  it('names the file and the status when the download fails', async () => {
    await expect(loadImageUrl('/no-such-dir/missing%20cat.png')).rejects.toThrow(
      /"missing cat\.png" could not be downloaded: the server answered 404/,
    );
  });
});

describe('imageFromTransfer', () => {
  it('picks the first image, else the first file, else null', () => {
    const text = new File(['a'], 'a.txt', { type: 'text/plain' });
    const pic = new File(['b'], 'b.png', { type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(text);
    dt.items.add(pic);
    expect(imageFromTransfer(dt)?.name).toBe('b.png');
    const onlyText = new DataTransfer();
    onlyText.items.add(text);
    expect(imageFromTransfer(onlyText)?.name).toBe('a.txt');
    expect(imageFromTransfer(new DataTransfer())).toBeNull();
    expect(imageFromTransfer(null)).toBeNull();
  });
});

describe('drawImageView', () => {
  const canvases: HTMLCanvasElement[] = [];
  const canvas = () => {
    const c = document.createElement('canvas');
    document.body.append(c);
    canvases.push(c);
    return c;
  };
  afterEach(() => canvases.splice(0).forEach((c) => c.remove()));

  /** A w × h mid-grey picture. */
  const grey = (w: number, h: number) => ({
    data: new Uint8ClampedArray(w * h * 4).fill(160),
    width: w,
    height: h,
  });
  /** The canvas pixel at image coordinates (x, y). */
  const at = (c: HTMLCanvasElement, imageW: number, x: number, y: number) => {
    const k = c.width / imageW;
    return Array.from(
      c.getContext('2d')!.getImageData(Math.floor(x * k), Math.floor(y * k), 1, 1).data,
    );
  };

  it('sizes the canvas and tints the patches by heat', () => {
    const c = canvas();
    const img = grey(16, 16);
    drawImageView(c, img, {
      gridW: 2,
      gridH: 2,
      patchSize: 8,
      heat: new Float32Array([0, 0, 1, 0]),
      color: '#ff0000',
      selected: null,
      showGrid: false,
      scale: 10,
    });
    expect(c.style.width).toBe('160px');
    expect(c.style.height).toBe('160px');
    expect(c.width).toBe(Math.round(160 * (devicePixelRatio || 1)));
    const [r2, g2, b2] = at(c, 16, 4, 12); // centre of patch 2 (column 0, row 1)
    const [r0, g0, b0] = at(c, 16, 4, 4); // centre of patch 0
    expect(r2! - g2!).toBeGreaterThan(100);
    expect(Math.abs(g2! - b2!)).toBeLessThan(4);
    expect(Math.abs(r0! - g0!)).toBeLessThan(4);
    expect(Math.abs(g0! - b0!)).toBeLessThan(4);
    expect(r0!).toBeLessThan(160); // dimmed under heat
    expect(r0!).toBeGreaterThan(60);
  });

  it('greys the dropped edge and outlines the selected patch', () => {
    const c = canvas();
    const blue = { data: new Uint8ClampedArray(20 * 20 * 4), width: 20, height: 20 };
    for (let i = 0; i < 400; i++) blue.data.set([0, 0, 255, 255], i * 4);
    drawImageView(c, blue, {
      gridW: 2,
      gridH: 2,
      patchSize: 8,
      heat: null,
      color: '#ff0000',
      selected: 3,
      showGrid: true,
      scale: 10,
    });
    expect(at(c, 20, 4, 4)).toEqual([0, 0, 255, 255]); // inside patch 0, untouched
    const [er, , eb] = at(c, 20, 18, 4); // right edge strip
    expect(eb! - er!).toBeLessThan(80);
    const [br, , bb] = at(c, 20, 4, 18); // bottom edge strip
    expect(bb! - br!).toBeLessThan(80);
    // Patch 3 spans image px 8..16; its outline sits just inside the border, its centre is clear.
    expect(at(c, 20, 12, 12)).toEqual([0, 0, 255, 255]);
    const [or, og] = at(c, 20, 12, 8.2);
    expect(or! + og!).toBeGreaterThan(400); // white outline
  });

  it('rejects heat of the wrong length', () => {
    const o = { gridW: 2, gridH: 2, patchSize: 8, color: '#f00', selected: null, showGrid: false };
    expect(() =>
      drawImageView(canvas(), grey(16, 16), { ...o, heat: new Float32Array(3) }),
    ).toThrow(RangeError);
  });

  it('maps pointer positions to patches, with the dropped edge outside', () => {
    const c = canvas();
    drawImageView(c, grey(20, 12), {
      gridW: 2,
      gridH: 1,
      patchSize: 8,
      heat: null,
      color: '#000',
      selected: null,
      showGrid: false,
      scale: 10,
    });
    const r = c.getBoundingClientRect();
    expect([r.width, r.height]).toEqual([200, 120]);
    expect(patchAt(c, r.left + 5, r.top + 5, 2, 1)).toBe(0);
    expect(patchAt(c, r.left + 79, r.top + 79, 2, 1)).toBe(0);
    expect(patchAt(c, r.left + 81, r.top + 40, 2, 1)).toBe(1);
    expect(patchAt(c, r.left + 170, r.top + 40, 2, 1)).toBeNull(); // right edge, dropped
    expect(patchAt(c, r.left + 40, r.top + 100, 2, 1)).toBeNull(); // bottom edge, dropped
    expect(patchAt(c, r.left - 1, r.top + 5, 2, 1)).toBeNull();
    // CSS scaling is followed: at half the size, image px 12 is at 60 CSS px.
    c.style.width = '100px';
    c.style.height = '60px';
    expect(patchAt(c, c.getBoundingClientRect().left + 45, r.top + 10, 2, 1)).toBe(1);
    // An explicit geometry wins over the drawn one.
    const g = { width: 20, height: 12, patchSize: 4 };
    expect(patchAt(c, c.getBoundingClientRect().left + 25, r.top + 10, 2, 1, g)).toBe(1);
  });
});

describe('movePatch', () => {
  it('moves with arrows and clamps at the edges', () => {
    // 3 × 2 grid: 0 1 2 / 3 4 5
    expect(movePatch(0, 'ArrowRight', 3, 2)).toBe(1);
    expect(movePatch(2, 'ArrowRight', 3, 2)).toBe(2);
    expect(movePatch(3, 'ArrowLeft', 3, 2)).toBe(3);
    expect(movePatch(4, 'ArrowLeft', 3, 2)).toBe(3);
    expect(movePatch(1, 'ArrowDown', 3, 2)).toBe(4);
    expect(movePatch(4, 'ArrowDown', 3, 2)).toBe(4);
    expect(movePatch(4, 'ArrowUp', 3, 2)).toBe(1);
    expect(movePatch(1, 'ArrowUp', 3, 2)).toBe(1);
    expect(movePatch(4, 'Home', 3, 2)).toBe(3);
    expect(movePatch(3, 'End', 3, 2)).toBe(5);
    expect(movePatch(5, 'PageUp', 3, 2)).toBe(2);
    expect(movePatch(0, 'PageDown', 3, 2)).toBe(3);
    expect(movePatch(99, 'ArrowLeft', 3, 2)).toBe(4);
    expect(movePatch(0, 'Enter', 3, 2)).toBeNull();
    expect(movePatch(0, 'a', 3, 2)).toBeNull();
  });
});

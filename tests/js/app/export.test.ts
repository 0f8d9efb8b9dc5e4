// Export of the views, in Chromium: SVG painted onto a canvas by hand (read back pixel by pixel),
// the standalone SVG text, and the PNG/SVG downloads (the <a download> click is intercepted).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  download,
  exportPng,
  exportSvg,
  paintSvg,
  svgString,
} from '../../../web/app/render/export.js';
import { svg, svgRoot, title } from '../../../web/app/render/svg.js';

function canvas(w: number, h: number): CanvasRenderingContext2D {
  const c = Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  return ctx;
}
const px = (ctx: CanvasRenderingContext2D, x: number, y: number) =>
  Array.from(ctx.getImageData(x, y, 1, 1).data);

/** 60 × 50: a red rect at (10,10) 20×20 in a g translate(5,5), a blue horizontal line at y=42. */
function sample(): SVGSVGElement {
  const root = svgRoot(60, 50, 'sample');
  root.append(
    title('a sample'),
    svg('g', { transform: 'translate(5,5)' }, [
      svg('rect', { x: 10, y: 10, width: 20, height: 20, fill: '#ff0000' }, [title('red')]),
    ]),
    svg('line', { x1: 0, y1: 42, x2: 60, y2: 42, stroke: '#0000ff', 'stroke-width': 2 }),
  );
  return root;
}

describe('paintSvg', () => {
  it('paints rects inside translated groups and lines where SVG puts them', () => {
    const ctx = canvas(60, 50);
    paintSvg(ctx, sample());
    expect(px(ctx, 20, 20)).toEqual([255, 0, 0, 255]); // inside the rect at (15..35)
    expect(px(ctx, 15, 15)).toEqual([255, 0, 0, 255]);
    expect(px(ctx, 34, 34)).toEqual([255, 0, 0, 255]);
    expect(px(ctx, 12, 12)).toEqual([255, 255, 255, 255]); // where it would be untranslated
    expect(px(ctx, 36, 20)).toEqual([255, 255, 255, 255]);
    expect(px(ctx, 30, 36)).toEqual([255, 255, 255, 255]); // below the rect
    expect(px(ctx, 30, 41)).toEqual([0, 0, 255, 255]); // the line covers y 41..43
    expect(px(ctx, 50, 42)).toEqual([0, 0, 255, 255]);
    expect(px(ctx, 50, 44)).toEqual([255, 255, 255, 255]);
    expect(px(ctx, 50, 39)).toEqual([255, 255, 255, 255]);
  });

  it('offsets by dx, dy', () => {
    const ctx = canvas(100, 100);
    paintSvg(ctx, sample(), 40, 50);
    expect(px(ctx, 20, 20)).toEqual([255, 255, 255, 255]);
    expect(px(ctx, 60, 70)).toEqual([255, 0, 0, 255]);
  });

  it('inherits fill and multiplies opacity; honours fill-opacity, none and rotate', () => {
    const root = svgRoot(40, 40, 'inherit');
    root.append(
      svg('g', { fill: '#00ff00', opacity: 0.5 }, [
        svg('g', { opacity: 0.5 }, [svg('rect', { x: 0, y: 0, width: 10, height: 10 })]),
        svg('rect', { x: 10, y: 0, width: 10, height: 10, 'fill-opacity': 0.5 }),
        svg('rect', { x: 20, y: 0, width: 10, height: 10, fill: 'none', stroke: '#000' }),
      ]),
      // A 20 × 4 bar rotated 90° about (20, 20) becomes a 4 × 20 bar.
      svg('rect', {
        x: 10,
        y: 18,
        width: 20,
        height: 4,
        fill: '#000',
        transform: 'rotate(90 20 20)',
      }),
    );
    const ctx = canvas(40, 40);
    paintSvg(ctx, root);
    const [r, g, b] = px(ctx, 5, 5); // green at 25 % over white
    expect(g).toBe(255);
    expect(r).toBeGreaterThan(185);
    expect(r).toBeLessThan(197);
    expect(b).toBe(r);
    expect(px(ctx, 15, 5)[0]).toBe(r); // 0.5 × 0.5 as well
    expect(px(ctx, 25, 5)).toEqual([255, 255, 255, 255]); // fill none: the middle is clear
    expect(px(ctx, 20, 12)).toEqual([0, 0, 0, 255]); // the rotated bar runs down
    expect(px(ctx, 12, 20)).toEqual([255, 255, 255, 255]); // not across
  });

  it('draws text with the inherited font, anchored as SVG anchors it', () => {
    const root = svgRoot(100, 30, 'text');
    root.append(
      svg('g', { 'font-size': 20, 'font-family': 'sans-serif', fill: '#000' }, [
        svg('text', { x: 50, y: 20, 'text-anchor': 'end' }, ['MMM']),
      ]),
    );
    const ctx = canvas(100, 30);
    paintSvg(ctx, root);
    const dark = (x0: number, x1: number) => {
      let n = 0;
      for (let x = x0; x < x1; x++) for (let y = 0; y < 30; y++) if (px(ctx, x, y)[0]! < 128) n++;
      return n;
    };
    expect(dark(10, 50)).toBeGreaterThan(40); // ink left of the anchor
    expect(dark(52, 100)).toBe(0); // none right of it
  });
});

describe('svgString', () => {
  it('is a standalone SVG file that parses back to the same elements', () => {
    const root = sample();
    root.append(svg('text', { x: 1, y: 10 }, ['a < b & "c"']));
    const text = svgString(root);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const back = doc.documentElement;
    expect(back.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(back.getAttribute('width')).toBe('60');
    expect(back.getAttribute('height')).toBe('50');
    expect(back.querySelectorAll('*').length).toBe(root.querySelectorAll('*').length);
    expect(back.querySelector('text')?.textContent).toBe('a < b & "c"');
    expect(text.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)?.length).toBe(1);
  });

  it('adds width and height from the viewBox when missing', () => {
    const root = svg('svg', { viewBox: '0 0 30 20' });
    const back = new DOMParser().parseFromString(svgString(root), 'image/svg+xml').documentElement;
    expect([back.getAttribute('width'), back.getAttribute('height')]).toEqual(['30', '20']);
  });
});

describe('downloads', () => {
  /** Blobs and names that <a download> clicks would have saved. */
  function intercept(): { name: string; blob: Promise<Blob> }[] {
    const saved: { name: string; blob: Promise<Blob> }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ name: this.download, blob: fetch(this.href).then((r) => r.blob()) });
    });
    return saved;
  }
  afterEach(() => vi.restoreAllMocks());

  it('download clicks a temporary <a download> with a blob: URL', async () => {
    const saved = intercept();
    download(new Blob(['hi'], { type: 'text/plain' }), 'hi.txt');
    expect(saved.map((s) => s.name)).toEqual(['hi.txt']);
    expect(await (await saved[0]!.blob).text()).toBe('hi');
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('exportPng stacks SVGs and canvases at 2× with 16 px gaps', async () => {
    const saved = intercept();
    const c = Object.assign(document.createElement('canvas'), { width: 30, height: 10 });
    const cctx = c.getContext('2d')!;
    cctx.fillStyle = '#00ff00';
    cctx.fillRect(0, 0, 30, 10);
    await exportPng([sample(), c], 'views', '#ffffff');
    expect(saved.map((s) => s.name)).toEqual(['views.png']);
    const blob = await saved[0]!.blob;
    expect(blob.type).toBe('image/png');
    const bmp = await createImageBitmap(blob);
    expect([bmp.width, bmp.height]).toEqual([120, 2 * (50 + 16 + 10)]);
    const out = canvas(bmp.width, bmp.height);
    out.drawImage(bmp, 0, 0);
    bmp.close();
    expect(px(out, 40, 40)).toEqual([255, 0, 0, 255]); // the rect at 2×
    expect(px(out, 40, 120)).toEqual([255, 255, 255, 255]); // the gap
    expect(px(out, 40, 140)).toEqual([0, 255, 0, 255]); // the canvas, at y 66
    expect(px(out, 100, 140)).toEqual([255, 255, 255, 255]); // right of the 30 px canvas
  });

  it('exportSvg stacks SVGs as nested <svg>s that paintSvg places the same way', async () => {
    const saved = intercept();
    const second = svgRoot(20, 10, 'second');
    second.append(svg('rect', { x: 0, y: 0, width: 20, height: 10, fill: '#00ff00' }));
    exportSvg([sample(), second], 'views.svg');
    expect(saved.map((s) => s.name)).toEqual(['views.svg']);
    const text = await (await saved[0]!.blob).text();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const top = doc.documentElement as unknown as SVGSVGElement;
    expect([top.getAttribute('width'), top.getAttribute('height')]).toEqual(['60', '76']);
    const nested = Array.from(top.children).filter((e) => e.localName === 'svg');
    expect(nested.map((e) => e.getAttribute('y'))).toEqual(['0', '66']);
    const ctx = canvas(60, 76);
    paintSvg(ctx, top);
    expect(px(ctx, 20, 20)).toEqual([255, 0, 0, 255]);
    expect(px(ctx, 10, 70)).toEqual([0, 255, 0, 255]);
    expect(px(ctx, 10, 60)).toEqual([255, 255, 255, 255]);
    expect(px(ctx, 30, 70)).toEqual([255, 255, 255, 255]);
  });
});

// Saving the views: SVG as its own text, PNG by painting the SVG elements the views use onto a
// canvas ourselves (CSP forbids blob:/data: images, so an SVG cannot be drawn as an <img>).
// Only presentation attributes count: classes and page CSS are ignored, as in a saved SVG file.
import { SVG_NS } from './svg.js';

const GAP = 16;
/** Marks what is for the screen only, such as a readout of the value under the pointer. */
export const NO_EXPORT = 'data-no-export';

/** The size of an <svg>: its width/height attributes, else its viewBox, else its layout box. */
function svgSize(root: SVGSVGElement): { width: number; height: number } {
  const vb = (root.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const dim = (attr: string, i: number, fallback: () => number) => {
    const a = root.getAttribute(attr) ?? '';
    if (/^\s*[\d.]+(px)?\s*$/.test(a)) return parseFloat(a);
    const v = vb[i];
    return v !== undefined && vb.length === 4 && v > 0 ? v : fallback();
  };
  return {
    width: dim('width', 2, () => root.getBoundingClientRect().width),
    height: dim('height', 3, () => root.getBoundingClientRect().height),
  };
}

/** A standalone .svg file: XML declaration, xmlns and explicit width/height. */
export function svgString(root: SVGSVGElement): string {
  const clone = root.cloneNode(true) as SVGSVGElement;
  const { width, height } = svgSize(root);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('xmlns'); // the serializer writes the namespace itself
  for (const n of clone.querySelectorAll(`[${NO_EXPORT}]`)) n.remove();
  const text = new XMLSerializer().serializeToString(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
}

/** Inherited presentation attributes. */
interface Style {
  fill: string;
  stroke: string;
  strokeWidth: number;
  fillOpacity: number;
  strokeOpacity: number;
  opacity: number;
  lineCap: CanvasLineCap;
  dash: number[];
  fontSize: number;
  fontFamily: string;
  fontWeight: string;
  textAnchor: string;
  baseline: string;
  fillRule: CanvasFillRule;
  paintOrder: string;
}

const DEFAULT_STYLE: Style = {
  fill: '#000',
  stroke: 'none',
  strokeWidth: 1,
  fillOpacity: 1,
  strokeOpacity: 1,
  opacity: 1,
  lineCap: 'butt',
  dash: [],
  fontSize: 16,
  fontFamily: 'sans-serif',
  fontWeight: 'normal',
  textAnchor: 'start',
  baseline: 'alphabetic',
  fillRule: 'nonzero',
  paintOrder: 'normal',
};

const num = (el: Element, name: string, fallback = 0): number => {
  const v = parseFloat((el.getAttribute(name) ?? '').trim().split(/[\s,]+/)[0] ?? '');
  return Number.isFinite(v) ? v : fallback;
};

function inherit(el: Element, s: Style): Style {
  const a = (name: string) => el.getAttribute(name);
  const n = { ...s };
  n.fill = a('fill') ?? s.fill;
  n.stroke = a('stroke') ?? s.stroke;
  n.strokeWidth = num(el, 'stroke-width', s.strokeWidth);
  n.fillOpacity = num(el, 'fill-opacity', s.fillOpacity);
  n.strokeOpacity = num(el, 'stroke-opacity', s.strokeOpacity);
  n.opacity = s.opacity * num(el, 'opacity', 1); // not inherited in SVG, but groups fade children
  const cap = a('stroke-linecap');
  if (cap === 'butt' || cap === 'round' || cap === 'square') n.lineCap = cap;
  const dash = a('stroke-dasharray');
  if (dash !== null)
    n.dash =
      dash === 'none'
        ? []
        : dash
            .split(/[\s,]+/)
            .map(Number)
            .filter(Number.isFinite);
  n.fontSize = num(el, 'font-size', s.fontSize);
  n.fontFamily = a('font-family') ?? s.fontFamily;
  n.fontWeight = a('font-weight') ?? s.fontWeight;
  n.textAnchor = a('text-anchor') ?? s.textAnchor;
  n.baseline = a('dominant-baseline') ?? s.baseline;
  const rule = a('fill-rule');
  if (rule === 'evenodd' || rule === 'nonzero') n.fillRule = rule;
  n.paintOrder = a('paint-order') ?? s.paintOrder;
  return n;
}

/** Applies an SVG transform list: translate, rotate (with optional centre), scale, matrix. */
function applyTransform(ctx: CanvasRenderingContext2D, transform: string | null): void {
  if (!transform) return;
  for (const m of transform.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const v = (m[2] ?? '')
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    const [a = 0, b, c, d, e, f] = v;
    switch (m[1]) {
      case 'translate':
        ctx.translate(a, b ?? 0);
        break;
      case 'rotate':
        ctx.translate(b ?? 0, c ?? 0);
        ctx.rotate((a * Math.PI) / 180);
        ctx.translate(-(b ?? 0), -(c ?? 0));
        break;
      case 'scale':
        ctx.scale(a, b ?? a);
        break;
      case 'matrix':
        ctx.transform(a, b ?? 0, c ?? 0, d ?? 1, e ?? 0, f ?? 0);
        break;
    }
  }
}

/**
 * Fills then strokes (or the reverse with paint-order="stroke") with the element's style.
 * Paint servers (url(#gradient), patterns) are not supported and are left unpainted.
 */
function paint(ctx: CanvasRenderingContext2D, s: Style, fill: () => void, stroke: () => void) {
  const doFill = () => {
    if (s.fill === 'none' || s.fill.startsWith('url(') || s.fillOpacity <= 0) return;
    ctx.globalAlpha = s.opacity * s.fillOpacity;
    ctx.fillStyle = '#000';
    ctx.fillStyle = s.fill;
    fill();
  };
  const doStroke = () => {
    if (s.stroke === 'none' || s.stroke.startsWith('url(')) return;
    if (s.strokeWidth <= 0 || s.strokeOpacity <= 0) return;
    ctx.globalAlpha = s.opacity * s.strokeOpacity;
    ctx.strokeStyle = '#000';
    ctx.strokeStyle = s.stroke;
    ctx.lineWidth = s.strokeWidth;
    ctx.lineCap = s.lineCap;
    ctx.setLineDash(s.dash);
    stroke();
  };
  if (s.paintOrder.trim().startsWith('stroke')) {
    doStroke();
    doFill();
  } else {
    doFill();
    doStroke();
  }
}

const BASELINES: Record<string, CanvasTextBaseline> = {
  middle: 'middle',
  central: 'middle',
  mathematical: 'middle',
  hanging: 'hanging',
  'text-before-edge': 'top',
  'text-top': 'top',
  'text-after-edge': 'bottom',
  'text-bottom': 'bottom',
  ideographic: 'ideographic',
};
const ALIGN: Record<string, CanvasTextAlign> = { middle: 'center', end: 'right' };

function drawElement(
  ctx: CanvasRenderingContext2D,
  el: Element,
  parent: Style,
  root = false,
): void {
  const tag = el.localName;
  if (tag === 'title' || tag === 'desc' || tag === 'defs' || tag === 'metadata') return;
  if (el.hasAttribute(NO_EXPORT)) return;
  if (el.getAttribute('display') === 'none' || el.getAttribute('visibility') === 'hidden') return;
  const s = inherit(el, parent);
  ctx.save();
  if (tag === 'svg') {
    // A nested <svg> (as exportSvg writes) is placed at x, y and scaled by its viewBox.
    if (!root) ctx.translate(num(el, 'x'), num(el, 'y'));
    const vb = (el.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
    const { width, height } = svgSize(el as SVGSVGElement);
    const [vx = 0, vy = 0, vw = 0, vh = 0] = vb;
    if (vb.length === 4 && vw > 0 && vh > 0) {
      ctx.scale(width / vw, height / vh);
      ctx.translate(-vx, -vy);
    }
  }
  applyTransform(ctx, el.getAttribute('transform'));
  switch (tag) {
    case 'svg':
    case 'g':
    case 'a':
      for (const child of Array.from(el.children)) drawElement(ctx, child, s);
      break;
    case 'rect': {
      const [x, y, w, h] = [num(el, 'x'), num(el, 'y'), num(el, 'width'), num(el, 'height')];
      if (w <= 0 || h <= 0) break;
      const rx = Math.min(w / 2, num(el, 'rx', num(el, 'ry')));
      const ry = Math.min(h / 2, num(el, 'ry', rx));
      const path = new Path2D();
      if (rx > 0 || ry > 0) path.roundRect(x, y, w, h, [{ x: rx, y: ry }]);
      else path.rect(x, y, w, h);
      paint(
        ctx,
        s,
        () => ctx.fill(path),
        () => ctx.stroke(path),
      );
      break;
    }
    case 'line': {
      const path = new Path2D();
      path.moveTo(num(el, 'x1'), num(el, 'y1'));
      path.lineTo(num(el, 'x2'), num(el, 'y2'));
      paint(
        ctx,
        { ...s, fill: 'none' },
        () => {},
        () => ctx.stroke(path),
      );
      break;
    }
    case 'circle':
    case 'ellipse': {
      const rx = tag === 'circle' ? num(el, 'r') : num(el, 'rx');
      const ry = tag === 'circle' ? rx : num(el, 'ry');
      if (rx <= 0 || ry <= 0) break;
      const path = new Path2D();
      path.ellipse(num(el, 'cx'), num(el, 'cy'), rx, ry, 0, 0, 2 * Math.PI);
      paint(
        ctx,
        s,
        () => ctx.fill(path, s.fillRule),
        () => ctx.stroke(path),
      );
      break;
    }
    case 'polyline':
    case 'polygon':
    case 'path': {
      let d = el.getAttribute('d') ?? '';
      if (tag !== 'path') {
        const pts = (el.getAttribute('points') ?? '').trim();
        d = pts ? `M${pts}${tag === 'polygon' ? 'Z' : ''}` : '';
      }
      if (!d) break;
      const path = new Path2D(d);
      paint(
        ctx,
        s,
        () => ctx.fill(path, s.fillRule),
        () => ctx.stroke(path),
      );
      break;
    }
    case 'text': {
      const text = el.textContent ?? '';
      if (!text) break;
      const x = num(el, 'x') + num(el, 'dx');
      const y = num(el, 'y') + num(el, 'dy');
      ctx.font = `${s.fontWeight} ${s.fontSize}px ${s.fontFamily}`;
      ctx.textAlign = ALIGN[s.textAnchor] ?? 'left';
      ctx.textBaseline = BASELINES[s.baseline] ?? 'alphabetic';
      paint(
        ctx,
        s,
        () => ctx.fillText(text, x, y),
        () => ctx.strokeText(text, x, y),
      );
      break;
    }
    // Anything else (foreignObject, image, use, ...) is not used by the views and is skipped.
  }
  ctx.restore();
}

/**
 * Paints an <svg> onto a 2D context at (dx, dy) in the context's current units, element by
 * element: svg, g, a, rect, line, circle, ellipse, polyline, polygon, path, text. title/desc are
 * skipped. Fill, stroke, font and text attributes inherit from ancestors; opacity multiplies.
 */
export function paintSvg(ctx: CanvasRenderingContext2D, root: SVGSVGElement, dx = 0, dy = 0): void {
  ctx.save();
  ctx.translate(dx, dy);
  ctx.direction = 'ltr';
  drawElement(ctx, root, DEFAULT_STYLE, true);
  ctx.restore();
}

/** Saves a blob as a file: a click on a temporary <a download> (a navigation, allowed by CSP). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns; revoke it later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const withExt = (name: string, ext: string) =>
  name.toLowerCase().endsWith(ext) ? name : `${name}${ext}`;

/** A canvas's size in CSS px: its style size (as drawImageView sets it), else its pixels. */
function canvasSize(c: HTMLCanvasElement): { width: number; height: number } {
  return {
    width: parseFloat(c.style.width) || c.width,
    height: parseFloat(c.style.height) || c.height,
  };
}

/**
 * Stacks the parts top to bottom (left-aligned, 16 px apart) on a background at 2× and downloads
 * them as a PNG. The scale drops below 2 only when the image would exceed the browser's canvas
 * limits.
 */
export async function exportPng(
  parts: (SVGSVGElement | HTMLCanvasElement)[],
  filename: string,
  background = '#ffffff',
): Promise<void> {
  const sizes = parts.map((p) => (p instanceof HTMLCanvasElement ? canvasSize(p) : svgSize(p)));
  const width = Math.max(1, ...sizes.map((s) => s.width));
  const height = Math.max(
    1,
    sizes.reduce((sum, s) => sum + s.height, 0) + GAP * Math.max(0, parts.length - 1),
  );
  const scale = Math.min(2, 16384 / width, 16384 / height, Math.sqrt(2 ** 27 / (width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw to a canvas, so the PNG cannot be made');
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  parts.forEach((part, i) => {
    const size = sizes[i]!;
    if (part instanceof HTMLCanvasElement) {
      // Crisp pixels when enlarging (patch pictures); smooth when shrinking a hi-DPI canvas.
      ctx.imageSmoothingEnabled = part.width < size.width * scale;
      ctx.drawImage(part, 0, y, size.width, size.height);
    } else {
      paintSvg(ctx, part, 0, y);
    }
    y += size.height + GAP;
  });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The PNG could not be made (the picture may be too large)');
  download(blob, withExt(filename, '.png'));
}

/** A new SVG document without a browsing context: nothing in it loads. */
export function inertSvgDocument(): XMLDocument {
  return document.implementation.createDocument(SVG_NS, 'svg', null);
}

/** Stacks SVGs top to bottom (16 px apart) as nested <svg>s in one document and downloads it. */
export function exportSvg(parts: SVGSVGElement[], filename: string): void {
  const sizes = parts.map(svgSize);
  const width = Math.max(1, ...sizes.map((s) => s.width));
  let y = 0;
  // Built in a document with no window, so embedded <image> data (canvas snapshots) is never
  // loaded by the page, whose CSP would refuse it.
  const root = inertSvgDocument().documentElement as unknown as SVGSVGElement;
  parts.forEach((part, i) => {
    const { width: w, height: h } = sizes[i]!;
    const clone = root.ownerDocument.importNode(part, true) as SVGSVGElement;
    clone.removeAttribute('xmlns');
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y));
    clone.setAttribute('width', String(w));
    clone.setAttribute('height', String(h));
    root.append(clone);
    y += h + GAP;
  });
  const height = Math.max(1, y - GAP);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const blob = new Blob([svgString(root)], { type: 'image/svg+xml' });
  download(blob, withExt(filename, '.svg'));
}

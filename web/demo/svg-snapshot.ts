// For SVG export: canvases (image layers) become <image> elements holding a PNG of their pixels,
// so the exported file is one self-contained SVG. Creating a data URL is allowed under the page's
// strict Content-Security-Policy; only loading one into the page would not be.
import { SVG_NS, svg } from '../app/render/svg.js';

export function canvasesToSvg(parts: (SVGSVGElement | HTMLCanvasElement)[]): SVGSVGElement[] {
  return parts.map((p) => {
    if (!(p instanceof HTMLCanvasElement)) return p;
    const width = p.clientWidth || p.width;
    const height = p.clientHeight || p.height;
    const root = svg('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
    root.append(svg('image', { href: p.toDataURL('image/png'), x: 0, y: 0, width, height }));
    return root;
  });
}

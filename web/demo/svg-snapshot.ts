// For SVG export: canvases (image layers, small heatmaps) become <image> elements holding a PNG
// of their pixels, so the exported file is one self-contained SVG. They are made in an inert
// document: creating a data URL is allowed under the page's strict Content-Security-Policy, but
// loading one into the page would not be.
import { inertSvgDocument } from '../app/render/export.js';
import { SVG_NS } from '../app/render/svg.js';

export function canvasesToSvg(parts: (SVGSVGElement | HTMLCanvasElement)[]): SVGSVGElement[] {
  const doc = inertSvgDocument();
  return parts.map((p) => {
    if (!(p instanceof HTMLCanvasElement)) return p;
    const width = p.clientWidth || p.width;
    const height = p.clientHeight || p.height;
    const root = doc.createElementNS(SVG_NS, 'svg');
    for (const [k, v] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}` }))
      root.setAttribute(k, String(v));
    const image = doc.createElementNS(SVG_NS, 'image');
    for (const [k, v] of Object.entries({ href: p.toDataURL('image/png'), width, height }))
      image.setAttribute(k, String(v));
    root.append(image);
    return root;
  });
}

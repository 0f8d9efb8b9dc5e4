// A small helper for building SVG: the views draw SVG so it can be exported as is, and
// render/export.ts paints the same elements onto a canvas for PNG.
export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attrs = Record<string, string | number | undefined>;

/** Creates an SVG element with attributes (undefined ones skipped) and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (SVGElement | string)[] = [],
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/**
 * Sets an attribute only if its value changes: views repainted in place per keystroke leave
 * what stayed the same untouched, so the browser has less style to recompute.
 */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** An <svg> root of a given size, with a viewBox so it scales to its container. */
export function svgRoot(width: number, height: number, label: string): SVGSVGElement {
  return svg('svg', {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
  });
}

/** A <title> child: a tooltip in browsers and a label for screen readers. */
export function title(text: string): SVGTitleElement {
  return svg('title', {}, [text]);
}

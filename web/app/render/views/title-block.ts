// What an exported picture says about itself, so it stands alone: a title block (what was shown:
// model, layer, input, heads on and off) with the attention colour scale, and a one-line caption
// for each view (its head's name), drawn as small SVGs that both exports stack with the views.
import { sequential } from '../colors.js';
import { svg, svgRoot } from '../svg.js';

const FONT = 13;
const LINE = 18;
/** Roughly the width of a character at FONT px, to size the block. */
const CHAR = 7;
const LEGEND_STEPS = 10;

/** A line of text at (x, y) in the block's type. */
function text(x: number, y: number, s: string, bold = false, anchor = 'start'): SVGTextElement {
  return svg(
    'text',
    {
      x,
      y,
      'font-size': FONT,
      'font-family': 'system-ui, sans-serif',
      'font-weight': bold ? 700 : undefined,
      'text-anchor': anchor,
      fill: '#111',
    },
    [s],
  );
}

/** One line of text, bold or not, as an SVG of its own. */
export function captionLine(line: string, bold = false): SVGSVGElement {
  const width = Math.max(40, Math.ceil(line.length * CHAR) + 8);
  const root = svgRoot(width, LINE + 4, line);
  root.setAttribute('data-view', 'caption');
  root.append(text(0, LINE - 4, line, bold));
  return root;
}

/** The title (bold), lines about what is shown, and the 0–1 attention colour scale. */
export function titleBlock(title: string, lines: string[]): SVGSVGElement {
  const longest = Math.max(title.length, ...lines.map((l) => l.length));
  const width = Math.max(320, Math.ceil(longest * CHAR) + 8);
  const legendY = LINE * (lines.length + 1) + 8;
  const root = svgRoot(width, legendY + 34, title);
  root.setAttribute('data-view', 'title-block');
  root.append(
    text(0, LINE - 4, title, true),
    ...lines.map((l, i) => text(0, LINE * (i + 2) - 4, l)),
  );
  const cell = 16;
  const x0 = 80;
  root.append(text(0, legendY + 12, 'Attention'));
  for (let k = 0; k < LEGEND_STEPS; k++)
    root.append(
      svg('rect', {
        x: x0 + k * cell,
        y: legendY,
        width: cell,
        height: 14,
        fill: sequential(k / (LEGEND_STEPS - 1)),
      }),
    );
  root.append(
    text(x0, legendY + 30, '0'),
    text(x0 + LEGEND_STEPS * cell, legendY + 30, '1', false, 'end'),
  );
  return root;
}

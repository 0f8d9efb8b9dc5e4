// How much each head adds to each token's output: per token a horizontal bar stacked from one
// segment per head, as long as ‖contribution[h, i]‖ (one scale for all tokens). Gated-off heads
// get zero length. Segments are <rect data-head data-token> with a <title>.
import { headColor } from '../colors.js';
import { fmt } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';
import { truncate } from '../html.js';

export interface ContributionBarsOptions {
  tokens: string[];
  /** [H, t] contribution norms, as the core computed them. */
  norms: Float32Array;
  /** [H] 1 = head on, 0 = head off. */
  gates: number[];
  focus: number | null;
}

const ACCENT = '#0072B2';

export function contributionBars(o: ContributionBarsOptions): SVGSVGElement {
  const t = o.tokens.length;
  const H = o.gates.length;
  const value = (h: number, i: number) => {
    const n = o.norms[h * t + i] ?? 0;
    return o.gates[h] === 0 || !Number.isFinite(n) ? 0 : Math.max(0, n);
  };
  let maxSum = 0;
  for (let i = 0; i < t; i++) {
    let s = 0;
    for (let h = 0; h < H; h++) s += value(h, i);
    maxSum = Math.max(maxSum, s);
  }

  const font = t > 40 ? 9 : 11;
  const rowH = t > 40 ? 12 : 18;
  const shown = o.tokens.map((s) => truncate(s, 12));
  const labelW = Math.ceil(Math.max(1, ...shown.map((s) => s.length)) * font * 0.62) + 8;
  const barW = 260;
  const width = labelW + barW + 8;
  const swatchW = 48;
  const perLine = Math.max(1, Math.floor(width / swatchW));
  const legendH = Math.ceil(Math.max(1, H) / perLine) * 16 + 6;
  const top = legendH;
  const height = top + t * rowH + 22;
  const scale = maxSum > 0 ? barW / maxSum : 0;

  const root = svgRoot(width, height, 'How much each head contributes to each token');
  root.setAttribute('data-view', 'contribution-bars');
  root.setAttribute('class', 'hs-view hs-contribution-bars');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', String(font));

  // Legend: H1…Hn with their colours; gated-off heads are faded and marked "off".
  for (let h = 0; h < H; h++) {
    const x = (h % perLine) * swatchW;
    const y = Math.floor(h / perLine) * 16 + 2;
    const off = o.gates[h] === 0;
    root.append(
      svg('g', { 'data-legend-head': h, opacity: off ? 0.45 : undefined }, [
        svg('rect', { x, y, width: 10, height: 10, fill: headColor(h) }),
        svg('text', { x: x + 13, y: y + 9, 'font-size': 10, fill: '#111', class: 'hs-label' }, [
          off ? `H${h + 1} off` : `H${h + 1}`,
        ]),
      ]),
    );
  }

  for (let i = 0; i < t; i++) {
    const y = top + i * rowH;
    const isFocus = o.focus === i;
    const row = svg('g', {
      'data-token': i,
      class: isFocus ? 'hs-bar-row hs-focus' : 'hs-bar-row',
    });
    if (isFocus) {
      row.setAttribute('data-focus', 'true');
      row.append(svg('rect', { x: 0, y, width, height: rowH, fill: ACCENT, 'fill-opacity': 0.12 }));
    }
    row.append(
      svg(
        'text',
        {
          x: labelW - 4,
          y: y + rowH / 2,
          'text-anchor': 'end',
          'dominant-baseline': 'central',
          fill: '#111',
          'font-weight': isFocus ? 700 : undefined,
          class: 'hs-label',
        },
        [shown[i] ?? ''],
      ),
    );
    let x = labelW;
    for (let h = 0; h < H; h++) {
      const v = value(h, i);
      const w = v * scale;
      const off = o.gates[h] === 0 ? ' (head off)' : '';
      row.append(
        svg(
          'rect',
          {
            x: x.toFixed(2),
            y: y + 2,
            width: w.toFixed(2),
            height: rowH - 4,
            fill: headColor(h),
            stroke: '#fff',
            'stroke-width': 0.5,
            'data-head': h,
            'data-token': i,
          },
          [title(`H${h + 1} → "${o.tokens[i]}": ‖contribution‖ = ${fmt(v)}${off}`)],
        ),
      );
      x += w;
    }
    root.append(row);
  }

  const axisY = top + t * rowH + 14;
  root.append(
    svg('text', { x: labelW, y: axisY, fill: '#666', class: 'hs-muted', 'font-size': 10 }, ['0']),
    svg(
      'text',
      {
        x: labelW + barW,
        y: axisY,
        'text-anchor': 'end',
        fill: '#666',
        class: 'hs-muted',
        'font-size': 10,
      },
      [`Σ‖contribution‖ ${fmt(maxSum)}`],
    ),
  );
  return root;
}

// Looking alike against being removable, one dot per head: x is how far its attention is from the
// most alike other head of its layer (the core's Jensen-Shannon distance on this input: 0 the
// same pattern, 1 never the same keys), y how much the held-out loss rises when it alone is
// switched off. The two measures answer different questions, so heads fall in every corner: two
// heads can look alike and each still matter (left, high), or look like no other and barely
// matter (right, low). A dot is <circle data-head="L2H3" data-x data-y> with a <title>.
import type { RunAnalysis } from '../../../lib/public.js';
import { fmt, niceRange, niceTicks, tickText } from '../numbers.js';
import { svg, svgRoot, title } from '../svg.js';

/**
 * Per head (layer × heads + head): the Jensen-Shannon distance to the most alike other head of
 * its layer, or NaN for a layer of one head.
 */
export function nearestTwin(analysis: RunAnalysis, numHeads: number): number[] {
  return analysis.layers.flatMap((layer) =>
    Array.from({ length: numHeads }, (_, h) => {
      let best = Number.NaN;
      for (let g = 0; g < numHeads; g++) {
        const v = layer.jsDistance[h * numHeads + g]!;
        if (g !== h && !(v >= best)) best = v;
      }
      return best;
    }),
  );
}

export interface AlikeRemovableOptions {
  /** Per head: nearestTwin(). */
  twin: number[];
  /** Per head: held-out loss with the head switched off, minus the loss with every head on. */
  ablation: ArrayLike<number>;
  numHeads: number;
  label: string;
}

const COLOR = '#0072B2';
/** A distance under which a head is named on the chart: it has a near twin. */
const NEAR_TWIN = 0.2;

export function alikeRemovableChart(o: AlikeRemovableOptions): SVGSVGElement {
  const width = 560,
    height = 260,
    left = 54,
    right = 16,
    top = 16,
    bottom = 40;
  const plotW = width - left - right,
    plotH = height - top - bottom;
  const ys = Array.from(o.ablation).filter(Number.isFinite);
  const [yMin, yMax] = niceRange(Math.min(0, ...ys), Math.max(0, ...ys));
  const x = (v: number) => left + v * plotW;
  const y = (v: number) => top + plotH * (1 - (v - yMin) / (yMax - yMin));
  const root = svgRoot(width, height, o.label);
  root.setAttribute('data-view', 'alike-removable');
  root.setAttribute('class', 'hs-view hs-alike-removable');
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('font-size', '11');
  const muted = { fill: '#555', 'font-size': 10 };
  for (const v of niceTicks(yMin, yMax, 4))
    root.append(
      svg('line', { x1: left, x2: left + plotW, y1: y(v), y2: y(v), stroke: '#e2e2e2' }),
      svg('text', { ...muted, x: left - 5, y: y(v), 'text-anchor': 'end', dy: '0.32em' }, [
        tickText(v),
      ]),
    );
  for (const v of [0, 0.25, 0.5, 0.75, 1])
    root.append(
      svg('text', { ...muted, x: x(v), y: top + plotH + 14, 'text-anchor': 'middle' }, [String(v)]),
    );
  root.append(
    svg('rect', { x: left, y: top, width: plotW, height: plotH, fill: 'none', stroke: '#bbb' }),
    svg('text', { x: left + plotW / 2, y: height - 6, 'text-anchor': 'middle', fill: '#333' }, [
      '← looks like another head (distance to its most alike head) looks like none →',
    ]),
    svg(
      'text',
      {
        x: 12,
        y: top + plotH / 2,
        'text-anchor': 'middle',
        fill: '#333',
        transform: `rotate(-90 12 ${top + plotH / 2})`,
      },
      ['loss rise without it'],
    ),
  );
  // Names only where they say something and do not pile up: heads with a near twin, and the
  // four whose removal costs most; every dot names its head in its tooltip.
  const named = new Set(
    Array.from(o.ablation, (rise, k) => [rise, k] as const)
      .filter(([rise]) => Number.isFinite(rise))
      .sort((a, b) => b[0] - a[0])
      .slice(0, 4)
      .map(([, k]) => k),
  );
  o.twin.forEach((d, k) => {
    const rise = o.ablation[k] ?? Number.NaN;
    if (!Number.isFinite(d) || !Number.isFinite(rise)) return;
    const name = `L${Math.floor(k / o.numHeads) + 1}H${(k % o.numHeads) + 1}`;
    const dot = svg('circle', {
      cx: x(d),
      cy: y(rise),
      r: 4.5,
      fill: COLOR,
      'fill-opacity': 0.75,
      'data-head': name,
      'data-x': d,
      'data-y': rise,
    });
    dot.append(
      title(
        `${name}: distance to its most alike head ${fmt(d)}, loss rise without it ${fmt(rise)}`,
      ),
    );
    root.append(dot);
    if (d < NEAR_TWIN || named.has(k))
      root.append(svg('text', { ...muted, x: x(d) + 6, y: y(rise) - 5 }, [name]));
  });
  return root;
}

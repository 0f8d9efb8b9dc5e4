// What embedding.test.ts reads off a page: whether a widget has drawn, what is drawn inside its
// shadow root (computed styles, sizes, canvas pixels), and the computed styles of the host's
// own elements.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Scrolls widget #id into view (it starts there) and waits for its `heads` head cards. */
export async function drawn(page: Page, id: string, heads: number): Promise<void> {
  const widget = page.locator(`#${id}`);
  await widget.scrollIntoViewIfNeeded();
  await expect.poll(() => widget.locator('.head-card').count(), { timeout: 20_000 }).toBe(heads);
  await expect.poll(() => widget.locator('.message').textContent()).toContain(`${heads} heads ×`);
}

/**
 * The properties compared inside the shadow root: the inherited ones fixtures/hostile.css sets,
 * and the box of each element (which a stripped padding or the host's rem would change).
 */
const INSIDE = [
  'display',
  'visibility',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'font-variant-caps',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'color',
  '-webkit-text-fill-color',
  'background-color',
  'text-transform',
  'text-align',
  'text-indent',
  'text-shadow',
  'text-decoration-line',
  'direction',
  'white-space',
  'word-break',
  'cursor',
  'color-scheme',
  'caret-color',
  'list-style-type',
  'fill',
  'stroke',
  'stroke-width',
  'text-anchor',
  'dominant-baseline',
  'image-rendering',
  'box-sizing',
  'margin',
  'padding',
  'border-width',
  'gap',
  'grid-template-columns',
];

export interface Drawn {
  /** tag.class of the element, for messages. */
  what: string;
  style: string[];
  /** Width and height in CSS pixels. */
  size: number[];
  /** A canvas's pixels as a data URL; '' for other elements. */
  pixels: string;
}

/** Every element in widget #id's shadow root, in document order. */
export function shadowSnapshot(page: Page, id: string): Promise<Drawn[]> {
  return page.evaluate(
    ([id, props]) =>
      [...document.getElementById(id)!.shadowRoot!.querySelectorAll('*')].map((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          what: `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`,
          style: props.map((p) => style.getPropertyValue(p)),
          size: [box.width, box.height].map((v) => Math.round(v * 100) / 100),
          pixels: el instanceof HTMLCanvasElement ? el.toDataURL() : '',
        };
      }),
    [id, INSIDE] as const,
  );
}

/** The first differences between two snapshots, one line each. */
export function shadowDifferences(reference: Drawn[], other: Drawn[], max = 80): string[] {
  const out: string[] = [];
  if (reference.length !== other.length)
    out.push(`${other.length} elements instead of ${reference.length}`);
  reference.forEach((r, i) => {
    const o = other[i];
    if (!o) return;
    const at = `#${i} ${r.what}`;
    if (o.what !== r.what) out.push(`${at}: is ${o.what}`);
    INSIDE.forEach((p, k) => {
      if (o.style[k] !== r.style[k]) out.push(`${at} ${p}: ${o.style[k]} (clean: ${r.style[k]})`);
    });
    if (o.size.join() !== r.size.join())
      out.push(`${at} size: ${o.size.join('×')} (clean: ${r.size.join('×')})`);
    if (o.pixels !== r.pixels) out.push(`${at}: other pixels`);
  });
  return out.slice(0, max);
}

/**
 * The host's own elements' computed styles, every property except those that follow the
 * layout (a used width moves when the widgets' height brings a scrollbar).
 */
export function hostStyles(page: Page): Promise<string[][]> {
  return page.evaluate(() => {
    const layout = /^(width|height|inline-size|block-size|transform-origin|perspective-origin)$/;
    return [...document.querySelectorAll('body, body *:not(headscope-attention)')].map((el) => {
      const style = getComputedStyle(el);
      return [
        el.tagName,
        ...[...style]
          .filter((p) => !layout.test(p))
          .map((p) => `${p}: ${style.getPropertyValue(p)}`),
      ];
    });
  });
}

/** What a widget shows, to see that another's changes leave it alone. */
export function widgetState(page: Page, id: string): Promise<Record<string, unknown>> {
  return page.evaluate((id) => {
    const el = document.getElementById(id) as HTMLElement & { scene: object | null };
    const root = el.shadowRoot!;
    // The scene by identity: a widget that recomputed would hold a new one.
    const w = window as unknown as { sceneIds?: WeakMap<object, number>; sceneCount?: number };
    w.sceneIds ??= new WeakMap();
    if (el.scene && !w.sceneIds.has(el.scene))
      w.sceneIds.set(el.scene, (w.sceneCount = (w.sceneCount ?? 0) + 1));
    return {
      scene: el.scene && w.sceneIds.get(el.scene),
      attributes: el.getAttributeNames().map((a) => `${a}=${el.getAttribute(a)}`),
      html: root.innerHTML,
      pixels: [...root.querySelectorAll('canvas')].map((c) => c.toDataURL()),
    };
  }, id);
}

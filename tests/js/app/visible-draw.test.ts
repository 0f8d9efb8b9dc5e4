// Drawing only what is on screen (web/app/visible-draw.ts), in Chromium: a section on screen draws
// at once; sections far below wait until input pauses, and `settled` reports once none waits.
import { describe, expect, it } from 'vitest';
import { visibleDraw } from '../../../web/app/visible-draw.js';

function section(top: number): HTMLElement {
  const el = document.createElement('section');
  el.style.cssText = `position:absolute; top:${top}px; height:100px; width:100px`;
  document.body.append(el);
  return el;
}

describe('visibleDraw', () => {
  it('draws on-screen sections at once and off-screen ones after the pause', async () => {
    const sections = visibleDraw(50);
    const near = section(0);
    const far = [section(20_000), section(30_000)];
    const order: string[] = [];
    let settled = false;
    sections.draw(near, () => order.push('near'));
    far.forEach((el, i) => sections.draw(el, () => order.push(`far ${i}`)));
    sections.settled(() => (settled = true));
    expect(order).toEqual(['near']);
    expect(settled).toBe(false);
    await expect.poll(() => settled).toBe(true);
    expect(order).toEqual(['near', 'far 0', 'far 1']);
    expect(settled).toBe(true);
  });

  it('keeps only the newest drawing of a waiting section', async () => {
    const sections = visibleDraw(50);
    const far = section(40_000);
    const drawn: number[] = [];
    let settled = false;
    sections.draw(far, () => drawn.push(1));
    sections.draw(far, () => drawn.push(2));
    sections.settled(() => (settled = true));
    await expect.poll(() => settled).toBe(true);
    expect(drawn).toEqual([2]);
  });

  it('draws an afterFrame section once a frame has been shown, unless drawn before', async () => {
    const sections = visibleDraw(50);
    const [a, b] = [section(0), section(120)];
    const order: string[] = [];
    let frames = 0;
    requestAnimationFrame(() => frames++);
    sections.afterFrame(a, () => order.push(`a after ${frames} frames`));
    sections.afterFrame(b, () => order.push('b, replaced'));
    sections.draw(b, () => order.push('b now'));
    let settled = false;
    sections.settled(() => (settled = true));
    expect(order).toEqual(['b now']);
    expect(settled).toBe(false);
    await expect.poll(() => settled).toBe(true);
    expect(order).toEqual(['b now', 'a after 1 frames']);
  });
});

// When the page asks for a scene's slow extras (web/app/on-screen.ts), in Chromium: only for
// sections on screen, only once no newer scene was asked for, and naming every extra on screen.
import { afterEach, describe, expect, it } from 'vitest';
import { extrasOnScreen } from '../../../web/app/on-screen.js';
import type { Scene } from '../../../web/app/scene.js';

type Extra = 'importance' | 'compare';
const IDLE = 40;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A scene with or without each extra: only `model.importance` and `model.compare` are read. */
const scene = (has: Partial<Record<Extra, boolean>>) =>
  ({
    model: {
      weights: 'trained',
      ...(has.importance ? { importance: {} } : {}),
      ...(has.compare ? { compare: {} } : {}),
    },
  }) as unknown as Scene;

/** A section on screen, or far below it. */
function section(onScreen: boolean): HTMLElement {
  const box = document.createElement('section');
  box.style.height = '20px';
  if (!onScreen) Object.assign(box.style, { position: 'absolute', top: '50000px' });
  document.body.append(box);
  return box;
}

function setup(importanceOn: boolean, compareOn: boolean) {
  const asked: Array<Extra[]> = [];
  const extras = extrasOnScreen<Extra>((names) => asked.push([...names].sort()), IDLE);
  const roots = { importance: section(importanceOn), compare: section(compareOn) };
  extras.add('importance', roots.importance, (s) => !s.model?.importance);
  extras.add('compare', roots.compare, (s) => !s.model?.compare);
  return { asked, extras, roots };
}

afterEach(() => document.querySelectorAll('section').forEach((s) => s.remove()));

describe('extrasOnScreen', () => {
  it('asks, after a pause, for every extra on screen once one of them is missing', async () => {
    const { asked, extras } = setup(true, true);
    await wait(50); // the observer's first report
    extras.arrived(scene({ importance: true }));
    expect(asked).toEqual([]);
    await expect.poll(() => asked, { timeout: 5000 }).toEqual([['compare', 'importance']]);
    // A scene with both: nothing more to ask for.
    extras.arrived(scene({ importance: true, compare: true }));
    await wait(IDLE + 60);
    expect(asked).toHaveLength(1);
  });

  it('asks for nothing off screen, and a newer request cancels a waiting one', async () => {
    const { asked, extras, roots } = setup(false, true);
    await wait(50);
    extras.arrived(scene({ compare: true }));
    await wait(IDLE + 60);
    expect(asked).toEqual([]); // importance is missing, but its section is off screen
    extras.arrived(scene({}));
    extras.cancel();
    await wait(IDLE + 60);
    expect(asked).toEqual([]);
    // Scrolled into view: the last scene lacks importance, so it is asked for, with compare.
    extras.arrived(scene({ compare: true }));
    roots.importance.style.top = '0';
    // The observer's report and the pause: polled, since a busy machine may take longer.
    await expect.poll(() => asked, { timeout: 5000 }).toEqual([['compare', 'importance']]);
  });
});

// Links that ask for what cannot be drawn open to a drawn view: the bad part replaced by the
// nearest that works, and a notice that names it and its fix (web/app/state.ts).
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../web/app/state.js';

/** Every head count the core accepts for d_model `d` (from 1 to 16), checked the long way. */
const divides = (d: number, h: number) => Number.isInteger(d / h);

describe('a link whose head count does not divide d_model', () => {
  it.each([
    ['#heads=3', 64, 3, 4],
    ['#model=layer&d=48&heads=5', 48, 5, 6], // 4 and 6 are as near: the larger
    ['#model=layer&d=48&heads=7', 48, 7, 8],
    ['#model=layer&d=30&heads=4', 30, 4, 5],
  ])('%s opens with the nearest count that does, and says so', (hash, d, asked, shown) => {
    const { state, notices } = parseHash(hash);
    expect(state.model).toBe('layer');
    expect(state.dModel).toBe(d);
    expect(state.heads).toBe(shown);
    expect(divides(d, state.heads)).toBe(true);
    expect(state.heads % state.kvHeads).toBe(0);
    const [notice] = notices;
    expect(notice).toContain(`d_model ${d} is not divisible by num_heads ${asked}`);
    expect(notice).toContain(`so ${shown} heads are shown`);
    // The fix: every count that works.
    const fits = Array.from({ length: 16 }, (_, i) => i + 1).filter((h) => divides(d, h));
    expect(notice).toContain(`pick ${fits.join(', ')} heads`);
  });

  it('keeps key/value heads that share evenly, and replaces those that do not', () => {
    expect(parseHash('#model=layer&d=64&heads=8&kv=2').state.kvHeads).toBe(2);
    const { state, notices } = parseHash('#model=layer&d=64&heads=8&kv=3');
    expect(state.kvHeads).toBe(8);
    expect(notices.join(' ')).toContain('kv=3: 8 query heads cannot share 3 key/value heads');
  });

  it('leaves a link that divides alone, with no notice', () => {
    const { state, notices } = parseHash('#model=layer&d=64&heads=8&kv=4');
    expect([state.heads, state.kvHeads, notices]).toEqual([8, 4, []]);
  });
});

// One keystroke on the demo page and its redraw, for the page benchmarks: alternately adds and
// removes a final "s" (so the sentence keeps its words), then waits until the page has timed the
// redraw it caused (#status[data-timed-redraws] counts them).
export async function pressAndWait(page, i, options = {}) {
  const before = await page.getAttribute('#status', 'data-timed-redraws');
  await page.keyboard.press(i % 2 === 0 ? 's' : 'Backspace');
  await page.waitForFunction(
    (b) => document.getElementById('status')?.dataset.timedRedraws !== b,
    before,
    options,
  );
}

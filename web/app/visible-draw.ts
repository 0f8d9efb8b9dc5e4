// A keystroke redraws only what a person can see. Each section's drawing runs at once while the
// section is on screen (or within MARGIN of it); a section off screen keeps its drawing for later,
// and it runs when the section scrolls into view or once input pauses for IDLE_MS, so a page read
// after typing is complete. Only the newest drawing of a section is kept.
const MARGIN = '200px';
const IDLE_MS = 250;

export interface VisibleDraw {
  /** Runs `draw` for the section `root` now if it is on screen, else later (see above). */
  draw(root: Element, draw: () => void): void;
  /**
   * As `draw`, but once the browser has shown a frame: what is drawn now appears that much
   * sooner. (A `draw` of the same section before then replaces it.)
   */
  afterFrame(root: Element, draw: () => void): void;
  /** Calls `done` once no drawing is waiting (at once if none is). */
  settled(done: () => void): void;
}

/** Whether `root`'s box is within MARGIN of the viewport (or has no box yet: drawn at once). */
function nearViewport(root: Element): boolean {
  const r = root.getBoundingClientRect();
  const margin = parseFloat(MARGIN);
  if (r.width === 0 && r.height === 0) return true;
  return r.bottom >= -margin && r.top <= innerHeight + margin;
}

export function visibleDraw(idleMs = IDLE_MS): VisibleDraw {
  // Before the observer's first report, a section is on screen if its box is within MARGIN of
  // the viewport now (one layout, once per section): the first view draws only what is seen.
  const seen = new Map<Element, boolean>();
  const waiting = new Map<Element, () => void>();
  let waiters: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const nextFrame = new Map<Element, () => void>();

  const finish = () => {
    if (waiting.size || nextFrame.size) return;
    const w = waiters;
    waiters = [];
    for (const done of w) done();
  };
  const run = (root: Element) => {
    const draw = waiting.get(root);
    waiting.delete(root);
    draw?.();
  };
  const flush = () => {
    for (const root of [...waiting.keys()]) run(root);
    finish();
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        seen.set(e.target, e.isIntersecting);
        if (e.isIntersecting) run(e.target);
      }
      finish();
    },
    { rootMargin: MARGIN },
  );

  const api: VisibleDraw = {
    draw(root, draw) {
      nextFrame.delete(root);
      if (!seen.has(root)) {
        seen.set(root, nearViewport(root));
        observer.observe(root);
      }
      if (seen.get(root)) {
        waiting.delete(root);
        draw();
        return;
      }
      waiting.set(root, draw);
      clearTimeout(timer);
      timer = setTimeout(flush, idleMs);
    },
    afterFrame(root, draw) {
      if (nextFrame.size === 0)
        requestAnimationFrame(() =>
          setTimeout(() => {
            const due = [...nextFrame];
            nextFrame.clear();
            for (const [r, d] of due) api.draw(r, d);
            finish();
          }),
        );
      nextFrame.set(root, draw);
    },
    settled(done) {
      waiters.push(done);
      finish();
    },
  };
  return api;
}

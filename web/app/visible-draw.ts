// A keystroke redraws only what a person can see. Each section's drawing runs at once while the
// section is on screen (or within MARGIN of it); a section off screen keeps its drawing for later,
// and it runs when the section scrolls into view or once input pauses for IDLE_MS, so a page read
// after typing is complete. Only the newest drawing of a section is kept.
const MARGIN = '200px';
const IDLE_MS = 250;

export interface VisibleDraw {
  /** Runs `draw` for the section `root` now if it is on screen, else later (see above). */
  draw(root: Element, draw: () => void): void;
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

  const finish = () => {
    if (waiting.size) return;
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

  return {
    draw(root, draw) {
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
    settled(done) {
      waiters.push(done);
      finish();
    },
  };
}

// When the page asks the core for a scene's slow extras (head importance, the one-head
// comparison). Each costs more than the scene itself, so the page asks for them only
//   1. while a section that shows one is on screen (an IntersectionObserver), and
//   2. once a scene has arrived without it and nothing newer was asked for during IDLE_MS,
// so typing gets the fast scenes and one request with the extras follows when it pauses (a
// keystroke meanwhile cancels it). The request names every extra whose section is on screen, not
// only the missing one: the scene answering it then lacks none of them, so the page never asks
// for one extra with a request that drops another.
import type { Scene } from './scene.js';

const IDLE_MS = 300;

export interface Extras<K extends string> {
  /** Ask for extra `name` while `root` is on screen, for scenes where `missing(scene)`. */
  add(name: K, root: Element, missing: (scene: Scene) => boolean): void;
  /** A new scene was asked for: a request waiting to start is not needed any more. */
  cancel(): void;
  /** A scene arrived: ask later for the extras it lacks whose sections are on screen. */
  arrived(scene: Scene): void;
}

/** `request(names)` is called with the extras on screen once one of them is due. */
export function extrasOnScreen<K extends string>(
  request: (names: ReadonlySet<K>) => void,
  idleMs = IDLE_MS,
): Extras<K> {
  const parts = new Map<Element, { name: K; missing: (s: Scene) => boolean; seen: boolean }>();
  let latest: Scene | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onScreen = () => [...parts.values()].filter((p) => p.seen);
  const arm = () => {
    clearTimeout(timer);
    const scene = latest;
    if (scene && onScreen().some((p) => p.missing(scene)))
      timer = setTimeout(() => {
        latest = null;
        request(new Set(onScreen().map((p) => p.name)));
      }, idleMs);
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const part = parts.get(e.target);
        if (part) part.seen = e.isIntersecting;
      }
      arm();
    },
    { threshold: 0 },
  );

  return {
    add(name, root, missing) {
      parts.set(root, { name, missing, seen: false });
      observer.observe(root);
    },
    cancel() {
      latest = null;
      clearTimeout(timer);
    },
    arrived(scene) {
      latest = scene;
      arm();
    },
  };
}

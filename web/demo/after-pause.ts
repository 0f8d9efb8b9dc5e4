// A write too slow for every keystroke (the link, long text into session storage), made once
// input pauses, or at once when the tab is hidden or closed first, so nothing typed is lost.
export interface PausedWrite<T> {
  /** Writes `value` once input pauses for the delay; a newer value replaces it. */
  soon(value: T): void;
  /** Writes `value` now, in place of any waiting one. */
  now(value: T): void;
}

export function afterPause<T>(write: (value: T) => void, ms: number): PausedWrite<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    const due = pending;
    pending = null;
    if (due) write(due.value);
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  return {
    soon(value) {
      pending = { value };
      clearTimeout(timer);
      timer = setTimeout(flush, ms);
    },
    now(value) {
      pending = { value };
      flush();
    },
  };
}

// Text too long for a link (state.ts's fitsLink) is kept in the tab's session storage, so a
// reload brings it back; the link then holds only the marker `longtext=1`.
import { fitsLink, type TextStore } from '../app/state.js';
import { afterPause } from './after-pause.js';

const KEY = 'headscope:text';

/** Writing 1 MB to storage on every keystroke would stall typing: wait for a pause this long. */
const PAUSE_MS = 1000;

export interface TextKeeper {
  /** Keeps `text` once typing pauses, or at once if the tab is hidden or closed first. */
  soon(text: string): void;
}

export const sessionText: TextStore & {
  /** Keeps `text` if the link cannot; false if the storage refused it (full or disabled). */
  keep(text: string): boolean;
  /** A keeper that calls `refused(text)` when the storage will not hold it. */
  keeper(refused: (text: string) => void): TextKeeper;
} = {
  get() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  keep(text) {
    try {
      if (fitsLink(text)) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, text);
      return true;
    } catch {
      return false;
    }
  },
  keeper(refused) {
    const keep = afterPause((text: string) => {
      if (!sessionText.keep(text)) refused(text);
    }, PAUSE_MS);
    return { soon: keep.soon };
  },
};

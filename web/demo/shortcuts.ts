// The page's keyboard shortcuts, listed in its help dialog (index.html #help). They act only
// outside text boxes and menus, so typing a sentence never triggers one; Escape works everywhere.
export interface ShortcutActions {
  help(): void;
  sentence(): void;
  /** Enlarge the head `step` away from the enlarged one (wrapping). */
  head(step: 1 | -1): void;
  /** Look from the token or patch `step` away from the current one. */
  token(step: 1 | -1): void;
  /** Close what is open; false if nothing was. */
  escape(): boolean;
}

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

export function wireShortcuts(target: Document, actions: ShortcutActions): void {
  const keys: Readonly<Record<string, () => void>> = {
    '?': actions.help,
    '/': actions.sentence,
    '[': () => actions.head(-1),
    ']': () => actions.head(1),
    ',': () => actions.token(-1),
    '.': () => actions.token(1),
  };
  target.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      if (actions.escape()) e.preventDefault();
      return;
    }
    if ((e.target as Element | null)?.closest?.(EDITABLE)) return;
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  });
}

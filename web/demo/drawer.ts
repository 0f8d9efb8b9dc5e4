// On a phone the settings form is a drawer over the page, opened by a button that stays within
// thumb's reach, so the first screen is the sentence and a head rather than a form. On a wide
// screen the form sits beside the views and both buttons are hidden (style.css).
export interface Drawer {
  /** Closes the drawer if it is open; true if it was. */
  close(): boolean;
}

export function settingsDrawer(
  form: HTMLElement,
  openButton: HTMLButtonElement,
  closeButton: HTMLButtonElement,
): Drawer {
  const set = (open: boolean) => {
    form.classList.toggle('open', open);
    openButton.setAttribute('aria-expanded', String(open));
  };
  openButton.addEventListener('click', () => {
    set(true);
    closeButton.focus();
  });
  const close = () => {
    if (!form.classList.contains('open')) return false;
    set(false);
    openButton.focus();
    return true;
  };
  closeButton.addEventListener('click', close);
  return { close };
}

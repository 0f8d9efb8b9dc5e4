// On a phone the head cards sit in one row that scrolls sideways, a card at a time (the next one
// peeks in at the edge). The cue under the row says which card is in view, how many there are,
// and that the rest are a swipe away. When nothing scrolls (a wide screen, where the cards wrap
// into a grid) the cue is hidden.
export function swipeCue(
  scroller: HTMLElement,
  cue: HTMLElement,
  noun: string,
  // When the cards sit in a row: the page's phone breakpoint (web/demo/style.css).
  rowLayout = matchMedia('(max-width: 600px)'),
): () => void {
  let frame = 0;
  const update = () => {
    frame = 0;
    // Where the cards wrap into a grid nothing scrolls: no need to measure (which would force a
    // layout after every redraw; it cost 15 ms a keystroke).
    if (!rowLayout.matches) {
      cue.hidden = true;
      return;
    }
    const cards = scroller.children;
    const first = cards[0] as HTMLElement | undefined;
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    cue.hidden = !scrolls || !first;
    if (cue.hidden || !first) return;
    const second = cards[1] as HTMLElement | undefined;
    const step = second ? second.offsetLeft - first.offsetLeft : first.offsetWidth;
    const at = Math.min(cards.length - 1, Math.round(scroller.scrollLeft / Math.max(1, step)));
    const left = at > 0 ? '← ' : '';
    const right = at < cards.length - 1 ? ' →' : '';
    cue.textContent = `${left}${noun} ${at + 1} of ${cards.length}: swipe for the others${right}`;
  };
  const soon = () => {
    frame ||= requestAnimationFrame(update);
  };
  scroller.addEventListener('scroll', soon, { passive: true });
  addEventListener('resize', soon);
  // After a redraw: measured in the next frame, with the layout the browser does anyway.
  return soon;
}

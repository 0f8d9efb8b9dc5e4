// The guided path's two forms: the page's card ("Step n of N", the step's title and sentences,
// Back / Next / Close, and the list of steps to jump to) and the widget's step bar ("Step n of N ·
// title", Back / Next, the sentences). Each is built once and updated in place by show(), so a
// focused button survives every redraw; stepNav builds what the two share.
import { el, setText } from '../render/html.js';

export interface GuideActions {
  go(step: number): void;
  close(): void;
}

export interface GuidePanel {
  show(step: number, count: number, title: string, sentences: string[]): void;
  hide(): void;
}

/** Back, Next and the step's sentences: the parts the card and the bar share. */
interface StepNav {
  back: HTMLButtonElement;
  next: HTMLButtonElement;
  /** The sentences, in a live region: a screen reader reads a new step's out as it arrives. */
  text: HTMLElement;
  show(step: number, count: number, sentences: string[]): void;
}

function button(label: string, cls: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', cls, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Enables or disables `b`. A disabled button loses focus to the document's body, so a reader who
 * pressed Back onto the first step would have to find the tour again: focus goes to `other`.
 */
function enable(b: HTMLButtonElement, on: boolean, other: HTMLButtonElement): void {
  if (!on && b.matches(':focus')) other.focus();
  b.disabled = !on;
}

/**
 * The step's paragraphs, replaced only when their words change: in a live region, refilled on
 * every redraw (each hover redraws), they would be read out again and again.
 */
function setSentences(box: HTMLElement, sentences: string[]): void {
  if (box.textContent === sentences.join('')) return;
  box.replaceChildren(...sentences.map((s) => el('p', '', s)));
}

/**
 * @param finish At the last step the page's Next reads "Finish" and closes the tour; the widget has
 *   nothing to close, so its Next is disabled there.
 */
function stepNav(go: (step: number) => void, finish: boolean): StepNav {
  let current = 0;
  const back = button('← Back', 'guide-back', () => go(current - 1));
  const next = button('Next →', 'guide-next', () => go(current + 1));
  const text = el('div', 'guide-text');
  text.setAttribute('aria-live', 'polite');
  return {
    back,
    next,
    text,
    show(step, count, sentences) {
      current = step;
      setSentences(text, sentences);
      const last = step === count - 1;
      next.textContent = finish && last ? 'Finish' : 'Next →';
      enable(back, step > 0, next);
      enable(next, finish || !last, back);
    },
  };
}

export function guidePanel(
  host: HTMLElement,
  titles: readonly string[],
  act: GuideActions,
): GuidePanel {
  const card = el('aside', 'guide');
  card.id = 'guide';
  card.setAttribute('aria-labelledby', 'guide-title');
  card.hidden = true;
  const count = el('p', 'guide-count');
  const title = el('h2', 'guide-title');
  title.id = 'guide-title';
  const nav = stepNav(act.go, true);
  const close = button('Close the tour', 'guide-close', () => act.close());
  const steps = el('select', 'guide-steps');
  steps.setAttribute('aria-label', 'Go to step');
  titles.forEach((t, n) => steps.append(new Option(`${n + 1}. ${t}`, String(n))));
  steps.addEventListener('change', () => act.go(Number(steps.value)));
  const row = el('div', 'guide-nav');
  row.append(nav.back, nav.next, steps, close);
  card.append(count, title, nav.text, row);
  host.append(card);

  return {
    show(step, n, heading, sentences) {
      card.hidden = false;
      card.dataset.step = String(step + 1);
      count.textContent = `Step ${step + 1} of ${n}`;
      title.textContent = heading;
      nav.show(step, n, sentences);
      steps.value = String(step);
    },
    hide() {
      card.hidden = true;
    },
  };
}

export interface StepBar {
  /** The bar, hidden until the first show(). */
  element: HTMLElement;
  /** Step `step` (0-based) of `count`; `notice` says what the figure lacks for it, or null. */
  show(
    step: number,
    count: number,
    title: string,
    sentences: string[],
    notice: string | null,
  ): void;
  hide(): void;
}

/** The widget's form: a compact bar above its views. */
export function stepBar(go: (step: number) => void): StepBar {
  const bar = el('div', 'guide-bar');
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Guided tour');
  bar.hidden = true;
  const label = el('p', 'guide-bar-label');
  // Read out with the sentences, so a reader who pressed Next hears which step arrived.
  label.setAttribute('aria-live', 'polite');
  const count = el('span', 'guide-count');
  const title = el('b', 'guide-title');
  label.append(count, ' · ', title);
  const nav = stepNav(go, false);
  const buttons = el('div', 'guide-nav');
  buttons.append(nav.back, nav.next);
  const head = el('div', 'guide-bar-head');
  head.append(label, buttons);
  const notice = el('p', 'guide-notice');
  notice.setAttribute('aria-live', 'polite');
  bar.append(head, nav.text, notice);

  return {
    element: bar,
    show(step, n, heading, sentences, missing) {
      bar.hidden = false;
      bar.dataset.step = String(step + 1);
      setText(count, `Step ${step + 1} of ${n}`);
      setText(title, heading);
      nav.show(step, n, sentences);
      notice.hidden = missing === null;
      setText(notice, missing ?? '');
    },
    hide() {
      bar.hidden = true;
    },
  };
}

// The guided path's card: "Step n of N", the step's title and sentences, Back / Next / Close, and
// the list of steps to jump to. Built once into the host; show() updates it in place.
import { el } from '../render/html.js';

export interface GuideActions {
  go(step: number): void;
  close(): void;
}

export interface GuidePanel {
  show(step: number, count: number, title: string, sentences: string[]): void;
  hide(): void;
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
  const text = el('div', 'guide-text');
  text.setAttribute('aria-live', 'polite');
  const button = (label: string, cls: string, onClick: () => void) => {
    const b = el('button', cls, label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  };
  let current = 0;
  const back = button('← Back', 'guide-back', () => act.go(current - 1));
  const next = button('Next →', 'guide-next', () => act.go(current + 1));
  const close = button('Close the tour', 'guide-close', () => act.close());
  const steps = el('select', 'guide-steps');
  steps.setAttribute('aria-label', 'Go to step');
  titles.forEach((t, n) => steps.append(new Option(`${n + 1}. ${t}`, String(n))));
  steps.addEventListener('change', () => act.go(Number(steps.value)));
  const nav = el('div', 'guide-nav');
  nav.append(back, next, steps, close);
  card.append(count, title, text, nav);
  host.append(card);

  return {
    show(step, n, heading, sentences) {
      current = step;
      card.hidden = false;
      card.dataset.step = String(step + 1);
      count.textContent = `Step ${step + 1} of ${n}`;
      title.textContent = heading;
      text.replaceChildren(...sentences.map((s) => el('p', '', s)));
      back.disabled = step === 0;
      next.textContent = step === n - 1 ? 'Finish' : 'Next →';
      steps.value = String(step);
    },
    hide() {
      card.hidden = true;
    },
  };
}

/** The widget's form of a step: a caption above its views, "Step n of N: title" and sentences. */
export function guideCaption(step: number, count: number, title: string, sentences: string[]) {
  const box = el('div', 'guide-caption');
  box.dataset.step = String(step + 1);
  const head = el('p', 'guide-caption-title', `Step ${step + 1} of ${count}: ${title}`);
  box.append(head, ...sentences.map((s) => el('p', '', s)));
  return box;
}

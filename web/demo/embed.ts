// embed.html, for iframes: the widget configured from the URL hash, with the same keys as the
// main page (#text=…&heads=4&d=64&kv=2&causal=1&window=0&temp=1&seed=1&off=2&mode=image&sample=…).
import { ATTRIBUTE_KEYS, defineHeadscopeAttention } from '../app/widget/element.js';

const figure = document.getElementById('figure')!;
const open = document.getElementById('open') as HTMLAnchorElement;

function apply(): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const [attr, key] of Object.entries(ATTRIBUTE_KEYS)) {
    const v = params.get(key);
    if (v === null) figure.removeAttribute(attr);
    else figure.setAttribute(attr, v);
  }
  const sample = params.get('sample') ?? 'shapes.png';
  figure.setAttribute('src', `./samples/${encodeURIComponent(sample)}`);
  open.href = `./index.html${location.hash}`;
}

apply();
defineHeadscopeAttention();
window.addEventListener('hashchange', apply);

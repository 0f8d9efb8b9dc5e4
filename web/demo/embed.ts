// embed.html, for iframes: the widget configured from the URL hash, with the same keys as the
// main page (#text=…&heads=4&d=64&kv=2&causal=1&window=0&temp=1&seed=1&off=2&mode=image&sample=…).
import { defineHeadscopeAttention } from '../app/widget/element.js';

const ATTRIBUTES: Record<string, string> = {
  text: 'text',
  mode: 'mode',
  patch: 'patch',
  d: 'd-model',
  heads: 'heads',
  kv: 'kv-heads',
  causal: 'causal',
  window: 'window',
  temp: 'temperature',
  seed: 'seed',
  off: 'off',
  head: 'head',
  token: 'token',
};

const figure = document.getElementById('figure')!;
const open = document.getElementById('open') as HTMLAnchorElement;

function apply(): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const [key, attr] of Object.entries(ATTRIBUTES)) {
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

// The widget's script for host pages: <script type="module" src=".../headscope-widget.js">
// defines <headscope-attention>. The shipped checkpoints sit in models/ beside this script in the
// built site (the dev server serves them from the root).
import { defineHeadscopeAttention, setModelsBase } from './element.js';

const MODELS_DIR = './models/'; // a variable, so the bundler leaves this URL to run time
setModelsBase(
  import.meta.env.DEV
    ? new URL('/models/', location.href).href
    : new URL(MODELS_DIR, import.meta.url).href,
);
defineHeadscopeAttention();

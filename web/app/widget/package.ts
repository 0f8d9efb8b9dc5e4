// `import 'headscope/widget'`: defines <headscope-attention>. In the package this module sits in
// dist/widget/ and the shipped checkpoints in dist/models/, so they are looked for there unless
// the page says otherwise (setModelsBase, or a models-base or model-src attribute).
import { defineHeadscopeAttention, setModelsBase } from './element.js';

// Not new URL('../models/', import.meta.url): bundlers would try to resolve the folder as an
// asset at build time (webpack even through a constant). A bundled app sets models-base.
const here = import.meta.url;
setModelsBase(new URL('../models/', here).href);
defineHeadscopeAttention();

export { HeadscopeAttention, defineHeadscopeAttention, setModelsBase } from './element.js';

// The consumer app every bundler builds: the widget from 'headscope/widget' and the API from
// 'headscope', as an app's own code imports them. Where the app hosts the models (and, for
// bundlers that leave new URL(…, import.meta.url) alone, the wasm) is read from #out's data-*.
import 'headscope/widget';
import { loadHeadscope } from 'headscope';

const out = document.getElementById('out');
const { models, wasm } = out.dataset;

async function api() {
  const hs = await loadHeadscope(wasm ? { wasmUrl: new URL(wasm, document.baseURI).href } : {});
  const model = await hs.loadShippedModel('english-encoder', { modelsUrl: models });
  const run = model.runText('The children played in the park.');
  const first = run.layers[0].attention;
  const t = run.seqLen;
  const result = {
    arch: hs.simdArch(),
    tokens: run.tokens,
    rowSum: first.slice(0, t).reduce((a, b) => a + b, 0),
    heads: model.attentionConfig.numHeads,
  };
  model.dispose();
  return result;
}

function widgetDrawn() {
  const widget = document.querySelector('headscope-attention');
  return new Promise((resolve) => {
    widget.addEventListener('headscope-render', (e) => resolve(e.detail.scene), { once: true });
  });
}

Promise.all([api(), widgetDrawn()]).then(
  ([result, scene]) => {
    const widget = { weights: scene.model?.weights, family: scene.model?.descriptor.family };
    out.textContent = JSON.stringify({ ...result, widget });
  },
  (e) => (out.textContent = `failed: ${e.message}`),
);

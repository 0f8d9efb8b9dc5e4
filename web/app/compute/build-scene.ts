// Builds a Scene from a request by running the core: tokenize or patchify, embed, forward with
// attribution. Layers are cached by their spec, so typing re-uses the same weights.
import type { Headscope, MultiHeadAttention } from '../../lib/public.js';
import type { ImageScene, Scene, SceneBase, TextScene } from '../scene.js';
import type { LayerSpec, SceneRequest, SceneResponse } from './protocol.js';

export function makeSceneBuilder(hs: Headscope): (req: SceneRequest) => SceneResponse {
  let cached: { key: string; layer: MultiHeadAttention } | undefined;

  const layerFor = (spec: LayerSpec): MultiHeadAttention => {
    const key = JSON.stringify(spec);
    if (cached?.key === key) return cached.layer;
    const layer = new hs.MultiHeadAttention({
      dModel: spec.dModel,
      numHeads: spec.numHeads,
      numKvHeads: spec.numKvHeads,
      causal: spec.causal,
      window: spec.window,
      headTemperatures: Array.from({ length: spec.numHeads }, () => spec.temperature),
      seed: spec.seed,
    });
    cached?.layer.dispose();
    cached = { key, layer };
    return layer;
  };

  return (req) => {
    try {
      const start = performance.now();
      const layer = layerFor(req.layer);
      const d = req.layer.dModel;
      let x: Float32Array;
      let scene: Omit<TextScene, keyof SceneBase> | Omit<ImageScene, keyof SceneBase>;
      if (req.kind === 'text') {
        const t = hs.tokenize(req.text, req.maxTokens);
        if (t.tokens.length === 0)
          throw new Error('there is no text to attend over; type a sentence');
        x = hs.embedTokens(t.tokens, d, req.layer.seed);
        scene = { kind: 'text', tokens: t.tokens, total: t.total };
      } else {
        const p = hs.patchify(req.image, req.patchSize);
        x = hs.embedPatches(p, d, req.layer.seed);
        scene = { kind: 'image', gridW: p.gridW, gridH: p.gridH, patchSize: req.patchSize };
      }
      const t = x.length / d;
      const result = layer.forward(x, t, { headGates: req.gates, attribution: true });
      const full = {
        ...scene,
        config: layer.config,
        gates: req.gates,
        x,
        result: result as Required<typeof result>,
        computeMs: performance.now() - start,
      } as Scene;
      return { ok: true, scene: full };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  };
}

/** The buffers of a scene's arrays, to transfer rather than copy across postMessage. */
export function sceneBuffers(scene: Scene): ArrayBuffer[] {
  const arrays = [scene.x, ...Object.values(scene.result).filter((v) => v instanceof Float32Array)];
  return [...new Set(arrays.map((a) => (a as Float32Array).buffer as ArrayBuffer))];
}

#include "analysis/analysis.hpp"

#include "base/error.hpp"

namespace headscope {

RunAnalysis analyze(const Encoder::Trace& trace, const EncoderConfig& config, int grid_w,
                    Fusion fusion) {
  if (trace.layers.empty()) fail("there is no run to analyse");
  const int heads = config.num_heads;
  RunAnalysis out;
  std::vector<const AttentionResult*> results;
  std::vector<float> gates;
  for (const Encoder::Trace::Layer& layer : trace.layers) {
    LayerAnalysis a;
    a.stats = head_stats(layer.attn, heads, grid_w);
    a.js_distance = js_distance(layer.attn, heads);
    a.contribution_similarity = contribution_similarity(layer.attn, heads, config.d_model);
    a.order = cluster_order(a.js_distance, heads);
    out.layers.push_back(std::move(a));
    results.push_back(&layer.attn);
    if (layer.gates.empty())
      gates.insert(gates.end(), std::size_t(heads), 1.0f);
    else
      gates.insert(gates.end(), layer.gates.begin(), layer.gates.end());
  }
  out.rollout = attention_rollout(results, heads, fusion, gates);
  return out;
}

}  // namespace headscope

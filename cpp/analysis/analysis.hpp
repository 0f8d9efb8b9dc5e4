// Everything the page's head-analysis panels show about one model run, from its trace:
//
//   trace.layers[l].attn ──head_stats, js_distance, contribution_similarity, cluster_order──►
//                           layers[l]
//   every layer's attention (gated heads left out) ──attention_rollout──► rollout [t, t]
#pragma once

#include <vector>

#include "analysis/head_stats.hpp"
#include "analysis/rollout.hpp"
#include "nn/encoder.hpp"

namespace headscope {

struct LayerAnalysis {
  std::vector<HeadStats> stats;                // [heads]
  std::vector<float> js_distance;              // [heads, heads]
  std::vector<float> contribution_similarity;  // [heads, heads]
  std::vector<int> order;                      // heads, clustered by js_distance
};

struct RunAnalysis {
  std::vector<LayerAnalysis> layers;
  std::vector<float> rollout;  // [t, t]
};

// grid_w > 0 for an image model's patches (distances on the grid).
RunAnalysis analyze(const Encoder::Trace& trace, const EncoderConfig& config, int grid_w,
                    Fusion fusion);

}  // namespace headscope

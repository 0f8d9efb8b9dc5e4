// analyze() gathers the per-layer statistics and the rollout of one encoder run.
#include <gtest/gtest.h>

#include <vector>

#include "analysis/analysis.hpp"
#include "base/error.hpp"

namespace headscope {
namespace {

EncoderConfig small_text() {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 3;
  c.mlp_hidden = 8;
  c.max_len = 8;
  c.vocab = 11;
  return c;
}

TEST(Analysis, EveryLayerAndTheRollout) {
  const Encoder model(small_text(), 5);
  Encoder::Trace trace;
  const std::vector<int> ids = {1, 4, 7, 2, 9};
  model.forward_ids(ids, {}, trace);
  const RunAnalysis a = analyze(trace, model.config(), 0, Fusion::kMean);
  ASSERT_EQ(a.layers.size(), 3u);
  for (int l = 0; l < 3; ++l) {
    const auto stats = head_stats(trace.layers[l].attn, 2);
    EXPECT_EQ(a.layers[l].stats[1].entropy, stats[1].entropy);
    EXPECT_EQ(a.layers[l].js_distance, js_distance(trace.layers[l].attn, 2));
    EXPECT_EQ(a.layers[l].order.size(), 2u);
  }
  std::vector<const AttentionResult*> layers;
  for (const auto& layer : trace.layers) layers.push_back(&layer.attn);
  EXPECT_EQ(a.rollout, attention_rollout(layers, 2, Fusion::kMean, {}));
  // Each rollout row is a distribution over the 5 input tokens.
  for (int i = 0; i < 5; ++i) {
    float s = 0;
    for (int j = 0; j < 5; ++j) s += a.rollout[i * 5 + j];
    EXPECT_NEAR(s, 1.0f, 1e-5f);
  }
}

TEST(Analysis, RolloutOfARunWithEveryHeadOffIsTheIdentity) {
  const Encoder model(small_text(), 5);
  Encoder::Trace trace;
  const std::vector<int> ids = {3, 4, 5};
  model.forward_ids(ids, std::vector<float>(6, 0.0f), trace);
  const RunAnalysis a = analyze(trace, model.config(), 0, Fusion::kMax);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(a.rollout[i * 3 + j], i == j ? 1.0f : 0.0f, 1e-6f);
  // Gated-off heads contribute nothing, so their contribution cosines are 0.
  EXPECT_EQ(a.layers[0].contribution_similarity, std::vector<float>(4, 0.0f));
}

TEST(Analysis, NoRunIsAnError) {
  EXPECT_THROW(analyze(Encoder::Trace{}, small_text(), 0, Fusion::kMean), Error);
}

}  // namespace
}  // namespace headscope

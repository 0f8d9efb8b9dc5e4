// The forward pass (SIMD and reference backends) against the independent reference in helpers.hpp.
#include "helpers.hpp"

namespace headscope::test {
namespace {

struct Case {
  int d_model, heads, kv_heads, head_dim, t_q, t_k;  // t_k 0: self-attention
  bool bias, causal, scale;
  int rope = 0;  // rope_base; 0: no rotary positions
};

void expect_matches_reference(const Case& k, Backend backend) {
  AttentionConfig c;
  c.d_model = k.d_model;
  c.num_heads = k.heads;
  c.num_kv_heads = k.kv_heads;
  c.head_dim = k.head_dim;
  c.bias = k.bias;
  c.causal = k.causal;
  c.scale_scores = k.scale;
  c.rope_base = k.rope;
  MultiHeadAttention mha(c);
  mha.set_weights(random_weights(mha.config(), 100 + k.d_model));
  const auto x_q = random_vector(std::size_t(k.t_q) * k.d_model, 7);
  const auto x_kv = random_vector(std::size_t(k.t_k) * k.d_model, 8);
  ForwardInput in;
  in.x_q = x_q;
  in.t_q = k.t_q;
  in.x_kv = x_kv;
  in.t_k = k.t_k;
  const AttentionResult r = mha.forward(in, backend);
  const Reference ref = reference_forward(mha.config(), mha.weights(), x_q, k.t_q, x_kv, k.t_k);
  const std::string label = "d=" + std::to_string(k.d_model) + " H=" + std::to_string(k.heads) +
                            " t_q=" + std::to_string(k.t_q) + " t_k=" + std::to_string(k.t_k) +
                            " rope=" + std::to_string(k.rope);
  EXPECT_TRUE(all_near(r.attention, ref.attention)) << label;
  EXPECT_TRUE(all_near(r.head_outputs, ref.head_outputs, 5e-5)) << label;
  EXPECT_TRUE(all_near(r.contributions, ref.contributions, 5e-5)) << label;
  EXPECT_TRUE(all_near(r.output, ref.output, 5e-5)) << label;
}

const Case kCases[] = {
    // d, H, KV, hd, t_q, t_k, bias, causal, scale
    {1, 1, 1, 0, 1, 0, true, false, true},     // the smallest layer
    {4, 1, 1, 0, 3, 0, true, false, true},     // one head
    {8, 2, 2, 0, 5, 0, false, true, true},     // two heads, causal, no bias
    {12, 4, 2, 0, 17, 0, true, false, false},  // GQA, unscaled
    {12, 3, 1, 0, 5, 17, true, false, true},   // MQA cross-attention
    {10, 3, 3, 5, 3, 1, true, true, true},     // explicit head_dim, one key
    {20, 4, 4, 0, 17, 5, true, false, true},   // head_dim 5: SIMD tails everywhere
    {64, 4, 4, 0, 64, 0, true, true, true},
    {48, 3, 3, 0, 197, 0, true, false, true},  // ViT-like token count
    // rotary positions: GQA causal, cross-attention, and heads 16 wide over 130 tokens
    {16, 4, 2, 0, 9, 0, true, true, true, 10000},
    {12, 3, 1, 0, 5, 17, true, false, true, 100},
    {32, 2, 2, 0, 130, 0, true, false, true, 10000},
};

TEST(Forward, SimdMatchesReference) {
  for (const Case& k : kCases) expect_matches_reference(k, Backend::kSimd);
}

TEST(Forward, ScalarMatchesReference) {
  for (const Case& k : kCases) expect_matches_reference(k, Backend::kReference);
}

TEST(Forward, IntermediatesAreConsistent) {
  AttentionConfig c;
  c.d_model = 12;
  c.num_heads = 3;
  c.head_temperatures = {1.0f, 2.0f, 0.5f};
  MultiHeadAttention mha(c, Init::kXavierUniform, 3);
  const int t = 5, hd = 4, H = 3;
  const auto x = random_vector(t * 12, 1);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult r = mha.forward(in);
  ASSERT_EQ(r.q.size(), std::size_t(H * t * hd));
  ASSERT_EQ(r.scores.size(), std::size_t(H * t * t));
  ASSERT_EQ(r.concat.size(), std::size_t(t * H * hd));
  for (int h = 0; h < H; ++h) {
    EXPECT_FLOAT_EQ(r.score_scale[h], 0.5f / c.head_temperatures[h]);  // 1/sqrt(4) / T
    for (int i = 0; i < t; ++i)
      for (int j = 0; j < t; ++j) {
        const std::size_t at = (std::size_t(h) * t + i) * t + j;
        double dot = 0;  // scores are q_h · k_h
        for (int e = 0; e < hd; ++e)
          dot += double(r.q[(h * t + i) * hd + e]) * r.k[(h * t + j) * hd + e];
        EXPECT_NEAR(r.scores[at], dot, 1e-5);
        EXPECT_NEAR(r.logits[at], r.scores[at] * r.score_scale[h], 1e-5);
      }
    // concat holds the head outputs side by side (all gates are 1).
    for (int i = 0; i < t; ++i)
      for (int e = 0; e < hd; ++e)
        EXPECT_EQ(r.concat[i * H * hd + h * hd + e], r.head_outputs[(h * t + i) * hd + e]);
  }
}

TEST(Forward, ReusedResultGivesSameNumbers) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  MultiHeadAttention mha(c, Init::kXavierUniform, 9);
  const auto x_long = random_vector(17 * 8, 2), x_short = random_vector(3 * 8, 3);
  ForwardInput in;
  in.x_q = x_short;
  in.t_q = 3;
  const AttentionResult fresh = mha.forward(in);
  AttentionResult reused;
  ForwardInput long_in = in;
  long_in.x_q = x_long;
  long_in.t_q = 17;
  mha.forward(long_in, reused);
  mha.forward(in, reused);
  EXPECT_EQ(reused.output, fresh.output);
  EXPECT_EQ(reused.attention, fresh.attention);
}

}  // namespace
}  // namespace headscope::test

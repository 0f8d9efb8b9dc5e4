// Multi-query and grouped-query attention equal multi-head attention whose K/V weights repeat
// each shared head for every query head of its group.
#include "helpers.hpp"

namespace headscope::test {
namespace {

// Repeats each of the kv heads' rows (hd rows each) `group` times: [kv*hd, ...] → [H*hd, ...].
std::vector<float> repeat_heads(const std::vector<float>& w, int kv, int group, int hd, int cols) {
  std::vector<float> out;
  for (int g = 0; g < kv; ++g)
    for (int r = 0; r < group; ++r)
      out.insert(out.end(), w.begin() + std::size_t(g) * hd * cols,
                 w.begin() + std::size_t(g + 1) * hd * cols);
  return out;
}

void expect_equals_repeated_mha(int d, int heads, int kv_heads, int t, bool causal) {
  AttentionConfig c;
  c.d_model = d;
  c.num_heads = heads;
  c.num_kv_heads = kv_heads;
  c.causal = causal;
  MultiHeadAttention shared(c);
  shared.set_weights(random_weights(shared.config(), 40 + kv_heads));
  const int hd = shared.config().head_dim, group = heads / kv_heads;

  AttentionConfig full_c = c;
  full_c.num_kv_heads = heads;
  MultiHeadAttention full(full_c);
  AttentionWeights w = shared.weights();
  w.w_k = repeat_heads(w.w_k, kv_heads, group, hd, d);
  w.w_v = repeat_heads(w.w_v, kv_heads, group, hd, d);
  w.b_k = repeat_heads(w.b_k, kv_heads, group, hd, 1);
  w.b_v = repeat_heads(w.b_v, kv_heads, group, hd, 1);
  full.set_weights(w);

  const auto x = random_vector(std::size_t(t) * d, 5);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult a = shared.forward(in), b = full.forward(in);
  EXPECT_EQ(a.k.size() * group, b.k.size());  // the memory GQA saves
  EXPECT_TRUE(all_near(a.attention, b.attention, 1e-6));
  EXPECT_TRUE(all_near(a.output, b.output, 1e-6));
  EXPECT_TRUE(all_near(a.contributions, b.contributions, 1e-6));
}

TEST(GroupedQuery, MultiQueryEqualsRepeatedMha) {
  expect_equals_repeated_mha(16, 4, 1, 5, false);
  expect_equals_repeated_mha(24, 8, 1, 17, true);
}

TEST(GroupedQuery, GroupedQueryEqualsRepeatedMha) {
  expect_equals_repeated_mha(16, 4, 2, 3, false);
  expect_equals_repeated_mha(48, 12, 3, 17, true);
}

TEST(GroupedQuery, SharedHeadsShareKeys) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 4;
  c.num_kv_heads = 2;
  MultiHeadAttention mha(c, Init::kXavierUniform, 2);
  EXPECT_EQ(mha.weights().w_k.size(), std::size_t(2 * 2 * 8));  // [kv*hd, d]
  EXPECT_EQ(mha.weights().w_q.size(), std::size_t(4 * 2 * 8));  // [H*hd, d]
}

}  // namespace
}  // namespace headscope::test

// MultiHeadAttention::output(), the output-only forward, against the independent reference in
// helpers.hpp, with every mask, gate and head layout it handles, and its errors.
#include "helpers.hpp"

namespace headscope::test {
namespace {

struct Case {
  int d_model, heads, kv_heads, t_q, t_k;  // t_k 0: self-attention
  bool bias, causal;
  int window;  // 0: none
  bool pad, gates, temperatures;
  int rope = 0;  // rope_base; 0: no rotary positions
};

void expect_matches_reference(const Case& k, Backend backend) {
  AttentionConfig c;
  c.d_model = k.d_model;
  c.num_heads = k.heads;
  c.num_kv_heads = k.kv_heads;
  c.bias = k.bias;
  c.causal = k.causal;
  c.window = k.window;
  c.rope_base = k.rope;
  if (k.temperatures)
    for (int h = 0; h < k.heads; ++h) c.head_temperatures.push_back(0.5f + 0.75f * h);
  MultiHeadAttention mha(c);
  mha.set_weights(random_weights(mha.config(), 200 + k.d_model));
  const int t_k = k.t_k ? k.t_k : k.t_q;
  const auto x_q = random_vector(std::size_t(k.t_q) * k.d_model, 17);
  const auto x_kv = random_vector(std::size_t(k.t_k) * k.d_model, 18);
  std::vector<std::uint8_t> pad;
  if (k.pad)
    for (int j = 0; j < t_k; ++j) pad.push_back(j % 3 == 2);
  std::vector<float> gates;
  if (k.gates)
    for (int h = 0; h < k.heads; ++h) gates.push_back(h % 3 == 1 ? 0.0f : 1.0f - 0.2f * h);
  ForwardInput in;
  in.x_q = x_q;
  in.t_q = k.t_q;
  in.x_kv = x_kv;
  in.t_k = k.t_k;
  in.key_padding_mask = pad;
  in.head_gates = gates;
  std::vector<float> out(3, 42.0f);  // reused: resized to [t_q, d]
  mha.output(in, out, backend);
  const Reference ref =
      reference_forward(mha.config(), mha.weights(), x_q, k.t_q, x_kv, k.t_k, pad, gates);
  const std::string label = "d=" + std::to_string(k.d_model) + " H=" + std::to_string(k.heads) +
                            " KV=" + std::to_string(k.kv_heads) + " t_q=" + std::to_string(k.t_q) +
                            " t_k=" + std::to_string(k.t_k);
  ASSERT_EQ(out.size(), std::size_t(k.t_q) * k.d_model) << label;
  EXPECT_TRUE(all_near(out, ref.output, 5e-5)) << label;
  // forward() computes the same output, summing the heads' contributions one by one.
  EXPECT_TRUE(all_near(out, mha.forward(in, backend).output, 5e-5)) << label;
}

const Case kCases[] = {
    // d, H, KV, t_q, t_k, bias, causal, window, pad, gates, temperatures
    {1, 1, 1, 1, 0, true, false, 0, false, false, false},   // the smallest layer
    {4, 1, 1, 3, 0, true, false, 0, true, false, true},     // one head, padding
    {8, 2, 2, 5, 0, false, true, 0, false, true, false},    // causal, gates, no bias
    {12, 4, 2, 17, 0, true, false, 0, true, true, true},    // GQA
    {12, 3, 1, 5, 17, true, false, 0, true, false, false},  // MQA cross-attention
    {20, 4, 4, 17, 0, true, true, 2, false, false, true},   // head_dim 5, causal window
    {16, 4, 4, 9, 0, true, false, 1, true, true, false},    // window with padding
    {64, 8, 8, 64, 0, true, false, 0, false, false, false},
    {48, 3, 3, 197, 0, true, false, 0, false, false, false},     // ViT-like token count
    {16, 4, 2, 17, 0, true, true, 0, true, true, false, 10000},  // rotary, GQA, causal
    {12, 3, 1, 5, 17, true, false, 0, false, false, true, 100},  // rotary cross-attention
};

TEST(Output, SimdMatchesReference) {
  for (const Case& k : kCases) expect_matches_reference(k, Backend::kSimd);
}

TEST(Output, ScalarMatchesReference) {
  for (const Case& k : kCases) expect_matches_reference(k, Backend::kReference);
}

TEST(Output, RowsWithNoVisibleKeyGiveTheBias) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  MultiHeadAttention mha(c);
  mha.set_weights(random_weights(mha.config(), 5));
  const auto x = random_vector(3 * 8, 6);
  const std::vector<std::uint8_t> pad(3, 1);  // every key padded
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3;
  in.key_padding_mask = pad;
  std::vector<float> out;
  mha.output(in, out);
  for (int i = 0; i < 3; ++i)
    for (int e = 0; e < 8; ++e) EXPECT_EQ(out[i * 8 + e], mha.weights().b_o[e]);
}

TEST(Output, RejectsBadInputLikeForward) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  MultiHeadAttention mha(c);
  auto x = random_vector(3 * 8, 6);
  x[5] = NAN;
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3;
  std::vector<float> out(2, 7.0f);
  EXPECT_EQ(error_message([&] { mha.output(in, out); }),
            "x_q[5] is nan; inputs must be finite numbers");
  EXPECT_EQ(out, std::vector<float>(2, 7.0f));  // untouched
  in.t_q = 4;
  EXPECT_EQ(error_message([&] { mha.output(in, out); }),
            "x_q has 24 values, expected t_q 4 x d_model 8 = 32");
}

}  // namespace
}  // namespace headscope::test

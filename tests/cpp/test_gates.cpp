// Head gates and per-head contributions to the fused output.
#include "helpers.hpp"

namespace headscope::test {
namespace {

struct Fixture {
  MultiHeadAttention mha;
  std::vector<float> x;
  int t;
};

Fixture make(int d, int heads, int t, bool bias = true) {
  AttentionConfig c;
  c.d_model = d;
  c.num_heads = heads;
  c.bias = bias;
  MultiHeadAttention m(c);
  m.set_weights(random_weights(m.config(), 5));
  return {m, random_vector(std::size_t(t) * d, 9), t};
}

AttentionResult run(const Fixture& f, const std::vector<float>& gates) {
  ForwardInput in;
  in.x_q = f.x;
  in.t_q = f.t;
  in.head_gates = gates;
  return f.mha.forward(in);
}

TEST(Gates, ContributionsPlusBiasSumToOutput) {
  for (bool bias : {true, false}) {
    const Fixture f = make(20, 4, 5, bias);
    const AttentionResult r = run(f, {});
    const int d = 20;
    for (int i = 0; i < f.t; ++i)
      for (int o = 0; o < d; ++o) {
        double sum = bias ? f.mha.weights().b_o[o] : 0.0;
        for (int h = 0; h < 4; ++h) sum += r.contributions[(h * f.t + i) * d + o];
        EXPECT_NEAR(r.output[i * d + o], sum, 1e-5);
      }
  }
}

TEST(Gates, ClosedGateRemovesTheHead) {
  const Fixture f = make(12, 3, 5);
  const AttentionResult open = run(f, {}), ablated = run(f, {1.0f, 0.0f, 1.0f});
  // The same as a layer whose W_o ignores head 1 (its columns zeroed).
  AttentionWeights w = f.mha.weights();
  const int hd = 4, d = 12, H = 3;
  for (int o = 0; o < d; ++o)
    for (int e = 0; e < hd; ++e) w.w_o[o * H * hd + 1 * hd + e] = 0.0f;
  const Reference ref = reference_forward(f.mha.config(), w, f.x, f.t);
  EXPECT_TRUE(all_near(ablated.output, ref.output, 5e-5));
  // The head's own attention and output still show; only its contribution is gone.
  EXPECT_EQ(ablated.attention, open.attention);
  EXPECT_EQ(ablated.head_outputs, open.head_outputs);
  for (int i = 0; i < f.t * d; ++i) EXPECT_EQ(ablated.contributions[1 * f.t * d + i], 0.0f);
  bool changed = false;
  for (std::size_t i = 0; i < open.output.size(); ++i)
    changed |= open.output[i] != ablated.output[i];
  EXPECT_TRUE(changed);
}

TEST(Gates, PartialGateScalesTheContribution) {
  const Fixture f = make(8, 2, 3);
  const AttentionResult open = run(f, {}), half = run(f, {0.5f, 1.0f});
  for (std::size_t i = 0; i < half.contributions.size() / 2; ++i)
    EXPECT_NEAR(half.contributions[i], 0.5f * open.contributions[i], 1e-6);
  const Reference ref =
      reference_forward(f.mha.config(), f.mha.weights(), f.x, f.t, {}, 0, {}, {0.5f, 1.0f});
  EXPECT_TRUE(all_near(half.output, ref.output, 5e-5));
}

TEST(Gates, AllGatesClosedLeavesTheBias) {
  const Fixture f = make(8, 2, 3);
  const AttentionResult r = run(f, {0.0f, 0.0f});
  for (int i = 0; i < 3; ++i)
    for (int o = 0; o < 8; ++o) EXPECT_FLOAT_EQ(r.output[i * 8 + o], f.mha.weights().b_o[o]);
}

TEST(Gates, BadGatesAreErrors) {
  const Fixture f = make(8, 2, 3);
  EXPECT_EQ(error_message([&] { run(f, {1.0f}); }), "head_gates has 1 values but num_heads is 2");
  EXPECT_EQ(error_message([&] { run(f, {1.0f, 1.5f}); }), "head_gates[1] 1.5 must be in [0, 1]");
  EXPECT_EQ(error_message([&] { run(f, {-0.5f, 1.0f}); }), "head_gates[0] -0.5 must be in [0, 1]");
  EXPECT_EQ(error_message([&] { run(f, {NAN, 1.0f}); }), "head_gates[0] nan must be in [0, 1]");
}

}  // namespace
}  // namespace headscope::test

// Loading weights: shapes in PyTorch's layout, finite values, and nothing lost on an error.
#include <limits>

#include "helpers.hpp"

namespace headscope::test {
namespace {

AttentionConfig gqa() {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 4;
  c.num_kv_heads = 2;
  return c;
}

TEST(Weights, ShapesFollowPyTorch) {
  const WeightShapes s = weight_shapes(resolve(gqa()));
  EXPECT_EQ(s.w_q, 8u * 8);  // [heads*hd, d]
  EXPECT_EQ(s.w_k, 4u * 8);  // [kv*hd, d]
  EXPECT_EQ(s.w_v, 4u * 8);
  EXPECT_EQ(s.w_o, 8u * 8);  // [d, heads*hd]
  EXPECT_EQ(s.b_q, 8u);
  EXPECT_EQ(s.b_k, 4u);
  EXPECT_EQ(s.b_o, 8u);
  AttentionConfig no_bias = gqa();
  no_bias.bias = false;
  EXPECT_EQ(weight_shapes(resolve(no_bias)).b_q, 0u);
}

TEST(Weights, WrongShapeNamesTensorAndRule) {
  MultiHeadAttention mha(gqa(), Init::kXavierUniform, 1);
  const AttentionWeights before = mha.weights();
  AttentionWeights w = before;
  w.w_k.resize(64);  // an MHA-sized W_k for a GQA layer
  EXPECT_EQ(error_message([&] { mha.set_weights(w); }),
            "w_k has 64 values, expected 32 (num_kv_heads*head_dim x d_model)");
  w = before;
  w.b_o.clear();
  EXPECT_EQ(error_message([&] { mha.set_weights(w); }), "b_o has 0 values, expected 8 (d_model)");
  EXPECT_EQ(mha.weights().w_k, before.w_k);  // the old weights survive
}

TEST(Weights, BiasMustBeEmptyWhenOff) {
  AttentionConfig c = gqa();
  c.bias = false;
  MultiHeadAttention mha(c);
  AttentionWeights w = mha.weights();
  w.b_q.assign(8, 0.0f);
  EXPECT_EQ(error_message([&] { mha.set_weights(w); }),
            "b_q has 8 values, expected 0 (empty: bias is off)");
}

TEST(Weights, NonFiniteWeightsRejected) {
  MultiHeadAttention mha(gqa(), Init::kXavierUniform, 1);
  const AttentionWeights before = mha.weights();
  AttentionWeights w = before;
  w.w_o[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(error_message([&] { mha.set_weights(w); }),
            "w_o[5] is nan; weights must be finite numbers");
  w = before;
  w.b_v[2] = -std::numeric_limits<float>::infinity();
  EXPECT_EQ(error_message([&] { mha.set_weights(w); }),
            "b_v[2] is -inf; weights must be finite numbers");
  EXPECT_EQ(mha.weights().w_o, before.w_o);
}

TEST(Weights, SetWeightsChangesTheForward) {
  MultiHeadAttention mha(gqa(), Init::kXavierUniform, 1);
  const auto x = random_vector(3 * 8, 2);
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3;
  const AttentionResult before = mha.forward(in);
  const AttentionWeights w = random_weights(mha.config(), 3);
  mha.set_weights(w);
  const AttentionResult after = mha.forward(in);
  EXPECT_NE(before.output, after.output);
  EXPECT_TRUE(all_near(after.output, reference_forward(mha.config(), w, x, 3).output, 5e-5));
}

}  // namespace
}  // namespace headscope::test

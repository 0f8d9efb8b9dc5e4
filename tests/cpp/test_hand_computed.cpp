// Small cases worked out by hand.
#include "helpers.hpp"

namespace headscope::test {
namespace {

// d_model 2, one head, identity projections, no bias, no scaling:
// scores = x xᵀ, so for x = [[1, 0], [0, 1]] scores = I and each row's softmax is
// [e, 1] / (e + 1) (in order), the output is attention · x.
TEST(HandComputed, IdentityProjectionsOneHead) {
  AttentionConfig c;
  c.d_model = 2;
  c.num_heads = 1;
  c.bias = false;
  c.scale_scores = false;
  MultiHeadAttention mha(c);
  const std::vector<float> eye = {1, 0, 0, 1};
  mha.set_weights({eye, eye, eye, eye, {}, {}, {}, {}});
  const std::vector<float> x = eye;
  ForwardInput in;
  in.x_q = x;
  in.t_q = 2;
  const AttentionResult r = mha.forward(in);
  const double e = std::exp(1.0), hi = e / (e + 1), lo = 1 / (e + 1);
  EXPECT_TRUE(all_near(r.scores, std::vector<double>{1, 0, 0, 1}, 1e-7));
  EXPECT_TRUE(all_near(r.attention, std::vector<double>{hi, lo, lo, hi}, 1e-6));
  EXPECT_TRUE(all_near(r.output, std::vector<double>{hi, lo, lo, hi}, 1e-6));
}

// Two heads of width 1 over d_model 2: head 0 sees coordinate 0, head 1 coordinate 1.
// x = [[2, 0], [0, 2]], scale 1/sqrt(1) = 1.
// Head 0: q = k = v = x[:, 0] = [2, 0]; scores [[4, 0], [0, 0]];
//   row 0 softmax [e^4, 1]/(e^4+1), row 1 [1/2, 1/2]; out = [2 e^4/(e^4+1), 1].
// Head 1: q = k = v = [0, 2]; row 0 [1/2, 1/2], row 1 [1, e^4]/(1+e^4); out = [1, 2e^4/(e^4+1)].
// W_o swaps the heads and doubles head 1: output[:, 0] = 2 * head1, output[:, 1] = head0;
// plus b_o = [1, -1].
TEST(HandComputed, TwoHeadsWithOutputProjectionAndBias) {
  AttentionConfig c;
  c.d_model = 2;
  c.num_heads = 2;
  MultiHeadAttention mha(c);
  const std::vector<float> eye = {1, 0, 0, 1}, zeros = {0, 0};
  mha.set_weights({eye, eye, eye, {0, 2, 1, 0}, zeros, zeros, zeros, {1, -1}});
  const std::vector<float> x = {2, 0, 0, 2};
  ForwardInput in;
  in.x_q = x;
  in.t_q = 2;
  const AttentionResult r = mha.forward(in);
  const double e4 = std::exp(4.0), p = e4 / (e4 + 1), s = 1 / (e4 + 1);
  EXPECT_TRUE(all_near(r.attention, std::vector<double>{p, s, 0.5, 0.5, 0.5, 0.5, s, p}, 1e-6));
  const double h0_row0 = 2 * p, h0_row1 = 1, h1_row0 = 1, h1_row1 = 2 * p;
  EXPECT_TRUE(
      all_near(r.head_outputs, std::vector<double>{h0_row0, h0_row1, h1_row0, h1_row1}, 1e-6));
  // contributions [head, token, d]: head 0 feeds output column 1, head 1 column 0 (doubled).
  EXPECT_TRUE(all_near(r.contributions,
                       std::vector<double>{0, h0_row0, 0, h0_row1, 2 * h1_row0, 0, 2 * h1_row1, 0},
                       1e-6));
  EXPECT_TRUE(all_near(
      r.output, std::vector<double>{2 * h1_row0 + 1, h0_row0 - 1, 2 * h1_row1 + 1, h0_row1 - 1},
      1e-6));
}

// Temperature 2 halves the logits: scores [[1, 0], [0, 1]] become [[0.5, 0], [0, 0.5]].
TEST(HandComputed, TemperatureDividesLogits) {
  AttentionConfig c;
  c.d_model = 2;
  c.num_heads = 1;
  c.bias = false;
  c.scale_scores = false;
  c.head_temperatures = {2.0f};
  MultiHeadAttention mha(c);
  const std::vector<float> eye = {1, 0, 0, 1};
  mha.set_weights({eye, eye, eye, eye, {}, {}, {}, {}});
  ForwardInput in;
  in.x_q = eye;
  in.t_q = 2;
  const AttentionResult r = mha.forward(in);
  const double e = std::exp(0.5), hi = e / (e + 1), lo = 1 / (e + 1);
  EXPECT_TRUE(all_near(r.logits, std::vector<double>{0.5, 0, 0, 0.5}, 1e-7));
  EXPECT_TRUE(all_near(r.attention, std::vector<double>{hi, lo, lo, hi}, 1e-6));
}

}  // namespace
}  // namespace headscope::test

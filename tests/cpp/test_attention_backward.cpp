// The attention backward pass against central finite differences of the independent
// double-precision reference (helpers.hpp), for every variant and mask the forward supports.
#include "attention/backward.hpp"
#include "helpers.hpp"

namespace headscope::test {
namespace {

struct Case {
  const char* name;
  int d, heads, kv_heads, t_q, t_k;  // t_k 0: self-attention
  bool bias = true, causal = false;
  int window = 0;
  bool pad = false, temperature = false, gates = false;
  int rope = 0;  // rope_base; 0: no rotary positions
};

// L = Σ G ⊙ output, from the reference, in double.
double loss(const AttentionConfig& c, const AttentionWeights& w, const std::vector<float>& x,
            int t_q, const std::vector<float>& kv, int t_k, const std::vector<std::uint8_t>& pad,
            const std::vector<float>& gates, const std::vector<float>& G) {
  const Reference r = reference_forward(c, w, x, t_q, kv, t_k, pad, gates);
  double s = 0;
  for (std::size_t i = 0; i < G.size(); ++i) s += G[i] * r.output[i];
  return s;
}

// Central difference of `f` with respect to v[i].
template <typename F>
double numeric(std::vector<float>& v, std::size_t i, F&& f) {
  const float keep = v[i];
  const float h = 1e-3f * std::max(1.0f, std::abs(keep));
  v[i] = keep + h;
  const double up = f();
  v[i] = keep - h;
  const double down = f();
  v[i] = keep;
  return (up - down) / (2.0 * double(h));
}

::testing::AssertionResult matches(const char* what, const std::vector<float>& analytic,
                                   std::vector<float>& values, const std::function<double()>& f) {
  if (analytic.size() != values.size())
    return ::testing::AssertionFailure()
           << what << ": " << analytic.size() << " gradients for " << values.size() << " values";
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double n = numeric(values, i, f);
    if (std::abs(analytic[i] - n) > 2e-3 * (1.0 + std::abs(n)))
      return ::testing::AssertionFailure()
             << what << "[" << i << "]: analytic " << analytic[i] << ", numeric " << n;
  }
  return ::testing::AssertionSuccess();
}

void check(const Case& k) {
  SCOPED_TRACE(k.name);
  AttentionConfig cfg;
  cfg.d_model = k.d;
  cfg.num_heads = k.heads;
  cfg.num_kv_heads = k.kv_heads;
  cfg.bias = k.bias;
  cfg.causal = k.causal;
  cfg.window = k.window;
  cfg.rope_base = k.rope;
  if (k.temperature)
    for (int h = 0; h < k.heads; ++h) cfg.head_temperatures.push_back(0.5f + 0.4f * h);
  MultiHeadAttention m(cfg);
  AttentionWeights w = random_weights(m.config(), 11);
  if (!k.bias) w.b_q = w.b_k = w.b_v = w.b_o = {};
  m.set_weights(w);
  const AttentionConfig& c = m.config();
  const bool self = k.t_k == 0;
  const int t_k = self ? k.t_q : k.t_k;
  std::vector<float> x = random_vector(std::size_t(k.t_q) * k.d, 21);
  std::vector<float> kv = self ? std::vector<float>{} : random_vector(std::size_t(t_k) * k.d, 22);
  std::vector<std::uint8_t> pad;
  if (k.pad) {
    pad.assign(t_k, 0);
    pad[t_k - 1] = 1;
  }
  std::vector<float> gates;
  if (k.gates)
    for (int h = 0; h < k.heads; ++h) gates.push_back(0.3f + 0.6f * float(h) / k.heads);
  const std::vector<float> G = random_vector(std::size_t(k.t_q) * k.d, 23);

  ForwardInput in{x, k.t_q, kv, self ? 0 : t_k, pad, gates};
  const AttentionResult fwd = m.forward(in);
  AttentionGrads g = AttentionGrads::zeros(c);
  attention_backward(m, in, fwd, G, g);

  const auto f = [&] { return loss(c, w, x, k.t_q, kv, self ? 0 : t_k, pad, gates, G); };
  EXPECT_TRUE(matches("d_x_q", g.d_x_q, x, f));
  if (!self) EXPECT_TRUE(matches("d_x_kv", g.d_x_kv, kv, f));
  EXPECT_TRUE(matches("d_w_q", g.d_w.w_q, w.w_q, f));
  EXPECT_TRUE(matches("d_w_k", g.d_w.w_k, w.w_k, f));
  EXPECT_TRUE(matches("d_w_v", g.d_w.w_v, w.w_v, f));
  EXPECT_TRUE(matches("d_w_o", g.d_w.w_o, w.w_o, f));
  if (k.bias) {
    EXPECT_TRUE(matches("d_b_q", g.d_w.b_q, w.b_q, f));
    EXPECT_TRUE(matches("d_b_k", g.d_w.b_k, w.b_k, f));
    EXPECT_TRUE(matches("d_b_v", g.d_w.b_v, w.b_v, f));
    EXPECT_TRUE(matches("d_b_o", g.d_w.b_o, w.b_o, f));
  } else {
    EXPECT_TRUE(g.d_w.b_q.empty() && g.d_w.b_o.empty());
  }
  if (k.gates) EXPECT_TRUE(matches("d_gates", g.d_gates, gates, f));
}

TEST(AttentionBackward, MatchesFiniteDifferences) {
  for (const Case& k : {
           Case{"one token", 4, 1, 1, 1, 0},
           Case{"mha", 8, 2, 2, 3, 0},
           Case{"gqa, causal, gates", 12, 4, 2, 5, 0, true, true, 0, false, false, true},
           Case{"mqa, window, temperature", 12, 3, 1, 5, 0, true, false, 1, false, true},
           Case{"no bias, padding", 6, 2, 2, 3, 0, false, false, 0, true},
           Case{"cross-attention", 8, 2, 1, 3, 5, true, false, 0, true, false, true},
           Case{"seventeen tokens", 4, 2, 2, 17, 0, true, true},
           // The English models' shapes: heads 16 wide, sequences past the kernels' blocks.
           Case{"heads of 16, 70 tokens", 32, 2, 1, 70, 0, true, true},
           Case{"rotary, gqa, causal, gates", 16, 4, 2, 6, 0, true, true, 0, false, false, true,
                10000},
           Case{"rotary cross-attention", 8, 2, 1, 3, 5, true, false, 0, true, false, false, 10},
       })
    check(k);
}

TEST(AttentionBackward, AccumulatesWeightGradients) {
  AttentionConfig cfg;
  cfg.d_model = 6;
  cfg.num_heads = 2;
  MultiHeadAttention m(cfg, Init::kXavierUniform, 3);
  const auto x = random_vector(18, 1), G = random_vector(18, 2);
  ForwardInput in{x, 3};
  const AttentionResult fwd = m.forward(in);
  AttentionGrads once = AttentionGrads::zeros(m.config()), twice = once;
  attention_backward(m, in, fwd, G, once);
  attention_backward(m, in, fwd, G, twice);
  attention_backward(m, in, fwd, G, twice);
  for (std::size_t i = 0; i < once.d_w.w_q.size(); ++i)
    EXPECT_FLOAT_EQ(twice.d_w.w_q[i], 2 * once.d_w.w_q[i]);
  EXPECT_EQ(twice.d_x_q, once.d_x_q);  // input gradients are set, not accumulated
  twice.zero();
  for (float v : twice.d_w.w_o) EXPECT_EQ(v, 0.0f);
}

TEST(AttentionBackward, FullyMaskedRowsGiveNoGradientThroughAttention) {
  // With every key padded, attention is all zeros: the output is b_o alone.
  AttentionConfig cfg;
  cfg.d_model = 4;
  cfg.num_heads = 2;
  MultiHeadAttention m(cfg, Init::kXavierUniform, 5);
  const auto x = random_vector(8, 3), G = random_vector(8, 4);
  const std::vector<std::uint8_t> pad{1, 1};
  ForwardInput in{x, 2};
  in.key_padding_mask = pad;
  const AttentionResult fwd = m.forward(in);
  AttentionGrads g = AttentionGrads::zeros(m.config());
  attention_backward(m, in, fwd, G, g);
  for (float v : g.d_x_q) EXPECT_EQ(v, 0.0f);
  for (float v : g.d_w.w_q) EXPECT_EQ(v, 0.0f);
  EXPECT_FLOAT_EQ(g.d_w.b_o[0], G[0] + G[4]);
}

TEST(AttentionBackward, RejectsMismatchedSizes) {
  AttentionConfig cfg;
  cfg.d_model = 4;
  cfg.num_heads = 2;
  MultiHeadAttention m(cfg);
  const auto x = random_vector(8, 3);
  ForwardInput in{x, 2};
  const AttentionResult fwd = m.forward(in);
  AttentionGrads g = AttentionGrads::zeros(m.config());
  const std::vector<float> short_grad(7, 0.0f);
  EXPECT_EQ(error_message([&] { attention_backward(m, in, fwd, short_grad, g); }),
            "d_output has 7 values, expected t_q 2 x d_model 4 = 8");
  AttentionGrads wrong;
  const std::vector<float> d_out(8, 0.0f);
  EXPECT_EQ(error_message([&] { attention_backward(m, in, fwd, d_out, wrong); }),
            "attention_backward: grads do not fit this layer; create them with "
            "AttentionGrads::zeros(layer.config())");
}

}  // namespace
}  // namespace headscope::test

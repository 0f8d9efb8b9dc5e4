// Contribution norms and the fused attribution, against a double-precision computation written
// here from the definitions (values through W_v, then W_o) rather than from the result's v.
#include "analysis/attribution.hpp"
#include "helpers.hpp"

namespace headscope::test {
namespace {

struct Case {
  int d, heads, kv_heads, t;
};

TEST(Attribution, ContributionNormsMatchReference) {
  for (Case k : {Case{8, 2, 2, 1}, Case{12, 3, 1, 5}, Case{16, 4, 2, 17}}) {
    AttentionConfig c;
    c.d_model = k.d;
    c.num_heads = k.heads;
    c.num_kv_heads = k.kv_heads;
    MultiHeadAttention m(c);
    m.set_weights(random_weights(m.config(), 3));
    const auto x = random_vector(std::size_t(k.t) * k.d, 4);
    const AttentionResult r = m.forward({x, k.t});
    const Reference ref = reference_forward(m.config(), m.weights(), x, k.t);
    const auto norms = contribution_norms(r, k.heads, k.d);
    for (int h = 0; h < k.heads; ++h)
      for (int i = 0; i < k.t; ++i) {
        double s = 0;
        for (int o = 0; o < k.d; ++o) {
          const double v = ref.contributions[(std::size_t(h) * k.t + i) * k.d + o];
          s += v * v;
        }
        EXPECT_NEAR(norms[h * k.t + i], std::sqrt(s), 1e-4);
      }
  }
}

// f_ij from the definitions, in double.
std::vector<double> fused_reference(const MultiHeadAttention& m, const std::vector<float>& x, int t,
                                    const std::vector<float>& gates) {
  const AttentionConfig& c = m.config();
  const AttentionWeights& w = m.weights();
  const int d = c.d_model, H = c.num_heads, hd = c.head_dim, group = H / c.num_kv_heads;
  const Reference ref = reference_forward(c, w, x, t, {}, 0, {}, gates);
  std::vector<double> fused(std::size_t(t) * t);
  for (int i = 0; i < t; ++i) {
    double total = 0;
    for (int j = 0; j < t; ++j) {
      std::vector<double> acc(d, 0.0);
      for (int h = 0; h < H; ++h) {
        const int g = h / group;
        const double a = (gates.empty() ? 1.0 : gates[h]) * ref.attention[(h * t + i) * t + j];
        for (int e = 0; e < hd; ++e) {
          double v = w.b_v[g * hd + e];
          for (int mm = 0; mm < d; ++mm) v += double(x[j * d + mm]) * w.w_v[(g * hd + e) * d + mm];
          for (int o = 0; o < d; ++o) acc[o] += a * v * w.w_o[o * H * hd + h * hd + e];
        }
      }
      double s = 0;
      for (double v : acc) s += v * v;
      fused[i * t + j] = std::sqrt(s);
      total += fused[i * t + j];
    }
    for (int j = 0; j < t; ++j)
      if (total > 0) fused[i * t + j] /= total;
  }
  return fused;
}

TEST(Attribution, FusedMatchesReferenceWithGatesAndSharedKv) {
  for (Case k : {Case{8, 2, 2, 3}, Case{12, 3, 1, 5}, Case{16, 4, 2, 17}}) {
    AttentionConfig c;
    c.d_model = k.d;
    c.num_heads = k.heads;
    c.num_kv_heads = k.kv_heads;
    c.causal = true;
    MultiHeadAttention m(c);
    m.set_weights(random_weights(m.config(), 8));
    const auto x = random_vector(std::size_t(k.t) * k.d, 9);
    for (const std::vector<float>& gates : {std::vector<float>{}, [&] {
                                              std::vector<float> g(k.heads, 1.0f);
                                              g[0] = 0.0f;
                                              return g;
                                            }()}) {
      ForwardInput in{x, k.t};
      in.head_gates = gates;
      const AttentionResult r = m.forward(in);
      const auto fused = fused_attribution(m, r, gates);
      const auto ref = fused_reference(m, x, k.t, gates);
      for (std::size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(fused[i], ref[i], 1e-4) << i;
    }
  }
}

TEST(Attribution, HandWorkedCases) {
  AttentionConfig c;
  c.d_model = 4;
  c.num_heads = 2;
  c.causal = true;
  MultiHeadAttention m(c);
  const auto x = random_vector(12, 2);
  // Causal: the first query sees only itself, so its whole output comes from key 0.
  const AttentionResult r = m.forward({x, 3});
  const auto fused = fused_attribution(m, r, {});
  EXPECT_NEAR(fused[0], 1.0f, 1e-6);
  EXPECT_EQ(fused[1], 0.0f);
  EXPECT_EQ(fused[2], 0.0f);
  for (int i = 0; i < 3; ++i) {
    double s = 0;
    for (int j = 0; j < 3; ++j) s += fused[i * 3 + j];
    EXPECT_NEAR(s, 1.0, 1e-5);
  }
  // Every head gated off: rows of zeros, not NaN.
  const std::vector<float> off{0.0f, 0.0f};
  ForwardInput in{x, 3};
  in.head_gates = off;
  const auto none = fused_attribution(m, m.forward(in), off);
  for (float v : none) EXPECT_EQ(v, 0.0f);
}

TEST(Attribution, RejectsAForeignResult) {
  AttentionConfig c;
  c.d_model = 4;
  c.num_heads = 2;
  MultiHeadAttention m(c);
  AttentionConfig c3 = c;
  c3.num_heads = 4;
  MultiHeadAttention other(c3);
  const auto x = random_vector(8, 1);
  const AttentionResult r = other.forward({x, 2});
  EXPECT_EQ(error_message([&] { fused_attribution(m, r, {}); }),
            "the result does not come from this layer (attention has 16 values)");
  EXPECT_EQ(error_message([&] { contribution_norms(r, 2, 4); }),
            "contributions has 32 values, expected num_heads 2 x t_q 2 x d_model 4");
}

}  // namespace
}  // namespace headscope::test

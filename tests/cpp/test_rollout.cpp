// Attention rollout against hand-computed cases and a direct matrix product.
#include <gtest/gtest.h>

#include <vector>

#include "analysis/rollout.hpp"
#include "helpers.hpp"

namespace headscope {
namespace {

AttentionResult square(int t, const std::vector<float>& attention) {
  AttentionResult r;
  r.t_q = r.t_k = t;
  r.attention = attention;
  return r;
}

// A random row-stochastic [heads, t, t].
std::vector<float> random_attention(int heads, int t, unsigned seed) {
  std::vector<float> a = test::random_vector(std::size_t(heads) * t * t, seed, 1.0f);
  for (std::size_t row = 0; row < a.size(); row += t) {
    float s = 0;
    for (int j = 0; j < t; ++j) s += a[row + j] = a[row + j] * a[row + j] + 0.01f;
    for (int j = 0; j < t; ++j) a[row + j] /= s;
  }
  return a;
}

TEST(Rollout, OneLayerSwapByHand) {
  const AttentionResult r = square(2, {0, 1, 1, 0});
  const auto roll = attention_rollout({&r}, 1, Fusion::kMean, {});
  const std::vector<float> want = {0.5f, 0.5f, 0.5f, 0.5f};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(roll[k], want[k], 1e-6f);
}

TEST(Rollout, MaxAndMinFusionByHand) {
  // head a: [[1, 0], [.5, .5]]; head b: [[0, 1], [.5, .5]]
  const AttentionResult r = square(2, {1, 0, 0.5f, 0.5f, 0, 1, 0.5f, 0.5f});
  // max: [[1, 1], [.5, .5]] → rows [.5, .5] → ½F + ½I = [[.75, .25], [.25, .75]]
  const auto mx = attention_rollout({&r}, 2, Fusion::kMax, {});
  const std::vector<float> want_max = {0.75f, 0.25f, 0.25f, 0.75f};
  // min: [[0, 0], [.5, .5]] → row 0 stays 0 → [.5, 0] → [1, 0]; row 1 as above
  const auto mn = attention_rollout({&r}, 2, Fusion::kMin, {});
  const std::vector<float> want_min = {1.0f, 0.0f, 0.25f, 0.75f};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(mx[k], want_max[k], 1e-6f);
    EXPECT_NEAR(mn[k], want_min[k], 1e-6f);
  }
}

TEST(Rollout, MatchesADirectMatrixProduct) {
  for (int t : {1, 3, 5}) {
    const int heads = 3;
    const AttentionResult l1 = square(t, random_attention(heads, t, 11u + t));
    const AttentionResult l2 = square(t, random_attention(heads, t, 23u + t));
    const AttentionResult l3 = square(t, random_attention(heads, t, 37u + t));
    // Mean fusion keeps rows stochastic, so A_l = ½ mean_h(a_h) + ½ I with no renormalising.
    const auto layer = [&](const AttentionResult& r) {
      std::vector<double> m(std::size_t(t) * t, 0.0);
      for (int h = 0; h < heads; ++h)
        for (int k = 0; k < t * t; ++k) m[k] += 0.5 * r.attention[h * t * t + k] / heads;
      for (int i = 0; i < t; ++i) m[i * t + i] += 0.5;
      return m;
    };
    const auto a1 = layer(l1), a2 = layer(l2), a3 = layer(l3);
    // want = a3 · (a2 · a1)
    std::vector<double> a21(std::size_t(t) * t, 0.0), want(std::size_t(t) * t, 0.0);
    for (int i = 0; i < t; ++i)
      for (int j = 0; j < t; ++j)
        for (int k = 0; k < t; ++k) a21[i * t + j] += a2[i * t + k] * a1[k * t + j];
    for (int i = 0; i < t; ++i)
      for (int j = 0; j < t; ++j)
        for (int k = 0; k < t; ++k) want[i * t + j] += a3[i * t + k] * a21[k * t + j];
    const auto roll = attention_rollout({&l1, &l2, &l3}, heads, Fusion::kMean, {});
    ASSERT_EQ(roll.size(), std::size_t(t) * t);
    for (int k = 0; k < t * t; ++k) EXPECT_NEAR(roll[k], want[k], 1e-5) << "t " << t << " k " << k;
  }
}

TEST(Rollout, GatedHeadsAreLeftOutAndAnAllOffLayerPassesThrough) {
  const AttentionResult r = square(2, {0, 1, 1, 0, 1, 0, 0, 1});
  // Head 1 (identity) alone: ½ I + ½ I = I.
  const std::vector<float> only_second = {0, 1};
  const auto roll = attention_rollout({&r}, 2, Fusion::kMean, only_second);
  const auto off = attention_rollout({&r}, 2, Fusion::kMean, std::vector<float>{0, 0});
  const std::vector<float> identity = {1, 0, 0, 1};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(roll[k], identity[k], 1e-6f);
    EXPECT_NEAR(off[k], identity[k], 1e-6f);
  }
}

TEST(Rollout, MismatchesAreErrors) {
  const AttentionResult a = square(2, {1, 0, 0, 1});
  const AttentionResult b = square(3, std::vector<float>(9, 1.0f / 3));
  EXPECT_THROW(attention_rollout({}, 1, Fusion::kMean, {}), Error);
  EXPECT_THROW(attention_rollout({&a, &b}, 1, Fusion::kMean, {}), Error);
  try {
    attention_rollout({&a}, 1, Fusion::kMean, std::vector<float>{1, 1});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "gates has 2 values, expected layers × heads = 1");
  }
}

}  // namespace
}  // namespace headscope

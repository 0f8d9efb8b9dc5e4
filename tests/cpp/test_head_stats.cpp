// Per-head statistics, Jensen-Shannon distances, contribution cosines and the clustering order,
// on attention maps small enough to work out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/head_stats.hpp"
#include "base/error.hpp"

namespace headscope {
namespace {

// heads × t × t attention with finite logits (or -inf where `masked` says).
AttentionResult result_of(int t, const std::vector<std::vector<float>>& heads,
                          bool causal = false) {
  AttentionResult r;
  r.t_q = r.t_k = t;
  for (const auto& h : heads) r.attention.insert(r.attention.end(), h.begin(), h.end());
  r.logits.assign(r.attention.size(), 0.0f);
  if (causal)
    for (std::size_t k = 0; k < r.logits.size(); ++k)
      if (int(k % t) > int(k / t % t)) r.logits[k] = -std::numeric_limits<float>::infinity();
  return r;
}

const float third = 1.0f / 3.0f;
const std::vector<float> identity3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
const std::vector<float> uniform3 = {third, third, third, third, third, third, third, third, third};

TEST(HeadStats, IdentityAndUniformHeadsByHand) {
  const auto s = head_stats(result_of(3, {identity3, uniform3}), 2);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_NEAR(s[0].entropy, 0.0f, 1e-6f);
  EXPECT_NEAR(s[0].distance, 0.0f, 1e-6f);
  EXPECT_NEAR(s[0].self, 1.0f, 1e-6f);
  EXPECT_NEAR(s[0].previous, 0.0f, 1e-6f);
  EXPECT_NEAR(s[0].first, third, 1e-6f);  // only query 0 puts its weight on token 0
  EXPECT_NEAR(s[1].entropy, 1.0f, 1e-6f);
  // rows: (0 + 1 + 2) / 3, (1 + 0 + 1) / 3, (2 + 1 + 0) / 3
  EXPECT_NEAR(s[1].distance, (1.0f + 2.0f / 3.0f + 1.0f) / 3.0f, 1e-6f);
  EXPECT_NEAR(s[1].self, third, 1e-6f);
  EXPECT_NEAR(s[1].previous, third, 1e-6f);
  EXPECT_NEAR(s[1].first, third, 1e-6f);
}

TEST(HeadStats, PreviousTokenHeadAndCausalEntropy) {
  // Row 0 may only see itself; rows 1 and 2 put everything on the previous token.
  const std::vector<float> previous = {1, 0, 0, 1, 0, 0, 0, 1, 0};
  // Causal and uniform over what each row may see: every row with > 1 key has entropy 1.
  const std::vector<float> causal_uniform = {1, 0, 0, 0.5f, 0.5f, 0, third, third, third};
  const auto s = head_stats(result_of(3, {previous, causal_uniform}, true), 2);
  EXPECT_NEAR(s[0].previous, 1.0f, 1e-6f);
  EXPECT_NEAR(s[0].distance, 2.0f / 3.0f, 1e-6f);
  EXPECT_NEAR(s[0].first, 2.0f / 3.0f, 1e-6f);
  EXPECT_NEAR(s[1].entropy, 2.0f / 3.0f, 1e-6f);  // rows: 0 (one key), 1, 1
  EXPECT_NEAR(s[1].previous, (0.5f + third) / 2.0f, 1e-6f);
}

TEST(HeadStats, GridDistanceIsEuclideanInPatches) {
  // 2 × 2 grid; every query looks at patch 3 (bottom right).
  const std::vector<float> corner = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  const auto grid = head_stats(result_of(4, {corner}), 1, 2);
  EXPECT_NEAR(grid[0].distance, (std::sqrt(2.0f) + 1.0f + 1.0f + 0.0f) / 4.0f, 1e-6f);
  const auto line = head_stats(result_of(4, {corner}), 1);
  EXPECT_NEAR(line[0].distance, (3.0f + 2.0f + 1.0f + 0.0f) / 4.0f, 1e-6f);
}

TEST(HeadStats, JensenShannonDistanceByHand) {
  const std::vector<float> shifted = {0, 1, 0, 0, 0,
                                      1, 1, 0, 0};  // one-hot, never where identity is
  const auto d = js_distance(result_of(3, {identity3, uniform3, identity3, shifted}), 4);
  ASSERT_EQ(d.size(), 16u);
  // Row i: p = e_i, q = 1/3 each, m = (2/3 at i, 1/6 elsewhere).
  // KL(p‖m) = log2(3/2); KL(q‖m) = 1/3·log2(1/2) + 2/3·log2(2) = 1/3.
  const double js = 0.5 * std::log2(1.5) + 0.5 / 3.0;
  EXPECT_NEAR(d[0 * 4 + 1], std::sqrt(js), 1e-6);
  EXPECT_NEAR(d[1 * 4 + 0], std::sqrt(js), 1e-6);
  EXPECT_NEAR(d[0 * 4 + 2], 0.0, 1e-6);  // identical heads
  EXPECT_NEAR(d[0 * 4 + 3], 1.0, 1e-6);  // disjoint one-hot rows: the maximum
  for (int h = 0; h < 4; ++h) EXPECT_EQ(d[h * 4 + h], 0.0f);
}

TEST(HeadStats, ContributionCosines) {
  AttentionResult r;
  r.t_q = 1;
  // 4 heads, t_q 1, d_model 2: v, 2v, zero (gated off), orthogonal to v.
  r.contributions = {1, 2, 2, 4, 0, 0, -2, 1};
  const auto c = contribution_similarity(r, 4, 2);
  EXPECT_NEAR(c[0 * 4 + 1], 1.0f, 1e-6f);
  EXPECT_NEAR(c[0 * 4 + 0], 1.0f, 1e-6f);
  EXPECT_EQ(c[0 * 4 + 2], 0.0f);
  EXPECT_EQ(c[2 * 4 + 2], 0.0f);
  EXPECT_NEAR(c[0 * 4 + 3], 0.0f, 1e-6f);
  EXPECT_NEAR(c[3 * 4 + 1], 0.0f, 1e-6f);
  r.contributions.pop_back();
  EXPECT_THROW(contribution_similarity(r, 4, 2), Error);
}

TEST(HeadStats, ClusterOrderPutsCloseHeadsTogether) {
  // {0, 2} and {1, 3} are pairs; the pairs are far apart.
  const std::vector<float> d = {0, 9, 1, 8,  //
                                9, 0, 8, 2,  //
                                1, 8, 0, 9,  //
                                8, 2, 9, 0};
  EXPECT_EQ(cluster_order(d, 4), (std::vector<int>{0, 2, 1, 3}));
  EXPECT_EQ(cluster_order({0}, 1), std::vector<int>{0});
  EXPECT_THROW(cluster_order({0, 1, 1}, 2), Error);
}

TEST(HeadStats, WrongSizesAreErrors) {
  AttentionResult r = result_of(3, {identity3});
  EXPECT_THROW(head_stats(r, 2), Error);
  EXPECT_THROW(js_distance(r, 2), Error);
  try {
    head_stats(r, 0);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "num_heads 0 must be at least 1");
  }
}

}  // namespace
}  // namespace headscope

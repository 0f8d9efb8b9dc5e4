// Role evidence by two measures: hand-made attention rows whose link and weight are worked out
// here, so a head is labelled only when both pass.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "train/bigram.hpp"
#include "train/role_scores.hpp"

namespace headscope::train {
namespace {

double score_of(const HeadEvidence& e, const std::string& name) {
  for (const auto& [k, v] : e.score)
    if (k == name) return v;
  return -1;
}

// One layer, two heads over t = 5 tokens, not causal. Role "previous": T_i = {i − 1} for i ≥ 1.
//   head 0 puts 0.8 on i − 1 (and 0.05 on each other key): link 1, weight 0.8 → labelled
//   (chance: 1/4 for the link, 1/5 for the weight; three times that is 0.75 and 0.6).
//   head 1 puts 0.6 on itself, 0.3 on i − 1, 0.1/3 on each of three others: its strongest other
//   key is i − 1 (link 1), but the weight there is only 0.3 → not labelled "previous".
std::vector<float> attention() {
  const int t = 5;
  std::vector<float> a(2 * t * t, 0.0f);
  for (int i = 0; i < t; ++i)
    for (int j = 0; j < t; ++j) {
      const int prev = i == 0 ? 1 : i - 1;
      a[(0 * t + i) * t + j] = j == prev ? 0.8f : 0.05f;
      a[(1 * t + i) * t + j] = j == i ? 0.6f : j == prev ? 0.3f : 0.1f / 3;
    }
  return a;
}

TEST(RoleScorer, LabelsOnlyWhenLinkAndWeightBothPass) {
  RoleScorer scorer(1, 2, {"previous"});
  std::vector<std::vector<std::vector<int>>> targets{{{}, {0}, {1}, {2}, {3}}};
  const std::vector<float> a = attention();
  scorer.add(5, false, targets, {&a});
  const auto e = scorer.evidence();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].label, "previous");
  EXPECT_NEAR(score_of(e[0], "previous"), 1.0, 1e-9);
  EXPECT_NEAR(score_of(e[0], "previous weight"), 0.8, 1e-6);
  EXPECT_NEAR(score_of(e[1], "previous"), 1.0, 1e-9);
  EXPECT_NEAR(score_of(e[1], "previous weight"), 0.3, 1e-6);
  EXPECT_EQ(e[1].label, "");
  // Chance: one target among the 4 other keys (link), among 5 keys (weight).
  EXPECT_NEAR(e[0].chance[0].second, 1.0 / 4, 1e-9);
  EXPECT_NEAR(e[0].chance[1].second, 1.0 / 5, 1e-9);
}

TEST(RoleScorer, CallsAUniformHeadBroad) {
  RoleScorer scorer(1, 1, {"previous"});
  const std::vector<float> a(16, 0.25f);
  scorer.add(4, false, {{{}, {0}, {1}, {2}}}, {&a});
  const auto e = scorer.evidence();
  EXPECT_EQ(e[0].label, kBroadRole);
  EXPECT_NEAR(score_of(e[0], kBroadRole), 1.0, 1e-6);
}

TEST(Bigram, ProbabilitiesOfEveryContextSumToOne) {
  const BigramModel m({{0, 1, 2, 1, 2, 3}, {0, 2, 2}}, 5);
  for (int v = 0; v < 5; ++v) {
    double sum = 0;
    for (int w = 0; w < 5; ++w) sum += m.probability(v, w);
    EXPECT_NEAR(sum, 1.0, 1e-12) << "context " << v;
  }
  // Seen pairs beat unseen ones after the same context.
  EXPECT_GT(m.probability(1, 2), m.probability(1, 3));
}

TEST(Bigram, PerplexityIsTheExponentOfTheMeanNegativeLogLikelihood) {
  const BigramModel m({{0, 1, 0, 1, 0, 1}}, 3);
  const double p01 = m.probability(0, 1), p10 = m.probability(1, 0);
  EXPECT_NEAR(m.perplexity({{0, 1, 0}}), std::exp(-(std::log(p01) + std::log(p10)) / 2), 1e-12);
}

}  // namespace
}  // namespace headscope::train

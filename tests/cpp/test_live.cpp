// Live training: bad options are named, the same seed gives the same run, the validation loss
// falls (text) and the accuracy rises far above chance (shapes) within the page's default steps,
// and the probe reports each head's entropy and the heads' distances.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "base/error.hpp"
#include "train/live.hpp"

namespace headscope::train {
namespace {

std::string error_of(const LiveOptions& o) {
  try {
    LiveTrainer t(o);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Live, BadOptionsAreNamed) {
  LiveOptions o;
  o.d_model = 10;
  o.num_heads = 3;
  EXPECT_EQ(error_of(o), "d_model 10 is not divisible by num_heads 3");
  o = LiveOptions{};
  o.task = "speech";
  EXPECT_EQ(error_of(o), "task 'speech' must be text or shapes");
  o = LiveOptions{};
  o.batch = 0;
  EXPECT_EQ(error_of(o), "batch 0 must be from 1 to 256");
}

TEST(Live, SameSeedSameRun) {
  LiveOptions o;
  o.num_heads = 2;
  o.d_model = 16;
  o.validation = 4;
  o.probe = 2;
  LiveTrainer a(o), b(o);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a.step(), b.step());
  EXPECT_EQ(a.validate().loss, b.validate().loss);
  EXPECT_EQ(a.steps(), 3);
}

TEST(Live, TextValidationLossFallsByAQuarterIn150Steps) {
  LiveOptions o;  // the page's default: 4 heads, d_model 32, 2 layers
  o.validation = 32;
  LiveTrainer t(o);
  const double before = t.validate().loss;
  for (int i = 0; i < 150; ++i) t.step();
  const double after = t.validate().loss;
  EXPECT_LT(after, before * 0.75) << before << " -> " << after;
}

// The page's defaults (4 heads, d_model 32, 2 layers, batch 16) for its 600 default steps. On the
// vision model's 64-patch images the accuracy stayed at chance (0.22–0.27) for 600 steps in
// seeds 1, 2 and 3; on the live 4 × 4 grid of ink patches every seed ends at 100%.
TEST(Live, ShapesLearnWithinThePagesDefaultSteps) {
  for (std::uint64_t seed : {1, 2, 3}) {
    LiveOptions o;
    o.task = "shapes";
    o.seed = seed;
    LiveTrainer t(o);
    EXPECT_EQ(t.model().config().max_len, kLiveShapeGrid * kLiveShapeGrid);
    const EvalResult before = t.validate();
    EXPECT_GT(before.loss, 0.9 * std::log(4.0)) << "seed " << seed;  // untrained: about chance
    for (int i = 0; i < 600; ++i) t.step();
    const EvalResult after = t.validate();
    EXPECT_GE(after.accuracy, 0.75) << "seed " << seed << " (chance 0.25)";
    EXPECT_LT(after.loss, 0.5 * std::log(4.0)) << "seed " << seed;
  }
}

TEST(Live, ProbeReportsEntropyAndDistances) {
  LiveOptions o;
  o.task = "shapes";
  o.num_heads = 3;
  o.d_model = 24;
  o.num_layers = 1;
  o.batch = 2;
  o.validation = 3;
  o.probe = 2;
  LiveTrainer t(o);
  t.step();
  const auto p = t.probe();
  ASSERT_EQ(p.size(), 1u);
  ASSERT_EQ(p[0].entropy.size(), 3u);
  ASSERT_EQ(p[0].js_distance.size(), 9u);
  for (float e : p[0].entropy) {
    EXPECT_GT(e, 0.5f);  // a barely trained head spreads its attention
    EXPECT_LE(e, 1.0f + 1e-6f);
  }
  for (int g = 0; g < 3; ++g)
    for (int h = 0; h < 3; ++h) EXPECT_EQ(p[0].js_distance[g * 3 + h], p[0].js_distance[h * 3 + g]);
  const EvalResult v = t.validate();
  EXPECT_EQ(v.scored, 3);
  EXPECT_GT(v.loss, 0.0);
}

}  // namespace
}  // namespace headscope::train

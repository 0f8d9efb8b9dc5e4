// Seeded token and patch inputs: positions by the formula, equal words equal, affine patches.
#include <cmath>

#include "helpers.hpp"
#include "inputs/embedding.hpp"

namespace headscope::test {
namespace {

// PE(p, i) over `count` dims, written from the definition.
double pe(int p, int i, int count) {
  const double angle = p / std::pow(10000.0, double(2 * (i / 2)) / count);
  return i % 2 == 0 ? std::sin(angle) : std::cos(angle);
}

TEST(Embedding, PositionsFollowTheFormula) {
  for (int d : {1, 3, 8, 17}) {
    std::vector<float> x(std::size_t(5) * d, 0.0f);
    add_sinusoidal_positions(x, 5, d);
    for (int p = 0; p < 5; ++p)
      for (int i = 0; i < d; ++i) EXPECT_NEAR(x[p * d + i], pe(p, i, d), 1e-6) << p << "," << i;
  }
  // Position 0 is (0, 1, 0, 1, ...).
  std::vector<float> x(4, 0.0f);
  add_sinusoidal_positions(x, 1, 4);
  EXPECT_EQ(x, (std::vector<float>{0, 1, 0, 1}));
}

TEST(Embedding, EqualWordsDifferOnlyByPosition) {
  const int d = 17;
  const auto x = embed_tokens({"The", "cat", "the", "THE"}, d, 7);
  for (int i = 0; i < d; ++i) {
    const double base0 = x[0 * d + i] - pe(0, i, d);
    EXPECT_NEAR(x[2 * d + i] - pe(2, i, d), base0, 1e-5);
    EXPECT_NEAR(x[3 * d + i] - pe(3, i, d), base0, 1e-5);
  }
  double diff = 0;
  for (int i = 0; i < d; ++i) diff += std::abs((x[d + i] - pe(1, i, d)) - (x[i] - pe(0, i, d)));
  EXPECT_GT(diff, 1.0);  // "cat" is not "the"
}

TEST(Embedding, SeedDecidesTheVectors) {
  const auto a = embed_tokens({"a", "b"}, 8, 1);
  EXPECT_EQ(a, embed_tokens({"a", "b"}, 8, 1));
  EXPECT_NE(a, embed_tokens({"a", "b"}, 8, 2));
  for (float v : a) EXPECT_TRUE(std::isfinite(v));
}

TEST(Embedding, PatchesAreAffineWithTwoDimensionalPositions) {
  const int gw = 3, gh = 2, pd = 5, d = 6, n = gw * gh;
  const std::vector<float> zero(std::size_t(n) * pd, 0.0f);
  const auto a = random_vector(zero.size(), 1), b = random_vector(zero.size(), 2);
  std::vector<float> sum(zero.size());
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = a[i] + b[i];
  const auto f0 = embed_patches(zero, gw, gh, pd, d, 3);
  const auto fa = embed_patches(a, gw, gh, pd, d, 3), fb = embed_patches(b, gw, gh, pd, d, 3);
  const auto fs = embed_patches(sum, gw, gh, pd, d, 3);
  for (std::size_t i = 0; i < fs.size(); ++i) EXPECT_NEAR(fs[i] + f0[i], fa[i] + fb[i], 1e-5);
  // Zero patches leave only positions: row in dims [0, 3), column in [3, 6).
  for (int p = 0; p < n; ++p)
    for (int i = 0; i < d; ++i) {
      const double expected = i < 3 ? pe(p / gw, i, 3) : pe(p % gw, i - 3, 3);
      EXPECT_NEAR(f0[p * d + i], expected, 1e-6);
    }
}

TEST(Embedding, RejectsBadInput) {
  EXPECT_EQ(error_message([] { embed_tokens({}, 8, 0); }),
            "there are no tokens to embed; type some text");
  EXPECT_EQ(error_message([] { embed_tokens({"a"}, 0, 0); }), "d_model 0 must be from 1 to 8192");
  EXPECT_EQ(error_message([] { embed_patches(std::vector<float>(5), 2, 1, 3, 4, 0); }),
            "patches has 5 values, expected 2 patches x patch_dim 3 = 6");
  std::vector<float> bad(6, 0.0f);
  bad[4] = NAN;
  EXPECT_EQ(error_message([&] { embed_patches(bad, 2, 1, 3, 4, 0); }),
            "patches[4] is nan; must be finite");
}

}  // namespace
}  // namespace headscope::test

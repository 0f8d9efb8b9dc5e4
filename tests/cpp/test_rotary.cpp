// Rotary positions (attention/rotary.hpp) against their definition as complex multiplication,
// and the property they exist for: a query-key product depends on the offset, not the place.
// The layers that use them are checked against the independent reference in test_forward,
// test_output, test_attention_backward and test_kv_cache.
#include <complex>

#include "attention/rotary.hpp"
#include "helpers.hpp"

namespace headscope::test {
namespace {

// Pair m of a head vector at position p, as the complex number x_2m + i x_2m+1 times e^{i p θ_m}.
std::vector<float> rotated_by_complex(const std::vector<float>& x, int hd, int base, int p) {
  std::vector<float> y(x.size());
  for (std::size_t h = 0; h < x.size() / hd; ++h)
    for (int m = 0; m < hd / 2; ++m) {
      const std::size_t at = h * hd + 2 * m;
      const double theta = std::pow(double(base), -2.0 * m / hd);
      const std::complex<double> z =
          std::complex<double>(x[at], x[at + 1]) * std::polar(1.0, p * theta);
      y[at] = float(z.real());
      y[at + 1] = float(z.imag());
    }
  return y;
}

TEST(Rotary, RotatesEachPairByItsPositionTimesItsFrequency) {
  const int hd = 8, heads = 3, rows = 5, stride = heads * hd + 2;  // 2 values past each row
  std::vector<float> x = random_vector(std::size_t(rows) * stride, 3);
  const std::vector<float> before = x;
  rotate_positions(x.data(), rows, stride, heads, hd, 10000, 40);
  for (int r = 0; r < rows; ++r) {
    const auto row = [&](const std::vector<float>& v) {
      return std::vector<float>(v.begin() + r * stride, v.begin() + r * stride + heads * hd);
    };
    EXPECT_TRUE(all_near(row(x), rotated_by_complex(row(before), hd, 10000, 40 + r), 1e-6))
        << "row " << r;
    EXPECT_EQ(x[r * stride + heads * hd], before[r * stride + heads * hd]);  // past the heads
    EXPECT_EQ(x[r * stride + heads * hd + 1], before[r * stride + heads * hd + 1]);
  }
}

TEST(Rotary, PositionZeroIsUnchangedAndTheInverseUndoes) {
  std::vector<float> x = random_vector(16, 5);
  const std::vector<float> before = x;
  rotate_positions(x.data(), 1, 16, 2, 8, 10000, 0);
  EXPECT_EQ(x, before);
  rotate_positions(x.data(), 4, 4, 1, 4, 100, 1000);
  EXPECT_FALSE(all_near(x, before, 1e-3));
  rotate_positions(x.data(), 4, 4, 1, 4, 100, 1000, /*inverse=*/true);
  EXPECT_TRUE(all_near(x, before, 1e-5));
}

TEST(Rotary, SwitchingBetweenHeadWidthsKeepsWorking) {
  // A page alternates models (heads of 16, one head of 128): the angle table must not grow at
  // each switch (it once doubled, and a few dozen switches exhausted wasm's memory).
  std::vector<float> a = random_vector(16, 1), b = random_vector(128, 2);
  const std::vector<float> a0 = a, b0 = b;
  for (int k = 0; k < 200; ++k) {
    rotate_positions(a.data(), 1, 16, 1, 16, 10000, 127);
    rotate_positions(a.data(), 1, 16, 1, 16, 10000, 127, /*inverse=*/true);
    rotate_positions(b.data(), 1, 128, 1, 128, 10000, 127);
    rotate_positions(b.data(), 1, 128, 1, 128, 10000, 127, /*inverse=*/true);
  }
  EXPECT_TRUE(all_near(a, a0, 1e-4));
  EXPECT_TRUE(all_near(b, b0, 1e-4));
}

TEST(Rotary, AProductDependsOnlyOnTheOffset) {
  const int hd = 16;
  const std::vector<float> q = random_vector(hd, 7), k = random_vector(hd, 8);
  const auto product = [&](int i, int j) {
    std::vector<float> a = q, b = k;
    rotate_positions(a.data(), 1, hd, 1, hd, 10000, i);
    rotate_positions(b.data(), 1, hd, 1, hd, 10000, j);
    double s = 0;
    for (int e = 0; e < hd; ++e) s += double(a[e]) * b[e];
    return s;
  };
  for (const int offset : {0, 1, 5})
    for (const int start : {3, 60, 127})
      EXPECT_NEAR(product(start + offset, start), product(offset, 0), 1e-4)
          << "offset " << offset << " at " << start;
  EXPECT_GT(std::abs(product(1, 0) - product(2, 0)), 1e-3);  // and the offset matters
}

}  // namespace
}  // namespace headscope::test

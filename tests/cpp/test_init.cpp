// Seeded initialisers: reproducible, with the intended distributions, and bit-identical across
// platforms.
#include <cstring>

#include "base/rng.hpp"
#include "helpers.hpp"

namespace headscope::test {
namespace {

AttentionConfig config(int d, int heads, int kv = 0) {
  AttentionConfig c;
  c.d_model = d;
  c.num_heads = heads;
  c.num_kv_heads = kv;
  return resolve(c);
}

double mean(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += x;
  return s / v.size();
}

double variance(const std::vector<float>& v) {
  const double m = mean(v);
  double s = 0;
  for (float x : v) s += (x - m) * (x - m);
  return s / v.size();
}

TEST(Init, SameSeedSameWeights) {
  const auto c = config(16, 4, 2);
  const AttentionWeights a = init_weights(c, Init::kXavierUniform, 7);
  const AttentionWeights b = init_weights(c, Init::kXavierUniform, 7);
  const AttentionWeights other = init_weights(c, Init::kXavierUniform, 8);
  EXPECT_EQ(a.w_q, b.w_q);
  EXPECT_EQ(a.w_o, b.w_o);
  EXPECT_NE(a.w_q, other.w_q);
  EXPECT_EQ(MultiHeadAttention(c, Init::kNormal, 3).weights().w_v,
            MultiHeadAttention(c, Init::kNormal, 3).weights().w_v);
}

TEST(Init, XavierUniformBoundsAndVariance) {
  const auto c = config(256, 4);
  const AttentionWeights w = init_weights(c, Init::kXavierUniform, 1);
  const double a = std::sqrt(6.0 / (256 + 256));
  for (float x : w.w_q) ASSERT_LE(std::abs(x), a);
  EXPECT_NEAR(mean(w.w_q), 0.0, 0.01 * a);
  EXPECT_NEAR(variance(w.w_q), a * a / 3, 0.02 * a * a / 3);  // Var U(-a, a) = a²/3
  for (float b : w.b_q) EXPECT_EQ(b, 0.0f);
  // GQA: W_k is [kv*hd, d], so its bound uses fan_out = kv*hd.
  const auto g = config(256, 4, 1);
  const AttentionWeights wg = init_weights(g, Init::kXavierUniform, 1);
  const double ak = std::sqrt(6.0 / (256 + 64));
  double largest = 0;
  for (float x : wg.w_k) largest = std::max(largest, double(std::abs(x)));
  EXPECT_LE(largest, ak);
  EXPECT_GT(largest, 0.95 * ak);
}

TEST(Init, NormalMomentsAndTails) {
  const auto c = config(256, 4);
  const AttentionWeights w = init_weights(c, Init::kNormal, 2, 0.5f);
  EXPECT_NEAR(mean(w.w_q), 0.0, 0.005);
  EXPECT_NEAR(std::sqrt(variance(w.w_q)), 0.5, 0.005);
  int beyond_2sd = 0;
  for (float x : w.w_q) beyond_2sd += std::abs(x) > 1.0f;
  EXPECT_NEAR(beyond_2sd / double(w.w_q.size()), 0.0455, 0.003);  // P(|Z| > 2)
}

TEST(Init, ZerosAndBadStd) {
  const auto c = config(8, 2);
  const AttentionWeights w = init_weights(c, Init::kZeros, 5);
  for (float x : w.w_o) EXPECT_EQ(x, 0.0f);
  EXPECT_EQ(error_message([&] { init_weights(c, Init::kNormal, 1, -1.0f); }),
            "normal_std -1 must be finite and not negative");
}

TEST(Init, PortableLogMatchesStdLog) {
  for (double x : {1e-300, 1e-10, 0.001, 0.5, 0.7071, 0.99999, 1.0, 1.5, 2.0, 10.0, 12345.678}) {
    EXPECT_NEAR(portable_log(x), std::log(x), 4e-16 * std::max(1.0, std::abs(std::log(x)))) << x;
  }
}

// FNV-1a over the bit patterns of the initial weights. The same constant must come out natively
// and in WebAssembly (this test runs in both), which is the cross-platform promise of the seed.
std::uint64_t fingerprint(const std::vector<float>& v) {
  std::uint64_t h = 1469598103934665603ull;
  for (float x : v) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    for (int b = 0; b < 4; ++b) h = (h ^ ((bits >> (8 * b)) & 0xff)) * 1099511628211ull;
  }
  return h;
}

TEST(Init, BitIdenticalAcrossPlatforms) {
  const auto c = config(64, 4);
  EXPECT_EQ(fingerprint(init_weights(c, Init::kXavierUniform, 42).w_q), 697753983311397845ull);
  EXPECT_EQ(fingerprint(init_weights(c, Init::kNormal, 42, 0.02f).w_q), 7374830811557450029ull);
}

}  // namespace
}  // namespace headscope::test

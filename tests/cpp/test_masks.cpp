// Causal, sliding-window and key-padding masks, and rows with no visible key.
#include "helpers.hpp"

namespace headscope::test {
namespace {

MultiHeadAttention make(AttentionConfig c) {
  MultiHeadAttention m(c);
  m.set_weights(random_weights(m.config(), 77));
  return m;
}

double at(const AttentionResult& r, int h, int i, int j) {
  return r.attention[(std::size_t(h) * r.t_q + i) * r.t_k + j];
}

TEST(Masks, CausalHidesTheFuture) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.causal = true;
  const auto m = make(c);
  const int t = 17;
  const auto x = random_vector(t * 8, 1);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult r = m.forward(in);
  for (int h = 0; h < 2; ++h)
    for (int i = 0; i < t; ++i) {
      double sum = 0;
      for (int j = 0; j < t; ++j) {
        if (j > i) EXPECT_EQ(at(r, h, i, j), 0.0);
        sum += at(r, h, i, j);
      }
      EXPECT_NEAR(sum, 1.0, 1e-5);
    }
  EXPECT_EQ(at(r, 0, 0, 0), 1.0f);  // the first token sees only itself
  EXPECT_TRUE(all_near(r.output, reference_forward(m.config(), m.weights(), x, t).output, 5e-5));
}

TEST(Masks, PerHeadWindowsMakeLocalAndGlobalHeads) {
  AttentionConfig c;
  c.d_model = 12;
  c.num_heads = 3;
  c.head_windows = {1, 0, 3};  // local, global, wider
  const auto m = make(c);
  const int t = 9;
  const auto x = random_vector(t * 12, 2);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult r = m.forward(in);
  for (int i = 0; i < t; ++i)
    for (int j = 0; j < t; ++j) {
      EXPECT_EQ(at(r, 0, i, j) > 0, std::abs(i - j) <= 1) << i << "," << j;
      EXPECT_GT(at(r, 1, i, j), 0.0);
      EXPECT_EQ(at(r, 2, i, j) > 0, std::abs(i - j) <= 3) << i << "," << j;
    }
  EXPECT_TRUE(all_near(r.output, reference_forward(m.config(), m.weights(), x, t).output, 5e-5));
}

TEST(Masks, CausalWindowLooksBackOnly) {
  AttentionConfig c;
  c.d_model = 4;
  c.num_heads = 1;
  c.causal = true;
  c.window = 2;
  const auto m = make(c);
  const int t = 6;
  const auto x = random_vector(t * 4, 3);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult r = m.forward(in);
  for (int i = 0; i < t; ++i)
    for (int j = 0; j < t; ++j) EXPECT_EQ(at(r, 0, i, j) > 0, j <= i && i - j <= 2);
}

// Found by review while writing fuzz_config, confirmed by UBSan on its input: the window's right
// edge was i + window, which overflows an int for a window near INT_MAX (npm's configure() takes
// any integer); it wrapped negative and hid every key from every query after the first.
TEST(Masks, HugeWindowIsGlobal) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.head_windows = {2147483647, 0};
  const auto m = make(c);
  const int t = 5;
  const auto x = random_vector(t * 8, 3);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  const AttentionResult r = m.forward(in);
  for (int i = 0; i < t; ++i) {
    double sum = 0;
    for (int j = 0; j < t; ++j) sum += at(r, 0, i, j);
    EXPECT_NEAR(sum, 1.0, 1e-5) << "query " << i;
  }
  EXPECT_TRUE(all_near(r.output, reference_forward(m.config(), m.weights(), x, t).output, 5e-5));
  c.head_windows = {};
  c.window = 2147483647;
  c.causal = true;
  const auto causal = make(c);
  EXPECT_TRUE(all_near(causal.forward(in).output,
                       reference_forward(causal.config(), causal.weights(), x, t).output, 5e-5));
}

TEST(Masks, KeyPaddingZeroesColumns) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  const auto m = make(c);
  const int t_q = 3, t_k = 5;
  const auto x_q = random_vector(t_q * 8, 4), x_kv = random_vector(t_k * 8, 5);
  const std::vector<std::uint8_t> pad = {0, 1, 0, 0, 1};
  ForwardInput in;
  in.x_q = x_q;
  in.t_q = t_q;
  in.x_kv = x_kv;
  in.t_k = t_k;
  in.key_padding_mask = pad;
  const AttentionResult r = m.forward(in);
  for (int h = 0; h < 2; ++h)
    for (int i = 0; i < t_q; ++i) {
      EXPECT_EQ(at(r, h, i, 1), 0.0);
      EXPECT_EQ(at(r, h, i, 4), 0.0);
    }
  const Reference ref = reference_forward(m.config(), m.weights(), x_q, t_q, x_kv, t_k, pad);
  EXPECT_TRUE(all_near(r.attention, ref.attention));
  EXPECT_TRUE(all_near(r.output, ref.output, 5e-5));

  // Padding the first key and a causal mask leave query 0 nothing to see: zeros, not NaN.
  c.causal = true;
  const auto causal = make(c);
  const auto x = random_vector(4 * 8, 6);
  const std::vector<std::uint8_t> pad_first = {1, 0, 0, 0};
  ForwardInput self;
  self.x_q = x;
  self.t_q = 4;
  self.key_padding_mask = pad_first;
  const AttentionResult rc = causal.forward(self);
  for (int h = 0; h < 2; ++h) {
    for (int j = 0; j < 4; ++j) EXPECT_EQ(at(rc, h, 0, j), 0.0);
    for (int e = 0; e < 4; ++e) EXPECT_EQ(rc.head_outputs[(h * 4 + 0) * 4 + e], 0.0f);
  }
  for (float v : rc.output) EXPECT_TRUE(std::isfinite(v));
  // With nothing to attend to, token 0's output is the output bias alone.
  for (int o = 0; o < 8; ++o) EXPECT_FLOAT_EQ(rc.output[o], causal.weights().b_o[o]);
}

TEST(Masks, WrongMaskLengthIsAnError) {
  AttentionConfig c;
  c.d_model = 4;
  c.num_heads = 1;
  const auto m = make(c);
  const auto x = random_vector(3 * 4, 1);
  const std::vector<std::uint8_t> pad = {0, 1};
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3;
  in.key_padding_mask = pad;
  EXPECT_EQ(error_message([&] { m.forward(in); }), "key_padding_mask has 2 values, expected t_k 3");
}

}  // namespace
}  // namespace headscope::test

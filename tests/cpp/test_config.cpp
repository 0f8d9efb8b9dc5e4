// Validation: every rule gives an Error that names the value and the rule.
#include "helpers.hpp"

namespace headscope::test {
namespace {

std::string config_error(AttentionConfig c) {
  return error_message([&] { resolve(c); });
}

AttentionConfig base() {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  return c;
}

TEST(Config, DefaultsAreFilledIn) {
  const AttentionConfig c = resolve(base());
  EXPECT_EQ(c.num_kv_heads, 2);
  EXPECT_EQ(c.head_dim, 4);
  EXPECT_EQ(c.head_windows, std::vector<int>(2, 0));
  EXPECT_EQ(c.head_temperatures, std::vector<float>(2, 1.0f));
}

TEST(Config, ExplicitHeadDimNeedNotDivide) {
  AttentionConfig c = base();
  c.d_model = 10;
  c.num_heads = 3;
  c.head_dim = 5;
  EXPECT_EQ(resolve(c).head_dim, 5);
}

TEST(Config, DModelMustDivideByHeads) {
  AttentionConfig c = base();
  c.d_model = 10;
  c.num_heads = 3;
  EXPECT_EQ(config_error(c), "d_model 10 is not divisible by num_heads 3");
}

TEST(Config, KvHeadsMustDivideHeads) {
  AttentionConfig c = base();
  c.d_model = 16;
  c.num_heads = 8;
  c.num_kv_heads = 3;
  EXPECT_EQ(config_error(c), "num_kv_heads 3 must divide num_heads 8");
  c.num_kv_heads = 16;
  EXPECT_EQ(config_error(c), "num_kv_heads 16 must not exceed num_heads 8");
  c.num_kv_heads = -2;
  EXPECT_EQ(config_error(c), "num_kv_heads -2 must be at least 1");
}

TEST(Config, CountsMustBePositive) {
  AttentionConfig c = base();
  c.num_heads = 0;
  EXPECT_EQ(config_error(c), "num_heads 0 must be at least 1");
  c = base();
  c.d_model = -1;
  EXPECT_EQ(config_error(c), "d_model -1 must be at least 1");
  c = base();
  c.head_dim = -4;
  EXPECT_EQ(config_error(c), "head_dim -4 must be at least 1");
}

TEST(Config, Limits) {
  AttentionConfig c = base();
  c.num_heads = 100000;
  EXPECT_EQ(config_error(c), "num_heads 100000 exceeds the limit of 512");
  c = base();
  c.d_model = 100000;
  EXPECT_EQ(config_error(c), "d_model 100000 exceeds the limit of 8192");
  c = base();
  c.head_dim = 5000;
  EXPECT_EQ(config_error(c), "head_dim 5000 exceeds the limit of 4096");
}

// Found by fuzz_config: each limit alone is reachable, but d_model 8192 with 512 heads of
// head_dim 4096 passed them all and asked for 64 GiB of weights.
TEST(Config, ProjectionWeightsAreLimitedTogether) {
  AttentionConfig c = base();
  c.d_model = 8192;
  c.num_heads = 512;
  c.head_dim = 4096;
  EXPECT_EQ(config_error(c),
            "d_model 8192, num_heads 512, num_kv_heads 512 and head_dim 4096 give 68719476736 "
            "projection weights, more than the limit of 67108864");
  c.num_heads = 8;
  c.head_dim = 0;
  EXPECT_EQ(config_error(c),
            "d_model 8192, num_heads 8, num_kv_heads 8 and head_dim 1024 give 268435456 "
            "projection weights, more than the limit of 67108864");
  c.d_model = 4096;  // 4 x 4096^2 = 2^26: just within
  EXPECT_EQ(resolve(c).head_dim, 512);
  c.num_kv_heads = 1;  // fewer key/value heads: fewer weights
  c.d_model = 8192;
  c.head_dim = 256;
  EXPECT_EQ(config_error(c), "");
}

TEST(Config, Windows) {
  AttentionConfig c = base();
  c.window = -1;
  EXPECT_EQ(config_error(c), "window -1 must be 0 (global) or positive");
  c = base();
  c.head_windows = {1, 2, 3};
  EXPECT_EQ(config_error(c), "head_windows has 3 values but num_heads is 2");
  c.head_windows = {1, -3};
  EXPECT_EQ(config_error(c), "head_windows[1] -3 must be 0 (global) or positive");
  c.window = 7;
  c.head_windows = {};
  EXPECT_EQ(resolve(c).head_windows, std::vector<int>(2, 7));
}

TEST(Config, Temperatures) {
  AttentionConfig c = base();
  c.head_temperatures = {1.0f};
  EXPECT_EQ(config_error(c), "head_temperatures has 1 values but num_heads is 2");
  c.head_temperatures = {1.0f, 0.0f};
  EXPECT_EQ(config_error(c), "head_temperatures[1] 0 must be positive and finite");
  c.head_temperatures = {NAN, 1.0f};
  EXPECT_EQ(config_error(c), "head_temperatures[0] nan must be positive and finite");
}

TEST(Config, RotaryPositions) {
  AttentionConfig c = base();  // head_dim 4
  c.rope_base = 1;
  EXPECT_EQ(config_error(c), "rope_base 1 must be 0 (no rotary positions) or from 2 to 1000000");
  c.rope_base = -5;
  EXPECT_EQ(config_error(c), "rope_base -5 must be 0 (no rotary positions) or from 2 to 1000000");
  c.rope_base = 10000;
  EXPECT_EQ(resolve(c).rope_base, 10000);
  c.d_model = 6;  // head_dim 3
  EXPECT_EQ(config_error(c),
            "head_dim 3 must be even for rotary positions (rope_base 10000): they rotate pairs of "
            "values");
}

TEST(Config, ConstructorValidates) {
  AttentionConfig c = base();
  c.d_model = 10;
  c.num_heads = 4;
  EXPECT_EQ(error_message([&] { MultiHeadAttention m(c); }),
            "d_model 10 is not divisible by num_heads 4");
}

}  // namespace
}  // namespace headscope::test

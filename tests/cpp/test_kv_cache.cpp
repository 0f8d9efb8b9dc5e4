// The KV cache's one-token steps against the full forward over the same text (the independent
// reference: Encoder::forward_ids through MultiHeadAttention's causal mask).
#include <gtest/gtest.h>

#include <vector>

#include "base/error.hpp"
#include "nn/kv_cache.hpp"

namespace headscope {
namespace {

EncoderConfig causal_config(int kv_heads, int rope_base = 0) {
  EncoderConfig c;
  c.rope_base = rope_base;
  c.d_model = 32;
  c.num_heads = 4;
  c.num_kv_heads = kv_heads;
  c.num_layers = 2;
  c.mlp_hidden = 48;
  c.max_len = 12;
  c.vocab = 40;
  c.causal = true;
  return c;
}

void expect_steps_match_forward(int kv_heads, std::vector<float> gates, int rope_base = 0) {
  const Encoder model(causal_config(kv_heads, rope_base), 7);
  const std::vector<int> ids{5, 9, 13, 5, 9, 30, 2, 17, 11, 5};
  Encoder::Trace trace;
  model.forward_ids(ids, gates, trace);
  const int v = model.output_size(), t = int(ids.size()), H = 4;
  KvCache cache(model);
  for (int i = 0; i < t; ++i) {
    std::vector<std::vector<float>> attention;
    const std::span<const float> logits = cache.step(ids[i], gates, &attention);
    ASSERT_EQ(int(logits.size()), v);
    for (int k = 0; k < v; ++k) EXPECT_NEAR(logits[k], trace.logits[i * v + k], 1e-4f);
    for (int l = 0; l < 2; ++l)
      for (int h = 0; h < H; ++h)
        for (int j = 0; j <= i; ++j)
          EXPECT_NEAR(attention[l][h * (i + 1) + j],
                      trace.layers[l].attn.attention[(h * t + i) * t + j], 1e-5f)
              << "layer " << l << " head " << h << " query " << i << " key " << j;
  }
  EXPECT_EQ(cache.length(), t);
}

TEST(KvCache, StepsMatchTheFullForwardForMha) {
  expect_steps_match_forward(4, {});
}
TEST(KvCache, StepsMatchTheFullForwardForGqa) {
  expect_steps_match_forward(2, {});
}
TEST(KvCache, StepsMatchTheFullForwardForMqa) {
  expect_steps_match_forward(1, {});
}
TEST(KvCache, StepsMatchTheFullForwardWithRotaryPositions) {
  expect_steps_match_forward(2, {}, 10000);
  expect_steps_match_forward(4, {}, 10);  // fast turns: any position mix-up shows
}
TEST(KvCache, StepsMatchTheFullForwardWithHeadsSwitchedOff) {
  expect_steps_match_forward(2, {1, 0, 1, 0.5f, 0, 1, 1, 1});
}

TEST(KvCache, RefusesAModelThatIsNotCausal) {
  EncoderConfig c = causal_config(4);
  c.causal = false;
  const Encoder model(c, 1);
  EXPECT_THROW(KvCache{model}, Error);
}

TEST(KvCache, SaysWhenTheContextIsFullAndCanStartAgain) {
  const Encoder model(causal_config(2), 3);
  KvCache cache(model);
  for (int i = 0; i < 12; ++i) cache.step(1, {});
  EXPECT_THROW(cache.step(1, {}), Error);
  cache.clear();
  EXPECT_EQ(cache.step(1, {}).size(), 40u);
}

TEST(KvCache, BytesPerTokenCountKeysAndValuesOfEveryLayer) {
  EncoderConfig c;
  c.d_model = 128;
  c.num_heads = 8;
  c.num_layers = 3;
  // 3 layers x (keys + values) x kv heads x 16 wide x 2 bytes
  EXPECT_EQ(kv_cache_bytes_per_token(c, 8, 2), 3u * 2 * 8 * 16 * 2);  // MHA: 1536
  EXPECT_EQ(kv_cache_bytes_per_token(c, 2, 2), 384u);                 // GQA, 2 groups
  EXPECT_EQ(kv_cache_bytes_per_token(c, 1, 4), 384u);                 // MQA in float32
}

}  // namespace
}  // namespace headscope

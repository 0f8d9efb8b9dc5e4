// Generating with a causal encoder one token at a time: each layer keeps the keys and values of
// the tokens so far (the KV cache), so a new token costs one row of work per layer instead of a
// forward over the whole text.
//
//   token id at position p ──tok_emb + pos_emb[p]──► x [d]
//   block l:  h = ln1(x);  q = W_q h [H·hd];  k, v = W_k h, W_v h [KV·hd] ──append──► cache l
//             head h reads kv group g = h / (H / KV):  a_h = softmax(q_h · K_g[0..p]ᵀ · scale)
//             x += W_o (gate_h · a_h V_g)_h + b_o;  x += mlp(ln2(x))
//   ln_f ──head──► logits [vocab]
//
// The cache holds num_layers × 2 × num_kv_heads × head_dim floats per token: grouped-query
// attention (KV < H) keeps H / KV times less than multi-head attention, multi-query (KV = 1) H
// times less. Tested against Encoder::forward_ids over the whole text (tests/cpp/test_kv_cache).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "nn/encoder.hpp"

namespace headscope {

class KvCache {
 public:
  // Refuses (Error) an encoder that is not causal or does not read token ids.
  explicit KvCache(const Encoder& encoder);

  int length() const { return length_; }
  // Appends the token at position length() and returns the logits for the next one [vocab];
  // `attention` receives, per layer and head, the new token's weights over positions
  // 0..length() ([layers][heads * (length()+1)]). Error once the cache holds max_len tokens.
  std::span<const float> step(int id, std::span<const float> gates,
                              std::vector<std::vector<float>>* attention = nullptr);
  void clear() { length_ = 0; }

 private:
  void attend(std::size_t l, const float* h, std::span<const float> gates, float* out,
              std::vector<float>* weights);

  const Encoder& encoder_;
  int heads_, kv_heads_, head_dim_, length_ = 0;
  std::vector<std::vector<float>> keys_, values_;  // per layer [kv_heads, max_len, head_dim]
  std::vector<float> logits_;
};

// Bytes a KV cache keeps per token for a model of this shape with `kv_heads` key/value heads and
// `bytes_per_value` (4 for float32, 2 for half precision).
std::size_t kv_cache_bytes_per_token(const EncoderConfig& config, int kv_heads,
                                     int bytes_per_value);

}  // namespace headscope

// Projection weights in PyTorch's nn.MultiheadAttention layout: each W is [out, in] row-major and
// applied as y = x Wᵀ + b, so tensors exported from PyTorch load unchanged.
//
//   w_q: [num_heads    * head_dim, d_model]    b_q: [num_heads    * head_dim]
//   w_k: [num_kv_heads * head_dim, d_model]    b_k: [num_kv_heads * head_dim]
//   w_v: [num_kv_heads * head_dim, d_model]    b_v: [num_kv_heads * head_dim]
//   w_o: [d_model, num_heads * head_dim]       b_o: [d_model]
// Biases are empty when the config has bias = false.
#pragma once

#include <cstdint>
#include <vector>

#include "attention/config.hpp"

namespace headscope {

struct AttentionWeights {
  std::vector<float> w_q, w_k, w_v, w_o;
  std::vector<float> b_q, b_k, b_v, b_o;
};

enum class Init {
  kXavierUniform,  // U(-a, a), a = sqrt(6 / (fan_in + fan_out)); biases zero (PyTorch's choice)
  kNormal,         // N(0, std^2) for weights; biases zero
  kZeros,          // everything zero
};

// Expected element counts for each tensor of a resolved config.
struct WeightShapes {
  std::size_t w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o;
};
WeightShapes weight_shapes(const AttentionConfig& resolved);

// Seeded initializer; the same seed gives the same numbers natively and in WebAssembly.
AttentionWeights init_weights(const AttentionConfig& resolved, Init init, std::uint64_t seed,
                              float normal_std = 0.02f);

// Throws Error if a tensor has the wrong length or holds NaN or infinity.
void check_weights(const AttentionConfig& resolved, const AttentionWeights& weights);

}  // namespace headscope

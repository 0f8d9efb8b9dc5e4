// AttentionConfig: the shape and behaviour of one multi-head attention layer.
#pragma once

#include <cstddef>
#include <vector>

namespace headscope {

struct AttentionConfig {
  int d_model = 0;
  int num_heads = 1;
  // Key/value heads: num_heads gives multi-head attention (MHA), 1 multi-query (MQA), a divisor
  // of num_heads in between grouped-query (GQA). 0 means "same as num_heads".
  int num_kv_heads = 0;
  // Width of each head; 0 means d_model / num_heads (which must then divide evenly).
  int head_dim = 0;
  bool bias = true;
  // Query i may not attend to key j > i.
  bool causal = false;
  // Sliding window: key j is visible from query i only if |i - j| <= window. 0 = global.
  int window = 0;
  // Optional per-head window overriding `window` (0 = that head is global). Empty or num_heads
  // long.
  std::vector<int> head_windows;
  // Optional per-head softmax temperature (> 0): logits are divided by it. Empty or num_heads
  // long; empty means 1 for every head.
  std::vector<float> head_temperatures;
  // Multiply scores by 1/sqrt(head_dim) before the softmax (the usual scaled dot product).
  bool scale_scores = true;
  // Rotary positions (rotary.hpp): 0 = none; otherwise the base of the rotation periods (10000
  // in RoFormer and LLaMA). Query i and key j are rotated by their positions i and j, so
  // head_dim must be even.
  int rope_base = 0;
};

// Upper bounds that keep a layer within what a browser tab can hold.
constexpr int kMaxDModel = 8192;
constexpr int kMaxHeads = 512;
constexpr int kMaxHeadDim = 4096;
// Largest rotary base; far above any in use, and its powers stay finite in double.
constexpr int kMaxRopeBase = 1000000;
// Most projection weights one layer may have (w_q, w_k, w_v and w_o together; biases aside):
// 2^26 floats, 256 MiB, twice that with the transposed copies the layer keeps. Each limit above is
// reachable alone, but together they would allow 64 GiB. d_model 4096 with head_dim
// d_model / num_heads is just within it.
constexpr std::size_t kMaxAttentionWeights = std::size_t(1) << 26;

// Throws Error naming the first broken rule. Returns the config with defaults filled in:
// num_kv_heads, head_dim, head_windows and head_temperatures all explicit.
AttentionConfig resolve(const AttentionConfig& config);

}  // namespace headscope

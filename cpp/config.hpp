// AttentionConfig: the shape and behaviour of one multi-head attention layer.
#pragma once

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
};

// Upper bounds that keep a layer within what a browser tab can hold.
constexpr int kMaxDModel = 8192;
constexpr int kMaxHeads = 512;
constexpr int kMaxHeadDim = 4096;

// Throws Error naming the first broken rule. Returns the config with defaults filled in:
// num_kv_heads, head_dim, head_windows and head_temperatures all explicit.
AttentionConfig resolve(const AttentionConfig& config);

}  // namespace headscope

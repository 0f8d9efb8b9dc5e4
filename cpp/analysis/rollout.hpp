// Attention rollout (Abnar and Zuidema 2020): how much of each input token reaches each position
// after all the layers, following attention and the residual stream.
//
//   per layer l: attention [heads, t, t] ──fuse heads (mean | max | min over heads that are on),
//                rows renormalised──► F_l [t, t]
//                A_l = ½ F_l + ½ I   (the residual path), rows renormalised
//   rollout = A_L · … · A_2 · A_1    [t, t]; row i: the share of each input token in position i
#pragma once

#include <span>
#include <vector>

#include "attention/attention.hpp"

namespace headscope {

enum class Fusion { kMean, kMax, kMin };

// layers: each layer's self-attention result (t_q == t_k == t for all). gates: empty, or
// [layers × num_heads]; a head with gate 0 is left out of the fusion. A layer with every head off
// passes tokens through unchanged (A_l = I). Throws Error naming a mismatched layer.
std::vector<float> attention_rollout(const std::vector<const AttentionResult*>& layers,
                                     int num_heads, Fusion fusion, std::span<const float> gates);

}  // namespace headscope

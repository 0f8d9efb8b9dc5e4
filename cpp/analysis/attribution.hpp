// How the heads combine into the output, from a finished forward. Both are what the page draws
// for "the fused output"; neither is re-computed in JS.
//
//   contributions [heads, t_q, d_model] ──‖·‖ over d_model──► contribution_norms [heads, t_q]
//
//   u_h,j = v_g,j · W_o[:, h]ᵀ               what key j would add through head h   [heads, t_k, d]
//   f_ij  = ‖ Σ_h gate_h · a_h,ij · u_h,j ‖   key j's share of query i's output    [t_q, t_k]
//   fused_ij = f_ij / Σ_j' f_ij'             (a row of zeros if every head is gated off)
#pragma once

#include <span>
#include <vector>

#include "attention/attention.hpp"

namespace headscope {

// [num_heads, t_q]: the Euclidean norm of each head's contribution to each output row.
std::vector<float> contribution_norms(const AttentionResult& r, int num_heads, int d_model);

// [t_q, t_k]: each key's share of each query's output, through all heads together. `gates` as in
// ForwardInput (empty = all 1). Throws Error when t_q × t_k × heads × d_model exceeds 2^30.
std::vector<float> fused_attribution(const MultiHeadAttention& layer, const AttentionResult& r,
                                     std::span<const float> gates);

}  // namespace headscope

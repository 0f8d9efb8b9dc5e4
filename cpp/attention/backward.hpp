// The backward pass of MultiHeadAttention: given dL/d output, the gradients of the inputs, of
// every weight and of the head gates. Every variant the forward supports (MHA, GQA, MQA, bias or
// not, causal, windows, padding, temperatures, cross-attention) is covered.
//
//   d_out [t_q, d] ──► d b_o = Σ_i d_out_i,  d W_o = d_outᵀ · concat,  d concat = d_out · W_o
//   d concat_h ──► d gate_h = Σ d concat_h ⊙ O_h,   d O_h = gate_h · d concat_h
//   d O_h ──► d A_h = d O_h · v_gᵀ,                 d v_g += A_hᵀ · d O_h
//   d A_h ──► d L_h = A_h ⊙ (d A_h − rowsum(d A_h ⊙ A_h))   (masked entries: A = 0, so 0)
//   d S_h = scale_h · d L_h ──► d q_h = d S_h · k_g,  d k_g += d S_hᵀ · q_h
//   d q, d k, d v ──► d W = d yᵀ · x,  d b = Σ_i d y_i,  d x += d y · W
#pragma once

#include <span>
#include <vector>

#include "attention/attention.hpp"

namespace headscope {

struct AttentionGrads {
  std::vector<float> d_x_q;    // [t_q, d_model]; for self-attention, the whole input gradient
  std::vector<float> d_x_kv;   // [t_k, d_model]; cross-attention only, else empty
  AttentionWeights d_w;        // the weights' shapes; ACCUMULATED across calls (+=)
  std::vector<float> d_gates;  // [num_heads]; accumulated across calls

  // Zeroed weight and gate gradients for a resolved config.
  static AttentionGrads zeros(const AttentionConfig& config);
  // Sets the accumulated weight and gate gradients back to zero.
  void zero();
};

// Fills grads.d_x_q (and d_x_kv) and adds to grads.d_w and grads.d_gates. `forward` must be the
// result of layer.forward(input); d_output is [t_q, d_model]. Throws Error on mismatched sizes.
void attention_backward(const MultiHeadAttention& layer, const ForwardInput& input,
                        const AttentionResult& forward, std::span<const float> d_output,
                        AttentionGrads& grads);

}  // namespace headscope

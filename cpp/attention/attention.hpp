// Multi-head attention with every intermediate exposed.
//
//   x_q [t_q, d_model]        x_kv [t_k, d_model]   (self-attention: x_kv = x_q)
//     │ · W_qᵀ + b_q              │ · W_kᵀ + b_k, · W_vᵀ + b_v
//     ▼                           ▼
//   q [heads, t_q, hd]        k, v [kv_heads, t_k, hd]      head h reads kv group h /
//   (heads/kv_heads)
//     │ rotary positions (if rope_base): q row i and k row j rotated by i and j (rotary.hpp)
//     └──── q_h · k_gᵀ ───────┘
//   scores [heads, t_q, t_k]
//     │ × scale_h (1/sqrt(hd) / temperature_h), masks → -inf
//   logits [heads, t_q, t_k]
//     │ softmax over t_k (fully masked rows → 0)
//   attention [heads, t_q, t_k]
//     │ · v_g
//   head_outputs [heads, t_q, hd]
//     │ × gate_h, side by side
//   concat [t_q, heads*hd]
//     │ slice h · W_o[:, slice h]ᵀ
//   contributions [heads, t_q, d_model]
//     │ Σ_h + b_o
//   output [t_q, d_model]
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "attention/config.hpp"
#include "attention/weights.hpp"

namespace headscope {

struct ForwardInput {
  std::span<const float> x_q;  // [t_q, d_model]
  int t_q = 0;
  // Keys and values for cross-attention, [t_k, d_model]; empty means self-attention.
  std::span<const float> x_kv;
  int t_k = 0;
  // [t_k] or empty; nonzero marks a padded key that no query may attend to (PyTorch's meaning).
  std::span<const std::uint8_t> key_padding_mask;
  // [num_heads] or empty (all 1); each in [0, 1]. 0 removes the head from the output.
  std::span<const float> head_gates;
};

struct AttentionResult {
  int t_q = 0, t_k = 0;
  std::vector<float> q;              // [num_heads, t_q, head_dim]  (rotated, with rope_base)
  std::vector<float> k;              // [num_kv_heads, t_k, head_dim]  (rotated, with rope_base)
  std::vector<float> v;              // [num_kv_heads, t_k, head_dim]
  std::vector<float> scores;         // [num_heads, t_q, t_k]  q_h · k_g, unscaled
  std::vector<float> logits;         // [num_heads, t_q, t_k]  scores × scale_h; masked = -inf
  std::vector<float> attention;      // [num_heads, t_q, t_k]  softmax of logits over t_k
  std::vector<float> head_outputs;   // [num_heads, t_q, head_dim]  attention_h · v_g, ungated
  std::vector<float> concat;         // [t_q, num_heads * head_dim]  gated head outputs
  std::vector<float> contributions;  // [num_heads, t_q, d_model]  concat_h · W_o[:, h]ᵀ
  std::vector<float> output;         // [t_q, d_model]  Σ_h contributions + b_o
  std::vector<float> score_scale;    // [num_heads]  1/sqrt(head_dim) (if scaled) / temperature_h
};

enum class Backend { kSimd, kReference };

class MultiHeadAttention {
 public:
  // Validates the config (throws Error) and initialises the weights from the seed.
  explicit MultiHeadAttention(const AttentionConfig& config, Init init = Init::kXavierUniform,
                              std::uint64_t seed = 0);

  // The resolved config: num_kv_heads, head_dim and the per-head vectors filled in.
  const AttentionConfig& config() const { return config_; }
  const AttentionWeights& weights() const { return weights_; }

  // Replaces every weight. Throws Error (and keeps the old weights) on a wrong length or a
  // non-finite value.
  void set_weights(AttentionWeights weights);

  // Runs the layer. Throws Error on bad input; `out` is reused, so repeated calls with the same
  // sizes do not allocate.
  void forward(const ForwardInput& input, AttentionResult& out,
               Backend backend = Backend::kSimd) const;
  AttentionResult forward(const ForwardInput& input, Backend backend = Backend::kSimd) const;
  // The fused output alone, [t_q, d_model]: forward()'s `output` up to rounding (the heads'
  // contributions are summed inside one product rather than one by one). It keeps one head's
  // [t_q, t_k] attention at a time and projects all heads at once, the fast path for callers that
  // need only the output. The same checks and errors as forward(); `output` is reused.
  void output(const ForwardInput& input, std::vector<float>& output,
              Backend backend = Backend::kSimd) const;

 private:
  struct Lengths {
    int t_q, t_k;
  };
  // Every check of forward() and output() on the input; throws Error naming what is wrong.
  Lengths check_input(const ForwardInput& input) const;
  // Query i's visible keys in head h, [lo, hi] (empty if lo > hi), from the causal mask and the
  // head's window; padding is applied separately.
  void visible_keys(int h, int i, int t_k, int& lo, int& hi) const;
  // Throws Error at the first non-finite value of an output.
  static void check_output(const std::vector<float>& output);
  // 1/sqrt(head_dim) (if scores are scaled) / temperature_h.
  float score_scale(int h) const;

  AttentionConfig config_;
  AttentionWeights weights_;
  // Transposed copies, [in, out], so every projection is a row-major a · b product.
  std::vector<float> w_q_t_, w_k_t_, w_v_t_, w_o_t_;
};

}  // namespace headscope

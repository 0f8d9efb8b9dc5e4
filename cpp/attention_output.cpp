// MultiHeadAttention::output(): the forward computing only the fused output.
//
//   x_q [t_q, d]  ─· W_qᵀ + b_q (all heads in one product)─▶  q [t_q, heads*hd]
//   x_kv [t_k, d] ─· W_kᵀ + b_k, · W_vᵀ + b_v─────────────▶  k, v [t_k, kv_heads*hd]
//   k transposed once: k_t [kv_heads*hd, t_k]
//   per head h (kv group g = h / group), one [t_q, t_k] buffer reused:
//     a = q[:, h] · k_t[g]       masked keys set to -inf
//     a = softmax(scale_h · a)   the scale fused into the softmax pass
//     concat[:, h] = gate_h × a · v[:, g]
//   output [t_q, d] = concat · W_oᵀ + b_o (all heads' contributions summed in one product)
#include <algorithm>
#include <cmath>
#include <limits>

#include "attention.hpp"
#include "error.hpp"
#include "kernels.hpp"

namespace headscope {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Scratch reused across calls on a thread, so repeated sizes do not allocate.
struct Scratch {
  std::vector<float> q, k, k_t, v, attention, concat;
};
thread_local Scratch t_scratch;

}  // namespace

void MultiHeadAttention::output(const ForwardInput& in, std::vector<float>& output,
                                Backend backend) const {
  const AttentionConfig& c = config_;
  const int d = c.d_model, H = c.num_heads, KV = c.num_kv_heads, hd = c.head_dim;
  const int group = H / KV;  // query heads per key/value head
  const auto [t_q, t_k] = check_input(in);
  const std::span<const float> x_kv = in.x_kv.empty() ? in.x_q : in.x_kv;
  const kernels::Kernels& K = backend == Backend::kSimd ? kernels::simd() : kernels::scalar();
  const auto bias = [&](const std::vector<float>& b) { return c.bias ? b.data() : nullptr; };

  Scratch& s = t_scratch;
  const int qw = H * hd, kvw = KV * hd;  // row widths of q and concat, of k and v
  s.q.resize(std::size_t(t_q) * qw);
  s.k.resize(std::size_t(t_k) * kvw);
  s.k_t.resize(std::size_t(t_k) * kvw);
  s.v.resize(std::size_t(t_k) * kvw);
  s.attention.resize(std::size_t(t_q) * t_k);
  s.concat.resize(std::size_t(t_q) * qw);

  // q [t_q, H*hd], k and v [t_k, KV*hd]: each one product over every head.
  K.gemm(in.x_q.data(), d, w_q_t_.data(), qw, s.q.data(), qw, t_q, d, qw, bias(weights_.b_q));
  K.gemm(x_kv.data(), d, w_k_t_.data(), kvw, s.k.data(), kvw, t_k, d, kvw, bias(weights_.b_k));
  K.gemm(x_kv.data(), d, w_v_t_.data(), kvw, s.v.data(), kvw, t_k, d, kvw, bias(weights_.b_v));
  // k_t [KV*hd, t_k]: rows g*hd .. g*hd + hd are group g's keys, transposed, as q_h · k_gᵀ needs.
  kernels::transpose(s.k.data(), kvw, t_k, kvw, s.k_t.data());

  for (int h = 0; h < H; ++h) {
    const int g = h / group;
    float* a = s.attention.data();
    // a [t_q, t_k] = q_h [t_q, hd] · k_gᵀ [hd, t_k]
    K.gemm(s.q.data() + h * hd, qw, s.k_t.data() + std::size_t(g) * hd * t_k, t_k, a, t_k, t_q, hd,
           t_k, nullptr);
    const float scale = score_scale(h);
    for (int i = 0; i < t_q; ++i) {
      float* row = a + std::size_t(i) * t_k;
      int lo, hi;
      visible_keys(h, i, t_k, lo, hi);
      if (lo > hi) {  // nothing visible: the row attends to nothing
        std::fill(row, row + t_k, 0.0f);
        continue;
      }
      if (!in.key_padding_mask.empty())
        for (int j = lo; j <= hi; ++j)
          if (in.key_padding_mask[j]) row[j] = kNegInf;
      std::fill(row, row + lo, 0.0f);
      std::fill(row + hi + 1, row + t_k, 0.0f);
      if (K.scaled_softmax(row + lo, hi - lo + 1, scale) == kernels::RowStatus::kNotFinite)
        fail("attention logits of head ", h, ", query ", i,
             " are not finite; inputs or weights are too large");
    }
    // concat[:, h*hd, +hd] = a [t_q, t_k] · v_g [t_k, hd], then × gate_h
    float* head = s.concat.data() + h * hd;
    K.gemm(a, t_k, s.v.data() + g * hd, kvw, head, qw, t_q, t_k, hd, nullptr);
    const float gate = in.head_gates.empty() ? 1.0f : in.head_gates[h];
    if (gate != 1.0f)
      for (int i = 0; i < t_q; ++i) K.scale(head + std::size_t(i) * qw, gate, head + i * qw, hd);
  }

  // output [t_q, d] = concat [t_q, H*hd] · W_oᵀ [H*hd, d] + b_o
  output.resize(std::size_t(t_q) * d);
  K.gemm(s.concat.data(), qw, w_o_t_.data(), d, output.data(), d, t_q, qw, d, bias(weights_.b_o));
  check_output(output);
}

}  // namespace headscope

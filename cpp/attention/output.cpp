// MultiHeadAttention::output(): the forward computing only the fused output.
//
//   x_q [t_q, d]  ─· W_qᵀ + b_q (all heads in one product)─▶  q [t_q, heads*hd]
//   x_kv [t_k, d] ─· W_kᵀ + b_k, · W_vᵀ + b_v─────────────▶  k, v [t_k, kv_heads*hd]
//   q and k rotated by position (rotary positions, if rope_base)
//   k transposed once: k_t [kv_heads*hd, t_k]
//   per head h (kv group g = h / group), one [rows, t_k] buffer per thread, reused:
//     a = q[:, h] · k_t[g]       masked keys set to -inf
//     a = softmax(scale_h · a)   the scale fused into the softmax pass
//     concat[:, h] = gate_h × a · v[:, g]
//   output [t_q, d] = concat · W_oᵀ + b_o (all heads' contributions summed in one product)
// Every stage is split by rows (of x, or of queries) with parallel_for: one thread in the default
// build, several in the HEADSCOPE_THREADS build.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>

#include "attention/attention.hpp"
#include "attention/rotary.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "kernels/kernels.hpp"

namespace headscope {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Scratch reused across calls on a thread, so repeated sizes do not allocate.
struct Scratch {
  std::vector<float> q, k, k_t, v, concat;
};
HEADSCOPE_THREAD_LOCAL Scratch t_scratch;

}  // namespace

void MultiHeadAttention::output(const ForwardInput& in, std::vector<float>& output,
                                Backend backend) const {
  const AttentionConfig& c = config_;
  const int d = c.d_model, H = c.num_heads, KV = c.num_kv_heads, hd = c.head_dim;
  const int group = H / KV;  // query heads per key/value head
  // Plain ints, not a structured binding: the lambdas below capture them (C++20 allows that,
  // Emscripten 3.1.6's clang does not).
  const Lengths lengths = check_input(in);
  const int t_q = lengths.t_q, t_k = lengths.t_k;
  const std::span<const float> x_kv = in.x_kv.empty() ? in.x_q : in.x_kv;
  const kernels::Kernels& K = backend == Backend::kSimd ? kernels::simd() : kernels::reference();
  const auto bias = [&](const std::vector<float>& b) { return c.bias ? b.data() : nullptr; };

  Scratch& s = t_scratch;
  const int qw = H * hd, kvw = KV * hd;  // row widths of q and concat, of k and v
  s.q.resize(std::size_t(t_q) * qw);
  s.k.resize(std::size_t(t_k) * kvw);
  s.k_t.resize(std::size_t(t_k) * kvw);
  s.v.resize(std::size_t(t_k) * kvw);
  s.concat.resize(std::size_t(t_q) * qw);
  // The first (head, query), as head·t_q + query, whose logits were not finite; H·t_q if none.
  // Every thread lowers it: nothing may throw inside parallel_for.
  const std::int64_t none = std::int64_t(H) * t_q;
  std::atomic<std::int64_t> first_bad{none};

  // Each stage splits its rows across threads (parallel.hpp; one thread unless built with
  // HEADSCOPE_THREADS): the rows of a product are independent, and so is each query's attention.
  // q [t_q, H*hd], k and v [t_k, KV*hd]: each one product over every head.
  parallel_for(t_q, std::int64_t(d) * qw, [&](int b, int e) {
    K.gemm(in.x_q.data() + std::size_t(b) * d, d, w_q_t_.data(), qw,
           s.q.data() + std::size_t(b) * qw, qw, e - b, d, qw, bias(weights_.b_q));
  });
  parallel_for(t_k, 2 * std::int64_t(d) * kvw, [&](int b, int e) {
    const float* x = x_kv.data() + std::size_t(b) * d;
    K.gemm(x, d, w_k_t_.data(), kvw, s.k.data() + std::size_t(b) * kvw, kvw, e - b, d, kvw,
           bias(weights_.b_k));
    K.gemm(x, d, w_v_t_.data(), kvw, s.v.data() + std::size_t(b) * kvw, kvw, e - b, d, kvw,
           bias(weights_.b_v));
  });
  if (c.rope_base) {
    rotate_positions(s.q.data(), t_q, qw, H, hd, c.rope_base, 0);
    rotate_positions(s.k.data(), t_k, kvw, KV, hd, c.rope_base, 0);
  }
  // k_t [KV*hd, t_k]: rows g*hd .. g*hd + hd are group g's keys, transposed, as q_h · k_gᵀ needs.
  kernels::transpose(s.k.data(), kvw, t_k, kvw, s.k_t.data());

  // Queries [b, e) through every head, into concat's rows [b, e).
  parallel_for(t_q, 2 * std::int64_t(H) * hd * t_k, [&](int b, int e) {
    HEADSCOPE_THREAD_LOCAL std::vector<float> attention;  // [e - b, t_k], one head at a time
    attention.resize(std::size_t(e - b) * t_k);
    float* a = attention.data();
    for (int h = 0; h < H; ++h) {
      const int g = h / group;
      // a [e - b, t_k] = q_h [b..e, hd] · k_gᵀ [hd, t_k]
      K.gemm(s.q.data() + std::size_t(b) * qw + h * hd, qw,
             s.k_t.data() + std::size_t(g) * hd * t_k, t_k, a, t_k, e - b, hd, t_k, nullptr);
      const float scale = score_scale(h);
      for (int i = b; i < e; ++i) {
        float* row = a + std::size_t(i - b) * t_k;
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
        if (K.scaled_softmax(row + lo, hi - lo + 1, scale) == kernels::RowStatus::kNotFinite) {
          const std::int64_t at = std::int64_t(h) * t_q + i;
          std::int64_t first = first_bad;
          while (at < first && !first_bad.compare_exchange_weak(first, at)) {
          }
        }
      }
      // concat[b..e, h*hd, +hd] = a · v_g [t_k, hd], then × gate_h
      float* head = s.concat.data() + std::size_t(b) * qw + h * hd;
      K.gemm(a, t_k, s.v.data() + g * hd, kvw, head, qw, e - b, t_k, hd, nullptr);
      const float gate = in.head_gates.empty() ? 1.0f : in.head_gates[h];
      if (gate != 1.0f)
        for (int i = 0; i < e - b; ++i)
          K.scale(head + std::size_t(i) * qw, gate, head + std::size_t(i) * qw, hd);
    }
  });
  if (const std::int64_t at = first_bad; at < none)
    fail("attention logits of head ", at / t_q, ", query ", at % t_q,
         " are not finite; inputs or weights are too large");

  // output [t_q, d] = concat [t_q, H*hd] · W_oᵀ [H*hd, d] + b_o
  output.resize(std::size_t(t_q) * d);
  parallel_for(t_q, std::int64_t(qw) * d, [&](int b, int e) {
    K.gemm(s.concat.data() + std::size_t(b) * qw, qw, w_o_t_.data(), d,
           output.data() + std::size_t(b) * d, d, e - b, qw, d, bias(weights_.b_o));
  });
  check_output(output);
}

}  // namespace headscope

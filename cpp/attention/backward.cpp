#include "attention/backward.hpp"

#include <algorithm>

#include "attention/rotary.hpp"
#include "base/error.hpp"
#include "kernels/kernels.hpp"
#include "nn/layers.hpp"

namespace headscope {

namespace {

void zero_fill(std::vector<float>& v) {
  std::fill(v.begin(), v.end(), 0.0f);
}

}  // namespace

AttentionGrads AttentionGrads::zeros(const AttentionConfig& c) {
  const WeightShapes s = weight_shapes(c);
  AttentionGrads g;
  g.d_w.w_q.assign(s.w_q, 0.0f);
  g.d_w.w_k.assign(s.w_k, 0.0f);
  g.d_w.w_v.assign(s.w_v, 0.0f);
  g.d_w.w_o.assign(s.w_o, 0.0f);
  g.d_w.b_q.assign(s.b_q, 0.0f);
  g.d_w.b_k.assign(s.b_k, 0.0f);
  g.d_w.b_v.assign(s.b_v, 0.0f);
  g.d_w.b_o.assign(s.b_o, 0.0f);
  g.d_gates.assign(c.num_heads, 0.0f);
  return g;
}

void AttentionGrads::zero() {
  for (auto* v :
       {&d_w.w_q, &d_w.w_k, &d_w.w_v, &d_w.w_o, &d_w.b_q, &d_w.b_k, &d_w.b_v, &d_w.b_o, &d_gates})
    zero_fill(*v);
}

void attention_backward(const MultiHeadAttention& layer, const ForwardInput& in,
                        const AttentionResult& f, std::span<const float> d_out, AttentionGrads& g) {
  const AttentionConfig& c = layer.config();
  const AttentionWeights& w = layer.weights();
  const int d = c.d_model, H = c.num_heads, KV = c.num_kv_heads, hd = c.head_dim;
  const int group = H / KV, t_q = f.t_q, t_k = f.t_k, qw = H * hd;
  const bool self = in.x_kv.empty();
  if (in.t_q != t_q || (!self && in.t_k != t_k))
    fail("attention_backward: the input (t_q ", in.t_q, ") is not the one the forward saw (t_q ",
         t_q, ")");
  if (d_out.size() != std::size_t(t_q) * d)
    fail("d_output has ", d_out.size(), " values, expected t_q ", t_q, " x d_model ", d, " = ",
         std::size_t(t_q) * d);
  if (f.attention.size() != std::size_t(H) * t_q * t_k)
    fail("attention_backward: the forward result does not come from this layer");
  const AttentionGrads shape = AttentionGrads::zeros(c);
  for (auto [have, want] : {std::pair{&g.d_w.w_q, &shape.d_w.w_q},
                            {&g.d_w.w_k, &shape.d_w.w_k},
                            {&g.d_w.w_v, &shape.d_w.w_v},
                            {&g.d_w.w_o, &shape.d_w.w_o},
                            {&g.d_w.b_q, &shape.d_w.b_q},
                            {&g.d_w.b_k, &shape.d_w.b_k},
                            {&g.d_w.b_v, &shape.d_w.b_v},
                            {&g.d_w.b_o, &shape.d_w.b_o},
                            {&g.d_gates, &shape.d_gates}})
    if (have->size() != want->size())
      fail(
          "attention_backward: grads do not fit this layer; create them with "
          "AttentionGrads::zeros(layer.config())");
  const std::span<const float> x_kv = self ? in.x_q : in.x_kv;

  const kernels::Kernels& K = kernels::simd();
  // ---- output projection: out = concat · W_oᵀ + b_o, W_o [d, qw]
  // d_concat [t_q, qw] = d_out · W_o;  d W_o += d_outᵀ · concat;  d b_o += Σ_i d_out_i
  std::vector<float> d_concat(std::size_t(t_q) * qw, 0.0f);
  linear_backward(d_out.data(), f.concat.data(), t_q, d, qw, w.w_o.data(), g.d_w.w_o.data(),
                  c.bias ? g.d_w.b_o.data() : nullptr, d_concat.data());

  // ---- per head, back to q, k, v
  const int kvw = KV * hd;
  std::vector<float> d_q(std::size_t(t_q) * qw, 0.0f);   // [t_q, H*hd], like W_q's rows
  std::vector<float> d_k(std::size_t(t_k) * kvw, 0.0f);  // [t_k, KV*hd]
  std::vector<float> d_v(std::size_t(t_k) * kvw, 0.0f);
  std::vector<float> d_o(std::size_t(t_q) * hd);     // [t_q, hd]
  std::vector<float> v_t(std::size_t(hd) * t_k);     // v_gᵀ [hd, t_k]
  std::vector<float> d_s(std::size_t(t_q) * t_k);    // d A, then d S [t_q, t_k]
  std::vector<float> t_buf(std::size_t(t_k) * t_q);  // Aᵀ or d Sᵀ [t_k, t_q]
  for (int h = 0; h < H; ++h) {
    const int gk = h / group;
    const float gate = in.head_gates.empty() ? 1.0f : in.head_gates[h];
    const float scale = f.score_scale[h];
    const float* q_h = &f.q[std::size_t(h) * t_q * hd];
    const float* k_g = &f.k[std::size_t(gk) * t_k * hd];
    const float* v_g = &f.v[std::size_t(gk) * t_k * hd];
    const float* o_h = &f.head_outputs[std::size_t(h) * t_q * hd];
    const float* a_h = &f.attention[std::size_t(h) * t_q * t_k];
    // d gate_h = Σ d concat_h ⊙ O_h;  d O_h = gate_h · d concat_h
    for (int i = 0; i < t_q; ++i) {
      const float* dc = &d_concat[std::size_t(i) * qw + std::size_t(h) * hd];
      const float* oi = o_h + std::size_t(i) * hd;
      float dgate = 0.0f;
      for (int e = 0; e < hd; ++e) dgate += dc[e] * oi[e];
      g.d_gates[h] += dgate;
      K.scale(dc, gate, &d_o[std::size_t(i) * hd], hd);
    }
    // d A [t_q, t_k] = d O · v_gᵀ;  d v_g [t_k, hd] += Aᵀ · d O
    if (h % group == 0) kernels::transpose(v_g, hd, t_k, hd, v_t.data());
    K.gemm(d_o.data(), hd, v_t.data(), t_k, d_s.data(), t_k, t_q, hd, t_k, nullptr);
    kernels::transpose(a_h, t_k, t_q, t_k, t_buf.data());
    K.gemm_acc(t_buf.data(), t_q, d_o.data(), hd, &d_v[std::size_t(gk) * hd], kvw, t_k, t_q, hd);
    // d S = scale · A ⊙ (d A − rowsum(d A ⊙ A)); masked entries have A = 0, so d S = 0
    for (int i = 0; i < t_q; ++i) {
      const float* ai = a_h + std::size_t(i) * t_k;
      float* row = &d_s[std::size_t(i) * t_k];
      float dot = 0.0f;
      for (int j = 0; j < t_k; ++j) dot += row[j] * ai[j];
      for (int j = 0; j < t_k; ++j) row[j] = scale * ai[j] * (row[j] - dot);
    }
    // d q_h [t_q, hd] = d S · k_g;  d k_g [t_k, hd] += d Sᵀ · q_h
    K.gemm(d_s.data(), t_k, k_g, hd, &d_q[std::size_t(h) * hd], qw, t_q, t_k, hd, nullptr);
    kernels::transpose(d_s.data(), t_k, t_q, t_k, t_buf.data());
    K.gemm_acc(t_buf.data(), t_q, q_h, hd, &d_k[std::size_t(gk) * hd], kvw, t_k, t_q, hd);
  }

  // ---- rotary positions: q and k were rotated after their projections; rotate back
  if (c.rope_base) {
    rotate_positions(d_q.data(), t_q, qw, H, hd, c.rope_base, 0, /*inverse=*/true);
    rotate_positions(d_k.data(), t_k, kvw, KV, hd, c.rope_base, 0, /*inverse=*/true);
  }

  // ---- input projections
  g.d_x_q.assign(std::size_t(t_q) * d, 0.0f);
  if (self) {
    g.d_x_kv.clear();
  } else {
    g.d_x_kv.assign(std::size_t(t_k) * d, 0.0f);
  }
  float* d_x_kv = self ? g.d_x_q.data() : g.d_x_kv.data();
  const auto bias = [&](std::vector<float>& b) { return c.bias ? b.data() : nullptr; };
  linear_backward(d_q.data(), in.x_q.data(), t_q, qw, d, w.w_q.data(), g.d_w.w_q.data(),
                  bias(g.d_w.b_q), g.d_x_q.data());
  linear_backward(d_k.data(), x_kv.data(), t_k, kvw, d, w.w_k.data(), g.d_w.w_k.data(),
                  bias(g.d_w.b_k), d_x_kv);
  linear_backward(d_v.data(), x_kv.data(), t_k, kvw, d, w.w_v.data(), g.d_w.w_v.data(),
                  bias(g.d_w.b_v), d_x_kv);
}

}  // namespace headscope

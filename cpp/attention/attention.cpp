#include "attention/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "attention/rotary.hpp"
#include "base/error.hpp"
#include "kernels/kernels.hpp"

namespace headscope {

namespace {

// Largest heads × t_q × t_k a forward may produce (three such tensors are kept).
constexpr std::uint64_t kMaxAttentionEntries = std::uint64_t(1) << 25;
// Most values all of a forward's tensors may hold together: 2^27 floats, 512 MiB.
constexpr std::uint64_t kMaxResultValues = std::uint64_t(1) << 27;
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// w: [rows, cols] → [cols, rows].
std::vector<float> transpose(const std::vector<float>& w, int rows, int cols) {
  std::vector<float> t(w.size());
  kernels::transpose(w.data(), cols, rows, cols, t.data());
  return t;
}

void check_tokens(const char* name, std::span<const float> x, const char* t_name, int t,
                  int d_model) {
  if (t < 1) fail(t_name, " ", t, " must be at least 1");
  const std::size_t expected = std::size_t(t) * d_model;
  if (x.size() != expected)
    fail(name, " has ", x.size(), " values, expected ", t_name, " ", t, " x d_model ", d_model,
         " = ", expected);
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i])) fail(name, "[", i, "] is ", x[i], "; inputs must be finite numbers");
}

void check_gates(std::span<const float> gates, int num_heads) {
  if (gates.empty()) return;
  if (int(gates.size()) != num_heads)
    fail("head_gates has ", gates.size(), " values but num_heads is ", num_heads);
  for (int h = 0; h < num_heads; ++h)
    if (!(gates[h] >= 0.0f && gates[h] <= 1.0f))
      fail("head_gates[", h, "] ", gates[h], " must be in [0, 1]");
}

}  // namespace

void MultiHeadAttention::check_output(const std::vector<float>& output) {
  for (std::size_t i = 0; i < output.size(); ++i)
    if (!std::isfinite(output[i]))
      fail("output[", i, "] overflowed to ", output[i], "; inputs or weights are too large");
}

MultiHeadAttention::MultiHeadAttention(const AttentionConfig& config, Init init, std::uint64_t seed)
    : config_(resolve(config)) {
  set_weights(init_weights(config_, init, seed));
}

void MultiHeadAttention::set_weights(AttentionWeights weights) {
  check_weights(config_, weights);
  const int d = config_.d_model, q = config_.num_heads * config_.head_dim,
            kv = config_.num_kv_heads * config_.head_dim;
  w_q_t_ = transpose(weights.w_q, q, d);
  w_k_t_ = transpose(weights.w_k, kv, d);
  w_v_t_ = transpose(weights.w_v, kv, d);
  w_o_t_ = transpose(weights.w_o, d, q);
  weights_ = std::move(weights);
}

MultiHeadAttention::Lengths MultiHeadAttention::check_input(const ForwardInput& in) const {
  const AttentionConfig& c = config_;
  const int d = c.d_model, H = c.num_heads, KV = c.num_kv_heads, hd = c.head_dim;
  const bool self = in.x_kv.empty();
  const int t_q = in.t_q, t_k = self ? in.t_q : in.t_k;
  check_tokens("x_q", in.x_q, "t_q", t_q, d);
  if (!self) check_tokens("x_kv", in.x_kv, "t_k", t_k, d);
  if (!in.key_padding_mask.empty() && int(in.key_padding_mask.size()) != t_k)
    fail("key_padding_mask has ", in.key_padding_mask.size(), " values, expected t_k ", t_k);
  check_gates(in.head_gates, H);
  // Sizes in 64 bits: size_t has 32 in wasm, where these products wrapped around (to 0 for 512
  // heads and 4096 tokens) and the tensors were then written far past their end.
  const std::uint64_t entries = std::uint64_t(H) * t_q * t_k;
  if (entries > kMaxAttentionEntries)
    fail("num_heads ", H, " x t_q ", t_q, " x t_k ", t_k, " = ", entries,
         " attention entries exceed the limit of ", kMaxAttentionEntries);
  const std::uint64_t values = 3 * entries                          // scores, logits, attention
                               + 3 * std::uint64_t(H) * t_q * hd    // q, head_outputs, concat
                               + 2 * std::uint64_t(KV) * t_k * hd   // k, v
                               + (std::uint64_t(H) + 1) * t_q * d;  // contributions, output
  if (values > kMaxResultValues)
    fail("a forward of num_heads ", H, ", head_dim ", hd, ", d_model ", d, ", t_q ", t_q,
         " and t_k ", t_k, " would produce ", values, " values, more than the limit of ",
         kMaxResultValues);

  return {t_q, t_k};
}

void MultiHeadAttention::visible_keys(int h, int i, int t_k, int& lo, int& hi) const {
  const int window = config_.head_windows[h];
  lo = 0;
  hi = t_k - 1;
  if (config_.causal) hi = std::min(hi, i);
  if (window > 0) {
    lo = std::max(lo, i - window);
    if (window < hi - i) hi = i + window;  // compared first: i + window may overflow an int
  }
}

float MultiHeadAttention::score_scale(int h) const {
  return (config_.scale_scores ? 1.0f / std::sqrt(float(config_.head_dim)) : 1.0f) /
         config_.head_temperatures[h];
}

AttentionResult MultiHeadAttention::forward(const ForwardInput& input, Backend backend) const {
  AttentionResult out;
  forward(input, out, backend);
  return out;
}

void MultiHeadAttention::forward(const ForwardInput& in, AttentionResult& out,
                                 Backend backend) const {
  const AttentionConfig& c = config_;
  const int d = c.d_model, H = c.num_heads, KV = c.num_kv_heads, hd = c.head_dim;
  const int group = H / KV;  // query heads per key/value head

  // ---- validate everything before touching `out`
  const auto [t_q, t_k] = check_input(in);
  const bool self = in.x_kv.empty();
  const std::span<const float> x_kv = self ? in.x_q : in.x_kv;
  const std::uint64_t entries = std::uint64_t(H) * t_q * t_k;

  const kernels::Kernels& K = backend == Backend::kSimd ? kernels::simd() : kernels::reference();
  out.t_q = t_q;
  out.t_k = t_k;
  out.q.resize(std::size_t(H) * t_q * hd);
  out.k.resize(std::size_t(KV) * t_k * hd);
  out.v.resize(std::size_t(KV) * t_k * hd);
  out.scores.resize(std::size_t(entries));
  out.logits.resize(std::size_t(entries));
  out.attention.resize(std::size_t(entries));
  out.head_outputs.resize(std::size_t(H) * t_q * hd);
  out.concat.resize(std::size_t(t_q) * H * hd);
  out.contributions.resize(std::size_t(H) * t_q * d);
  out.output.resize(std::size_t(t_q) * d);
  out.score_scale.resize(H);

  const auto bias = [&](const std::vector<float>& b, int offset) {
    return c.bias ? b.data() + offset : nullptr;
  };

  // ---- projections, one head slice of W at a time so q, k, v land in [head, t, hd] layout
  // q_h [t_q, hd] = x_q [t_q, d] · W_qᵀ[:, h*hd, +hd] + b_q[h*hd, +hd]
  for (int h = 0; h < H; ++h)
    K.gemm(in.x_q.data(), d, w_q_t_.data() + h * hd, H * hd,
           out.q.data() + std::size_t(h) * t_q * hd, hd, t_q, d, hd, bias(weights_.b_q, h * hd));
  for (int g = 0; g < KV; ++g) {
    K.gemm(x_kv.data(), d, w_k_t_.data() + g * hd, KV * hd,
           out.k.data() + std::size_t(g) * t_k * hd, hd, t_k, d, hd, bias(weights_.b_k, g * hd));
    K.gemm(x_kv.data(), d, w_v_t_.data() + g * hd, KV * hd,
           out.v.data() + std::size_t(g) * t_k * hd, hd, t_k, d, hd, bias(weights_.b_v, g * hd));
  }
  // Rotary positions: each head's rows [t, hd] rotated by position, before the scores.
  if (c.rope_base) {
    for (int h = 0; h < H; ++h)
      rotate_positions(out.q.data() + std::size_t(h) * t_q * hd, t_q, hd, 1, hd, c.rope_base, 0);
    for (int g = 0; g < KV; ++g)
      rotate_positions(out.k.data() + std::size_t(g) * t_k * hd, t_k, hd, 1, hd, c.rope_base, 0);
  }

  // ---- attention per head
  std::vector<float> k_t(std::size_t(hd) * t_k);  // k_g transposed: [hd, t_k]
  for (int h = 0; h < H; ++h) {
    const int g = h / group;
    const float* q_h = out.q.data() + std::size_t(h) * t_q * hd;
    const float* k_g = out.k.data() + std::size_t(g) * t_k * hd;
    const float* v_g = out.v.data() + std::size_t(g) * t_k * hd;
    if (h % group == 0) kernels::transpose(k_g, hd, t_k, hd, k_t.data());

    // scores_h [t_q, t_k] = q_h · k_gᵀ
    float* scores = out.scores.data() + std::size_t(h) * t_q * t_k;
    K.gemm(q_h, hd, k_t.data(), t_k, scores, t_k, t_q, hd, t_k, nullptr);

    const float scale = score_scale(h);
    out.score_scale[h] = scale;
    float* logits = out.logits.data() + std::size_t(h) * t_q * t_k;
    float* attn = out.attention.data() + std::size_t(h) * t_q * t_k;
    for (int i = 0; i < t_q; ++i) {
      int lo, hi;  // visible keys of query i, minus padding
      visible_keys(h, i, t_k, lo, hi);
      float* row = logits + std::size_t(i) * t_k;
      // Keys outside [lo, hi] are masked; with no causal mask or window that is none of them, and
      // the row is written once, by the scale.
      if (lo <= hi) {
        std::fill(row, row + lo, kNegInf);
        K.scale(scores + std::size_t(i) * t_k + lo, scale, row + lo, hi - lo + 1);
        std::fill(row + hi + 1, row + t_k, kNegInf);
      } else {
        std::fill(row, row + t_k, kNegInf);
      }
      if (!in.key_padding_mask.empty())
        for (int j = lo; j <= hi; ++j)
          if (in.key_padding_mask[j]) row[j] = kNegInf;

      float* a = attn + std::size_t(i) * t_k;
      std::copy(row, row + t_k, a);
      if (K.softmax(a, t_k) == kernels::RowStatus::kNotFinite)
        fail("attention logits of head ", h, ", query ", i,
             " are not finite; inputs or weights are too large");
    }

    // head_out_h [t_q, hd] = attention_h [t_q, t_k] · v_g [t_k, hd]
    float* head_out = out.head_outputs.data() + std::size_t(h) * t_q * hd;
    K.gemm(attn, t_k, v_g, hd, head_out, hd, t_q, t_k, hd, nullptr);

    // concat[:, h*hd, +hd] = gate_h × head_out_h
    const float gate = in.head_gates.empty() ? 1.0f : in.head_gates[h];
    for (int i = 0; i < t_q; ++i)
      K.scale(head_out + std::size_t(i) * hd, gate,
              out.concat.data() + std::size_t(i) * H * hd + h * hd, hd);
  }

  // ---- output projection, split by head:
  // contribution_h [t_q, d] = concat[:, h*hd, +hd] · W_oᵀ[h*hd, +hd; :]
  for (int h = 0; h < H; ++h)
    K.gemm(out.concat.data() + h * hd, H * hd, w_o_t_.data() + std::size_t(h) * hd * d, d,
           out.contributions.data() + std::size_t(h) * t_q * d, d, t_q, hd, d, nullptr);
  // output = b_o + Σ_h contribution_h
  for (int i = 0; i < t_q; ++i) {
    float* row = out.output.data() + std::size_t(i) * d;
    if (c.bias)
      std::copy(weights_.b_o.begin(), weights_.b_o.end(), row);
    else
      std::fill(row, row + d, 0.0f);
  }
  for (int h = 0; h < H; ++h)
    K.add(out.contributions.data() + std::size_t(h) * t_q * d, out.output.data(), t_q * d);
  check_output(out.output);
}

}  // namespace headscope

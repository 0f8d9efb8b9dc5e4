#include "attention/weights.hpp"

#include <cmath>

#include "base/error.hpp"
#include "base/rng.hpp"

namespace headscope {

WeightShapes weight_shapes(const AttentionConfig& c) {
  const std::size_t d = c.d_model, q = std::size_t(c.num_heads) * c.head_dim,
                    kv = std::size_t(c.num_kv_heads) * c.head_dim, b = c.bias ? 1 : 0;
  return {q * d, kv * d, kv * d, d * q, b * q, b * kv, b * kv, b * d};
}

AttentionWeights init_weights(const AttentionConfig& c, Init init, std::uint64_t seed,
                              float normal_std) {
  if (!(std::isfinite(normal_std) && normal_std >= 0.0f))
    fail("normal_std ", normal_std, " must be finite and not negative");
  const WeightShapes s = weight_shapes(c);
  AttentionWeights w;
  w.b_q.assign(s.b_q, 0.0f);
  w.b_k.assign(s.b_k, 0.0f);
  w.b_v.assign(s.b_v, 0.0f);
  w.b_o.assign(s.b_o, 0.0f);
  Rng rng(seed);
  // fan_in and fan_out of an [out, in] matrix are in and out.
  const auto fill = [&](std::vector<float>& m, std::size_t size, int out, int in) {
    m.assign(size, 0.0f);
    if (init == Init::kZeros) return;
    if (init == Init::kNormal) {
      for (float& x : m) x = normal_std * rng.normal();
      return;
    }
    const float a = std::sqrt(6.0f / float(in + out));
    for (float& x : m) x = rng.uniform(-a, a);
  };
  const int q = c.num_heads * c.head_dim, kv = c.num_kv_heads * c.head_dim;
  fill(w.w_q, s.w_q, q, c.d_model);
  fill(w.w_k, s.w_k, kv, c.d_model);
  fill(w.w_v, s.w_v, kv, c.d_model);
  fill(w.w_o, s.w_o, c.d_model, q);
  return w;
}

namespace {

void check_tensor(const char* name, const std::vector<float>& t, std::size_t expected,
                  const char* shape) {
  if (t.size() != expected)
    fail(name, " has ", t.size(), " values, expected ", expected, " (", shape, ")");
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t[i])) fail(name, "[", i, "] is ", t[i], "; weights must be finite numbers");
}

}  // namespace

void check_weights(const AttentionConfig& c, const AttentionWeights& w) {
  const WeightShapes s = weight_shapes(c);
  check_tensor("w_q", w.w_q, s.w_q, "num_heads*head_dim x d_model");
  check_tensor("w_k", w.w_k, s.w_k, "num_kv_heads*head_dim x d_model");
  check_tensor("w_v", w.w_v, s.w_v, "num_kv_heads*head_dim x d_model");
  check_tensor("w_o", w.w_o, s.w_o, "d_model x num_heads*head_dim");
  const char* why = c.bias ? "num_heads*head_dim" : "empty: bias is off";
  check_tensor("b_q", w.b_q, s.b_q, why);
  check_tensor("b_k", w.b_k, s.b_k, c.bias ? "num_kv_heads*head_dim" : why);
  check_tensor("b_v", w.b_v, s.b_v, c.bias ? "num_kv_heads*head_dim" : why);
  check_tensor("b_o", w.b_o, s.b_o, c.bias ? "d_model" : why);
}

}  // namespace headscope

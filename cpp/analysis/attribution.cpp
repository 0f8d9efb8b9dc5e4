#include "analysis/attribution.hpp"

#include <cmath>

#include "base/error.hpp"

namespace headscope {

std::vector<float> contribution_norms(const AttentionResult& r, int num_heads, int d_model) {
  const int t_q = r.t_q;
  if (r.contributions.size() != std::size_t(num_heads) * t_q * d_model)
    fail("contributions has ", r.contributions.size(), " values, expected num_heads ", num_heads,
         " x t_q ", t_q, " x d_model ", d_model);
  std::vector<float> norms(std::size_t(num_heads) * t_q);
  for (std::size_t row = 0; row < norms.size(); ++row) {
    const float* c = &r.contributions[row * d_model];
    double sum = 0.0;
    for (int e = 0; e < d_model; ++e) sum += double(c[e]) * c[e];
    norms[row] = float(std::sqrt(sum));
  }
  return norms;
}

std::vector<float> fused_attribution(const MultiHeadAttention& layer, const AttentionResult& r,
                                     std::span<const float> gates) {
  const AttentionConfig& c = layer.config();
  const int H = c.num_heads, hd = c.head_dim, d = c.d_model, t_q = r.t_q, t_k = r.t_k;
  const int group = H / c.num_kv_heads;
  const double work = double(t_q) * t_k * H * d;
  if (work > double(1 << 30))
    fail("fused attribution of t_q ", t_q, " x t_k ", t_k, " x num_heads ", H, " x d_model ", d,
         " exceeds the limit of 2^30 steps");
  if (r.attention.size() != std::size_t(H) * t_q * t_k)
    fail("the result does not come from this layer (attention has ", r.attention.size(),
         " values)");
  if (!gates.empty() && int(gates.size()) != H)
    fail("head_gates has ", gates.size(), " values but num_heads is ", H);
  const std::vector<float>& w_o = layer.weights().w_o;  // [d, H*hd]

  // u: [H, t_k, d]
  std::vector<float> u(std::size_t(H) * t_k * d);
  for (int h = 0; h < H; ++h) {
    const float* v_g = &r.v[std::size_t(h / group) * t_k * hd];
    for (int j = 0; j < t_k; ++j) {
      float* out = &u[(std::size_t(h) * t_k + j) * d];
      for (int o = 0; o < d; ++o) {
        const float* w = &w_o[std::size_t(o) * H * hd + std::size_t(h) * hd];
        float s = 0.0f;
        for (int e = 0; e < hd; ++e) s += v_g[std::size_t(j) * hd + e] * w[e];
        out[o] = s;
      }
    }
  }

  std::vector<float> fused(std::size_t(t_q) * t_k, 0.0f);
  std::vector<float> acc(d);
  for (int i = 0; i < t_q; ++i) {
    float* row = &fused[std::size_t(i) * t_k];
    double total = 0.0;
    for (int j = 0; j < t_k; ++j) {
      std::fill(acc.begin(), acc.end(), 0.0f);
      for (int h = 0; h < H; ++h) {
        const float weight =
            (gates.empty() ? 1.0f : gates[h]) * r.attention[(std::size_t(h) * t_q + i) * t_k + j];
        if (weight == 0.0f) continue;
        const float* uj = &u[(std::size_t(h) * t_k + j) * d];
        for (int o = 0; o < d; ++o) acc[o] += weight * uj[o];
      }
      double sum = 0.0;
      for (float a : acc) sum += double(a) * a;
      row[j] = float(std::sqrt(sum));
      total += row[j];
    }
    if (total > 0.0)
      for (int j = 0; j < t_k; ++j) row[j] = float(row[j] / total);
  }
  return fused;
}

}  // namespace headscope

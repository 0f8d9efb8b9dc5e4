#include "analysis/rollout.hpp"

#include <algorithm>
#include <cstddef>

#include "base/error.hpp"

namespace headscope {

namespace {

// Divides each row of m [t, t] by its sum (a zero row stays zero).
void normalise_rows(std::vector<double>& m, int t) {
  for (int i = 0; i < t; ++i) {
    double s = 0.0;
    for (int j = 0; j < t; ++j) s += m[std::size_t(i) * t + j];
    if (s > 0.0)
      for (int j = 0; j < t; ++j) m[std::size_t(i) * t + j] /= s;
  }
}

// F_l, then A_l = ½ F_l + ½ I with rows renormalised. fused: [t, t]
std::vector<double> layer_matrix(const AttentionResult& r, int num_heads, Fusion fusion,
                                 const float* gates) {
  const int t = r.t_q;
  std::vector<double> f(std::size_t(t) * t, 0.0);
  bool any = false;
  for (int h = 0; h < num_heads; ++h) {
    if (gates && gates[h] == 0.0f) continue;
    const float* a = &r.attention[std::size_t(h) * t * t];
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (!any)
        f[k] = a[k];
      else if (fusion == Fusion::kMax)
        f[k] = std::max(f[k], double(a[k]));
      else if (fusion == Fusion::kMin)
        f[k] = std::min(f[k], double(a[k]));
      else
        f[k] += a[k];
    }
    any = true;
  }
  normalise_rows(f, t);  // mean: the sum over heads, renormalised
  for (auto& x : f) x *= 0.5;
  for (int i = 0; i < t; ++i) f[std::size_t(i) * t + i] += 0.5;
  normalise_rows(f, t);
  return f;
}

}  // namespace

std::vector<float> attention_rollout(const std::vector<const AttentionResult*>& layers,
                                     int num_heads, Fusion fusion, std::span<const float> gates) {
  if (layers.empty()) fail("rollout needs at least one layer");
  if (num_heads < 1) fail("num_heads ", num_heads, " must be at least 1");
  if (!gates.empty() && gates.size() != layers.size() * std::size_t(num_heads))
    fail("gates has ", gates.size(),
         " values, expected layers × heads = ", layers.size() * std::size_t(num_heads));
  const int t = layers[0]->t_q;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const AttentionResult& r = *layers[l];
    if (r.t_q != t || r.t_k != t || r.attention.size() != std::size_t(num_heads) * t * t)
      fail("layer ", l + 1, " is not self-attention over ", t, " tokens with ", num_heads,
           " heads");
  }
  // rollout: [t, t], starting from I; each layer multiplies on the left.
  std::vector<double> roll(std::size_t(t) * t, 0.0), next(roll.size());
  for (int i = 0; i < t; ++i) roll[std::size_t(i) * t + i] = 1.0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const float* g = gates.empty() ? nullptr : &gates[l * num_heads];
    const std::vector<double> a = layer_matrix(*layers[l], num_heads, fusion, g);
    std::fill(next.begin(), next.end(), 0.0);
    for (int i = 0; i < t; ++i)
      for (int k = 0; k < t; ++k) {
        const double aik = a[std::size_t(i) * t + k];
        if (aik == 0.0) continue;
        for (int j = 0; j < t; ++j)
          next[std::size_t(i) * t + j] += aik * roll[std::size_t(k) * t + j];
      }
    roll.swap(next);
  }
  return std::vector<float>(roll.begin(), roll.end());
}

}  // namespace headscope

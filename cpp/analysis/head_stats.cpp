#include "analysis/head_stats.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

#include "base/error.hpp"

namespace headscope {

namespace {

void check(const AttentionResult& r, int num_heads) {
  if (num_heads < 1) fail("num_heads ", num_heads, " must be at least 1");
  const std::size_t want = std::size_t(num_heads) * r.t_q * r.t_k;
  if (r.attention.size() != want || r.logits.size() != want)
    fail("attention has ", r.attention.size(), " values, expected heads × t_q × t_k = ", want);
}

// Σ p log2(p / m) over the entries where p > 0.
double kl_to_mix(const float* p, const double* m, int n) {
  double s = 0.0;
  for (int j = 0; j < n; ++j)
    if (p[j] > 0.0f) s += p[j] * std::log2(p[j] / m[j]);
  return s;
}

}  // namespace

std::vector<HeadStats> head_stats(const AttentionResult& r, int num_heads, int grid_w) {
  check(r, num_heads);
  const int tq = r.t_q, tk = r.t_k;
  std::vector<HeadStats> out(static_cast<std::size_t>(num_heads));
  if (tq == 0) return out;
  for (int h = 0; h < num_heads; ++h) {
    double entropy = 0, distance = 0, self = 0, previous = 0, first = 0;
    for (int i = 0; i < tq; ++i) {
      const std::size_t row = (std::size_t(h) * tq + i) * tk;
      const float* a = &r.attention[row];
      const float* logit = &r.logits[row];
      int allowed = 0;
      double e = 0.0;
      for (int j = 0; j < tk; ++j) {
        allowed += std::isfinite(logit[j]);
        if (a[j] > 0.0f) e -= a[j] * std::log(double(a[j]));
        double dist = std::abs(i - j);
        if (grid_w > 0) dist = std::hypot(i % grid_w - j % grid_w, i / grid_w - j / grid_w);
        distance += a[j] * dist;
      }
      if (allowed > 1) entropy += e / std::log(double(allowed));
      if (tq == tk && i < tk) self += a[i];
      if (i >= 1 && i - 1 < tk) previous += a[i - 1];
      if (tk > 0) first += a[0];
    }
    HeadStats& s = out[std::size_t(h)];
    s.entropy = float(entropy / tq);
    s.distance = float(distance / tq);
    s.self = tq == tk ? float(self / tq) : 0.0f;
    s.previous = tq > 1 ? float(previous / (tq - 1)) : 0.0f;
    s.first = float(first / tq);
  }
  return out;
}

std::vector<float> js_distance(const AttentionResult& r, int num_heads) {
  check(r, num_heads);
  const int tq = r.t_q, tk = r.t_k, n = num_heads;
  std::vector<float> out(std::size_t(n) * n, 0.0f);
  if (tq == 0) return out;
  std::vector<double> mix(static_cast<std::size_t>(tk), 0.0);
  for (int g = 0; g < n; ++g)
    for (int h = g + 1; h < n; ++h) {
      double sum = 0.0;
      for (int i = 0; i < tq; ++i) {
        const float* p = &r.attention[(std::size_t(g) * tq + i) * tk];
        const float* q = &r.attention[(std::size_t(h) * tq + i) * tk];
        for (int j = 0; j < tk; ++j) mix[j] = 0.5 * (double(p[j]) + q[j]);
        const double js = 0.5 * kl_to_mix(p, mix.data(), tk) + 0.5 * kl_to_mix(q, mix.data(), tk);
        sum += std::sqrt(std::max(js, 0.0));  // rounding can leave a tiny negative
      }
      out[std::size_t(g) * n + h] = out[std::size_t(h) * n + g] = float(sum / tq);
    }
  return out;
}

std::vector<float> contribution_similarity(const AttentionResult& r, int num_heads, int d_model) {
  const std::size_t per_head = std::size_t(r.t_q) * d_model;
  if (num_heads < 1) fail("num_heads ", num_heads, " must be at least 1");
  if (r.contributions.size() != per_head * num_heads)
    fail("contributions have ", r.contributions.size(),
         " values, expected heads × t_q × d_model = ", per_head * num_heads);
  const int n = num_heads;
  std::vector<double> norm(std::size_t(n), 0.0);
  for (int h = 0; h < n; ++h) {
    for (std::size_t k = 0; k < per_head; ++k) {
      const double c = r.contributions[h * per_head + k];
      norm[h] += c * c;
    }
    norm[h] = std::sqrt(norm[h]);
  }
  std::vector<float> out(std::size_t(n) * n, 0.0f);
  for (int g = 0; g < n; ++g)
    for (int h = g; h < n; ++h) {
      if (norm[g] == 0.0 || norm[h] == 0.0) continue;
      double dot = 0.0;
      for (std::size_t k = 0; k < per_head; ++k)
        dot += double(r.contributions[g * per_head + k]) * r.contributions[h * per_head + k];
      out[std::size_t(g) * n + h] = out[std::size_t(h) * n + g] = float(dot / (norm[g] * norm[h]));
    }
  return out;
}

std::vector<int> cluster_order(const std::vector<float>& distance, int n) {
  if (n < 0 || distance.size() != std::size_t(n) * n)
    fail("distance has ", distance.size(), " values, expected ", n, " × ", n);
  std::vector<std::vector<int>> clusters;
  for (int i = 0; i < n; ++i) clusters.push_back({i});
  const auto linkage = [&](const std::vector<int>& a, const std::vector<int>& b) {
    double s = 0.0;
    for (int i : a)
      for (int j : b) s += distance[std::size_t(i) * n + j];
    return s / (double(a.size()) * b.size());
  };
  while (clusters.size() > 1) {
    std::size_t best_a = 0, best_b = 1;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < clusters.size(); ++a)
      for (std::size_t b = a + 1; b < clusters.size(); ++b) {
        const double d = linkage(clusters[a], clusters[b]);
        if (d < best) best = d, best_a = a, best_b = b;
      }
    clusters[best_a].insert(clusters[best_a].end(), clusters[best_b].begin(),
                            clusters[best_b].end());
    clusters.erase(clusters.begin() + std::ptrdiff_t(best_b));
  }
  return n == 0 ? std::vector<int>{} : clusters[0];
}

}  // namespace headscope

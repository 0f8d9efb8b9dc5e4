// Test helpers: random inputs (from the standard library, independent of the core's Rng) and a
// direct, double-precision implementation of multi-head attention written from the definitions,
// sharing no code with the core, to compare the core against.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "attention/attention.hpp"
#include "base/error.hpp"
#include "nn/encoder.hpp"

namespace headscope::test {

// A text encoder of two layers of two heads, d_model 8, 6 tokens: small enough for finite
// differences and for hand-made checkpoints.
inline EncoderConfig tiny_text_config(int vocab) {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 2;
  c.mlp_hidden = 12;
  c.max_len = 6;
  c.vocab = vocab;
  return c;
}

inline std::vector<float> random_vector(std::size_t n, unsigned seed, float amplitude = 1.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-amplitude, amplitude);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

// Random weights (with random biases, unlike the core's initialisers) for a resolved config.
inline AttentionWeights random_weights(const AttentionConfig& c, unsigned seed) {
  const WeightShapes s = weight_shapes(c);
  return {random_vector(s.w_q, seed + 1, 0.5f), random_vector(s.w_k, seed + 2, 0.5f),
          random_vector(s.w_v, seed + 3, 0.5f), random_vector(s.w_o, seed + 4, 0.5f),
          random_vector(s.b_q, seed + 5, 0.5f), random_vector(s.b_k, seed + 6, 0.5f),
          random_vector(s.b_v, seed + 7, 0.5f), random_vector(s.b_o, seed + 8, 0.5f)};
}

struct Reference {
  std::vector<double> attention;      // [H, t_q, t_k]
  std::vector<double> head_outputs;   // [H, t_q, hd]
  std::vector<double> contributions;  // [H, t_q, d]
  std::vector<double> output;         // [t_q, d]
};

// x_kv empty means self-attention.
inline Reference reference_forward(const AttentionConfig& c, const AttentionWeights& w,
                                   const std::vector<float>& x_q, int t_q,
                                   std::vector<float> x_kv = {}, int t_k = 0,
                                   const std::vector<std::uint8_t>& pad = {},
                                   const std::vector<float>& gates = {}) {
  if (x_kv.empty()) {
    x_kv = x_q;
    t_k = t_q;
  }
  const int d = c.d_model, H = c.num_heads, hd = c.head_dim, group = c.num_heads / c.num_kv_heads;
  const auto project = [&](const std::vector<float>& x, int t, const std::vector<float>& W,
                           const std::vector<float>& b, int out_row) {
    std::vector<double> y(std::size_t(t) * hd);
    for (int i = 0; i < t; ++i)
      for (int e = 0; e < hd; ++e) {
        double s = c.bias ? b[out_row + e] : 0.0;
        for (int m = 0; m < d; ++m) s += double(x[i * d + m]) * W[(out_row + e) * d + m];
        y[i * hd + e] = s;
      }
    return y;
  };
  Reference r;
  r.attention.assign(std::size_t(H) * t_q * t_k, 0.0);
  r.head_outputs.assign(std::size_t(H) * t_q * hd, 0.0);
  r.contributions.assign(std::size_t(H) * t_q * d, 0.0);
  r.output.assign(std::size_t(t_q) * d, 0.0);
  for (int h = 0; h < H; ++h) {
    const int g = h / group;
    const auto q = project(x_q, t_q, w.w_q, w.b_q, h * hd);
    const auto k = project(x_kv, t_k, w.w_k, w.b_k, g * hd);
    const auto v = project(x_kv, t_k, w.w_v, w.b_v, g * hd);
    double scale = c.scale_scores ? 1.0 / std::sqrt(double(hd)) : 1.0;
    scale /= c.head_temperatures[h];
    const int window = c.head_windows[h];
    const double gate = gates.empty() ? 1.0 : gates[h];
    for (int i = 0; i < t_q; ++i) {
      std::vector<double> logit(t_k);
      std::vector<bool> visible(t_k);
      double max = -INFINITY;
      for (int j = 0; j < t_k; ++j) {
        visible[j] = !(c.causal && j > i) && !(window > 0 && std::abs(i - j) > window) &&
                     !(!pad.empty() && pad[j]);
        double s = 0;
        if (c.rope_base) {
          // Rotary positions in their relative form: Re(q_m · conj(k_m) · e^{i (i - j) θ_m}) per
          // pair m, with q_m = q_2m + i q_2m+1 and θ_m = base^(-2m / hd).
          for (int m = 0; m < hd / 2; ++m) {
            const std::complex<double> qm(q[i * hd + 2 * m], q[i * hd + 2 * m + 1]);
            const std::complex<double> km(k[j * hd + 2 * m], k[j * hd + 2 * m + 1]);
            const double theta = std::pow(double(c.rope_base), -2.0 * m / hd);
            s += (qm * std::conj(km) * std::polar(1.0, (i - j) * theta)).real();
          }
        } else {
          for (int e = 0; e < hd; ++e) s += q[i * hd + e] * k[j * hd + e];
        }
        logit[j] = s * scale;
        if (visible[j]) max = std::max(max, logit[j]);
      }
      double sum = 0;
      for (int j = 0; j < t_k; ++j) sum += visible[j] ? std::exp(logit[j] - max) : 0.0;
      for (int j = 0; j < t_k; ++j) {
        const double a = visible[j] ? std::exp(logit[j] - max) / sum : 0.0;
        r.attention[(std::size_t(h) * t_q + i) * t_k + j] = a;
        for (int e = 0; e < hd; ++e)
          r.head_outputs[(std::size_t(h) * t_q + i) * hd + e] += a * v[j * hd + e];
      }
      for (int o = 0; o < d; ++o) {
        double s = 0;
        for (int e = 0; e < hd; ++e)
          s += gate * r.head_outputs[(std::size_t(h) * t_q + i) * hd + e] *
               w.w_o[std::size_t(o) * H * hd + h * hd + e];
        r.contributions[(std::size_t(h) * t_q + i) * d + o] = s;
        r.output[std::size_t(i) * d + o] += s;
      }
    }
  }
  if (c.bias)
    for (int i = 0; i < t_q; ++i)
      for (int o = 0; o < d; ++o) r.output[std::size_t(i) * d + o] += w.b_o[o];
  return r;
}

// Element-wise closeness with an absolute-plus-relative tolerance.
template <typename A, typename B>
::testing::AssertionResult all_near(const A& actual, const B& expected, double tol = 2e-5) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure()
           << "sizes differ: " << actual.size() << " vs " << expected.size();
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double a = actual[i], e = expected[i];
    if (!(std::abs(a - e) <= tol * (1.0 + std::abs(e))))
      return ::testing::AssertionFailure() << "at [" << i << "]: " << a << " vs " << e;
  }
  return ::testing::AssertionSuccess();
}

// The message of the Error that `f` throws, or "" if it throws nothing.
template <typename F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace headscope::test

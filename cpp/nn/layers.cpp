#include "nn/layers.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"
#include "kernels/kernels.hpp"

namespace headscope {

namespace {

void check_positive(const char* what, int value) {
  if (value < 1) fail(what, " ", value, " must be at least 1");
}

// `what` ([t, width]) must hold t * width values, t >= 1.
void check_rows(const char* what, std::size_t size, int t, int width, const char* width_name) {
  if (t < 1) fail(what, ": t ", t, " must be at least 1");
  const std::size_t expected = std::size_t(t) * std::size_t(width);
  if (size != expected)
    fail(what, " has ", size, " values, expected t*", width_name, " = ", t, "*", width, " = ",
         expected);
}

// A public parameter vector someone resized.
void check_param(const char* what, std::size_t size, std::size_t expected) {
  if (size != expected) fail(what, " has ", size, " values, expected ", expected);
}

void check_cache(const char* layer, int t) {
  if (t < 1) fail(layer, " backward: the cache is empty; run forward with it first");
}

// `grad`, sized to `n` zeros the first time a gradient is asked for (see Grads), then checked:
// a gradient someone resized is an error, not a silent reallocation.
std::vector<float>& grad_for(const char* what, std::vector<float>& grad, std::size_t n) {
  if (grad.empty()) grad.assign(n, 0.0f);
  check_param(what, grad.size(), n);
  return grad;
}

void add_param(std::vector<ParamRef>& out, const std::string& prefix, const char* name,
               std::vector<float>& value, std::vector<float>& grad, std::vector<std::int64_t> shape,
               Grads grads) {
  std::string full = param_name(prefix, name);
  const std::span<float> g =
      grads == Grads::kWith
          ? std::span<float>(grad_for((full + " gradient").c_str(), grad, value.size()))
          : std::span<float>();
  out.push_back({std::move(full), value, g, std::move(shape)});
}

// (Rng::none() draws zeros, which the vector already holds: its loop is skipped.)
void fill_normal(std::vector<float>& v, float std_dev, Rng& rng) {
  if (rng.draws())
    for (float& x : v) x = std_dev * rng.normal();
}

}  // namespace

// --- Linear
// ---------------------------------------------------------------------------------------

Linear::Linear(int in, int out, bool with_bias, Rng& rng) : in_(in), out_(out) {
  check_positive("Linear in", in);
  check_positive("Linear out", out);
  const float a = 1.0f / std::sqrt(float(in));
  weight.resize(std::size_t(out) * in);
  if (with_bias) bias.resize(out);
  if (!rng.draws()) return;  // weights about to be loaded: zeros, as Rng::none() would draw
  for (float& w : weight) w = rng.uniform(-a, a);
  for (float& b : bias) b = rng.uniform(-a, a);
}

void linear_backward(const float* d_y, const float* x, int t, int n, int d, const float* w,
                     float* d_w, float* d_b, float* d_x) {
  const kernels::Kernels& K = kernels::simd();
  std::vector<float> d_y_t(std::size_t(n) * t);  // [n, t]
  kernels::transpose(d_y, n, t, n, d_y_t.data());
  K.gemm_acc(d_y_t.data(), t, x, d, d_w, d, n, t, d);
  K.gemm_acc(d_y, n, w, d, d_x, d, t, n, d);
  if (d_b)
    for (int i = 0; i < t; ++i) K.add(d_y + std::size_t(i) * n, d_b, n);
}

std::vector<float> Linear::forward(std::span<const float> x, int t, Cache& cache) const {
  check_rows("Linear input x", x.size(), t, in_, "in");
  check_param("Linear weight", weight.size(), std::size_t(out_) * in_);
  if (!bias.empty()) check_param("Linear bias", bias.size(), out_);
  // y = x · Wᵀ straight from W [out, in]: a transposed copy of W before each product took half
  // of the English encoder's forward in wasm (its 4,096-word output layer alone is 2 MiB).
  std::vector<float> y(std::size_t(t) * out_);
  kernels::simd().gemm_nt(x.data(), in_, weight.data(), in_, y.data(), out_, t, in_, out_,
                          bias.empty() ? nullptr : bias.data());
  cache.t = t;
  cache.x.assign(x.begin(), x.end());
  return y;
}

std::vector<float> Linear::backward(std::span<const float> dy, const Cache& cache) {
  check_cache("Linear", cache.t);
  const int t = cache.t;
  check_rows("Linear backward dy", dy.size(), t, out_, "out");
  grad_for("Linear grad_weight", grad_weight, weight.size());
  if (!bias.empty()) grad_for("Linear grad_bias", grad_bias, bias.size());
  std::vector<float> dx(std::size_t(t) * in_, 0.0f);
  linear_backward(dy.data(), cache.x.data(), t, out_, in_, weight.data(), grad_weight.data(),
                  grad_bias.empty() ? nullptr : grad_bias.data(), dx.data());
  return dx;
}

void Linear::zero_grad() {
  std::fill(grad_weight.begin(), grad_weight.end(), 0.0f);
  std::fill(grad_bias.begin(), grad_bias.end(), 0.0f);
}

void Linear::params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads) {
  add_param(out, prefix, "weight", weight, grad_weight, {out_, in_}, grads);
  if (!bias.empty()) add_param(out, prefix, "bias", bias, grad_bias, {out_}, grads);
}

// --- LayerNorm
// ------------------------------------------------------------------------------------

LayerNorm::LayerNorm(int dim, float epsilon) : eps(epsilon), dim_(dim) {
  check_positive("LayerNorm dim", dim);
  if (!(std::isfinite(epsilon) && epsilon > 0.0f))
    fail("LayerNorm eps ", epsilon, " must be a positive number");
  weight.assign(dim, 1.0f);
  bias.assign(dim, 0.0f);
}

std::vector<float> LayerNorm::forward(std::span<const float> x, int t, Cache& cache) const {
  check_rows("LayerNorm input x", x.size(), t, dim_, "dim");
  check_param("LayerNorm weight", weight.size(), dim_);
  check_param("LayerNorm bias", bias.size(), dim_);
  const std::size_t d = dim_;
  std::vector<float> y(x.size());
  cache.t = t;
  cache.x_hat.resize(x.size());
  cache.rstd.resize(t);
  for (int i = 0; i < t; ++i) {
    const float* xi = x.data() + i * d;
    double mean = 0.0, var = 0.0;
    for (std::size_t m = 0; m < d; ++m) mean += xi[m];
    mean /= double(d);
    for (std::size_t m = 0; m < d; ++m) var += (xi[m] - mean) * (xi[m] - mean);
    var /= double(d);  // biased, as PyTorch
    const double rstd = 1.0 / std::sqrt(var + double(eps));
    cache.rstd[i] = float(rstd);
    for (std::size_t m = 0; m < d; ++m) {
      const float h = float((xi[m] - mean) * rstd);
      cache.x_hat[i * d + m] = h;
      y[i * d + m] = h * weight[m] + bias[m];
    }
  }
  return y;
}

std::vector<float> LayerNorm::backward(std::span<const float> dy, const Cache& cache) {
  check_cache("LayerNorm", cache.t);
  check_rows("LayerNorm backward dy", dy.size(), cache.t, dim_, "dim");
  grad_for("LayerNorm grad_weight", grad_weight, dim_);
  grad_for("LayerNorm grad_bias", grad_bias, dim_);
  // With g = dy ⊙ gamma:  dx = rstd · (g − mean(g) − x_hat · mean(g ⊙ x_hat))
  const std::size_t d = dim_;
  std::vector<float> dx(dy.size());
  for (int i = 0; i < cache.t; ++i) {
    const float* dyi = dy.data() + i * d;
    const float* hi = cache.x_hat.data() + i * d;
    double mean_g = 0.0, mean_gh = 0.0;
    for (std::size_t m = 0; m < d; ++m) {
      const double g = double(dyi[m]) * weight[m];
      mean_g += g;
      mean_gh += g * hi[m];
      grad_weight[m] += dyi[m] * hi[m];
      grad_bias[m] += dyi[m];
    }
    mean_g /= double(d);
    mean_gh /= double(d);
    for (std::size_t m = 0; m < d; ++m)
      dx[i * d + m] =
          float(cache.rstd[i] * (double(dyi[m]) * weight[m] - mean_g - hi[m] * mean_gh));
  }
  return dx;
}

void LayerNorm::zero_grad() {
  std::fill(grad_weight.begin(), grad_weight.end(), 0.0f);
  std::fill(grad_bias.begin(), grad_bias.end(), 0.0f);
}

void LayerNorm::params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads) {
  add_param(out, prefix, "weight", weight, grad_weight, {dim_}, grads);
  add_param(out, prefix, "bias", bias, grad_bias, {dim_}, grads);
}

// --- GELU
// -----------------------------------------------------------------------------------------

float gelu(float x) {
  const double v = x;
  return float(0.5 * v * (1.0 + std::erf(v * 0.70710678118654752440)));
}

float gelu_grad(float x) {
  const double v = x;
  const double cdf = 0.5 * (1.0 + std::erf(v * 0.70710678118654752440));
  const double pdf = 0.39894228040143267794 * std::exp(-0.5 * v * v);  // 1/sqrt(2π) e^(-v²/2)
  return float(cdf + v * pdf);
}

std::vector<float> Gelu::forward(std::span<const float> x, Cache& cache) const {
  cache.x.assign(x.begin(), x.end());
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = gelu(x[i]);
  return y;
}

std::vector<float> Gelu::backward(std::span<const float> dy, const Cache& cache) const {
  if (dy.size() != cache.x.size())
    fail("Gelu backward dy has ", dy.size(), " values, expected the input's ", cache.x.size());
  std::vector<float> dx(dy.size());
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * gelu_grad(cache.x[i]);
  return dx;
}

// --- Mlp
// ------------------------------------------------------------------------------------------

Mlp::Mlp(int dim, int hidden, Rng& rng, bool bias)
    : fc1(dim, hidden, bias, rng), fc2(hidden, dim, bias, rng) {}

std::vector<float> Mlp::forward(std::span<const float> x, int t, Cache& cache) const {
  const std::vector<float> h = fc1.forward(x, t, cache.fc1);
  const std::vector<float> a = act.forward(h, cache.act);
  return fc2.forward(a, t, cache.fc2);
}

std::vector<float> Mlp::backward(std::span<const float> dy, const Cache& cache) {
  const std::vector<float> da = fc2.backward(dy, cache.fc2);
  const std::vector<float> dh = act.backward(da, cache.act);
  return fc1.backward(dh, cache.fc1);
}

void Mlp::zero_grad() {
  fc1.zero_grad();
  fc2.zero_grad();
}

void Mlp::params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads) {
  fc1.params(out, param_name(prefix, "fc1"), grads);
  fc2.params(out, param_name(prefix, "fc2"), grads);
}

// --- Embedding
// ------------------------------------------------------------------------------------

Embedding::Embedding(int vocab, int dim, Rng& rng) : vocab_(vocab), dim_(dim) {
  check_positive("Embedding vocab", vocab);
  check_positive("Embedding dim", dim);
  weight.resize(std::size_t(vocab) * dim);
  fill_normal(weight, 0.02f, rng);
}

std::vector<float> Embedding::forward(std::span<const int> ids, Cache& cache) const {
  if (ids.empty()) fail("Embedding ids is empty; need at least 1 token id");
  check_param("Embedding weight", weight.size(), std::size_t(vocab_) * dim_);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 0 || ids[i] >= vocab_)
      fail("token id ", ids[i], " at position ", i, " is out of range [0, vocab ", vocab_, ")");
  const std::size_t d = dim_;
  std::vector<float> y(ids.size() * d);
  for (std::size_t i = 0; i < ids.size(); ++i)
    std::copy_n(weight.begin() + std::size_t(ids[i]) * d, d, y.begin() + i * d);
  cache.ids.assign(ids.begin(), ids.end());
  return y;
}

void Embedding::backward(std::span<const float> dy, const Cache& cache) {
  check_cache("Embedding", int(cache.ids.size()));
  check_rows("Embedding backward dy", dy.size(), int(cache.ids.size()), dim_, "dim");
  grad_for("Embedding grad_weight", grad_weight, weight.size());
  const std::size_t d = dim_;
  for (std::size_t i = 0; i < cache.ids.size(); ++i) {
    float* g = grad_weight.data() + std::size_t(cache.ids[i]) * d;
    for (std::size_t m = 0; m < d; ++m) g[m] += dy[i * d + m];
  }
}

void Embedding::zero_grad() {
  std::fill(grad_weight.begin(), grad_weight.end(), 0.0f);
}

void Embedding::params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads) {
  add_param(out, prefix, "weight", weight, grad_weight, {vocab_, dim_}, grads);
}

// --- PositionalEmbedding
// --------------------------------------------------------------------------

PositionalEmbedding::PositionalEmbedding(int max_len, int dim, Rng& rng)
    : max_len_(max_len), dim_(dim) {
  check_positive("PositionalEmbedding max_len", max_len);
  check_positive("PositionalEmbedding dim", dim);
  weight.resize(std::size_t(max_len) * dim);
  fill_normal(weight, 0.02f, rng);
}

std::vector<float> PositionalEmbedding::forward(std::span<const float> x, int t) const {
  check_rows("PositionalEmbedding input x", x.size(), t, dim_, "dim");
  if (t > max_len_) fail("PositionalEmbedding: t ", t, " exceeds max_len ", max_len_);
  check_param("PositionalEmbedding weight", weight.size(), std::size_t(max_len_) * dim_);
  std::vector<float> y(x.begin(), x.end());
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += weight[i];
  return y;
}

std::vector<float> PositionalEmbedding::backward(std::span<const float> dy, int t) {
  check_rows("PositionalEmbedding backward dy", dy.size(), t, dim_, "dim");
  if (t > max_len_) fail("PositionalEmbedding: t ", t, " exceeds max_len ", max_len_);
  grad_for("PositionalEmbedding grad_weight", grad_weight, weight.size());
  for (std::size_t i = 0; i < dy.size(); ++i) grad_weight[i] += dy[i];
  return std::vector<float>(dy.begin(), dy.end());
}

void PositionalEmbedding::zero_grad() {
  std::fill(grad_weight.begin(), grad_weight.end(), 0.0f);
}

void PositionalEmbedding::params(std::vector<ParamRef>& out, const std::string& prefix,
                                 Grads grads) {
  add_param(out, prefix, "weight", weight, grad_weight, {max_len_, dim_}, grads);
}

}  // namespace headscope

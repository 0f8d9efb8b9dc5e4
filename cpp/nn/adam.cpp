#include "nn/adam.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

namespace headscope {

namespace {

void check_config(const AdamConfig& c) {
  if (!(std::isfinite(c.lr) && c.lr >= 0.0f))
    fail("Adam lr ", c.lr, " must be finite and not negative");
  if (!(c.beta1 >= 0.0f && c.beta1 < 1.0f)) fail("Adam beta1 ", c.beta1, " must be in [0, 1)");
  if (!(c.beta2 >= 0.0f && c.beta2 < 1.0f)) fail("Adam beta2 ", c.beta2, " must be in [0, 1)");
  if (!(std::isfinite(c.eps) && c.eps > 0.0f)) fail("Adam eps ", c.eps, " must be positive");
  if (!(std::isfinite(c.weight_decay) && c.weight_decay >= 0.0f))
    fail("Adam weight_decay ", c.weight_decay, " must be finite and not negative");
  if (!(std::isfinite(c.max_grad_norm) && c.max_grad_norm >= 0.0f))
    fail("Adam max_grad_norm ", c.max_grad_norm, " must be finite and not negative (0: no clip)");
}

void check_moments(const char* what, const std::vector<std::vector<float>>& moments,
                   const std::vector<ParamRef>& params) {
  if (moments.size() != params.size())
    fail("Adam ", what, " has ", moments.size(),
         " tensors, expected one per parameter: ", params.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    if (moments[i].size() != params[i].value.size())
      fail("Adam ", what, "[", i, "] has ", moments[i].size(), " values, expected ",
           params[i].value.size(), " as ", params[i].name);
}

}  // namespace

double global_grad_norm(const std::vector<ParamRef>& params) {
  double sum = 0.0;
  for (const ParamRef& p : params)
    for (const float g : p.grad) sum += double(g) * g;
  return std::sqrt(sum);
}

double clip_grad_norm(const std::vector<ParamRef>& params, float max_norm) {
  if (!(std::isfinite(max_norm) && max_norm > 0.0f))
    fail("clip_grad_norm max_norm ", max_norm, " must be positive");
  const double norm = global_grad_norm(params);
  const double scale = double(max_norm) / (norm + 1e-6);
  if (scale < 1.0)
    for (const ParamRef& p : params)
      for (float& g : p.grad) g = float(g * scale);
  return norm;
}

Adam::Adam(std::vector<ParamRef> params, AdamConfig config)
    : params_(std::move(params)), config_(config) {
  check_config(config_);
  for (const ParamRef& p : params_) {
    if (p.grad.size() != p.value.size())
      fail("parameter ", p.name, " has ", p.grad.size(), " gradients for ", p.value.size(),
           " values; they must match");
    std::int64_t n = 1;
    for (const std::int64_t s : p.shape) n *= s;
    if (n != std::int64_t(p.value.size()))
      fail("parameter ", p.name, " has ", p.value.size(), " values but its shape holds ", n);
    m_.emplace_back(p.value.size(), 0.0f);
    v_.emplace_back(p.value.size(), 0.0f);
  }
}

double Adam::step() {
  const double norm = global_grad_norm(params_);
  if (!std::isfinite(norm))
    for (const ParamRef& p : params_)
      for (std::size_t i = 0; i < p.grad.size(); ++i)
        if (!std::isfinite(p.grad[i]))
          fail("gradient of ", p.name, "[", i, "] is ", p.grad[i], "; gradients must be finite");
  if (config_.max_grad_norm > 0.0f) clip_grad_norm(params_, config_.max_grad_norm);
  ++steps_;
  const double b1 = config_.beta1, b2 = config_.beta2, lr = config_.lr;
  const double step_size = lr / (1.0 - std::pow(b1, steps_));
  const double sqrt_bc2 = std::sqrt(1.0 - std::pow(b2, steps_));
  for (std::size_t k = 0; k < params_.size(); ++k) {
    const ParamRef& p = params_[k];
    const bool decay = config_.decay_vectors || p.shape.size() >= 2;
    const float keep = decay ? float(1.0 - lr * config_.weight_decay) : 1.0f;
    float* m = m_[k].data();
    float* v = v_[k].data();
    for (std::size_t i = 0; i < p.value.size(); ++i) {
      const double g = p.grad[i];
      m[i] = float(b1 * m[i] + (1.0 - b1) * g);
      v[i] = float(b2 * v[i] + (1.0 - b2) * g * g);
      const double denom = std::sqrt(double(v[i])) / sqrt_bc2 + config_.eps;
      p.value[i] = float(double(p.value[i] * keep) - step_size * m[i] / denom);
    }
  }
  return norm;
}

void Adam::zero_grad() {
  for (const ParamRef& p : params_) std::fill(p.grad.begin(), p.grad.end(), 0.0f);
}

void Adam::set_lr(float lr) {
  AdamConfig c = config_;
  c.lr = lr;
  check_config(c);
  config_ = c;
}

void Adam::load_state(int steps, std::vector<std::vector<float>> m,
                      std::vector<std::vector<float>> v) {
  if (steps < 0) fail("Adam steps ", steps, " must not be negative");
  check_moments("first moments", m, params_);
  check_moments("second moments", v, params_);
  steps_ = steps;
  m_ = std::move(m);
  v_ = std::move(v);
}

}  // namespace headscope

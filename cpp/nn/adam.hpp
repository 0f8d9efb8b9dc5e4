// Adam with decoupled weight decay (AdamW), as PyTorch's torch.optim.AdamW, over ParamRefs:
//
//   clip (max_grad_norm > 0):  g ← g · min(1, max_grad_norm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm over
//                              every gradient of every parameter (torch.nn.utils.clip_grad_norm_)
//   decay (decayed params):    p ← p · (1 − lr · weight_decay)
//   moments:                   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
//   update, step count s:      p ← p − lr / (1 − β1^s) · m / (sqrt(v / (1 − β2^s)) + eps)
//
// The first step therefore moves each parameter by about lr · sign(g). weight_decay 0 is Adam.
#pragma once

#include <vector>

#include "nn/params.hpp"

namespace headscope {

struct AdamConfig {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.0f;
  // Weight decay applies to parameters of 2 or more dims (weight matrices, embedding tables) and
  // not to biases or LayerNorm gains, as minGPT / nanoGPT do; true decays every parameter.
  bool decay_vectors = false;
  float max_grad_norm = 0.0f;  // > 0: clip the global gradient norm to it; 0: no clipping
};

// The L2 norm of all gradients together (accumulated in double).
double global_grad_norm(const std::vector<ParamRef>& params);
// Scales every gradient in place so the global norm is at most max_norm (> 0); returns the norm
// before clipping.
double clip_grad_norm(const std::vector<ParamRef>& params, float max_norm);

class Adam {
 public:
  // Throws Error on a bad setting or a ParamRef whose grad or shape does not match its value.
  explicit Adam(std::vector<ParamRef> params, AdamConfig config = {});

  // One update from the current gradients (which it does not zero; clipping scales them in
  // place). Returns the global gradient norm before clipping. Throws Error, changing nothing, if
  // a gradient is NaN or infinite.
  double step();
  // Sets every parameter's gradient to zero.
  void zero_grad();

  int steps() const { return steps_; }
  const AdamConfig& config() const { return config_; }
  void set_lr(float lr);  // for schedules; lr must be finite and not negative
  const std::vector<ParamRef>& params() const { return params_; }

  // The moments m and v, one vector per parameter (same lengths), for checkpoints.
  const std::vector<std::vector<float>>& first_moments() const { return m_; }
  const std::vector<std::vector<float>>& second_moments() const { return v_; }
  // Restores a saved state. Throws Error if the lengths do not match the parameters.
  void load_state(int steps, std::vector<std::vector<float>> m, std::vector<std::vector<float>> v);

 private:
  std::vector<ParamRef> params_;
  AdamConfig config_;
  std::vector<std::vector<float>> m_, v_;
  int steps_ = 0;
};

}  // namespace headscope

// What the text and vision training share: the optimizer settings, the learning-rate schedule,
// and where the held-out data's seed comes from.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "nn/adam.hpp"

namespace headscope::train {

// Held-out data is generated from the training seed plus this, so it never overlaps a batch.
inline constexpr std::uint64_t kHeldOutSeedOffset = 1000003;

// AdamW with weight decay 0.01 and the global gradient norm clipped to 1.
inline AdamConfig adam_config(float lr) {
  AdamConfig ac;
  ac.lr = lr;
  ac.weight_decay = 0.01f;
  ac.max_grad_norm = 1.0f;
  return ac;
}

// Linear warm-up over `warmup` steps, then cosine decay from lr to lr / 10 at `steps`.
inline float learning_rate(float lr, int warmup, int steps, int step) {
  if (step < warmup) return lr * float(step + 1) / float(warmup);
  const double progress = double(step - warmup) / std::max(1, steps - warmup);
  return float(lr * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(3.14159265358979 * progress))));
}

}  // namespace headscope::train

#include "nn/loss.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

namespace headscope {

CrossEntropyResult softmax_cross_entropy(std::span<const float> logits, int n, int classes,
                                         std::span<const int> targets, int ignore_index) {
  if (n < 1) fail("cross-entropy: n ", n, " must be at least 1");
  if (classes < 1) fail("cross-entropy: classes ", classes, " must be at least 1");
  const std::size_t c = classes, expected = std::size_t(n) * c;
  if (logits.size() != expected)
    fail("cross-entropy logits has ", logits.size(), " values, expected n*classes = ", n, "*",
         classes, " = ", expected);
  if (targets.size() != std::size_t(n))
    fail("cross-entropy targets has ", targets.size(), " values, expected n = ", n);
  CrossEntropyResult r;
  for (int i = 0; i < n; ++i) {
    const int y = targets[i];
    if (y == ignore_index) continue;
    if (y < 0 || y >= classes)
      fail("target ", y, " at row ", i, " is out of range [0, classes ", classes,
           ") and is not the ignore index ", ignore_index);
    for (std::size_t j = 0; j < c; ++j)
      if (!std::isfinite(logits[i * c + j]))
        fail("logits[", i, ", ", j, "] is ", logits[i * c + j], "; logits must be finite");
    ++r.counted;
  }
  r.d_logits.assign(expected, 0.0f);
  if (r.counted == 0) return r;
  const double inv = 1.0 / r.counted;
  double total = 0.0;
  for (int i = 0; i < n; ++i) {
    if (targets[i] == ignore_index) continue;
    const float* z = logits.data() + i * c;
    float max = z[0];
    for (std::size_t j = 1; j < c; ++j) max = std::max(max, z[j]);
    double sum = 0.0;
    for (std::size_t j = 0; j < c; ++j) sum += std::exp(double(z[j]) - max);
    const double log_sum = std::log(sum);  // log Σ exp(z - max)
    total += log_sum - (double(z[targets[i]]) - max);
    float* d = r.d_logits.data() + i * c;
    for (std::size_t j = 0; j < c; ++j) {
      const double p = std::exp(double(z[j]) - max - log_sum);
      d[j] = float((j == std::size_t(targets[i]) ? p - 1.0 : p) * inv);
    }
  }
  r.loss = float(total * inv);
  return r;
}

}  // namespace headscope

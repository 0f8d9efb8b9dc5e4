// Softmax cross-entropy over rows of logits, as PyTorch's F.cross_entropy with reduction 'mean':
//
//   logits [n, classes], targets [n] ──► p_i = softmax(logits_i) (row max subtracted first)
//   loss = (1 / counted) Σ_{i counted} −log p_i[target_i]
//   d_logits_i = (p_i − onehot(target_i)) / counted;  0 for ignored rows
//
// A row whose target equals ignore_index (default -1, e.g. the unmasked tokens of masked-LM) is
// not counted. With no counted row, loss is 0 and d_logits all zeros (PyTorch would give NaN).
#pragma once

#include <span>
#include <vector>

namespace headscope {

inline constexpr int kIgnoreIndex = -1;

struct CrossEntropyResult {
  float loss = 0.0f;            // mean over counted rows
  int counted = 0;              // rows whose target is not ignore_index
  std::vector<float> d_logits;  // [n, classes]  d loss / d logits
};

// Throws Error on wrong sizes, on a target outside [0, classes) that is not ignore_index, and on
// a non-finite logit in a counted row.
CrossEntropyResult softmax_cross_entropy(std::span<const float> logits, int n, int classes,
                                         std::span<const int> targets,
                                         int ignore_index = kIgnoreIndex);

}  // namespace headscope

// Evidence for a head's job, by two measures that must agree, so that a label matches what a
// learner sees in the head's view. For a query i and a role, the role names target keys T_i (the
// token before i, the first token, the punctuation marks, ...); queries with no target are not
// counted. Over the counted queries:
//
//   link    the share whose strongest link (argmax over the visible keys j ≠ i) is in T_i
//           chance: |T_i \ {i}| / (visible keys but i)
//   weight  the mean attention weight the row puts on T_i, the query's own key included
//           chance: |T_i| / visible keys  (a uniform head's weight)
//
// A head is labelled with the role whose link beats chance by the widest margin among those where
// both measures pass clearly_above_chance (at least 0.5 and three times chance). A head that
// passes no role but spreads its weight (mean entropy / log(visible) at least kBroadEntropy)
// is labelled "broad attention".
#pragma once

#include <string>
#include <vector>

#include "analysis/head_evidence.hpp"

namespace headscope::train {

inline constexpr const char* kBroadRole = "broad attention";
inline constexpr double kBroadEntropy = 0.8;

// Whether a head's score earns it the role's label: at least 0.5, and three times chance.
inline bool role_passes(double score, double chance) {
  return score >= 0.5 && score >= 3.0 * chance;
}

class RoleScorer {
 public:
  RoleScorer(int num_layers, int num_heads, std::vector<std::string> roles);

  // One sequence of t tokens. targets[r][i]: the keys role r names for query i (empty: not
  // counted). attention: per layer, [heads, t, t]. causal: query i sees keys 0..i only.
  void add(int t, bool causal, const std::vector<std::vector<std::vector<int>>>& targets,
           const std::vector<const std::vector<float>*>& attention);

  // Per head: score and chance of each role's link ("<role>") and weight ("<role> weight"), the
  // broad-attention entropy, and the label.
  std::vector<HeadEvidence> evidence() const;

 private:
  struct Sums {
    double link = 0, link_chance = 0, weight = 0, weight_chance = 0, count = 0;
  };
  Sums& at(int layer, int head, int role) {
    return sums_[(std::size_t(layer) * heads_ + head) * roles_.size() + role];
  }
  const Sums& at(int layer, int head, int role) const {
    return sums_[(std::size_t(layer) * heads_ + head) * roles_.size() + role];
  }

  int layers_, heads_;
  std::vector<std::string> roles_;
  std::vector<Sums> sums_;
  std::vector<double> entropy_, queries_;  // per head: summed normalised entropy, query count
};

}  // namespace headscope::train

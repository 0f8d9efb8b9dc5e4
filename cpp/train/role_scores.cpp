#include "train/role_scores.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

namespace headscope::train {

RoleScorer::RoleScorer(int num_layers, int num_heads, std::vector<std::string> roles)
    : layers_(num_layers),
      heads_(num_heads),
      roles_(std::move(roles)),
      sums_(std::size_t(num_layers) * num_heads * roles_.size()),
      entropy_(std::size_t(num_layers) * num_heads),
      queries_(std::size_t(num_layers) * num_heads) {}

void RoleScorer::add(int t, bool causal, const std::vector<std::vector<std::vector<int>>>& targets,
                     const std::vector<const std::vector<float>*>& attention) {
  if (targets.size() != roles_.size() || int(attention.size()) != layers_)
    fail("role scorer: ", targets.size(), " roles and ", attention.size(), " layers given");
  for (int l = 0; l < layers_; ++l)
    for (int h = 0; h < heads_; ++h)
      for (int i = 0; i < t; ++i) {
        const float* row = attention[l]->data() + (std::size_t(h) * t + i) * t;
        const int visible = causal ? i + 1 : t;
        if (visible < 2) continue;  // one key: nothing to choose between
        int best = -1;
        double entropy = 0;
        for (int j = 0; j < visible; ++j) {
          if (j != i && (best < 0 || row[j] > row[best])) best = j;
          if (row[j] > 0) entropy -= double(row[j]) * std::log(double(row[j]));
        }
        entropy_[std::size_t(l) * heads_ + h] += entropy / std::log(double(visible));
        queries_[std::size_t(l) * heads_ + h] += 1;
        for (std::size_t r = 0; r < roles_.size(); ++r) {
          const std::vector<int>& T = targets[r][i];
          if (T.empty()) continue;
          Sums& s = at(l, h, int(r));
          const bool self = std::find(T.begin(), T.end(), i) != T.end();
          s.link += std::find(T.begin(), T.end(), best) != T.end();
          s.link_chance += double(T.size() - self) / (visible - 1);
          for (const int j : T) s.weight += row[j];
          s.weight_chance += double(T.size()) / visible;
          s.count += 1;
        }
      }
}

std::vector<HeadEvidence> RoleScorer::evidence() const {
  std::vector<HeadEvidence> out;
  for (int l = 0; l < layers_; ++l)
    for (int h = 0; h < heads_; ++h) {
      HeadEvidence e{l, h, "", {}, {}};
      double best_margin = 0;
      for (std::size_t r = 0; r < roles_.size(); ++r) {
        const Sums& s = at(l, h, int(r));
        const double n = std::max(1.0, s.count);
        const double link = s.link / n, link_chance = s.link_chance / n;
        const double weight = s.weight / n, weight_chance = s.weight_chance / n;
        e.score.emplace_back(roles_[r], link);
        e.chance.emplace_back(roles_[r], link_chance);
        e.score.emplace_back(roles_[r] + " weight", weight);
        e.chance.emplace_back(roles_[r] + " weight", weight_chance);
        if (s.count > 0 && role_passes(link, link_chance) && role_passes(weight, weight_chance) &&
            link - link_chance > best_margin) {
          best_margin = link - link_chance;
          e.label = roles_[r];
        }
      }
      const std::size_t k = std::size_t(l) * heads_ + h;
      const double broad = queries_[k] > 0 ? entropy_[k] / queries_[k] : 0.0;
      // A uniform head's normalised entropy is 1: the "chance" of a head that looks everywhere.
      e.score.emplace_back(kBroadRole, broad);
      e.chance.emplace_back(kBroadRole, 1.0);
      if (e.label.empty() && broad >= kBroadEntropy) e.label = kBroadRole;
      out.push_back(std::move(e));
    }
  return out;
}

}  // namespace headscope::train

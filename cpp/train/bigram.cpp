#include "train/bigram.hpp"

#include <cmath>

namespace headscope::train {

namespace {
std::uint64_t key(int a, int b) {
  return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}
}  // namespace

BigramModel::BigramModel(const std::vector<std::vector<int>>& sequences, int vocab)
    : vocab_(vocab), unigram_(vocab), context_(vocab), followers_(vocab) {
  for (const auto& s : sequences)
    for (std::size_t i = 0; i < s.size(); ++i) {
      unigram_[s[i]] += 1;
      total_ += 1;
      if (i + 1 == s.size()) continue;
      context_[s[i]] += 1;
      if ((pairs_[key(s[i], s[i + 1])] += 1) == 1) followers_[s[i]] += 1;
    }
}

double BigramModel::probability(int previous, int next) const {
  const double p1 = (unigram_[next] + 1) / (total_ + vocab_);
  const double c = context_[previous];
  if (c == 0) return p1;
  const auto it = pairs_.find(key(previous, next));
  const double pair = it == pairs_.end() ? 0.0 : it->second;
  return std::max(pair - kDiscount, 0.0) / c + kDiscount * followers_[previous] / c * p1;
}

double BigramModel::perplexity(const std::vector<std::vector<int>>& sequences) const {
  double nll = 0;
  long long n = 0;
  for (const auto& s : sequences)
    for (std::size_t i = 0; i + 1 < s.size(); ++i, ++n)
      nll -= std::log(probability(s[i], s[i + 1]));
  return n ? std::exp(nll / double(n)) : 0.0;
}

}  // namespace headscope::train

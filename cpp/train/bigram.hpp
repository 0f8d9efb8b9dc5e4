// The baseline a causal decoder must beat: a smoothed bigram model over the same tokens,
// interpolated absolute discounting (Ney et al. 1994) with a unigram backoff, itself add-one
// smoothed so no token has probability 0:
//
//   P(w | v) = max(c(v, w) − D, 0) / c(v)  +  D · N(v) / c(v) · P1(w)        (c(v) > 0)
//            = P1(w)                                                        (c(v) = 0)
//   P1(w) = (c(w) + 1) / (N + V);  D = 0.75;  N(v): distinct tokens seen after v
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace headscope::train {

class BigramModel {
 public:
  // sequences: token ids in [0, vocab), each counted pair by pair.
  BigramModel(const std::vector<std::vector<int>>& sequences, int vocab);
  double probability(int previous, int next) const;
  // e^(mean −log P) over every adjacent pair of the sequences.
  double perplexity(const std::vector<std::vector<int>>& sequences) const;

 private:
  static constexpr double kDiscount = 0.75;
  int vocab_;
  double total_ = 0;
  std::vector<double> unigram_, context_, followers_;  // c(w); c(v) as a context; N(v)
  std::unordered_map<std::uint64_t, double> pairs_;
};

}  // namespace headscope::train

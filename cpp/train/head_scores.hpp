// Evidence for what each head of a trained text model does, measured on held-out sentences.
// For a head and a query token i, its "strongest link" is argmax_j attention[i, j] over the other
// tokens (j ≠ i). The scores are fractions over all applicable queries:
//
//   previous     strongest link is i − 1                   (queries i ≥ 1)
//   next         strongest link is i + 1                   (queries i < t − 1)
//   punctuation  strongest link is ",", ".", [CLS] or [SEP]   (every query that is not one of them)
//   subject      a verb's strongest link is its subject's head noun    (gold links; verbs whose
//                subject is not the previous token)
//   antecedent   a pronoun's strongest link is its antecedent noun     (gold links)
//
// Each role is also scored by the mean attention weight on its targets (the query's own key
// included in the row). A head's label is the role whose link score beats chance by the widest
// margin among the roles where both measures are clearly above chance (at least 0.5 and three
// times what a head attending uniformly would score), so the label matches what its view shows.
#pragma once

#include <string>
#include <vector>

#include "inputs/vocab.hpp"
#include "nn/encoder.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {

enum Role { kPrevious, kNext, kPunctuation, kSubject, kAntecedent, kRoleCount };
const char* role_name(int role);

struct HeadScores {
  int layer = 0, head = 0;
  double score[kRoleCount] = {};   // fraction of applicable queries, 0..1
  double chance[kRoleCount] = {};  // the same fraction for uniformly random links
  // The mean attention weight on the role's targets (the query's own key among the row), and
  // the same for a uniform row.
  double weight[kRoleCount] = {};
  double weight_chance[kRoleCount] = {};
  int label = -1;  // a Role, or -1 for none
};

// The strongest link of query i: argmax_j row[j] over j ≠ i (row: one query's [t] attention).
int strongest_link(const float* row, int t, int i);

// Whether a head's score earns it the role's label: at least 0.5, and three times chance.
inline bool clearly_above_chance(double score, double chance) {
  return score >= 0.5 && score >= 3.0 * chance;
}

// Accumulates strongest-link counts over sentences.
class HeadScorer {
 public:
  HeadScorer(int num_layers, int num_heads);
  // attention: one [H, t, t] tensor per layer, for the sentence's words.
  void add(const Sentence& sentence, const std::vector<const std::vector<float>*>& attention);
  std::vector<HeadScores> scores() const;

 private:
  int layers_, heads_;
  // per (layer, head, role): hits; per role: applicable queries and chance hits
  std::vector<double> hits_, weights_;
  double applicable_[kRoleCount] = {}, chance_[kRoleCount] = {}, weight_chance_[kRoleCount] = {};
};

// Runs the model over held-out sentences, framed by [CLS] and [SEP] as in training (no
// masking), and scores every head.
std::vector<HeadScores> score_heads(const Encoder& model, const Vocabulary& vocab,
                                    const std::vector<Sentence>& sentences);

}  // namespace headscope::train

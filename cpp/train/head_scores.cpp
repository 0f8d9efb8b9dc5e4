#include "train/head_scores.hpp"

#include "base/error.hpp"

namespace headscope::train {

namespace {

bool is_punctuation(const std::string& w) {
  return w == "," || w == "." || w == "!" || w == "?" ||
         w == Vocabulary::kSpecial[Vocabulary::kCls] || w == Vocabulary::kSpecial[Vocabulary::kSep];
}

// The sentence as the model reads it: [CLS] words [SEP], links shifted to match.
Sentence framed(const Sentence& s) {
  Sentence f;
  f.words = Vocabulary::frame(s.words);
  f.link.push_back(-1);
  f.link_kind.push_back(kNoLink);
  for (std::size_t i = 0; i < s.words.size(); ++i) {
    f.link.push_back(s.link[i] < 0 ? -1 : s.link[i] + 1);
    f.link_kind.push_back(s.link_kind[i]);
  }
  f.link.push_back(-1);
  f.link_kind.push_back(kNoLink);
  return f;
}

}  // namespace

int strongest_link(const float* row, int t, int i) {
  int best = -1;
  for (int j = 0; j < t; ++j)
    if (j != i && (best < 0 || row[j] > row[best])) best = j;
  return best;
}

const char* role_name(int role) {
  static const char* names[] = {"previous token", "next token", "punctuation / separator",
                                "verb → subject", "pronoun → antecedent"};
  return role >= 0 && role < kRoleCount ? names[role] : "none";
}

HeadScorer::HeadScorer(int num_layers, int num_heads)
    : layers_(num_layers),
      heads_(num_heads),
      hits_(std::size_t(num_layers) * num_heads * kRoleCount, 0.0),
      weights_(hits_.size(), 0.0) {}

void HeadScorer::add(const Sentence& s, const std::vector<const std::vector<float>*>& attention) {
  const int t = int(s.words.size());
  if (int(attention.size()) != layers_)
    fail("attention for ", attention.size(), " layers, expected ", layers_);
  if (t < 2) return;
  // Which roles apply to query i, and which key would be the hit.
  for (int i = 0; i < t; ++i) {
    int target[kRoleCount];
    std::fill(std::begin(target), std::end(target), -2);  // -2: not applicable
    target[kPrevious] = i >= 1 ? i - 1 : -2;
    target[kNext] = i + 1 < t ? i + 1 : -2;
    if (!is_punctuation(s.words[i])) target[kPunctuation] = -1;  // -1: any punctuation key
    // Only subjects at a distance: an adjacent one is the previous token's job.
    if (s.link_kind[i] == kVerbSubject && i - s.link[i] > 1) target[kSubject] = s.link[i];
    if (s.link_kind[i] == kPronounAntecedent) target[kAntecedent] = s.link[i];
    int punct_keys = 0;
    for (int j = 0; j < t; ++j) punct_keys += j != i && is_punctuation(s.words[j]);
    for (int r = 0; r < kRoleCount; ++r) {
      if (target[r] == -2) continue;
      applicable_[r] += 1;
      chance_[r] += r == kPunctuation ? double(punct_keys) / (t - 1) : 1.0 / (t - 1);
      // A uniform row's weight on the targets: the query's own key counts among the t.
      weight_chance_[r] += r == kPunctuation ? double(punct_keys) / t : 1.0 / t;
    }
    for (int l = 0; l < layers_; ++l) {
      const std::vector<float>& a = *attention[l];
      if (a.size() != std::size_t(heads_) * t * t)
        fail("attention of layer ", l, " has the wrong size");
      for (int h = 0; h < heads_; ++h) {
        const float* row = &a[(std::size_t(h) * t + i) * t];
        const int best = strongest_link(row, t, i);
        for (int r = 0; r < kRoleCount; ++r) {
          if (target[r] == -2) continue;
          const bool hit = r == kPunctuation ? is_punctuation(s.words[best]) : best == target[r];
          double weight = 0;
          if (r != kPunctuation) weight = row[target[r]];
          for (int j = 0; r == kPunctuation && j < t; ++j)
            if (is_punctuation(s.words[j])) weight += row[j];
          hits_[(std::size_t(l) * heads_ + h) * kRoleCount + r] += hit;
          weights_[(std::size_t(l) * heads_ + h) * kRoleCount + r] += weight;
        }
      }
    }
  }
}

std::vector<HeadScores> HeadScorer::scores() const {
  std::vector<HeadScores> out;
  for (int l = 0; l < layers_; ++l)
    for (int h = 0; h < heads_; ++h) {
      HeadScores s;
      s.layer = l;
      s.head = h;
      double best_margin = 0.0;
      for (int r = 0; r < kRoleCount; ++r) {
        if (applicable_[r] == 0) continue;
        s.score[r] = hits_[(std::size_t(l) * heads_ + h) * kRoleCount + r] / applicable_[r];
        s.chance[r] = chance_[r] / applicable_[r];
        s.weight[r] = weights_[(std::size_t(l) * heads_ + h) * kRoleCount + r] / applicable_[r];
        s.weight_chance[r] = weight_chance_[r] / applicable_[r];
        // A label needs both measures at least half and three times chance: the strongest links
        // and the attention weight itself, what a learner sees in the head's view.
        const double margin = s.score[r] - s.chance[r];
        if (clearly_above_chance(s.score[r], s.chance[r]) &&
            clearly_above_chance(s.weight[r], s.weight_chance[r]) && margin > best_margin) {
          best_margin = margin;
          s.label = r;
        }
      }
      out.push_back(s);
    }
  return out;
}

std::vector<HeadScores> score_heads(const Encoder& model, const Vocabulary& vocab,
                                    const std::vector<Sentence>& sentences) {
  HeadScorer scorer(model.config().num_layers, model.config().num_heads);
  Encoder::Trace trace;
  for (const Sentence& plain : sentences) {
    const Sentence s = framed(plain);
    model.forward_ids(vocab.encode(s.words), {}, trace);
    std::vector<const std::vector<float>*> attention;
    for (const auto& layer : trace.layers) attention.push_back(&layer.attn.attention);
    scorer.add(s, attention);
  }
  return scorer.scores();
}

}  // namespace headscope::train

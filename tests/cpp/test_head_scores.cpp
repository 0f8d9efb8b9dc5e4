// Head scores on hand-made attention patterns, where the right answer is known.
#include "helpers.hpp"
#include "train/head_scores.hpp"

namespace headscope::test {
namespace {

using train::HeadScorer;
using train::Sentence;

// "the king who met the girls says that he is kind ." with gold links.
Sentence example() {
  Sentence s;
  s.words = {"the", "king", "who", "met", "the", "girls", "says", "that", "he", "is", "kind", "."};
  s.link.assign(s.words.size(), -1);
  s.link_kind.assign(s.words.size(), train::kNoLink);
  s.link[6] = 1;  // says → king
  s.link_kind[6] = train::kVerbSubject;
  s.link[8] = 1;  // he → king
  s.link_kind[8] = train::kPronounAntecedent;
  s.link[9] = 8;  // is → he
  s.link_kind[9] = train::kVerbSubject;
  return s;
}

// Attention [H, t, t] where head h of query i puts 0.9 on key pick(h, i) and the rest evenly.
template <typename Pick>
std::vector<float> pattern(int heads, int t, Pick pick) {
  std::vector<float> a(std::size_t(heads) * t * t);
  for (int h = 0; h < heads; ++h)
    for (int i = 0; i < t; ++i) {
      const int k = pick(h, i);
      for (int j = 0; j < t; ++j)
        a[(std::size_t(h) * t + i) * t + j] = j == k ? 0.9f : 0.1f / (t - 1);
    }
  return a;
}

TEST(HeadScores, HandMadeHeadsGetTheirLabels) {
  const Sentence s = example();
  const int t = int(s.words.size());
  // Head 0: previous token; head 1: next token; head 2: the gold link, else the period;
  // head 3: always the first token.
  const auto a = pattern(4, t, [&](int h, int i) {
    if (h == 0) return i > 0 ? i - 1 : 1;
    if (h == 1) return i + 1 < t ? i + 1 : i - 1;
    if (h == 2) return s.link[i] >= 0 ? s.link[i] : (i == t - 1 ? 0 : t - 1);
    return i == 0 ? 1 : 0;
  });
  HeadScorer scorer(1, 4);
  scorer.add(s, {&a});
  const auto scores = scorer.scores();
  ASSERT_EQ(scores.size(), 4u);
  EXPECT_DOUBLE_EQ(scores[0].score[train::kPrevious], 1.0);
  EXPECT_EQ(scores[0].label, train::kPrevious);
  EXPECT_DOUBLE_EQ(scores[1].score[train::kNext], 1.0);
  EXPECT_EQ(scores[1].label, train::kNext);
  EXPECT_DOUBLE_EQ(scores[2].score[train::kSubject], 1.0);
  EXPECT_DOUBLE_EQ(scores[2].score[train::kAntecedent], 1.0);
  // 8 of the 11 non-punctuation queries of head 2 link to the period.
  EXPECT_NEAR(scores[2].score[train::kPunctuation], 8.0 / 11.0, 1e-12);
  EXPECT_EQ(scores[3].label, -1);  // "first token" is not a role here
  // Chance: one of the t − 1 other tokens.
  EXPECT_NEAR(scores[0].chance[train::kPrevious], 1.0 / (t - 1), 1e-12);
  EXPECT_NEAR(scores[0].chance[train::kPunctuation], 1.0 / (t - 1), 1e-12);
}

TEST(HeadScores, SeparatorsCountAsPunctuation) {
  Sentence s;
  s.words = {"[CLS]", "the", "king", "smiled", "[SEP]"};
  s.link.assign(5, -1);
  s.link_kind.assign(5, train::kNoLink);
  // Head 0 sends every word to [SEP], head 1 to [CLS]; head 2 to the next word.
  const auto a = pattern(3, 5, [](int h, int i) { return h == 0 ? 4 : h == 1 ? 0 : (i + 1) % 5; });
  HeadScorer scorer(1, 3);
  scorer.add(s, {&a});
  const auto scores = scorer.scores();
  EXPECT_DOUBLE_EQ(scores[0].score[train::kPunctuation], 1.0);
  EXPECT_DOUBLE_EQ(scores[1].score[train::kPunctuation], 1.0);
  EXPECT_DOUBLE_EQ(scores[2].score[train::kPunctuation], 1.0 / 3.0);     // "smiled" → [SEP]
  EXPECT_NEAR(scores[0].chance[train::kPunctuation], 2.0 / 4.0, 1e-12);  // 2 of 4 other tokens
  EXPECT_EQ(scores[0].label, -1);  // 1.0 is under three times chance (1.5)
}

TEST(HeadScores, ExclamationAndQuestionMarksCountAsPunctuation) {
  Sentence s;
  s.words = {"so", "tired", "!", "why", "?"};
  s.link.assign(5, -1);
  s.link_kind.assign(5, train::kNoLink);
  // Head 0 sends every word to "!", head 1 to "?".
  const auto a = pattern(2, 5, [](int h, int) { return h == 0 ? 2 : 4; });
  HeadScorer scorer(1, 2);
  scorer.add(s, {&a});
  const auto scores = scorer.scores();
  EXPECT_DOUBLE_EQ(scores[0].score[train::kPunctuation], 1.0);  // so, tired, why → "!"
  EXPECT_DOUBLE_EQ(scores[1].score[train::kPunctuation], 1.0);  // so, tired, why → "?"
  EXPECT_NEAR(scores[0].chance[train::kPunctuation], 2.0 / 4.0, 1e-12);
}

TEST(HeadScores, RejectsMismatchedAttention) {
  HeadScorer scorer(2, 1);
  const std::vector<float> a(4, 0.25f);
  EXPECT_EQ(error_message([&] { scorer.add(example(), {&a}); }),
            "attention for 1 layers, expected 2");
}

}  // namespace
}  // namespace headscope::test

// The generated English corpus: reproducible, grammatical in the ways the gold links promise.
#include <algorithm>
#include <set>

#include "helpers.hpp"
#include "train/text_corpus.hpp"
#include "train/text_model.hpp"

namespace headscope::test {
namespace {

using train::generate_sentences;
using train::Sentence;

const std::set<std::string> kPlural{
    "kings",   "men",     "boys",    "fathers",    "brothers", "queens",  "women",
    "girls",   "mothers", "sisters", "scientists", "teachers", "doctors", "students",
    "writers", "farmers", "papers",  "books",      "phones",   "apples",  "letters",
    "cars",    "songs",   "houses",  "bridges",    "ideas",    "they"};
const std::set<std::string> kPluralVerbs{"say", "think", "know", "believe", "are", "were"};
const std::set<std::string> kSingularVerbs{"says", "thinks", "knows", "believes", "is", "was"};

TEST(TextCorpus, SameSeedSameSentences) {
  const auto a = generate_sentences(50, 7), b = generate_sentences(50, 7);
  ASSERT_EQ(a.size(), 50u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].words, b[i].words);
  const auto c = generate_sentences(50, 8);
  int differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i].words != c[i].words;
  EXPECT_GT(differ, 40);
}

TEST(TextCorpus, VerbsAgreeWithTheirLinkedSubject) {
  int verbs = 0, across = 0;
  for (const Sentence& s : generate_sentences(2000, 1)) {
    ASSERT_EQ(s.words.back(), ".");
    for (std::size_t i = 0; i < s.words.size(); ++i) {
      if (s.link_kind[i] != train::kVerbSubject) continue;
      ++verbs;
      const int j = s.link[i];
      ASSERT_GE(j, 0);
      ASSERT_LT(j, int(i));
      const bool plural_subject = kPlural.count(s.words[j]) > 0;
      EXPECT_EQ(kPluralVerbs.count(s.words[i]) > 0, plural_subject)
          << s.words[j] << " " << s.words[i];
      EXPECT_EQ(kSingularVerbs.count(s.words[i]) > 0, !plural_subject);
      across += int(i) - j > 3;
    }
  }
  EXPECT_GT(verbs, 2000);
  EXPECT_GT(across, 300);  // many subjects sit across a relative clause
}

TEST(TextCorpus, PronounsHaveOneMatchingAntecedent) {
  const std::map<std::string, std::set<std::string>> fits{
      {"he", {"king", "man", "boy", "father", "brother"}},
      {"she", {"queen", "woman", "girl", "mother", "sister"}},
      {"it",
       {"paper", "book", "phone", "apple", "letter", "car", "song", "house", "bridge", "idea"}},
  };
  int pronouns = 0;
  for (const Sentence& s : generate_sentences(2000, 2)) {
    for (std::size_t i = 0; i < s.words.size(); ++i) {
      if (s.link_kind[i] != train::kPronounAntecedent) continue;
      ++pronouns;
      const std::string& p = s.words[i];
      const std::string& noun = s.words[s.link[i]];
      if (p == "they") {
        EXPECT_TRUE(kPlural.count(noun)) << noun;
      } else {
        EXPECT_TRUE(fits.at(p).count(noun)) << p << " -> " << noun;
      }
      // No other noun before the pronoun fits it as well.
      for (int k = 0; k < int(i); ++k) {
        if (k == s.link[i]) continue;
        const bool other = p == "they" ? kPlural.count(s.words[k]) && s.words[k] != "they"
                                       : fits.at(p).count(s.words[k]) > 0;
        EXPECT_FALSE(other) << p << " is ambiguous with " << s.words[k];
      }
    }
  }
  EXPECT_EQ(pronouns, 2000);  // one per sentence
}

TEST(TextCorpus, ArticlesAndVocabulary) {
  const auto vocab = train::grammar_vocabulary();
  const std::set<std::string> known(vocab.begin(), vocab.end());
  for (const Sentence& s : generate_sentences(1000, 3))
    for (std::size_t i = 0; i < s.words.size(); ++i) {
      EXPECT_TRUE(known.count(s.words[i])) << s.words[i];
      if (s.words[i] == "a" || s.words[i] == "an") {
        const bool vowel = std::string("aeiou").find(s.words[i + 1][0]) != std::string::npos;
        EXPECT_EQ(s.words[i] == "an", vowel) << s.words[i] << " " << s.words[i + 1];
      }
    }
}

TEST(TextCorpus, PassagesJoinSentencesAndShiftTheirLinks) {
  const auto passages = train::generate_passages(400, 4);
  int two = 0;
  for (const Sentence& p : passages) {
    int periods = 0;
    for (const std::string& w : p.words) periods += w == ".";
    ASSERT_TRUE(periods == 1 || periods == 2);
    two += periods == 2;
    for (std::size_t i = 0; i < p.words.size(); ++i) {
      if (p.link[i] < 0) continue;
      // A link stays inside its own sentence: no period between the word and its target.
      for (int k = p.link[i]; k < int(i); ++k) EXPECT_NE(p.words[k], ".");
    }
  }
  EXPECT_NEAR(two, 200, 40);
}

TEST(TextCorpus, TheFinalMarkDecidesIntensifiersAndLivelyWords) {
  train::CorpusStyle style;
  style.exclamations = 0.4f;
  const std::set<std::string> lively{"happy",  "famous",  "clever",  "kind",   "tasty",
                                     "flawed", "praised", "thanked", "helped", "wrote",
                                     "built",  "painted", "found",   "liked"};
  // Adjectives and verbs that a statement draws from (the grammar's other ones).
  const std::set<std::string> plain{"tired", "late", "ready",  "broken",  "old",   "new",
                                    "small", "met",  "called", "visited", "saw",   "reviewed",
                                    "read",  "sold", "lost",   "kept",    "chose", "opened"};
  const auto vocab = train::grammar_vocabulary(style);
  const std::set<std::string> known(vocab.begin(), vocab.end());
  int exclamations = 0, so = 0, very = 0, statements_with_lively = 0;
  const int n = 2000;
  for (const Sentence& s : generate_sentences(n, 5, style)) {
    const bool exclamation = s.words.back() == "!";
    ASSERT_TRUE(exclamation || s.words.back() == ".");
    exclamations += exclamation;
    for (std::size_t i = 0; i + 1 < s.words.size(); ++i) {
      const std::string& w = s.words[i];
      EXPECT_TRUE(known.count(w)) << w;
      EXPECT_NE(w, "!");
      EXPECT_NE(w, ".");
      if (w == "so" || w == "very") {
        EXPECT_EQ(w == "so", exclamation);
        // Only before an adjective after "is"/"was"/"are"/"were".
        EXPECT_TRUE(s.words[i - 1] == "is" || s.words[i - 1] == "was" || s.words[i - 1] == "are" ||
                    s.words[i - 1] == "were")
            << s.words[i - 1];
        EXPECT_TRUE(lively.count(s.words[i + 1]) || plain.count(s.words[i + 1]));
        (w == "so" ? so : very) += 1;
      }
      if (lively.count(w)) EXPECT_TRUE(exclamation) << w;
      if (plain.count(w)) EXPECT_FALSE(exclamation) << w;
      statements_with_lively += !exclamation && lively.count(w);
    }
  }
  EXPECT_NEAR(exclamations, 0.4 * n, 0.05 * n);
  EXPECT_GT(so, 300);
  EXPECT_GT(very, 450);
  EXPECT_EQ(statements_with_lively, 0);
}

TEST(TextCorpus, TheDefaultStyleHasNoExclamations) {
  const auto vocab = train::grammar_vocabulary();
  for (const char* w : {"!", "so", "very"})
    EXPECT_EQ(std::count(vocab.begin(), vocab.end(), w), 0) << w;
  for (const Sentence& s : generate_sentences(500, 6)) EXPECT_EQ(s.words.back(), ".");
}

TEST(TextCorpus, StyleTextRoundTripsAndRejectsBadValues) {
  train::CorpusStyle style;
  style.comma_clauses = 0.25f;
  style.max_sentences = 3;
  style.separator = true;
  style.exclamations = 0.5f;
  const std::string text = train::style_to_string(style);
  EXPECT_EQ(text, "comma_clauses=0.25 max_sentences=3 separator=1 exclamations=0.5");
  const train::CorpusStyle back = train::style_from_string(text);
  EXPECT_EQ(back.comma_clauses, 0.25f);
  EXPECT_EQ(back.max_sentences, 3);
  EXPECT_TRUE(back.separator);
  EXPECT_EQ(back.exclamations, 0.5f);
  EXPECT_EQ(train::style_from_string("").max_sentences, train::CorpusStyle{}.max_sentences);
  EXPECT_EQ(error_message([] { train::style_from_string("exclamations=2"); }),
            "corpus style exclamations 2 must be a share from 0 to 1");
  EXPECT_EQ(error_message([] { train::style_from_string("max_sentences=0"); }),
            "corpus style max_sentences 0 must be a whole number from 1 to 16");
  EXPECT_EQ(error_message([] { train::style_from_string("separator=0.5"); }),
            "corpus style separator 0.5 must be 0 or 1");
  EXPECT_EQ(error_message([] { train::style_from_string("moods=1"); }),
            "corpus style has an unknown key 'moods'");
  EXPECT_EQ(error_message([] { train::style_from_string("commas"); }),
            "corpus style 'commas' needs key=value with a number of at least 0");
  EXPECT_EQ(error_message([] { train::style_from_string("exclamations=nan"); }),
            "corpus style 'exclamations=nan' needs key=value with a number of at least 0");
}

TEST(TextCorpus, ACheckpointsMetadataNamesItsHeldOutPassages) {
  // Without "corpus_style" (checkpoints trained before it existed): the default style.
  const train::TextTrainOptions old = train::text_options_of({{"seed", "7"}});
  EXPECT_EQ(old.seed, 7u);
  EXPECT_EQ(old.corpus.exclamations, 0.0f);
  const train::TextTrainOptions o = train::text_options_of(
      {{"seed", "1"}, {train::kCorpusStyleKey, "exclamations=0.5 max_sentences=1"}});
  EXPECT_EQ(o.corpus.exclamations, 0.5f);
  EXPECT_EQ(o.corpus.max_sentences, 1);
  int exclamations = 0;
  for (const Sentence& s : train::held_out_passages(o)) exclamations += s.words.back() == "!";
  EXPECT_NEAR(exclamations, o.held_out / 2, o.held_out / 10);
  EXPECT_EQ(error_message([] {
              train::text_options_of({{"seed", "x1"}});
            }),
            "checkpoint metadata seed 'x1' must be an integer from 0 to 2147483647");
  EXPECT_EQ(error_message([] {
              train::corpus_style_of({{train::kCorpusStyleKey, "a=1"}});
            }),
            "corpus style has an unknown key 'a'");
}

}  // namespace
}  // namespace headscope::test

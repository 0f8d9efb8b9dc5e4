// The text model's training data: English sentences generated from a small grammar, each with
// gold links a learner can check heads against. Nothing is downloaded; the same seed gives the
// same corpus everywhere.
//
// The grammar is built so that masked-language modelling needs long-range links:
//   - a verb agrees in number with its subject across a relative clause whose noun has the other
//     number ("The scientist who reviewed the papers says ..."), so the verb must find its
//     subject, not the nearest noun;
//   - a pronoun agrees in gender and number with its antecedent ("The queen thanked the boys
//     because she ..."), so a masked pronoun or noun needs the other;
//   - punctuation and "because"/"and"/"that" separate clauses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace headscope::train {

struct Sentence {
  std::vector<std::string> words;  // lower-case words and punctuation marks
  // Per word: index of the word it is linked to by the grammar, or -1. A finite verb links to
  // the head noun of its subject; a pronoun to the head noun of its antecedent.
  std::vector<int> link;
  // Per word: what kind of link (0 none, 1 verb → subject, 2 pronoun → antecedent).
  std::vector<int> link_kind;
};

enum LinkKind { kNoLink = 0, kVerbSubject = 1, kPronounAntecedent = 2 };

// `count` sentences from the grammar, seeded.
std::vector<Sentence> generate_sentences(int count, std::uint64_t seed);

// Passages of one or two sentences (half each, seeded): two give the model a separator (".")
// inside the input and more distance between words.
std::vector<Sentence> generate_passages(int count, std::uint64_t seed);

// Every word the grammar can produce, sorted.
std::vector<std::string> grammar_vocabulary();

}  // namespace headscope::train

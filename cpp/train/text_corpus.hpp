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
//   - punctuation and "because"/"and"/"that" separate clauses;
//   - optionally, the final mark ("." or "!") decides an intensifier ("very" or "so").
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

// How the grammar's text is laid out. The defaults give the corpus the shipped model was trained
// on; every other setting is a variation the training command can ask for.
struct CorpusStyle {
  // Share of relative clauses set off by commas, as a non-restrictive clause is ("The
  // scientist , who reviewed the papers , says ..."). 0 draws nothing for it.
  float comma_clauses = 0.0f;
  // A passage has one sentence; after each, another follows with probability 1/2, up to this.
  int max_sentences = 2;
  // [SEP] between a passage's sentences (as between BERT's sentence pairs), besides the ".".
  bool separator = false;
  // Share of sentences that are exclamations, ending in "!" instead of ".". When above 0, an
  // adjective after "is"/"was" takes an intensifier half the time, "so" in an exclamation and
  // "very" in a statement ("she was so tired !", "she was very tired ."): the final mark is the
  // only other word that tells which, so a masked intensifier needs it. 0 draws nothing for it.
  float exclamations = 0.0f;
};

// The style as a checkpoint's metadata carries it ("corpus_style"), so the held-out passages can
// be regenerated from the file: "comma_clauses=0.5 max_sentences=2 separator=1 exclamations=0.5".
std::string style_to_string(const CorpusStyle& style);
// The inverse; throws Error naming an unknown key or a value out of range.
CorpusStyle style_from_string(const std::string& text);

// `count` sentences from the grammar, seeded.
std::vector<Sentence> generate_sentences(int count, std::uint64_t seed,
                                         const CorpusStyle& style = {});

// What stands between two sentences of a passage when style.separator is set: the vocabulary's
// [SEP] token, spelled as Vocabulary::kSpecial spells it.
inline constexpr const char* kPassageSeparator = "[SEP]";

// Passages of one or more sentences (seeded; see CorpusStyle): several give the model boundaries
// (".") inside the input and more distance between words. Links never cross a boundary.
std::vector<Sentence> generate_passages(int count, std::uint64_t seed,
                                        const CorpusStyle& style = {});

// Every word the grammar can produce in the given style, sorted.
std::vector<std::string> grammar_vocabulary(const CorpusStyle& style = {});

}  // namespace headscope::train

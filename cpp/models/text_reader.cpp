#include "models/text_reader.hpp"

#include <algorithm>
#include <deque>
#include <functional>

#include "base/error.hpp"
#include "inputs/subword.hpp"
#include "inputs/tokenizer.hpp"
#include "inputs/vocab.hpp"
#include "io/checkpoint.hpp"

namespace headscope {

namespace {

// The grammar's vocabulary: one id per word, [UNK] for any other.
class WordsReader final : public TextReader {
 public:
  WordsReader(const ModelDescriptor& d, const Metadata& meta, int vocab)
      : vocab_(Vocabulary::parse(metadata_value(meta, "vocabulary"))) {
    if (vocab_.size() != vocab)
      fail("checkpoint vocabulary has ", vocab_.size(), " words, but vocab is ", vocab);
    for (int id = 0; id < vocab_.size(); ++id) labels_.push_back(vocab_.word(id));
    mask_ = d.special_token("mask");
    if (!mask_.empty())
      for (const std::string& t : tokenize(mask_, 16).tokens) mask_pattern_.push_back(token_key(t));
  }

  ReadText read(std::string_view text, int room) const override {
    // A typed mask token is several tokens merged into one, so keep enough, then cut.
    const std::size_t keep = std::max<std::size_t>(1, mask_pattern_.size()) * std::size_t(room);
    std::vector<std::string> kept;
    ReadText r;
    r.total = merged_total(text, [&](std::string_view token) {
      if (kept.size() < keep) kept.emplace_back(token);
    });
    r.tokens = merge_masks(std::move(kept));
    if (int(r.tokens.size()) > room) r.tokens.resize(room);
    r.ids = vocab_.encode(r.tokens);
    return r;
  }

  const Vocabulary* vocabulary() const override { return &vocab_; }

  // Words are looked up by their key ("The" is "the"); a word not in the vocabulary is -1.
  int id_of(const std::string& token) const override {
    const int id = vocab_.id(token);
    return id != Vocabulary::kUnk || token == Vocabulary::kSpecial[Vocabulary::kUnk] ? id : -1;
  }

 private:
  // The mask token's pieces typed in a row ("[", "mask", "]") → one mask token, so a learner can
  // ask for the model's guess.
  std::vector<std::string> merge_masks(std::vector<std::string> tokens) const {
    const std::size_t n = mask_pattern_.size();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      bool match = n > 0 && i + n <= tokens.size();
      for (std::size_t k = 0; match && k < n; ++k)
        match = token_key(tokens[i + k]) == mask_pattern_[k];
      if (match) {
        out.push_back(mask_);
        i += n - 1;
      } else {
        out.push_back(std::move(tokens[i]));
      }
    }
    return out;
  }

  // One pass over the whole text: calls each(token) for every token, and returns how many tokens
  // it has once masks are merged, as merge_masks counts them (a merged mask is one), holding
  // only the last mask_pattern_.size() tokens: linear in the text, whatever its length.
  int merged_total(std::string_view text, const std::function<void(std::string_view)>& each) const {
    const std::size_t n = std::max<std::size_t>(1, mask_pattern_.size());
    std::deque<std::string> window;
    int total = 0;
    for_each_token(text, [&](std::string_view token) {
      each(token);
      window.push_back(token_key(token));
      if (window.size() < n) return;
      ++total;  // the mask the window spells, or the window's first token
      if (window.size() == mask_pattern_.size() &&
          std::equal(window.begin(), window.end(), mask_pattern_.begin()))
        window.clear();
      else
        window.pop_front();
    });
    return total + int(window.size());
  }

  Vocabulary vocab_;
  std::string mask_;
  std::vector<std::string> mask_pattern_;  // the mask token as tokenize() splits it, as keys
};

// BPE pieces with a byte fallback: every text reads, nothing becomes unknown.
class SubwordReader final : public TextReader {
 public:
  SubwordReader(const Metadata& meta, int vocab)
      : tokenizer_(SubwordTokenizer::parse(metadata_value(meta, "tokenizer"))) {
    if (tokenizer_.size() != vocab)
      fail("checkpoint tokenizer has ", tokenizer_.size(), " pieces, but vocab is ", vocab);
    for (int id = 0; id < tokenizer_.size(); ++id) labels_.push_back(tokenizer_.piece(id));
  }

  ReadText read(std::string_view text, int room) const override {
    const std::vector<SubwordPiece> pieces = tokenizer_.encode(text);
    ReadText r;
    r.total = int(pieces.size());
    for (std::size_t i = 0; i < pieces.size() && int(i) < room; ++i) {
      r.tokens.push_back(pieces[i].text);
      r.ids.push_back(pieces[i].id);
    }
    return r;
  }

  int id_of(const std::string& token) const override { return tokenizer_.id_of(token); }

 private:
  SubwordTokenizer tokenizer_;
};

void require_token(const TextReader& reader, const std::string& token, const std::string& what) {
  if (reader.id_of(token) < 0)
    fail("checkpoint model ", what, " token '", token.substr(0, 40), "' is not in the vocabulary");
}

}  // namespace

std::unique_ptr<const TextReader> make_text_reader(const ModelDescriptor& d, const Metadata& meta,
                                                   int vocab) {
  std::unique_ptr<const TextReader> reader;
  if (d.tokenizer == TokenizerKind::kWords)
    reader = std::make_unique<WordsReader>(d, meta, vocab);
  else if (d.tokenizer == TokenizerKind::kSubword)
    reader = std::make_unique<SubwordReader>(meta, vocab);
  else
    fail("checkpoint model ", d.family, " reads text, so it needs a tokenizer (words or subword)");
  for (const auto& [job, token] : d.special) require_token(*reader, token, "special." + job);
  for (const std::string& token : d.frame_before) require_token(*reader, token, "framing");
  for (const std::string& token : d.frame_after) require_token(*reader, token, "framing");
  return reader;
}

}  // namespace headscope

#include "models/masked_lm/masked_lm.hpp"

#include "base/error.hpp"
#include "inputs/tokenizer.hpp"
#include "io/checkpoint.hpp"
#include "train/text_model.hpp"

namespace headscope::masked_lm {

namespace {

// Held-out passages importance() scores: enough for stable rankings, few enough to measure in
// well under a second.
constexpr int kHeldOutPassages = 64;

ModelDescriptor defaults() {
  ModelDescriptor d;
  d.family = "masked-lm-encoder";
  d.input = InputKind::kText;
  d.output = OutputKind::kTokenVocabulary;
  d.tokenizer = TokenizerKind::kWords;
  for (int id = 0; id < Vocabulary::kSpecialCount; ++id) {
    static const char* jobs[] = {"pad", "unk", "mask", "cls", "sep"};
    d.special[jobs[id]] = Vocabulary::kSpecial[id];
  }
  d.frame_before = {Vocabulary::kSpecial[Vocabulary::kCls]};
  d.frame_after = {Vocabulary::kSpecial[Vocabulary::kSep]};
  d.roles = {
      {"previous token", "the strongest link from a token is the token just before it"},
      {"next token", "the strongest link from a token is the token just after it"},
      {"punctuation / separator",
       "the strongest link from a word is a punctuation mark, [CLS] or [SEP]"},
      {"verb → subject", "the strongest link from a verb is its subject"},
      {"pronoun → antecedent", "the strongest link from a pronoun is the noun it refers to"},
  };
  return d;
}

class MaskedLm final : public ModelFamily {
 public:
  MaskedLm(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
      : ModelFamily(d),
        vocab_(Vocabulary::parse(metadata_value(meta, "vocabulary"))),
        max_len_(c.max_len) {
    if (vocab_.size() != c.vocab)
      fail("checkpoint vocabulary has ", vocab_.size(), " words, but vocab is ", c.vocab);
    if (d.input != InputKind::kText || d.tokenizer != TokenizerKind::kWords)
      fail("checkpoint model ", d.family, " must read text with the words tokenizer");
    if (c.max_len < d.framing_size() + 1)
      fail("text model max_len ", c.max_len, " leaves no room for a word");
    for (const auto& [job, token] : d.special) require_in_vocabulary(token, "special." + job);
    for (const std::string& token : d.frame_before) require_in_vocabulary(token, "framing");
    for (const std::string& token : d.frame_after) require_in_vocabulary(token, "framing");
    const std::string mask = d.special_token("mask");
    if (!mask.empty()) mask_pattern_ = keys(tokenize(mask, 16).tokens);
    for (int id = 0; id < vocab_.size(); ++id) labels_.push_back(vocab_.word(id));
  }

  void run_text(const Encoder& encoder, std::string_view text, std::span<const float> gates,
                ModelRun& run) const override {
    const ModelDescriptor& d = descriptor();
    const int room = max_len_ - d.framing_size();
    // A typed mask token is several tokens merged into one, so read enough, then cut.
    const int per_word = std::max<int>(1, int(mask_pattern_.size()));
    Tokenized t = tokenize(text, per_word * room);
    const int read = int(t.tokens.size());
    std::vector<std::string> words = merge_masks(std::move(t.tokens));
    if (words.empty()) fail("there is no text to attend over; type a sentence");
    run.total = t.total - (read - int(words.size()));  // a merged mask counts as one token
    if (int(words.size()) > room) words.resize(room);
    run.tokens = d.frame_before;
    run.tokens.insert(run.tokens.end(), words.begin(), words.end());
    run.tokens.insert(run.tokens.end(), d.frame_after.begin(), d.frame_after.end());
    run.patches.clear();
    run.pixels.clear();
    run.grid_w = run.grid_h = 0;
    encoder.forward_ids(vocab_.encode(run.tokens), gates, run.trace);
  }

  const std::vector<std::string>& output_labels() const override { return labels_; }
  const Vocabulary* vocabulary() const override { return &vocab_; }

  std::vector<train::EvalExample> current_examples(const ModelRun& run) const override {
    return train::text_current(vocab_.encode(run.tokens));
  }
  std::vector<train::EvalExample> held_out_examples(const Metadata& meta) const override {
    return train::text_held_out(vocab_, kHeldOutPassages, train::corpus_style_of(meta));
  }

 private:
  void require_in_vocabulary(const std::string& token, const std::string& what) const {
    if (vocab_.word(vocab_.id(token)) != token)
      fail("checkpoint model ", what, " token '", token.substr(0, 40),
           "' is not in the vocabulary");
  }

  static std::vector<std::string> keys(const std::vector<std::string>& tokens) {
    std::vector<std::string> out;
    for (const std::string& t : tokens) out.push_back(token_key(t));
    return out;
  }

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
        out.push_back(descriptor().special_token("mask"));
        i += n - 1;
      } else {
        out.push_back(std::move(tokens[i]));
      }
    }
    return out;
  }

  Vocabulary vocab_;
  int max_len_;
  std::vector<std::string> mask_pattern_;  // the mask token as tokenize() splits it, as keys
  std::vector<std::string> labels_;
};

}  // namespace

FamilyEntry family() {
  return {"masked-lm-encoder", [](const EncoderConfig& c) { return c.vocab > 0; }, defaults,
          [](const ModelDescriptor& d, const EncoderConfig& c,
             const Metadata& meta) -> std::unique_ptr<const ModelFamily> {
            return std::make_unique<MaskedLm>(d, c, meta);
          }};
}

}  // namespace headscope::masked_lm

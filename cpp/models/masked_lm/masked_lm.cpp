#include "models/masked_lm/masked_lm.hpp"

#include "base/error.hpp"
#include "inputs/vocab.hpp"
#include "models/text_family.hpp"
#include "nn/loss.hpp"
#include "train/mlm.hpp"
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

class MaskedLm final : public TextFamily {
 public:
  MaskedLm(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
      : TextFamily(d, c, meta), mask_(reader().id_of(d.special_token("mask"))) {
    if (mask_ < 0) fail("checkpoint model ", d.family, " needs a special.mask token");
  }

  std::vector<train::EvalExample> current_examples(const ModelRun& run) const override {
    return train::text_current(run.ids, first_word(), mask_);
  }

  // Real text carried in the checkpoint, masked as in training with a fixed seed; else the toy
  // grammar's held-out passages.
  std::vector<train::EvalExample> held_out_examples(const Metadata& meta) const override {
    const auto texts = held_out_texts(meta, kHeldOutPassages);
    if (texts.empty()) {
      if (!vocabulary()) fail("checkpoint has no heldout_text to score importance on");
      return train::text_held_out(*vocabulary(), kHeldOutPassages, train::corpus_style_of(meta));
    }
    Rng rng(0x5eed5eedull);
    std::vector<train::EvalExample> out;
    for (const std::vector<int>& ids : texts) {
      const train::MaskedExample m =
          train::mask_tokens(ids, rng, reader().size(), first_word(), 0.15f, mask_);
      out.push_back({m.inputs, {}, int(ids.size()), m.targets});
    }
    return out;
  }

 private:
  int mask_;
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

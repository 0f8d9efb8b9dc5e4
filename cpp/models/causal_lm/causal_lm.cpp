#include "models/causal_lm/causal_lm.hpp"

#include "base/error.hpp"
#include "inputs/subword.hpp"
#include "models/text_family.hpp"
#include "train/importance.hpp"

namespace headscope::causal_lm {

namespace {

// Held-out passages importance() scores (each up to max_len tokens, every position scored).
constexpr int kHeldOutPassages = 24;

ModelDescriptor defaults() {
  ModelDescriptor d;
  d.family = "causal-lm-decoder";
  d.input = InputKind::kText;
  d.output = OutputKind::kNextToken;
  d.tokenizer = TokenizerKind::kSubword;
  d.special = {{"pad", std::string(kSubwordSpecials[kSubwordPad])},
               {"unk", std::string(kSubwordSpecials[kSubwordUnk])},
               {"bos", std::string(kSubwordSpecials[kSubwordBos])},
               {"eos", std::string(kSubwordSpecials[kSubwordEos])}};
  d.frame_before = {std::string(kSubwordSpecials[kSubwordBos])};
  return d;
}

class CausalLm final : public TextFamily {
 public:
  CausalLm(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
      : TextFamily(d, c, meta) {
    if (!c.causal) fail("checkpoint model ", d.family, " must be causal (causal \"1\")");
  }

  std::vector<train::EvalExample> current_examples(const ModelRun& run) const override {
    return train::next_token_current(run.ids);
  }

  std::vector<train::EvalExample> held_out_examples(const Metadata& meta) const override {
    const auto texts = held_out_texts(meta, kHeldOutPassages);
    if (texts.empty()) fail("checkpoint has no heldout_text to score importance on");
    std::vector<train::EvalExample> out;
    for (const std::vector<int>& ids : texts) {
      auto one = train::next_token_current(ids);
      out.push_back(std::move(one.front()));
    }
    return out;
  }
};

}  // namespace

FamilyEntry family() {
  // Every causal checkpoint carries its descriptor: none predates them.
  return {"causal-lm-decoder", [](const EncoderConfig&) { return false; }, defaults,
          [](const ModelDescriptor& d, const EncoderConfig& c,
             const Metadata& meta) -> std::unique_ptr<const ModelFamily> {
            return std::make_unique<CausalLm>(d, c, meta);
          }};
}

}  // namespace headscope::causal_lm

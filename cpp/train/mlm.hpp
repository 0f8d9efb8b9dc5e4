// Masked-language modelling for the text encoder: hide some tokens, predict them.
//
//   ids ──pick ~15% of the word positions (at least one)──► targets = the original id there,
//        -1 elsewhere
//        ──at a picked position: 80% [MASK], 10% a random word, 10% unchanged──► inputs
//   loss = mean cross-entropy of the encoder's logits at the picked positions
#pragma once

#include <cstdint>
#include <vector>

#include "base/rng.hpp"
#include "inputs/vocab.hpp"
#include "nn/adam.hpp"
#include "nn/encoder.hpp"

namespace headscope::train {

struct MaskedExample {
  std::vector<int> inputs;   // [t]
  std::vector<int> targets;  // [t]; kIgnoreIndex where nothing is predicted
};

// BERT's recipe over `ids`, seeded by `rng`. Words are ids in [first_word, vocab): only they are
// picked, and random replacements are drawn from them. `mask_id`: the vocabulary's [MASK].
MaskedExample mask_tokens(const std::vector<int>& ids, Rng& rng, int vocab, int first_word,
                          float rate = 0.15f, int mask_id = Vocabulary::kMask);

// One optimizer step over a batch: the mean of the examples' losses, each example weighing the
// same. Returns that mean loss.
float mlm_step(Encoder& model, Adam& adam, const std::vector<MaskedExample>& batch);

// The mean masked-LM loss over examples, without changing the model.
float mlm_loss(const Encoder& model, const std::vector<MaskedExample>& examples);

}  // namespace headscope::train

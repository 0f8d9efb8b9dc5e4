// Which heads matter: the loss when a head is gated off, the gradient with respect to its gate,
// and the loss as heads are pruned one by one. For the page's importance and pruning panels.
//
//   examples ──encoder (gates)──► logits ──softmax cross-entropy──► loss, accuracy
//   ablation_k  = loss(gates with head k off) − loss(gates)                    [layers × heads]
//   gradient_k  = mean over examples of |∂ loss_example / ∂ gate_k|  (Michel et al. 2019)
//   pruning     heads off one at a time, least important first: loss and accuracy per step
//
// Evaluation sets: a text model's current input scores every word position with that one word
// masked (a pseudo-likelihood), its held-out set is masked-LM on held-out passages; an image
// model's current input is scored against the class the full model predicts, its held-out set
// is generated shape images with their true classes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/rng.hpp"
#include "inputs/vocab.hpp"
#include "nn/encoder.hpp"
#include "train/shape_images.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {

// One input and what its output is scored against.
struct EvalExample {
  std::vector<int> ids;        // text: [t] token ids
  std::vector<float> patches;  // image: [t, patch_dim]
  int t = 0;
  std::vector<int> targets;  // text: [t], kIgnoreIndex where nothing is scored; image: [1]
};

struct EvalResult {
  double loss = 0;      // mean over examples of each example's mean cross-entropy
  double accuracy = 0;  // share of scored outputs whose most likely class is the target
  int scored = 0;       // outputs scored in all
};

// With `gates` (empty = all on; otherwise [layers × heads]). Examples that score nothing are
// skipped; with none scored the result is all zero.
EvalResult evaluate(const Encoder& model, const std::vector<EvalExample>& examples,
                    std::span<const float> gates);

// [layers × heads]: the change in loss when each head is also switched off; 0 for a head that
// `gates` already switches off.
std::vector<float> ablation_importance(const Encoder& model,
                                       const std::vector<EvalExample>& examples,
                                       std::span<const float> gates);

// [layers × heads]: the mean absolute gradient of each example's loss with respect to each gate.
// Uses (and clears) the model's gradient buffers; the weights do not change.
std::vector<float> gradient_importance(Encoder& model, const std::vector<EvalExample>& examples,
                                       std::span<const float> gates);

struct Pruning {
  std::vector<int> order;         // heads (layer × heads + head) in the order they are removed
  std::vector<EvalResult> steps;  // [layers × heads + 1]: step k has the first k of order removed
};

// Removes heads one at a time, the least important first (ties: lower index first), starting
// with every head on.
Pruning prune_by(const Encoder& model, const std::vector<EvalExample>& examples,
                 std::span<const float> importance);

// A masked-LM model's current input: one example per word position of `ids` ([CLS] … [SEP]
// framed), that position replaced by `mask_id` and scored. Positions holding an id below
// `first_word` (the special tokens: [CLS], [SEP], [UNK], [MASK], …) are not scored.
std::vector<EvalExample> text_current(std::span<const int> ids,
                                      int first_word = Vocabulary::kSpecialCount,
                                      int mask_id = Vocabulary::kMask);
// A causal model's current input: one example, each position scored on the token after it.
std::vector<EvalExample> next_token_current(std::span<const int> ids);
// `count` passages of the training grammar (in `style`) from `seed`, masked as in training (by
// `rng`).
std::vector<EvalExample> text_examples(const Vocabulary& vocab, int count, std::uint64_t seed,
                                       Rng& rng, const CorpusStyle& style = {});
// `count` held-out passages in the model's corpus style (the training recipe's held-out seed),
// masked with a fixed seed.
std::vector<EvalExample> text_held_out(const Vocabulary& vocab, int count,
                                       const CorpusStyle& style = {});
// An image model's current input, scored against `predicted`.
std::vector<EvalExample> image_current(std::vector<float> patches, int t, int predicted);
// `count` shape images from `seed`, with their classes.
std::vector<EvalExample> image_examples(int count, std::uint64_t seed);
// Labelled examples of `images`, each seen as `patches` makes them (the vision model's scaled
// patches, or the live trainer's ink).
std::vector<EvalExample> image_examples(const std::vector<ShapeImage>& images,
                                        std::vector<float> (*patches)(const ShapeImage&));
// `count` held-out shape images (the training recipe's held-out seed).
std::vector<EvalExample> image_held_out(int count);

}  // namespace headscope::train

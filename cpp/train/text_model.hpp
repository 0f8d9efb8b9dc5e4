// Training the text model: a small encoder learns masked-language modelling on the generated
// corpus (text_corpus.hpp); score_heads (head_scores.hpp) then scores each head on
// held_out_passages().
// Same options and seed, same weights.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/head_evidence.hpp"
#include "inputs/vocab.hpp"
#include "nn/encoder.hpp"
#include "train/head_scores.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {

struct TextTrainOptions {
  EncoderConfig model;  // vocab is filled in from the corpus
  int steps = 3000;
  int batch = 32;
  float lr = 2e-3f;
  int warmup = 100;  // steps of linear warm-up, then cosine decay to lr / 10
  std::uint64_t seed = 1;
  int held_out = 400;          // sentences for the final loss and the head scores
  CorpusStyle corpus;          // training and held-out passages alike
  float mask_rate = 0.15f;     // share of word positions masked (BERT's 15%)
  float weight_decay = 0.01f;  // AdamW's
};

struct TextTrainResult {
  std::unique_ptr<Encoder> model;
  Vocabulary vocab;
  float initial_loss = 0, final_loss = 0;  // held-out masked-LM loss before and after
};

// The defaults the shipped checkpoint uses: d_model 64, 4 heads, 2 layers, MLP 128, max_len 48.
TextTrainOptions default_text_options();

// The metadata key a text checkpoint carries its corpus style in (style_to_string).
inline constexpr const char* kCorpusStyleKey = "corpus_style";

// The corpus style a checkpoint was trained on: its "corpus_style", or the default style for a
// checkpoint without one. Throws Error for a malformed one.
CorpusStyle corpus_style_of(const std::map<std::string, std::string>& metadata);

// The options whose held-out passages a checkpoint's head scores were measured on: the defaults,
// with the checkpoint's "seed" and corpus style.
TextTrainOptions text_options_of(const std::map<std::string, std::string>& metadata);

// The held-out passages the final loss and the head scores are measured on.
std::vector<Sentence> held_out_passages(const TextTrainOptions& options);

// progress(step, steps, loss) is called after every step.
TextTrainResult train_text(const TextTrainOptions& options,
                           const std::function<void(int, int, float)>& progress = {});

// The head scores as the evidence checkpoints carry (analysis/head_evidence.hpp writes it).
std::vector<HeadEvidence> head_evidence(const std::vector<HeadScores>& heads);

}  // namespace headscope::train

// Training a small model step by step while a learner watches (the page's live-training panel,
// run in a Web Worker): the loss, and how each head's attention and its likeness to the other
// heads change.
//
//   task "text":   passages of the training grammar, masked-LM (as text_model.hpp, smaller)
//   task "shapes": shape-pair images, classified (as vision_model.hpp, smaller)
//   step():     one AdamW step on a fresh batch ──► the batch's loss
//   validate(): loss and accuracy on a fixed validation set
//   probe():    per layer, each head's entropy and the heads' Jensen-Shannon distances,
//               averaged over a fixed probe set (head_stats.hpp)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "inputs/vocab.hpp"
#include "nn/adam.hpp"
#include "nn/encoder.hpp"
#include "train/importance.hpp"

namespace headscope::train {

struct LiveOptions {
  std::string task = "text";  // "text" or "shapes"
  int num_heads = 4;
  int d_model = 32;
  int num_layers = 2;
  int mlp_hidden = 64;
  int batch = 16;
  float lr = 3e-3f;
  int warmup = 50;  // linear warm-up, then a constant rate: the run has no fixed end
  std::uint64_t seed = 1;
  int validation = 64;  // validation examples
  int probe = 8;        // probe examples (the first of the validation set)
};

struct LayerProbe {
  std::vector<float> entropy;      // [heads]
  std::vector<float> js_distance;  // [heads, heads]
};

class LiveTrainer {
 public:
  // Throws Error naming a bad option (an unknown task, d_model not divisible by num_heads, …).
  explicit LiveTrainer(const LiveOptions& options);

  float step();
  int steps() const { return steps_; }
  EvalResult validate() const;
  std::vector<LayerProbe> probe() const;
  const Encoder& model() const { return *model_; }
  const LiveOptions& options() const { return options_; }

 private:
  std::vector<EvalExample> batch();

  LiveOptions options_;
  std::unique_ptr<Vocabulary> vocab_;  // text only
  std::unique_ptr<Encoder> model_;
  std::unique_ptr<Adam> adam_;
  Rng mask_rng_;
  std::vector<EvalExample> validation_;
  int steps_ = 0;
};

}  // namespace headscope::train

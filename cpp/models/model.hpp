// A trained model as the page and the npm package run it: a checkpoint's encoder plus what its
// metadata says about its inputs.
//
//   text:  typed text ──tokenize (at most max_len − 2 tokens; "[MASK]" typed is one token)──►
//          [CLS] tokens [SEP]
//          ──vocabulary (unknown words → [UNK])──► ids ──encoder──► trace, probabilities [t, vocab]
//   image: RGBA [h, w] ──resize to side × side──► patchify (patch_size)
//          ──encoder──► trace, probabilities [1, classes]
//
// Metadata it reads besides the config (checkpoint.hpp): a text model's "vocabulary" (one word per
// line, vocab.hpp); a vision model's "image_side", "patch_size" and "classes" (one name per line).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "inputs/vocab.hpp"
#include "nn/encoder.hpp"

namespace headscope {

// One run of a model, with everything the page shows.
struct ModelRun {
  std::vector<std::string> tokens;   // text: as the model read them, [CLS] … [SEP]
  int total = 0;                     // text: tokens the whole text has (before the cap)
  std::vector<std::uint8_t> pixels;  // image: [side, side, 4] the resized image the model saw
  std::vector<float> patches;        // image: [t, patch_dim] the encoder's input
  int grid_w = 0, grid_h = 0;        // image: patches across and down
  Encoder::Trace trace;              // every layer's attention and intermediates
  std::vector<float> probabilities;  // softmax of trace.logits: [t, vocab] or [1, classes]
};

class Model {
 public:
  // Parses and checks a checkpoint (load_encoder) and the metadata above; Error names what is
  // wrong.
  static Model from_bytes(std::vector<std::uint8_t> bytes);

  // The same architecture and vocabulary with freshly initialised (random) weights; the metadata
  // loses what was measured on the trained weights (head_scores, held-out figures) and gains
  // "weights": "random, seed <seed>".
  Model untrained(std::uint64_t seed) const;

  bool is_text() const { return encoder_->config().vocab > 0; }
  const EncoderConfig& config() const { return encoder_->config(); }
  const Encoder& encoder() const { return *encoder_; }
  // The same encoder, for what needs its gradient buffers (train/importance.hpp's gate
  // gradients); the weights must not be changed through it. Copies of a Model share it.
  Encoder& encoder_for_gradients() { return *encoder_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  // Text models only.
  const Vocabulary& vocabulary() const;
  // Vision models only.
  int image_side() const { return image_side_; }
  int patch_size() const { return patch_size_; }
  const std::vector<std::string>& class_names() const { return classes_; }

  // gates: empty, or [num_layers * num_heads] in [0, 1]. Throws Error on the wrong kind of
  // input, empty text, bad image sizes or gates.
  void run_text(std::string_view text, std::span<const float> gates, ModelRun& run) const;
  void run_image(std::span<const std::uint8_t> rgba, int width, int height,
                 std::span<const float> gates, ModelRun& run) const;

 private:
  Model() = default;
  void finish(ModelRun& run) const;

  std::shared_ptr<Encoder> encoder_;
  std::map<std::string, std::string> metadata_;
  std::shared_ptr<const Vocabulary> vocab_;
  int image_side_ = 0, patch_size_ = 0;
  std::vector<std::string> classes_;
};

}  // namespace headscope

// A trained model as the page and the npm package run it: a checkpoint's encoder, what its
// metadata says it is (the descriptor, models/descriptor.hpp) and its family's part (how it reads
// its input, what its outputs mean, what it is scored on: models/family.hpp).
//
//   bytes ──load_encoder──► Encoder + metadata ──descriptor_of──► ModelDescriptor
//         ──find_family(family).open──► ModelFamily;  head_scores ──parse_head_evidence──► heads
//   run_text / run_image ──family──► tokens or patches ──encoder──► trace ──softmax──►
//   probabilities
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/head_evidence.hpp"
#include "models/descriptor.hpp"
#include "models/family.hpp"
#include "models/run.hpp"
#include "nn/encoder.hpp"

namespace headscope {

class Model {
 public:
  // Parses and checks a checkpoint (load_encoder), its descriptor, its family's metadata and its
  // head evidence; Error names what is wrong, e.g. an unknown family.
  static Model from_bytes(std::vector<std::uint8_t> bytes);

  // The same architecture and vocabulary with freshly initialised (random) weights; the metadata
  // loses what was measured on the trained weights (head_scores, held-out figures) and gains
  // "weights": "random, seed <seed>".
  Model untrained(std::uint64_t seed) const;

  const ModelDescriptor& descriptor() const { return family_->descriptor(); }
  const ModelFamily& family() const { return *family_; }
  const EncoderConfig& config() const { return encoder_->config(); }
  const Encoder& encoder() const { return *encoder_; }
  // The same encoder, for what needs its gradient buffers (train/importance.hpp's gate
  // gradients); the weights must not be changed through it. Copies of a Model share it.
  Encoder& encoder_for_gradients() { return *encoder_; }
  const Metadata& metadata() const { return metadata_; }
  // The checked head evidence of "head_scores"; empty without it (or with random weights).
  const std::vector<HeadEvidence>& heads() const { return heads_; }
  // A family that reads tokens has one; Error otherwise.
  const Vocabulary& vocabulary() const;
  const std::vector<std::string>& output_labels() const { return family_->output_labels(); }

  // gates: empty, or [num_layers * num_heads] in [0, 1]. Throws Error on the other kind of input
  // than the family reads, empty text, bad image sizes or gates.
  void run_text(std::string_view text, std::span<const float> gates, ModelRun& run) const;
  void run_image(std::span<const std::uint8_t> rgba, int width, int height,
                 std::span<const float> gates, ModelRun& run) const;

 private:
  Model() = default;
  void finish(ModelRun& run) const;

  std::shared_ptr<Encoder> encoder_;
  Metadata metadata_;
  std::shared_ptr<const ModelFamily> family_;
  std::vector<HeadEvidence> heads_;
};

}  // namespace headscope

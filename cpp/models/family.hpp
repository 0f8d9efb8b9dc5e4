// A model family: everything that differs between a masked-LM encoder, a ViT classifier and the
// families to come, behind one interface, chosen by name from one table (models/families.cpp).
//
//   checkpoint ──load_encoder──► Encoder, metadata ──descriptor_of──► ModelDescriptor
//              ──find_family(descriptor.family).open(descriptor, config, metadata)──► ModelFamily
//   ModelFamily: reads the input (text → framed token ids, or an image → patches) into a run,
//                names the outputs, and builds the sets importance and evaluation score
//
// Adding a family: a folder models/<family>/ with its ModelFamily and FamilyEntry, and its line in
// models/families.cpp. The descriptor's JSON already has room for it (models/descriptor.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "inputs/vocab.hpp"
#include "models/descriptor.hpp"
#include "models/run.hpp"
#include "nn/encoder.hpp"
#include "train/importance.hpp"

namespace headscope {

using Metadata = std::map<std::string, std::string>;

class ModelFamily {
 public:
  explicit ModelFamily(ModelDescriptor descriptor) : descriptor_(std::move(descriptor)) {}
  virtual ~ModelFamily() = default;

  const ModelDescriptor& descriptor() const { return descriptor_; }

  // Read the input into `run` (tokens and total, or pixels, patches and grid) and run the encoder
  // with `gates`. A family that reads the other kind of input refuses by name.
  virtual void run_text(const Encoder& encoder, std::string_view text, std::span<const float> gates,
                        ModelRun& run) const;
  virtual void run_image(const Encoder& encoder, std::span<const std::uint8_t> rgba, int width,
                         int height, std::span<const float> gates, ModelRun& run) const;

  // What each output means: the vocabulary's tokens, or the class names.
  virtual const std::vector<std::string>& output_labels() const = 0;
  // The vocabulary of a family that reads tokens, else null.
  virtual const Vocabulary* vocabulary() const { return nullptr; }
  // An image family's input size and patch side, in pixels; 0 for text.
  virtual int image_side() const { return 0; }
  virtual int patch_size() const { return 0; }

  // What importance and evaluation score (train/importance.hpp): the last run's input, and the
  // held-out set (the same every time for a checkpoint: regenerated from its metadata).
  virtual std::vector<train::EvalExample> current_examples(const ModelRun& run) const = 0;
  virtual std::vector<train::EvalExample> held_out_examples(const Metadata& metadata) const = 0;

 protected:
  // "this vit-classifier model reads images; give it an image, not text"
  [[noreturn]] void refuse(InputKind given) const;

 private:
  ModelDescriptor descriptor_;
};

struct FamilyEntry {
  const char* name;
  // Whether a checkpoint written before descriptors existed, with this config, is of this family.
  bool (*predates_descriptors)(const EncoderConfig& config);
  // The descriptor such a checkpoint gets, and the one the family's training writes.
  ModelDescriptor (*defaults)();
  // Checks the descriptor and the metadata against the config (Error naming what does not fit)
  // and makes the family's part of a model.
  std::unique_ptr<const ModelFamily> (*open)(const ModelDescriptor& descriptor,
                                             const EncoderConfig& config, const Metadata& metadata);
};

// Every family, in the order the page lists them (models/families.cpp).
std::span<const FamilyEntry> families();
// Error "checkpoint model family 'x' is not one of masked-lm-encoder, vit-classifier".
const FamilyEntry& find_family(std::string_view name);
// The checkpoint's descriptor: its "model" metadata, or the defaults of the family its config
// belongs to when it was written before descriptors existed.
ModelDescriptor descriptor_of(const Metadata& metadata, const EncoderConfig& config);

}  // namespace headscope

#include "models/vit/vit.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/lines.hpp"
#include "inputs/patches.hpp"
#include "inputs/resize.hpp"
#include "io/checkpoint.hpp"
#include "train/shape_images.hpp"

namespace headscope::vit {

namespace {

// Held-out images importance() scores: enough for stable rankings, few enough to measure in well
// under a second.
constexpr int kHeldOutImages = 32;

ModelDescriptor defaults() {
  ModelDescriptor d;
  d.family = "vit-classifier";
  d.input = InputKind::kImage;
  d.output = OutputKind::kClasses;
  d.tokenizer = TokenizerKind::kNone;
  d.roles = {
      {"other shape", "the strongest link from a patch of one shape is a patch of the other shape"},
      {"shapes", "the strongest link from a background patch is a patch of one of the shapes"},
  };
  return d;
}

class Vit final : public ModelFamily {
 public:
  Vit(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
      : ModelFamily(d),
        // Sides and patches every run can resize to (4096 x 4096 = kMaxResizePixels) and patchify.
        side_(metadata_int(meta, "image_side", 1, kMaxResizeSide)),
        patch_(metadata_int(meta, "patch_size", 1, kMaxPatchSize)),
        classes_(split_lines(metadata_value(meta, "classes"))) {
    if (d.input != InputKind::kImage) fail("checkpoint model ", d.family, " must read images");
    const int grid = side_ / patch_;
    if (grid < 1 || grid * patch_ != side_)
      fail("checkpoint image_side ", side_, " is not a multiple of patch_size ", patch_);
    if (grid * grid > c.max_len)
      fail("checkpoint images give ", grid * grid, " patches, more than max_len ", c.max_len);
    if (patch_ * patch_ * 3 != c.patch_dim)
      fail("checkpoint patch_size ", patch_, " gives patches of ", patch_ * patch_ * 3,
           " values, but patch_dim is ", c.patch_dim);
    if (int(classes_.size()) != c.num_classes)
      fail("checkpoint classes names ", classes_.size(), " classes, but num_classes is ",
           c.num_classes);
  }

  void run_image(const Encoder& encoder, std::span<const std::uint8_t> rgba, int width, int height,
                 std::span<const float> gates, ModelRun& run) const override {
    // The bars around a picture that is not square: the training images' paper.
    run.pixels = letterbox_rgba(rgba, width, height, side_, train::kPaper);
    Patches p = patchify(run.pixels, side_, side_, patch_);
    run.tokens.clear();
    run.total = 0;
    run.grid_w = p.grid_w;
    run.grid_h = p.grid_h;
    run.patches = std::move(p.values);
    encoder.forward_patches(run.patches, run.grid_w * run.grid_h, gates, run.trace);
  }

  const std::vector<std::string>& output_labels() const override { return classes_; }
  int image_side() const override { return side_; }
  int patch_size() const override { return patch_; }

  // The current image is scored against the class the model predicts.
  std::vector<train::EvalExample> current_examples(const ModelRun& run) const override {
    const auto& p = run.probabilities;
    const int predicted = int(std::max_element(p.begin(), p.end()) - p.begin());
    return train::image_current(run.patches, run.trace.t, predicted);
  }
  std::vector<train::EvalExample> held_out_examples(const Metadata&) const override {
    return train::image_held_out(kHeldOutImages);
  }

 private:
  int side_, patch_;
  std::vector<std::string> classes_;
};

}  // namespace

FamilyEntry family() {
  return {"vit-classifier", [](const EncoderConfig& c) { return c.vocab == 0 && c.patch_dim > 0; },
          defaults,
          [](const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
              -> std::unique_ptr<const ModelFamily> { return std::make_unique<Vit>(d, c, meta); }};
}

}  // namespace headscope::vit

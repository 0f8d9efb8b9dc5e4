// Training the vision model: a small ViT classifies shape-pair images (shape_images.hpp) from
// their 8 × 8-pixel patches, then each head is scored on held-out images:
//
//   other shape   from one shape's patch, the strongest link (j ≠ i) is the other shape's patch
//                 (chance 1/63)
//   shapes        from a background patch, the strongest link is one of the two shape patches
//                 (chance 2/63)
//
// Each role is also scored by the mean attention weight on its targets. A head is labelled with a
// role when both measures are at least 0.5 and three times chance.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/head_evidence.hpp"
#include "nn/encoder.hpp"
#include "train/shape_images.hpp"

namespace headscope::train {

struct VisionTrainOptions {
  EncoderConfig model;  // patch_dim, num_classes and max_len are filled in
  int steps = 3000;
  int batch = 32;
  float lr = 2e-3f;
  int warmup = 100;
  std::uint64_t seed = 1;
  int held_out = 400;
};

struct VisionHeadScores {
  int layer = 0, head = 0;
  double other_shape = 0, shapes = 0;                // fractions of applicable queries
  double other_shape_chance = 0, shapes_chance = 0;  // the same for uniformly random links
  // The mean attention weight on the targets, and a uniform row's (the query's own patch counted).
  double other_shape_weight = 0, shapes_weight = 0;
  double other_shape_weight_chance = 0, shapes_weight_chance = 0;
  std::string label;  // "other shape", "shapes" or ""
};

struct VisionTrainResult {
  std::unique_ptr<Encoder> model;
  float initial_loss = 0, final_loss = 0, accuracy = 0;  // held out
};

// d_model 64, 4 heads, 2 layers, MLP 128.
VisionTrainOptions default_vision_options();

// The model's input for an image: its patches, [64, 192], each r, g, b in [-1, 1].
std::vector<float> shape_patches(const ShapeImage& image);

// The held-out images the final loss, the accuracy and the head scores are measured on.
std::vector<ShapeImage> held_out_images(const VisionTrainOptions& options);

VisionTrainResult train_vision(const VisionTrainOptions& options,
                               const std::function<void(int, int, float)>& progress = {});

std::vector<VisionHeadScores> score_vision_heads(const Encoder& model,
                                                 const std::vector<ShapeImage>& images);

// The head scores as the evidence checkpoints carry (analysis/head_evidence.hpp writes it).
std::vector<HeadEvidence> vision_evidence(const std::vector<VisionHeadScores>& heads);

}  // namespace headscope::train

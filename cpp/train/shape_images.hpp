// The vision model's training data: 64 × 64 images (8 × 8 patches) of two coloured shapes on paper,
// each shape inside one 8 × 8-pixel patch; the live trainer's are 32 × 32 (4 × 4 patches). The
// label says whether the two shapes share their colour and whether they share their form, so the
// model must compare one patch with another: a patch alone cannot answer.
//
//   class 0: different colour, different form     class 2: same colour, different form
//   class 1: different colour, same form          class 3: same colour, same form
#pragma once

#include <cstdint>
#include <vector>

namespace headscope::train {

inline constexpr int kImageSide = 64, kShapePatch = 8, kShapeGrid = kImageSide / kShapePatch;
inline constexpr int kShapeClasses = 4;
// The images' background: paper. The vision model also letterboxes pictures on it (vit.cpp), so
// the bars read as empty background.
inline constexpr std::uint8_t kPaper[3] = {246, 244, 238};

struct ShapeImage {
  int grid = kShapeGrid;           // patches across and down; the side is grid · kShapePatch
  std::vector<std::uint8_t> rgba;  // [side, side, 4]
  int label = 0;                   // 0..3, as above
  int patch[2] = {0, 0};           // the two shapes' patch indices (row-major grid × grid)
  int colour[2] = {0, 0}, form[2] = {0, 0};
};

// `count` images of grid × grid patches (2 to 8), seeded; the four classes equally likely. The
// default grid's images are the vision model's.
std::vector<ShapeImage> generate_shape_images(int count, std::uint64_t seed, int grid = kShapeGrid);

// The image's patches [grid², 192], each r, g, b as its difference from the paper, (v − paper) /
// 127.5: a blank patch is all zeros and a shape patch is only its ink. Scaled to [−1, 1] instead
// (patchify), every patch carries the paper's 192 values near 0.93 and a small model's first
// layer sees a shape patch as close to a blank one (cosine 0.59 at initialisation, against −0.10
// as ink); on the live trainer's 4 × 4 grid its validation accuracy passes 60% within 600 steps
// in 12 of 12 seeds as ink, in 8 of 12 scaled.
std::vector<float> ink_patches(const ShapeImage& image);

const char* shape_class_name(int label);

}  // namespace headscope::train

// The vision model's training data: 64 × 64 images of two coloured shapes on paper, each shape
// inside one 8 × 8-pixel patch. The label says whether the two shapes share their colour and
// whether they share their form, so the model must compare one patch with another: a patch alone
// cannot answer.
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
  std::vector<std::uint8_t> rgba;  // [64, 64, 4]
  int label = 0;                   // 0..3, as above
  int patch[2] = {0, 0};           // the two shapes' patch indices (row-major 8 × 8 grid)
  int colour[2] = {0, 0}, form[2] = {0, 0};
};

// `count` images, seeded; the four classes equally likely.
std::vector<ShapeImage> generate_shape_images(int count, std::uint64_t seed);

const char* shape_class_name(int label);

}  // namespace headscope::train

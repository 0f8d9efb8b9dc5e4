#include "train/shape_images.hpp"

#include <cmath>

#include "base/error.hpp"
#include "base/rng.hpp"
#include "inputs/patches.hpp"

namespace headscope::train {

namespace {

// Okabe & Ito: orange, blue, green, pink (on kPaper, shape_images.hpp).
const std::uint8_t kColours[4][3] = {{230, 159, 0}, {0, 114, 178}, {0, 158, 115}, {204, 121, 167}};
constexpr int kForms = 3;  // square, circle, triangle

// Whether pixel (x, y) of an 8 × 8 cell (centre 3.5, 3.5) is inside form f.
bool inside(int form, int x, int y) {
  const float dx = float(x) - 3.5f, dy = float(y) - 3.5f;
  if (form == 0) return x >= 1 && x <= 6 && y >= 1 && y <= 6;          // square
  if (form == 1) return dx * dx + dy * dy <= 9.5f;                     // circle
  return y >= 1 && y <= 6 && std::abs(dx) <= float(y) * 0.5f + 0.01f;  // triangle, apex up
}

// Paints the two shapes on paper.
void draw(ShapeImage& im) {
  const int side = im.grid * kShapePatch;
  im.rgba.resize(std::size_t(side) * side * 4);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      std::uint8_t* px = &im.rgba[(std::size_t(y) * side + x) * 4];
      const int cell = (y / kShapePatch) * im.grid + x / kShapePatch;
      const std::uint8_t* c = kPaper;
      for (int s = 0; s < 2; ++s)
        if (cell == im.patch[s] && inside(im.form[s], x % kShapePatch, y % kShapePatch))
          c = kColours[im.colour[s]];
      px[0] = c[0];
      px[1] = c[1];
      px[2] = c[2];
      px[3] = 255;
    }
}

}  // namespace

const char* shape_class_name(int label) {
  static const char* names[] = {"different colour, different form", "different colour, same form",
                                "same colour, different form", "same colour, same form"};
  return label >= 0 && label < kShapeClasses ? names[label] : "?";
}

std::vector<ShapeImage> generate_shape_images(int count, std::uint64_t seed, int grid) {
  if (grid < 2 || grid > kShapeGrid)
    fail("shape image grid ", grid, " must be from 2 to ", kShapeGrid);
  Rng rng(seed);
  const auto pick = [&](int n) { return int(rng.next_u32() % std::uint32_t(n)); };
  std::vector<ShapeImage> out;
  for (int n = 0; n < count; ++n) {
    ShapeImage im;
    im.grid = grid;
    im.label = pick(kShapeClasses);
    const bool same_colour = im.label >= 2, same_form = im.label % 2 == 1;
    im.colour[0] = pick(4);
    im.colour[1] = same_colour ? im.colour[0] : (im.colour[0] + 1 + pick(3)) % 4;
    im.form[0] = pick(kForms);
    im.form[1] = same_form ? im.form[0] : (im.form[0] + 1 + pick(kForms - 1)) % kForms;
    const int cells = grid * grid;
    im.patch[0] = pick(cells);
    do im.patch[1] = pick(cells);
    while (im.patch[1] == im.patch[0]);
    draw(im);
    out.push_back(std::move(im));
  }
  return out;
}

std::vector<float> ink_patches(const ShapeImage& image) {
  const int side = image.grid * kShapePatch;
  std::vector<float> v = patchify(image.rgba, side, side, kShapePatch).values;
  for (std::size_t i = 0; i < v.size(); ++i) v[i] -= float(kPaper[i % 3]) / 127.5f - 1.0f;
  return v;
}

}  // namespace headscope::train

// The shape images: labels that match what is drawn, shapes inside their patches, balance, on the
// vision model's 8 × 8 grid and the live trainer's 4 × 4; and the ink patches the live trainer
// reads.
#include <string>

#include "helpers.hpp"
#include "train/shape_images.hpp"

namespace headscope::test {
namespace {

bool is_paper(const std::uint8_t* px) {
  return px[0] == 246 && px[1] == 244 && px[2] == 238;
}

void expect_labels_match_the_drawing(int grid) {
  const int side = grid * 8, cells = grid * grid;
  int counts[4] = {};
  for (const train::ShapeImage& im : train::generate_shape_images(400, 3, grid)) {
    ASSERT_EQ(im.grid, grid);
    ASSERT_EQ(im.rgba.size(), std::size_t(side) * side * 4);
    ASSERT_NE(im.patch[0], im.patch[1]);
    ASSERT_LT(im.patch[0], cells);
    ASSERT_LT(im.patch[1], cells);
    ++counts[im.label];
    EXPECT_EQ(im.label >= 2, im.colour[0] == im.colour[1]);
    EXPECT_EQ(im.label % 2 == 1, im.form[0] == im.form[1]);
    // Coloured pixels lie only in the two shape patches, and each patch has some.
    std::vector<int> coloured(std::size_t(cells), 0);
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x)
        if (!is_paper(&im.rgba[(std::size_t(y) * side + x) * 4]))
          ++coloured[(y / 8) * grid + x / 8];
    for (int p = 0; p < cells; ++p) {
      if (p == im.patch[0] || p == im.patch[1])
        EXPECT_GT(coloured[p], 10);
      else
        EXPECT_EQ(coloured[p], 0);
    }
  }
  for (int c : counts) EXPECT_NEAR(c, 100, 30);
}

TEST(ShapeImages, LabelsMatchTheDrawnShapes) {
  expect_labels_match_the_drawing(8);
}

TEST(ShapeImages, LabelsMatchTheDrawnShapesOnTheLiveGrid) {
  expect_labels_match_the_drawing(4);
}

TEST(ShapeImages, SameSeedSameImages) {
  const auto a = train::generate_shape_images(5, 9), b = train::generate_shape_images(5, 9);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a[i].rgba, b[i].rgba);
}

TEST(ShapeImages, ABadGridIsNamed) {
  for (int grid : {1, 9}) {
    try {
      train::generate_shape_images(1, 1, grid);
      ADD_FAILURE() << "grid " << grid << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()),
                "shape image grid " + std::to_string(grid) + " must be from 2 to 8");
    }
  }
}

// Each value is the pixel's channel minus the paper's over 127.5, read straight from the RGBA
// bytes: patch (y / 8, x / 8), offset ((y % 8) · 8 + x % 8) · 3 + channel.
TEST(ShapeImages, InkPatchesAreEachPixelMinusThePaper) {
  for (int grid : {4, 8})
    for (const train::ShapeImage& im : train::generate_shape_images(6, 11, grid)) {
      const std::vector<float> v = train::ink_patches(im);
      const int side = grid * 8;
      ASSERT_EQ(v.size(), std::size_t(grid) * grid * 192);
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
          for (int c = 0; c < 3; ++c) {
            const int patch = (y / 8) * grid + x / 8, offset = ((y % 8) * 8 + x % 8) * 3 + c;
            const double pixel = im.rgba[(std::size_t(y) * side + x) * 4 + c];
            const double paper = c == 0 ? 246 : c == 1 ? 244 : 238;
            ASSERT_NEAR(v[std::size_t(patch) * 192 + offset], (pixel - paper) / 127.5, 1e-6)
                << "grid " << grid << " x " << x << " y " << y << " channel " << c;
          }
      // A blank patch is all zeros: the model sees only the ink.
      for (int p = 0; p < grid * grid; ++p)
        if (p != im.patch[0] && p != im.patch[1])
          for (int k = 0; k < 192; ++k) ASSERT_EQ(v[std::size_t(p) * 192 + k], 0.0f);
    }
}

}  // namespace
}  // namespace headscope::test

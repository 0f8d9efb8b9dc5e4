// The shape images: labels that match what is drawn, shapes inside their patches, balance.
#include "helpers.hpp"
#include "train/shape_images.hpp"

namespace headscope::test {
namespace {

TEST(ShapeImages, LabelsMatchTheDrawnShapes) {
  int counts[4] = {};
  for (const train::ShapeImage& im : train::generate_shape_images(400, 3)) {
    ASSERT_EQ(im.rgba.size(), 64u * 64 * 4);
    ASSERT_NE(im.patch[0], im.patch[1]);
    ++counts[im.label];
    EXPECT_EQ(im.label >= 2, im.colour[0] == im.colour[1]);
    EXPECT_EQ(im.label % 2 == 1, im.form[0] == im.form[1]);
    // Coloured pixels lie only in the two shape patches, and each patch has some.
    int coloured[64] = {};
    for (int y = 0; y < 64; ++y)
      for (int x = 0; x < 64; ++x) {
        const std::uint8_t* px = &im.rgba[(y * 64 + x) * 4];
        if (px[0] != 246 || px[1] != 244 || px[2] != 238) ++coloured[(y / 8) * 8 + x / 8];
      }
    for (int p = 0; p < 64; ++p) {
      if (p == im.patch[0] || p == im.patch[1])
        EXPECT_GT(coloured[p], 10);
      else
        EXPECT_EQ(coloured[p], 0);
    }
  }
  for (int c : counts) EXPECT_NEAR(c, 100, 30);
}

TEST(ShapeImages, SameSeedSameImages) {
  const auto a = train::generate_shape_images(5, 9), b = train::generate_shape_images(5, 9);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a[i].rgba, b[i].rgba);
}

}  // namespace
}  // namespace headscope::test

// Cutting an RGBA image into patches: hand-worked layouts and every size rule.
#include "helpers.hpp"
#include "inputs/patches.hpp"

namespace headscope::test {
namespace {

// A width x height RGBA image whose pixel (x, y) has r = x, g = y, b = 255, a = 7.
std::vector<std::uint8_t> coordinate_image(int width, int height) {
  std::vector<std::uint8_t> rgba(std::size_t(width) * height * 4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      std::uint8_t* px = &rgba[(std::size_t(y) * width + x) * 4];
      px[0] = std::uint8_t(x);
      px[1] = std::uint8_t(y);
      px[2] = 255;
      px[3] = 7;
    }
  return rgba;
}

float scaled(int byte) {
  return float(byte) / 127.5f - 1.0f;
}

TEST(Patches, OnePixelPatchesKeepRgbAndDropAlpha) {
  const Patches p = patchify(coordinate_image(3, 1), 3, 1, 1);
  EXPECT_EQ(p.grid_w, 3);
  EXPECT_EQ(p.grid_h, 1);
  EXPECT_EQ(p.patch_dim, 3);
  const std::vector<float> expected{scaled(0), scaled(0), 1.0f,      scaled(1), scaled(0),
                                    1.0f,      scaled(2), scaled(0), 1.0f};
  EXPECT_EQ(p.values, expected);
}

TEST(Patches, RowMajorGridAndRowMajorPixels) {
  // 5 x 3 image, patch 2: a 2 x 1 grid; column 4 and row 2 are dropped.
  const Patches p = patchify(coordinate_image(5, 3), 5, 3, 2);
  ASSERT_EQ(p.grid_w, 2);
  ASSERT_EQ(p.grid_h, 1);
  ASSERT_EQ(p.patch_dim, 12);
  ASSERT_EQ(p.values.size(), 24u);
  // Patch 1 covers x 2..3, y 0..1; its third pixel is (2, 1).
  const float* third = &p.values[12 + 2 * 3];
  EXPECT_EQ(third[0], scaled(2));
  EXPECT_EQ(third[1], scaled(1));
  EXPECT_EQ(third[2], 1.0f);
  // Dropped pixels never appear: r (= x) stays below 4 and g (= y) below 2.
  for (std::size_t i = 0; i < p.values.size(); i += 3) {
    EXPECT_LE(p.values[i], scaled(3));
    EXPECT_LE(p.values[i + 1], scaled(1));
  }
}

TEST(Patches, SeventeenByFiveWithPatchFive) {
  const Patches p = patchify(coordinate_image(17, 5), 17, 5, 5);
  EXPECT_EQ(p.grid_w, 3);
  EXPECT_EQ(p.grid_h, 1);
  // Last pixel of the last patch is (14, 4).
  const float* last = &p.values[p.values.size() - 3];
  EXPECT_EQ(last[0], scaled(14));
  EXPECT_EQ(last[1], scaled(4));
}

TEST(Patches, RejectsBadSizes) {
  const auto img = coordinate_image(4, 4);
  EXPECT_EQ(error_message([&] { patchify(img, 4, 5, 2); }),
            "image data has 64 bytes, expected width 4 x height 5 x 4 = 80");
  EXPECT_EQ(error_message([&] { patchify(img, 0, 4, 2); }),
            "image width 0 must be from 1 to 16384");
  EXPECT_EQ(error_message([&] { patchify(img, 4, 20000, 2); }),
            "image height 20000 must be from 1 to 16384");
  EXPECT_EQ(error_message([&] { patchify(img, 4, 4, 0); }), "patch_size 0 must be from 1 to 256");
  EXPECT_EQ(error_message([&] { patchify(img, 4, 4, 5); }),
            "patch_size 5 is larger than the image (4 x 4)");
  const auto big = coordinate_image(100, 100);
  EXPECT_EQ(
      error_message([&] { patchify(big, 100, 100, 1); }),
      "image of 100 x 100 with patch_size 1 gives 10000 patches, more than the limit of 4096");
}

}  // namespace
}  // namespace headscope::test

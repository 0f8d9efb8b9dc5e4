// Area-average resizing against hand-computed pixels, with odd sizes so partial coverage runs.
#include "helpers.hpp"
#include "inputs/resize.hpp"

namespace headscope::test {
namespace {

std::vector<std::uint8_t> grey(const std::vector<int>& values) {
  std::vector<std::uint8_t> out;
  for (const int v : values) out.insert(out.end(), {std::uint8_t(v), std::uint8_t(v), 0, 255});
  return out;
}

std::vector<int> red(const std::vector<std::uint8_t>& rgba) {
  std::vector<int> out;
  for (std::size_t i = 0; i < rgba.size(); i += 4) out.push_back(rgba[i]);
  return out;
}

TEST(Resize, SameSizeIsTheIdentity) {
  const auto img = grey({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});  // 5 x 3
  EXPECT_EQ(resize_rgba(img, 5, 3, 5, 3), img);
}

TEST(Resize, HalvingAveragesBlocks) {
  // 4 x 2 → 2 x 1: each output is the mean of a 2 x 2 block.
  const auto img = grey({0, 100, 10, 20, 50, 250, 30, 40});
  EXPECT_EQ(red(resize_rgba(img, 4, 2, 2, 1)), (std::vector<int>{100, 25}));
}

TEST(Resize, ThirdsWeighPartlyCoveredPixels) {
  // 5 → 3 across one row: each output covers 5/3 source pixels.
  //   out 0: [0, 5/3)   = 1·p0 + 2/3·p1       → (0 + 2/3·30) / (5/3)        = 12
  //   out 1: [5/3, 10/3) = 1/3·p1 + 1·p2 + 1/3·p3 → (10 + 60 + 30) / (5/3)  = 60
  //   out 2: [10/3, 5)  = 2/3·p3 + 1·p4       → (60 + 120) / (5/3)          = 108
  const auto img = grey({0, 30, 60, 90, 120});
  EXPECT_EQ(red(resize_rgba(img, 5, 1, 3, 1)), (std::vector<int>{12, 60, 108}));
}

TEST(Resize, EnlargingRepeatsPixelsAndBlendsAtSharedEdges) {
  // 2 → 3: out 1 covers [2/3, 4/3): half of each source pixel.
  const auto img = grey({0, 200});
  EXPECT_EQ(red(resize_rgba(img, 2, 1, 3, 1)), (std::vector<int>{0, 100, 200}));
  // 1 x 1 → 17 x 5: every pixel, every channel copies the one source pixel.
  const std::vector<std::uint8_t> one{9, 80, 7, 200};
  const auto big = resize_rgba(one, 1, 1, 17, 5);
  ASSERT_EQ(big.size(), 17u * 5 * 4);
  for (std::size_t i = 0; i < big.size(); ++i) EXPECT_EQ(big[i], one[i % 4]);
}

TEST(Resize, RejectsBadSizes) {
  const auto img = grey({1, 2, 3});
  EXPECT_EQ(error_message([&] { resize_rgba(img, 3, 1, 0, 4); }),
            "resized side 0 must be from 1 to 16384");
  EXPECT_EQ(error_message([&] { resize_rgba(img, 2, 1, 4, 4); }),
            "image data has 12 bytes, expected width 2 x height 1 x 4 = 8");
  EXPECT_EQ(error_message([&] { resize_rgba(img, 0, 1, 4, 4); }),
            "image width 0 must be from 1 to 16384");
}

// Found by fuzz_image: a 1 x 1 image could ask for a 16384 x 16384 (1 GiB) output; now the
// resized image has a pixel limit.
TEST(Resize, RejectsOutputsOverThePixelLimit) {
  const std::vector<std::uint8_t> one{1, 2, 3, 4};
  EXPECT_EQ(error_message([&] { resize_rgba(one, 1, 1, 2864, 12288); }),
            "resized image of 2864 x 12288 = 35192832 pixels exceeds the limit of 16777216 "
            "(4096 x 4096)");
  EXPECT_EQ(resize_rgba(one, 1, 1, 4096, 4096).size(), 4096u * 4096 * 4);
}

// Found by fuzz_image: resizing a 1 x n column to an n x 1 row went through an [n, n, 4] double
// intermediate: 8 GiB for n = 16384 (64 KiB in, 64 KiB out). Rows are now resampled as they are
// needed, one at a time. (n = 4096 here, 512 MiB before, to keep the test quick.)
TEST(Resize, ExtremeAspectChangesNeedNoLargeIntermediate) {
  std::vector<std::uint8_t> column;
  for (int y = 0; y < 4096; ++y)
    column.insert(column.end(), {std::uint8_t(y % 2 * 200), 7, 0, 255});
  const auto row = resize_rgba(column, 1, 4096, 4096, 1);
  ASSERT_EQ(row.size(), 4096u * 4);
  // Each output pixel covers every source row with weight 1/4096: the column's mean.
  for (std::size_t i = 0; i < row.size(); i += 4)
    ASSERT_EQ(std::vector<int>(row.begin() + i, row.begin() + i + 4),
              (std::vector<int>{100, 7, 0, 255}))
        << "pixel " << i / 4;
}

TEST(Letterbox, KeepsTheAspectAndCentresTheImageOnTheFill) {
  // 4 × 2 into a 4-pixel square: the image unchanged in rows 1 and 2, fill above and below.
  const std::vector<std::uint8_t> img = grey({10, 20, 30, 40, 50, 60, 70, 80});
  const std::uint8_t fill[3] = {1, 2, 3};
  const auto out = letterbox_rgba(img, 4, 2, 4, fill);
  EXPECT_EQ(red(out), (std::vector<int>{1, 1, 1, 1, 10, 20, 30, 40, 50, 60, 70, 80, 1, 1, 1, 1}));
  EXPECT_EQ((std::vector<int>{out[1], out[2], out[3]}), (std::vector<int>{2, 3, 255}));
  // 2 × 4 (portrait): the bars are left and right.
  const auto tall = letterbox_rgba(grey({10, 20, 30, 40, 50, 60, 70, 80}), 2, 4, 4, fill);
  EXPECT_EQ(red(tall), (std::vector<int>{1, 10, 20, 1, 1, 30, 40, 1, 1, 50, 60, 1, 1, 70, 80, 1}));
}

TEST(Letterbox, SquareImagesAreOnlyResizedAndThinOnesKeepAPixel) {
  const std::vector<std::uint8_t> img = grey({0, 100, 200, 50});
  const std::uint8_t fill[3] = {9, 9, 9};
  EXPECT_EQ(letterbox_rgba(img, 2, 2, 3, fill), resize_rgba(img, 2, 2, 3, 3));
  // 100 × 1 into 4: a 4 × 1 strip (not 0 rows) in row 1.
  const std::vector<std::uint8_t> strip = grey(std::vector<int>(100, 200));
  EXPECT_EQ(red(letterbox_rgba(strip, 100, 1, 4, fill)),
            (std::vector<int>{9, 9, 9, 9, 200, 200, 200, 200, 9, 9, 9, 9, 9, 9, 9, 9}));
}

}  // namespace
}  // namespace headscope::test

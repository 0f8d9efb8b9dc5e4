#include "inputs/resize.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"
#include "inputs/patches.hpp"

namespace headscope {

namespace {

// For one axis of `in` source pixels mapped onto `out`: per output pixel, the source pixels it
// covers and each one's weight (its covered length / the output pixel's length).
struct Taps {
  std::vector<int> first, count;
  std::vector<double> weight;  // concatenated, count[o] per output pixel
};

Taps taps(int in, int out) {
  Taps t;
  const double step = double(in) / out;  // source pixels per output pixel
  for (int o = 0; o < out; ++o) {
    const double lo = o * step, hi = (o + 1) * step;
    const int a = int(std::floor(lo)), b = std::min(in, int(std::ceil(hi)));
    t.first.push_back(a);
    t.count.push_back(b - a);
    for (int s = a; s < b; ++s)
      t.weight.push_back((std::min(hi, s + 1.0) - std::max(lo, double(s))) / step);
  }
  return t;
}

}  // namespace

std::vector<std::uint8_t> resize_rgba(std::span<const std::uint8_t> rgba, int width, int height,
                                      int out_width, int out_height) {
  check_rgba(rgba, width, height);
  for (const int side : {out_width, out_height})
    if (side < 1 || side > kMaxImageSide)
      fail("resized side ", side, " must be from 1 to ", kMaxImageSide);
  const long out_pixels = long(out_width) * out_height;
  if (out_pixels > kMaxResizePixels)
    fail("resized image of ", out_width, " x ", out_height, " = ", out_pixels,
         " pixels exceeds the limit of ", kMaxResizePixels, " (", kMaxResizeSide, " x ",
         kMaxResizeSide, ")");
  const Taps tx = taps(width, out_width), ty = taps(height, out_height);
  // One source row resampled across: [out_width, 4] in double.
  const auto across = [&](int y, std::vector<double>& row) {
    std::fill(row.begin(), row.end(), 0.0);
    std::size_t w = 0;
    for (int o = 0; o < out_width; ++o)
      for (int k = 0; k < tx.count[o]; ++k, ++w) {
        const std::uint8_t* px = &rgba[(std::size_t(y) * width + tx.first[o] + k) * 4];
        double* dst = &row[std::size_t(o) * 4];
        for (int c = 0; c < 4; ++c) dst[c] += tx.weight[w] * px[c];
      }
  };
  // Then down: each output row sums its source rows, resampled across as they are needed. Output
  // rows visit source rows in order and two neighbours share at most one (the boundary row), so
  // keeping the last one resamples each source row once, in memory for one row, whatever the
  // sizes (a 1 x 16384 image resized to 16384 x 1 needs no 16384 x 16384 intermediate).
  std::vector<double> row(std::size_t(out_width) * 4), acc(row.size());
  int row_y = -1;  // the source row `row` holds
  std::vector<std::uint8_t> out(std::size_t(out_pixels) * 4);
  std::size_t w = 0;
  for (int o = 0; o < out_height; ++o) {
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int k = 0; k < ty.count[o]; ++k, ++w) {
      const int y = ty.first[o] + k;
      if (y != row_y) {
        across(y, row);
        row_y = y;
      }
      for (std::size_t i = 0; i < acc.size(); ++i) acc[i] += ty.weight[w] * row[i];
    }
    for (std::size_t i = 0; i < acc.size(); ++i)
      out[std::size_t(o) * out_width * 4 + i] =
          std::uint8_t(std::clamp(std::lround(acc[i]), 0L, 255L));
  }
  return out;
}

std::vector<std::uint8_t> letterbox_rgba(std::span<const std::uint8_t> rgba, int width, int height,
                                         int side, const std::uint8_t (&fill)[3]) {
  check_rgba(rgba, width, height);
  const double scale = double(side) / double(std::max(width, height));
  const int w = std::clamp(int(std::lround(width * scale)), 1, side);
  const int h = std::clamp(int(std::lround(height * scale)), 1, side);
  const std::vector<std::uint8_t> inner = resize_rgba(rgba, width, height, w, h);
  std::vector<std::uint8_t> out(std::size_t(side) * side * 4);
  for (std::size_t p = 0; p < out.size(); p += 4)
    out[p] = fill[0], out[p + 1] = fill[1], out[p + 2] = fill[2], out[p + 3] = 255;
  const int x0 = (side - w) / 2, y0 = (side - h) / 2;
  for (int y = 0; y < h; ++y)
    std::copy_n(inner.begin() + std::ptrdiff_t(y) * w * 4, std::size_t(w) * 4,
                out.begin() + (std::ptrdiff_t(y0 + y) * side + x0) * 4);
  return out;
}

}  // namespace headscope

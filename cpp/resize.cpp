#include "resize.hpp"

#include <algorithm>
#include <cmath>

#include "error.hpp"
#include "patches.hpp"

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
  const Taps tx = taps(width, out_width), ty = taps(height, out_height);
  // Horizontal pass: rows [height, out_width, 4] in double, then the vertical pass.
  std::vector<double> rows(std::size_t(height) * out_width * 4, 0.0);
  for (int y = 0; y < height; ++y) {
    std::size_t w = 0;
    for (int o = 0; o < out_width; ++o)
      for (int k = 0; k < tx.count[o]; ++k, ++w) {
        const std::uint8_t* px = &rgba[(std::size_t(y) * width + tx.first[o] + k) * 4];
        double* dst = &rows[(std::size_t(y) * out_width + o) * 4];
        for (int c = 0; c < 4; ++c) dst[c] += tx.weight[w] * px[c];
      }
  }
  std::vector<std::uint8_t> out(std::size_t(out_width) * out_height * 4);
  std::size_t w = 0;
  for (int o = 0; o < out_height; ++o) {
    std::vector<double> acc(std::size_t(out_width) * 4, 0.0);
    for (int k = 0; k < ty.count[o]; ++k, ++w) {
      const double* src = &rows[std::size_t(ty.first[o] + k) * out_width * 4];
      for (std::size_t i = 0; i < acc.size(); ++i) acc[i] += ty.weight[w] * src[i];
    }
    for (std::size_t i = 0; i < acc.size(); ++i)
      out[std::size_t(o) * out_width * 4 + i] =
          std::uint8_t(std::clamp(std::lround(acc[i]), 0L, 255L));
  }
  return out;
}

}  // namespace headscope

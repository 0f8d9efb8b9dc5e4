// Resamples an RGBA image to a new size by area averaging: each output pixel is the mean of the
// source area it covers, weighted by how much of each source pixel falls inside. Shrinking
// averages (no aliasing); enlarging spreads each source pixel over the output pixels it covers.
// The vision model sees every image this way: letterboxed into its training square, the image
// resized to fit with its aspect kept and the rest filled with a background colour.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace headscope {

// Most pixels a resized image may have: 4096 x 4096 (64 MiB of RGBA).
inline constexpr int kMaxResizeSide = 4096;
inline constexpr long kMaxResizePixels = long(kMaxResizeSide) * kMaxResizeSide;

// rgba [height, width, 4] → [out_height, out_width, 4]. Throws Error naming the value when a
// side is 0 or over kMaxImageSide (patches.hpp), the buffer length does not match, or the
// resized image has more than kMaxResizePixels pixels. Memory beyond the output: a few rows.
std::vector<std::uint8_t> resize_rgba(std::span<const std::uint8_t> rgba, int width, int height,
                                      int out_width, int out_height);

// rgba [height, width, 4] → [side, side, 4]: the image resized so its longer side is `side` (the
// shorter at least 1 px, by rounding), centred, with the bars around it in `fill` (opaque). A
// square image is simply resized. Same errors as resize_rgba.
std::vector<std::uint8_t> letterbox_rgba(std::span<const std::uint8_t> rgba, int width, int height,
                                         int side, const std::uint8_t (&fill)[3]);

}  // namespace headscope

// Cuts an RGBA image into square patches, the way a ViT sees it. Edge pixels that do not fill a
// whole patch are dropped (the page downscales first, so at most patch_size - 1 pixels per side).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace headscope {

struct Patches {
  int grid_w = 0, grid_h = 0;  // patches across and down
  int patch_dim = 0;           // patch_size² × 3
  // [grid_h * grid_w, patch_dim]: per patch, row-major pixels, each (r, g, b) scaled to [-1, 1].
  std::vector<float> values;
};

inline constexpr int kMaxPatches = 4096;
inline constexpr int kMaxImageSide = 16384;
inline constexpr int kMaxPatchSize = 256;

// Throws Error naming the value unless rgba is [height, width, 4] with sides in [1, kMaxImageSide].
void check_rgba(std::span<const std::uint8_t> rgba, int width, int height);

// rgba [height, width, 4]. Throws Error naming the value when the sizes do not fit: the buffer
// length, a side of 0 or over kMaxImageSide, a patch size outside [1, kMaxPatchSize] or larger than
// the image, or more than kMaxPatches patches.
Patches patchify(std::span<const std::uint8_t> rgba, int width, int height, int patch_size);

}  // namespace headscope

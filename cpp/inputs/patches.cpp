#include "inputs/patches.hpp"

#include "base/error.hpp"

namespace headscope {

void check_rgba(std::span<const std::uint8_t> rgba, int width, int height) {
  if (width < 1 || width > kMaxImageSide)
    fail("image width ", width, " must be from 1 to ", kMaxImageSide);
  if (height < 1 || height > kMaxImageSide)
    fail("image height ", height, " must be from 1 to ", kMaxImageSide);
  const std::size_t expected = std::size_t(width) * height * 4;
  if (rgba.size() != expected)
    fail("image data has ", rgba.size(), " bytes, expected width ", width, " x height ", height,
         " x 4 = ", expected);
}

Patches patchify(std::span<const std::uint8_t> rgba, int width, int height, int patch_size) {
  check_rgba(rgba, width, height);
  if (patch_size < 1 || patch_size > kMaxPatchSize)
    fail("patch_size ", patch_size, " must be from 1 to ", kMaxPatchSize);
  if (patch_size > width || patch_size > height)
    fail("patch_size ", patch_size, " is larger than the image (", width, " x ", height, ")");
  Patches p;
  p.grid_w = width / patch_size;
  p.grid_h = height / patch_size;
  if (p.grid_w * p.grid_h > kMaxPatches)
    fail("image of ", width, " x ", height, " with patch_size ", patch_size, " gives ",
         p.grid_w * p.grid_h, " patches, more than the limit of ", kMaxPatches);
  p.patch_dim = patch_size * patch_size * 3;
  p.values.resize(std::size_t(p.grid_w) * p.grid_h * p.patch_dim);
  float* out = p.values.data();
  for (int gy = 0; gy < p.grid_h; ++gy)
    for (int gx = 0; gx < p.grid_w; ++gx)
      for (int y = 0; y < patch_size; ++y)
        for (int x = 0; x < patch_size; ++x) {
          const std::uint8_t* px =
              &rgba[(std::size_t(gy * patch_size + y) * width + gx * patch_size + x) * 4];
          for (int c = 0; c < 3; ++c) *out++ = float(px[c]) / 127.5f - 1.0f;
        }
  return p;
}

}  // namespace headscope

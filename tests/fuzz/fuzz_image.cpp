// Feeds: an image with fuzzed sizes, as a dropped picture or the npm package's runImage and
// patchify reach the core.
//   byte 0        flags: 1 = every pixel is the first one (a uniform image), 2 = pass the pixel
//                 bytes as they are (so the buffer length may not match the sizes), 4 = also run
//                 the tiny vision model (fuzz_common.hpp)
//   5 x int16 LE  width, height, resized width, resized height, patch size (negative and
//                 oversized values included)
//   the rest      pixel bytes, repeated to fill width x height x 4 (unless flag 2)
// to resize_rgba, patchify (of the image and of the resized image) and Model::run_image.
// The harness builds a buffer of at most 2^16 pixels; sizes beyond that get the raw bytes, so the
// core must reject them. Resizes are skipped when slow rather than interesting: from 2^18 output
// pixels up to the core's own limit (beyond it the core must say no), or when height x resized
// width is over 2^22 (the horizontal pass's work).
// Checks: headscope::Error is the only way to say no; output sizes follow the inputs; a uniform
// image resizes to the same colour; patch values are in [-1, 1]; a run gives probabilities.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/error.hpp"
#include "fuzz_common.hpp"
#include "inputs/patches.hpp"
#include "inputs/resize.hpp"
#include "models/model.hpp"

namespace {

using namespace headscope;
using fuzz::require;

constexpr long kMaxBuiltPixels = 1 << 16;
constexpr long kMaxResizedPixelsTried = 1 << 18;
constexpr long kMaxResizeWorkTried = 1 << 22;

void check_patchify(const std::vector<std::uint8_t>& rgba, int width, int height, int patch) {
  Patches p;
  try {
    p = patchify(rgba, width, height, patch);
  } catch (const Error&) {
    return;
  }
  require(p.grid_w == width / patch && p.grid_h == height / patch, "grid = sides / patch");
  require(p.patch_dim == patch * patch * 3, "patch_dim = patch^2 x 3");
  require(p.values.size() == std::size_t(p.grid_w) * p.grid_h * p.patch_dim, "values fill grid");
  for (const float v : p.values) require(v >= -1.0f && v <= 1.0f, "patch values in [-1, 1]");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader in(data, size);
  const int flags = in.u8();
  const bool uniform = flags & 1, raw = flags & 2, run_model = flags & 4;
  const int width = in.i16(), height = in.i16(), out_w = in.i16(), out_h = in.i16(),
            patch = in.i16();
  const auto pixels = in.rest();

  std::vector<std::uint8_t> rgba(pixels.begin(), pixels.end());
  if (!raw && width >= 1 && height >= 1 && long(width) * height <= kMaxBuiltPixels) {
    rgba.resize(std::size_t(width) * height * 4);
    for (std::size_t i = 0; i < rgba.size(); ++i)
      rgba[i] = pixels.empty() ? 128 : pixels[(uniform ? i % 4 : i) % pixels.size()];
  }

  const long out_pixels = long(out_w) * out_h;
  const bool slow = (out_pixels > kMaxResizedPixelsTried && out_pixels <= kMaxResizePixels) ||
                    long(height) * out_w > kMaxResizeWorkTried;
  if (!slow || out_w < 1 || out_h < 1 || out_pixels > kMaxResizePixels) {
    try {
      const std::vector<std::uint8_t> out = resize_rgba(rgba, width, height, out_w, out_h);
      require(out_pixels <= kMaxResizePixels, "resize rejects outputs over its limit");
      require(out.size() == std::size_t(out_pixels) * 4, "resize gives out_w x out_h x 4 bytes");
      if (uniform && !raw)
        for (std::size_t i = 0; i < out.size(); ++i)
          require(out[i] == rgba[i % 4], "a uniform image resizes to the same colour");
      check_patchify(out, out_w, out_h, patch);
    } catch (const Error&) {
    }
  }
  check_patchify(rgba, width, height, patch);

  if (run_model) {
    const Model& m = fuzz::tiny_vision_model();
    ModelRun run;
    try {
      m.run_image(rgba, width, height, {}, run);
      require(
          run.pixels.size() == std::size_t(m.family().image_side()) * m.family().image_side() * 4,
          "the model sees an image_side x image_side image");
      fuzz::require_distribution(run.probabilities, m.config().num_classes);
    } catch (const Error&) {
    }
  }
  return 0;
}

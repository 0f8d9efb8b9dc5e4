#include "inputs/embedding.hpp"

#include <cmath>

#include "attention/config.hpp"
#include "base/error.hpp"
#include "base/rng.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope {

namespace {

void check_d_model(int d_model) {
  if (d_model < 1 || d_model > kMaxDModel)
    fail("d_model ", d_model, " must be from 1 to ", kMaxDModel);
}

// FNV-1a, 64-bit.
std::uint64_t hash_bytes(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Adds positions for `count` of the dims starting at `offset` (sin/cos pairs over that range).
void add_positions(float* row, int offset, int count, int position) {
  for (int i = 0; i < count; ++i) {
    const int pair = i / 2;
    const double angle = position / std::pow(10000.0, 2.0 * pair / count);
    row[offset + i] += float(i % 2 == 0 ? std::sin(angle) : std::cos(angle));
  }
}

}  // namespace

void add_sinusoidal_positions(std::span<float> x, int t, int d_model, int first_position) {
  check_d_model(d_model);
  if (x.size() != std::size_t(t) * d_model)
    fail("positions: x has ", x.size(), " values, expected ", t, " x ", d_model);
  for (int p = 0; p < t; ++p)
    add_positions(&x[std::size_t(p) * d_model], 0, d_model, first_position + p);
}

std::vector<float> embed_tokens(const std::vector<std::string>& tokens, int d_model,
                                std::uint64_t seed) {
  check_d_model(d_model);
  if (tokens.empty()) fail("there are no tokens to embed; type some text");
  const int t = int(tokens.size());
  std::vector<float> x(std::size_t(t) * d_model);
  for (int p = 0; p < t; ++p) {
    Rng rng(hash_bytes(token_key(tokens[p])) ^ (seed * 0x9e3779b97f4a7c15ull));
    for (int i = 0; i < d_model; ++i) x[std::size_t(p) * d_model + i] = rng.normal();
  }
  add_sinusoidal_positions(x, t, d_model);
  return x;
}

std::vector<float> embed_patches(std::span<const float> patches, int grid_w, int grid_h,
                                 int patch_dim, int d_model, std::uint64_t seed) {
  check_d_model(d_model);
  if (grid_w < 1 || grid_h < 1)
    fail("patch grid ", grid_w, " x ", grid_h, " must be at least 1 x 1");
  if (patch_dim < 1) fail("patch_dim ", patch_dim, " must be at least 1");
  const std::size_t n = std::size_t(grid_w) * grid_h;
  if (patches.size() != n * patch_dim)
    fail("patches has ", patches.size(), " values, expected ", n, " patches x patch_dim ",
         patch_dim, " = ", n * patch_dim);
  for (std::size_t i = 0; i < patches.size(); ++i)
    if (!std::isfinite(patches[i])) fail("patches[", i, "] is ", patches[i], "; must be finite");
  // proj: [patch_dim, d_model], Xavier uniform.
  Rng rng(seed ^ 0x5bd1e995ull);
  const float limit = std::sqrt(6.0f / float(patch_dim + d_model));
  std::vector<float> proj(std::size_t(patch_dim) * d_model);
  for (float& w : proj) w = rng.uniform(-limit, limit);
  std::vector<float> x(n * d_model, 0.0f);
  const int half = d_model / 2;
  for (std::size_t p = 0; p < n; ++p) {
    float* row = &x[p * d_model];
    const float* in = &patches[p * patch_dim];
    for (int k = 0; k < patch_dim; ++k) {
      const float a = in[k];
      const float* w = &proj[std::size_t(k) * d_model];
      for (int i = 0; i < d_model; ++i) row[i] += a * w[i];
    }
    add_positions(row, 0, half, int(p) / grid_w);
    add_positions(row, half, d_model - half, int(p) % grid_w);
  }
  return x;
}

}  // namespace headscope

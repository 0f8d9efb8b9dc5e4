#include "attention/config.hpp"

#include <cmath>
#include <cstdint>

#include "base/error.hpp"

namespace headscope {

namespace {

void require_at_least_1(const char* name, int value) {
  if (value < 1) fail(name, " ", value, " must be at least 1");
}

void require_at_most(const char* name, int value, int limit) {
  if (value > limit) fail(name, " ", value, " exceeds the limit of ", limit);
}

}  // namespace

AttentionConfig resolve(const AttentionConfig& config) {
  AttentionConfig c = config;
  require_at_least_1("d_model", c.d_model);
  require_at_most("d_model", c.d_model, kMaxDModel);
  require_at_least_1("num_heads", c.num_heads);
  require_at_most("num_heads", c.num_heads, kMaxHeads);

  if (c.num_kv_heads == 0) c.num_kv_heads = c.num_heads;
  require_at_least_1("num_kv_heads", c.num_kv_heads);
  if (c.num_kv_heads > c.num_heads)
    fail("num_kv_heads ", c.num_kv_heads, " must not exceed num_heads ", c.num_heads);
  if (c.num_heads % c.num_kv_heads != 0)
    fail("num_kv_heads ", c.num_kv_heads, " must divide num_heads ", c.num_heads);

  if (c.head_dim == 0) {
    if (c.d_model % c.num_heads != 0)
      fail("d_model ", c.d_model, " is not divisible by num_heads ", c.num_heads);
    c.head_dim = c.d_model / c.num_heads;
  }
  require_at_least_1("head_dim", c.head_dim);
  require_at_most("head_dim", c.head_dim, kMaxHeadDim);
  // In 64 bits whatever size_t is (32 bits in wasm): each factor is at most 2^13, so the product
  // (under 2^38) cannot overflow.
  const std::uint64_t weights = std::uint64_t(c.d_model) * 2 *
                                (std::uint64_t(c.num_heads) + c.num_kv_heads) *
                                std::uint64_t(c.head_dim);
  if (weights > kMaxAttentionWeights)
    fail("d_model ", c.d_model, ", num_heads ", c.num_heads, ", num_kv_heads ", c.num_kv_heads,
         " and head_dim ", c.head_dim, " give ", weights,
         " projection weights, more than the limit of ", kMaxAttentionWeights);

  if (c.window < 0) fail("window ", c.window, " must be 0 (global) or positive");
  if (c.head_windows.empty()) c.head_windows.assign(c.num_heads, c.window);
  if (static_cast<int>(c.head_windows.size()) != c.num_heads)
    fail("head_windows has ", c.head_windows.size(), " values but num_heads is ", c.num_heads);
  for (int h = 0; h < c.num_heads; ++h)
    if (c.head_windows[h] < 0)
      fail("head_windows[", h, "] ", c.head_windows[h], " must be 0 (global) or positive");

  if (c.head_temperatures.empty()) c.head_temperatures.assign(c.num_heads, 1.0f);
  if (static_cast<int>(c.head_temperatures.size()) != c.num_heads)
    fail("head_temperatures has ", c.head_temperatures.size(), " values but num_heads is ",
         c.num_heads);
  for (int h = 0; h < c.num_heads; ++h) {
    const float t = c.head_temperatures[h];
    if (!(std::isfinite(t) && t > 0.0f))
      fail("head_temperatures[", h, "] ", t, " must be positive and finite");
  }

  if (c.rope_base != 0) {
    if (c.rope_base < 2 || c.rope_base > kMaxRopeBase)
      fail("rope_base ", c.rope_base, " must be 0 (no rotary positions) or from 2 to ",
           kMaxRopeBase);
    if (c.head_dim % 2 != 0)
      fail("head_dim ", c.head_dim, " must be even for rotary positions (rope_base ", c.rope_base,
           "): they rotate pairs of values");
  }
  return c;
}

}  // namespace headscope

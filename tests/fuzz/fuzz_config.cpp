// Feeds: an attention layer's config as the page's URL state and the npm package's configure()
// reach the core (wasm_bindings/convert.cpp read_config, then MultiHeadAttention, init_weights,
// set_weights and forward), every integer over its whole int range:
//   5 x int32     d_model, num_heads, num_kv_heads, head_dim, window
//   byte          flags: 1 bias, 2 causal, 4 unscaled scores, 8 head_windows given, 16
//                 head_temperatures given, 32 cross-attention, 64 key padding mask, 128 head gates
//   byte n, n x int32    head_windows (if flag 8)
//   byte n, n x float32  head_temperatures (if flag 16; NaN, infinities, 0, subnormals included)
//   byte          init: 0 xavier_uniform, 1 normal, 2 zeros, 3 normal with a fuzzed std
//   uint32, float seed, normal std
//   byte          t_q: 0 to 8 tokens (0 must be rejected); then t_k the same way if flag 32
//   float         input scale (NaN, infinities and huge values included)
//   the rest      inputs (int8 x scale), then padding mask bits and gates (byte / 250, so a gate
//                 over 1 is possible and must be rejected)
// Checks: resolve() and the constructors say no with headscope::Error only; a resolved config's
// projection weights stay within kMaxAttentionWeights (larger layers are resolved but not built:
// they are slow, not interesting); a forward either throws Error or gives finite outputs whose
// attention rows are distributions over the visible keys (or all zero when every key is masked).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "attention/attention.hpp"
#include "attention/config.hpp"
#include "attention/weights.hpp"
#include "base/error.hpp"
#include "fuzz_common.hpp"

namespace {

using namespace headscope;
using fuzz::require;

constexpr std::size_t kMaxWeightsBuilt = std::size_t(1) << 16;

std::size_t projection_weights(const AttentionConfig& c) {
  const WeightShapes s = weight_shapes(c);
  return s.w_q + s.w_k + s.w_v + s.w_o;
}

void check_result(const AttentionConfig& c, const AttentionResult& r) {
  for (const float v : r.output) require(std::isfinite(v), "outputs are finite");
  for (const float v : r.contributions) require(std::isfinite(v), "contributions are finite");
  const std::size_t rows = std::size_t(c.num_heads) * r.t_q;
  require(r.attention.size() == rows * r.t_k, "attention is [heads, t_q, t_k]");
  for (std::size_t row = 0; row < rows; ++row) {
    double sum = 0.0;
    for (int j = 0; j < r.t_k; ++j) {
      const float a = r.attention[row * r.t_k + j];
      require(std::isfinite(a) && a >= 0.0f && a <= 1.0f, "attention weights are in [0, 1]");
      sum += a;
    }
    require(sum == 0.0 || std::abs(sum - 1.0) < 1e-4, "attention rows sum to 1 (or 0)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader in(data, size);
  AttentionConfig c;
  c.d_model = in.i32();
  c.num_heads = in.i32();
  c.num_kv_heads = in.i32();
  c.head_dim = in.i32();
  c.window = in.i32();
  const int flags = in.u8();
  c.bias = flags & 1;
  c.causal = flags & 2;
  c.scale_scores = !(flags & 4);
  if (flags & 8)
    for (int n = in.u8(); n > 0; --n) c.head_windows.push_back(in.i32());
  if (flags & 16)
    for (int n = in.u8(); n > 0; --n) c.head_temperatures.push_back(in.f32());
  const int init = in.u8() % 4;
  const std::uint32_t seed = in.u32();
  const float fuzzed_std = in.f32();
  const int t_q = in.u8() % 9, t_k = (flags & 32) ? in.u8() % 9 : t_q;
  const float scale = in.f32();

  AttentionConfig resolved;
  try {
    resolved = resolve(c);
  } catch (const Error&) {
    return 0;
  }
  require(projection_weights(resolved) <= kMaxAttentionWeights, "resolve() bounds the weights");
  if (projection_weights(resolved) > kMaxWeightsBuilt) return 0;

  try {
    MultiHeadAttention layer(c, Init::kZeros);
    const Init kinds[] = {Init::kXavierUniform, Init::kNormal, Init::kZeros, Init::kNormal};
    layer.set_weights(
        init_weights(layer.config(), kinds[init], seed, init == 3 ? fuzzed_std : 0.02f));

    const int d = resolved.d_model;
    const auto values = [&](int t) {
      std::vector<float> x(std::size_t(t) * d);
      for (float& v : x) v = float(std::int8_t(in.u8())) * scale;
      return x;
    };
    const std::vector<float> x_q = values(t_q);
    const std::vector<float> x_kv = (flags & 32) ? values(t_k) : std::vector<float>{};
    std::vector<std::uint8_t> mask;
    if (flags & 64)
      for (int j = 0; j < t_k; ++j) mask.push_back(in.u8() & 1);
    std::vector<float> gates;
    if (flags & 128)
      for (int h = 0; h < resolved.num_heads; ++h) gates.push_back(float(in.u8()) / 250.0f);

    ForwardInput fi;
    fi.x_q = x_q;
    fi.t_q = t_q;
    fi.x_kv = x_kv;
    fi.t_k = t_k;
    fi.key_padding_mask = mask;
    fi.head_gates = gates;
    AttentionResult r;
    layer.forward(fi, r);
    check_result(layer.config(), r);
    AttentionResult reference;
    layer.forward(fi, reference, Backend::kReference);
    check_result(layer.config(), reference);
  } catch (const Error&) {
  }
  return 0;
}

// Registration only: the one EMSCRIPTEN_BINDINGS block and the thin class it exposes. Conversion
// lives in convert.cpp, error capture in guard.hpp.
//
// Raw API (wrapped by web/lib/, which users import):
//   new MultiHeadAttention()           an empty layer; configure() before anything else
//   .configure(config) -> bool         config: { dModel, numHeads, numKvHeads, headDim, bias,
//                                      causal, window, headWindows, headTemperatures,
//                                      scaleScores, seed, init, normalStd }
//   .config() -> object                the resolved config
//   .setWeights({ wq, wk, wv, wo, bq, bk, bv, bo }) -> bool
//   .weight(name) -> Float32Array      a view into wasm memory (see below)
//   .forward(x, tQ, { kv, kvLen, keyPaddingMask, headGates }) -> bool
//   .result(name) -> Float32Array      a view of the last forward's tensor
//   .tQ(), .tK()                       the last forward's lengths
//   .delete()                          frees the C++ object (embind)
//   takeError() -> string              message of the last call that returned false
//   simdArch() -> string, heapBytes() -> number
// Views stay valid until the next call on the same object or until wasm memory grows; copy
// (slice) what you keep.
#include <emscripten/bind.h>
#include <emscripten/heap.h>

#include <cmath>
#include <initializer_list>
#include <memory>
#include <utility>

#include "convert.hpp"
#include "error.hpp"
#include "guard.hpp"
#include "kernels.hpp"

namespace headscope::wasm {

std::string& last_error() {
  static std::string message;
  return message;
}

namespace {

// A view of the tensor named `name` in `object`, looked up in a table of (name, member); null if
// the name is unknown.
template <typename T>
val tensor_view(const T& object, const std::string& name,
                std::initializer_list<std::pair<const char*, std::vector<float> T::*>> table) {
  for (const auto& [key, member] : table)
    if (name == key) return view(object.*member);
  return val::null();
}

std::string take_error() {
  std::string m;
  m.swap(last_error());
  return m;
}

class WasmAttention {
 public:
  bool configure(const val& cfg) {
    return guarded([&] {
      const AttentionConfig c = read_config(cfg);
      const double seed = read_number(cfg, "seed", 0);
      if (!(seed >= 0 && seed <= 9007199254740991.0 && std::floor(seed) == seed))
        fail("seed ", seed, " must be an integer from 0 to 2^53 - 1");
      const Init init = read_init(read_string(cfg, "init", "xavier_uniform"));
      const double normal_std = read_number(cfg, "normalStd", 0.02);
      auto mha = std::make_unique<MultiHeadAttention>(c, Init::kZeros);
      mha->set_weights(init_weights(mha->config(), init, static_cast<std::uint64_t>(seed),
                                    static_cast<float>(normal_std)));
      mha_ = std::move(mha);
      result_ = AttentionResult{};
    });
  }

  val config() const {
    if (!mha_) return val::null();
    return config_to_js(mha_->config());
  }

  bool set_weights(const val& w) {
    return guarded([&] {
      const MultiHeadAttention& m = layer();
      if (w.isUndefined() || w.isNull()) fail("weights must be an object { wq, wk, wv, wo, ... }");
      const bool bias = m.config().bias;
      const auto tensor = [&](const char* key, bool needed) -> std::vector<float> {
        if (!has(w, key)) {
          if (needed) fail("weights.", key, " is missing");
          return {};
        }
        return read_floats(w[key], std::string("weights.") + key);
      };
      AttentionWeights next{tensor("wq", true), tensor("wk", true), tensor("wv", true),
                            tensor("wo", true), tensor("bq", bias), tensor("bk", bias),
                            tensor("bv", bias), tensor("bo", bias)};
      mha_->set_weights(std::move(next));
    });
  }

  val weight(const std::string& name) const {
    if (!mha_) return val::null();
    return tensor_view(mha_->weights(), name,
                       {{"wq", &AttentionWeights::w_q},
                        {"wk", &AttentionWeights::w_k},
                        {"wv", &AttentionWeights::w_v},
                        {"wo", &AttentionWeights::w_o},
                        {"bq", &AttentionWeights::b_q},
                        {"bk", &AttentionWeights::b_k},
                        {"bv", &AttentionWeights::b_v},
                        {"bo", &AttentionWeights::b_o}});
  }

  bool forward(const val& x, int t_q, const val& opts) {
    return guarded([&] {
      const MultiHeadAttention& m = layer();
      const std::vector<float> x_q = read_floats(x, "x");
      std::vector<float> x_kv;
      std::vector<std::uint8_t> pad;
      std::vector<float> gates;
      ForwardInput in;
      in.x_q = x_q;
      in.t_q = t_q;
      if (has(opts, "kv")) {
        x_kv = read_floats(opts["kv"], "kv");
        in.x_kv = x_kv;
        in.t_k = read_int(opts, "kvLen", 0);
      }
      if (has(opts, "keyPaddingMask")) {
        pad = read_mask(opts["keyPaddingMask"], "keyPaddingMask");
        in.key_padding_mask = pad;
      }
      if (has(opts, "headGates")) {
        gates = read_floats(opts["headGates"], "headGates");
        in.head_gates = gates;
      }
      m.forward(in, result_);
    });
  }

  val result(const std::string& name) const {
    using R = AttentionResult;
    return tensor_view(result_, name,
                       {{"q", &R::q},
                        {"k", &R::k},
                        {"v", &R::v},
                        {"scores", &R::scores},
                        {"logits", &R::logits},
                        {"attention", &R::attention},
                        {"headOutputs", &R::head_outputs},
                        {"concat", &R::concat},
                        {"contributions", &R::contributions},
                        {"output", &R::output},
                        {"scoreScale", &R::score_scale}});
  }

  int t_q() const { return result_.t_q; }
  int t_k() const { return result_.t_k; }

 private:
  const MultiHeadAttention& layer() const {
    if (!mha_) fail("the layer is not configured: call configure(config) first");
    return *mha_;
  }

  std::unique_ptr<MultiHeadAttention> mha_;
  AttentionResult result_;
};

std::string simd_arch() {
  return kernels::simd_arch_name();
}
double heap_bytes() {
  return static_cast<double>(emscripten_get_heap_size());
}

}  // namespace
}  // namespace headscope::wasm

EMSCRIPTEN_BINDINGS(headscope) {
  using namespace emscripten;
  using headscope::wasm::WasmAttention;
  class_<WasmAttention>("MultiHeadAttention")
      .constructor<>()
      .function("configure", &WasmAttention::configure)
      .function("config", &WasmAttention::config)
      .function("setWeights", &WasmAttention::set_weights)
      .function("weight", &WasmAttention::weight)
      .function("forward", &WasmAttention::forward)
      .function("result", &WasmAttention::result)
      .function("tQ", &WasmAttention::t_q)
      .function("tK", &WasmAttention::t_k);
  function("takeError", &headscope::wasm::take_error);
  function("simdArch", &headscope::wasm::simd_arch);
  function("heapBytes", &headscope::wasm::heap_bytes);
}

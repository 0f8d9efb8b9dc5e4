// Registration only: the one EMSCRIPTEN_BINDINGS block and the thin class it exposes. Conversion
// lives in convert.cpp, error capture in guard.hpp.
//
// Raw API (wrapped by web/lib/, which users import):
//   new MultiHeadAttention()           an empty layer; configure() before anything else
//   .configure(config) -> bool         config: { dModel, numHeads, numKvHeads, headDim, bias,
//                                      causal, window, headWindows, headTemperatures,
//                                      scaleScores, ropeBase, seed, init, normalStd }
//   .config() -> object                the resolved config
//   .setWeights({ wq, wk, wv, wo, bq, bk, bv, bo }) -> bool
//   .weight(name) -> Float32Array      a view into wasm memory (see below)
//   .forward(x, tQ, { kv, kvLen, keyPaddingMask, headGates, attribution }) -> bool
//   .result(name) -> Float32Array      a view of the last forward's tensor; with attribution:
//                                      also contributionNorms and fusedAttribution
//   .output(x, tQ, options) -> Float32Array | null   the output alone, computed without keeping
//                                      the intermediates; a view; null on error

//   .tQ(), .tK()                       the last forward's lengths
//   .delete()                          frees the C++ object (embind)
//   new Model()                        a trained encoder (wasm_model.hpp): .load(bytes),
//                                      .randomize(seed), .info(), .runText(text, options),
//                                      .runImage(rgba, w, h, options), .tokens(), .total(),
//                                      .gridW(), .gridH(), .seqLen(), .layerResult(l, name),
//                                      .probabilities(), .pixels(), .analysis(), .importance(o),
//                                      .evaluate(o), .attentionConfig(),
//                                      .generateStart(text, o), .generateCanStep(),
//                                      .generateStep(), .generateTokens(), .delete()
//   new Trainer()                      live training (wasm_trainer.hpp): .configure(options),
//                                      .step(count), .steps(), .validate(), .probe(), .delete()
//   takeError() -> string              message of the last call that returned false
//   simdArch() -> string, heapBytes() -> number, heapUsedBytes() -> number
//   tokenize(text, maxTokens), embedTokens(tokens, dModel, seed), patchify(rgba, w, h, patch),
//   embedPatches(values, gridW, gridH, patchDim, dModel, seed)   (see inputs.hpp; null on error)
// Views stay valid until the next call on the same object or until wasm memory grows; copy
// (slice) what you keep.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <cmath>
#include <initializer_list>
#include <memory>
#include <utility>

#include "analysis/attribution.hpp"
#include "base/error.hpp"
#include "convert.hpp"
#include "guard.hpp"
#include "inputs.hpp"
#include "kernels/kernels.hpp"
#include "wasm_model.hpp"
#include "wasm_trainer.hpp"

namespace headscope::wasm {

std::string& last_error() {
  static std::string message;
  return message;
}

namespace {

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
      const std::uint64_t seed_bits = has(cfg, "seed") ? read_seed(cfg["seed"], "seed") : 0;
      const Init init = read_init(read_string(cfg, "init", "xavier_uniform"));
      const double normal_std = read_number(cfg, "normalStd", 0.02);
      auto mha = std::make_unique<MultiHeadAttention>(c, Init::kZeros);
      mha->set_weights(
          init_weights(mha->config(), init, seed_bits, static_cast<float>(normal_std)));
      mha_ = std::move(mha);
      result_ = AttentionResult{};
      norms_.clear();
      fused_.clear();
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

  bool forward(const val& x, const val& t_q, const val& opts) {
    return guarded([&] {
      const MultiHeadAttention& m = layer();
      ForwardArgs args;
      read_forward_args(x, read_int_arg(t_q, "seqLen"), opts, args);
      const bool attribution = read_bool(opts, "attribution", false);
      norms_.clear();
      fused_.clear();
      m.forward(args.input, result_);
      if (attribution) {
        norms_ = contribution_norms(result_, m.config().num_heads, m.config().d_model);
        fused_ = fused_attribution(m, result_, args.gates);
      }
    });
  }

  // The fused output alone (MultiHeadAttention::output), as a view; null on error.
  val output(const val& x, const val& t_q, const val& opts) {
    const bool ok = guarded([&] {
      const MultiHeadAttention& m = layer();
      ForwardArgs args;
      read_forward_args(x, read_int_arg(t_q, "seqLen"), opts, args);
      m.output(args.input, output_);
    });
    return ok ? view(output_) : val::null();
  }

  val result(const std::string& name) const {
    if (name == "contributionNorms") return norms_.empty() ? val::null() : view(norms_);
    if (name == "fusedAttribution") return fused_.empty() ? val::null() : view(fused_);
    return attention_result_view(result_, name);
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
  std::vector<float> output_;         // [t_q, d_model], the last output()
  std::vector<float> norms_, fused_;  // [heads, t_q], [t_q, t_k]; filled when asked for
};

std::string simd_arch() {
  return kernels::simd_arch_name();
}
double heap_bytes() {
  return static_cast<double>(emscripten_get_heap_size());
}
// What malloc has handed out and not had back: unlike the heap's size, which only ever grows and
// does so when a request finds no free block large enough, this falls when memory is freed, so a
// leak shows in it round by round rather than as one growth whose timing depends on fragmentation.
double heap_used_bytes() {
  return static_cast<double>(mallinfo().uordblks);
}

}  // namespace
}  // namespace headscope::wasm

EMSCRIPTEN_BINDINGS(headscope) {
  using namespace emscripten;
  using headscope::wasm::WasmAttention;
  using headscope::wasm::WasmModel;
  using headscope::wasm::WasmTrainer;
  class_<WasmAttention>("MultiHeadAttention")
      .constructor<>()
      .function("configure", &WasmAttention::configure)
      .function("config", &WasmAttention::config)
      .function("setWeights", &WasmAttention::set_weights)
      .function("weight", &WasmAttention::weight)
      .function("forward", &WasmAttention::forward)
      .function("output", &WasmAttention::output)
      .function("result", &WasmAttention::result)
      .function("tQ", &WasmAttention::t_q)
      .function("tK", &WasmAttention::t_k);
  class_<WasmModel>("Model")
      .constructor<>()
      .function("load", &WasmModel::load)
      .function("randomize", &WasmModel::randomize)
      .function("info", &WasmModel::info)
      .function("runText", &WasmModel::run_text)
      .function("runImage", &WasmModel::run_image)
      .function("tokens", &WasmModel::tokens)
      .function("total", &WasmModel::total)
      .function("gridW", &WasmModel::grid_w)
      .function("gridH", &WasmModel::grid_h)
      .function("seqLen", &WasmModel::seq_len)
      .function("layerResult", &WasmModel::layer_result)
      .function("probabilities", &WasmModel::probabilities)
      .function("pixels", &WasmModel::pixels)
      .function("analysis", &WasmModel::analysis)
      .function("importance", &WasmModel::importance)
      .function("evaluate", &WasmModel::evaluate)
      .function("attentionConfig", &WasmModel::attention_config)
      .function("generateStart", &WasmModel::generate_start)
      .function("generateCanStep", &WasmModel::generate_can_step)
      .function("generateStep", &WasmModel::generate_step)
      .function("generateTokens", &WasmModel::generate_tokens);
  class_<WasmTrainer>("Trainer")
      .constructor<>()
      .function("configure", &WasmTrainer::configure)
      .function("step", &WasmTrainer::step)
      .function("steps", &WasmTrainer::steps)
      .function("validate", &WasmTrainer::validate)
      .function("probe", &WasmTrainer::probe);
  function("takeError", &headscope::wasm::take_error);
  function("simdArch", &headscope::wasm::simd_arch);
  function("heapBytes", &headscope::wasm::heap_bytes);
  function("heapUsedBytes", &headscope::wasm::heap_used_bytes);
  function("tokenize", &headscope::wasm::tokenize_text);
  function("embedTokens", &headscope::wasm::embed_token_list);
  function("patchify", &headscope::wasm::patchify_image);
  function("embedPatches", &headscope::wasm::embed_patch_values);
}

// The raw Model class: a checkpoint loaded into the core (cpp/models/model.hpp) and run on text or
// an image. Methods returning bool report failure through takeError(); views stay valid until the
// next call on the same object or until wasm memory grows.
#pragma once

#include <emscripten/val.h>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "convert.hpp"
#include "models/generate.hpp"
#include "models/model.hpp"
#include "train/importance.hpp"

namespace headscope::wasm {

using emscripten::val;

class WasmModel {
 public:
  // bytes: the safetensors file (Uint8Array). On failure the previous model stays loaded.
  bool load(const val& bytes);
  // Replaces the weights with random ones from `seed`, keeping the architecture and metadata.
  bool randomize(const val& seed);
  // { kind, dModel, numHeads, numKvHeads, numLayers, mlpHidden, maxLen, vocabSize, patchDim,
  //   numClasses, imageSide, patchSize, classes, outputLabels, metadata, heads, kvCache (a causal
  //   model's KV cache bytes per token, else null) } or null before load.
  val info() const;
  // options: { gates?: [numLayers * numHeads], attribution?: bool, analysis?: bool,
  //            fusion?: "mean" | "max" | "min" (the rollout's, default mean) }
  bool run_text(const std::string& text, const val& options);
  bool run_image(const val& rgba, const val& width, const val& height, const val& options);
  // The last run: tokens as read (text), total tokens before the cap, grid (image), length.
  val tokens() const;
  int total() const { return run_.total; }
  int grid_w() const { return run_.grid_w; }
  int grid_h() const { return run_.grid_h; }
  int seq_len() const { return run_.trace.t; }
  // A view of layer l's tensor: any AttentionResult name, "input" (the attention's input, after
  // ln1) and, after a run with attribution, "contributionNorms" and "fusedAttribution". Null for
  // an unknown name or layer.
  val layer_result(int layer, const std::string& name) const;
  // Image: a copy of the resized image the model saw, [side, side, 4]; text: empty.
  val pixels() const { return copy_out(run_.pixels); }
  // A view of the output probabilities: [t, vocab] (text) or [1, classes] (image).
  val probabilities() const;
  // After a run with analysis: a new object owned by JS, { layers: [{ entropy, distance, self,
  // previous, first (Float32Array [heads] each), jsDistance, contributionSimilarity (Float32Array
  // [heads, heads]), order (heads clustered) }], rollout (Float32Array [t, t]) }; else null.
  val analysis() const;
  // Head importance on the last run's input (with options.gates, as the run had) and on a held-out
  // set (every head on; computed once per model), and the held-out pruning curve: a new object
  // owned by JS (see headscope-raw.d.ts RawImportance), or null on error (takeError()).
  val importance(const val& options);
  // { loss, accuracy, scored } on the last run's input (as importance() scores it) or, with
  // options.heldOut, on the same held-out set; options.gates as in a run. Null on error.
  val evaluate(const val& options);
  // The attention layers' resolved config (the same in every layer).
  val attention_config() const;

  // Generation (models/generate.hpp), one at a time per model: continues `text` with options
  // { maxTokens (1 to maxLen − framing, default 20), temperature (0: greedy), topK (0: all),
  // seed, gates }, replacing any generation under way. False on error (takeError()); a failed
  // start leaves no generation.
  bool generate_start(const std::string& text, const val& options);
  // Whether generate_step() has another token to give: a generation is under way, it has given
  // fewer than maxTokens, and the model's context has room.
  bool generate_can_step() const;
  // The next token: a new object owned by JS (RawGeneratedToken), or null on error (takeError()).
  val generate_step();
  // The generation's tokens so far: the framed text, then each generated token; [] without one.
  val generate_tokens() const;

 private:
  const Model& model() const;
  // The evaluation sets importance() and evaluate() use (importance.hpp).
  std::vector<train::EvalExample> current_examples() const;
  // The held-out set, built once per model (it takes most of importance()'s first call).
  const std::vector<train::EvalExample>& held_out_examples();
  // After a new model: no run, no held-out set or measurements, no views into the old results.
  void forget_results();
  // Reads options, calls f(gates), then computes attribution if asked.
  void run(const val& options, const std::function<void(std::span<const float>)>& f);

  std::unique_ptr<Model> model_;
  ModelRun run_;
  std::vector<std::vector<float>> norms_, fused_;  // per layer, with attribution
  std::optional<RunAnalysis> analysis_;            // with analysis
  // importance()'s held-out part, computed once per model.
  struct HeldOutImportance {
    int examples = 0;
    train::EvalResult result;
    std::vector<float> ablation, gradient;
    train::Pruning pruning;
  };
  std::optional<HeldOutImportance> held_out_;
  std::optional<std::vector<train::EvalExample>> held_out_set_;
  // The generation under way (it refers to *model_, so it goes whenever the model does), and how
  // many more tokens it may give.
  std::unique_ptr<Generator> generator_;
  int generate_left_ = 0;
};

}  // namespace headscope::wasm

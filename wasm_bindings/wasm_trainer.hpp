// The raw Trainer class: live training of a small model (cpp/train/live.hpp), for the page's
// Web Worker. Methods returning bool (or null) report failure through takeError(); every array
// returned is a new one owned by JS.
#pragma once

#include <emscripten/val.h>

#include <memory>

#include "train/live.hpp"

namespace headscope::wasm {

using emscripten::val;

class WasmTrainer {
 public:
  // options: { task: "text" | "shapes", numHeads, dModel, numLayers, mlpHidden, batch, lr, seed,
  //            validation, probe } (all optional). On failure the previous trainer stays.
  bool configure(const val& options);
  // Runs `count` steps (1 to 1000); a Float32Array of their batch losses, or null on error.
  val step(const val& count);
  int steps() const { return trainer_ ? trainer_->steps() : 0; }
  // { loss, accuracy, scored } on the validation set, or null before configure.
  val validate() const;
  // [{ entropy: Float32Array [heads], jsDistance: Float32Array [heads, heads] }] per layer.
  val probe() const;

 private:
  std::unique_ptr<train::LiveTrainer> trainer_;
};

}  // namespace headscope::wasm

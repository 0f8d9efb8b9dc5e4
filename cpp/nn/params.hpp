// A view of one trainable tensor, for optimizers and checkpoints: its state_dict-style name
// ("enc.0.ln1.weight"), its values and its gradient (same length), and its PyTorch shape.
// Layers append one per tensor through `params(out, prefix)`. The spans point into the layer's
// vectors: they stay valid while the layer lives and its vectors are not resized.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace headscope {

// Whether params() lists the gradients too. Layers allocate their gradients the first time they
// are asked for (by params() with them, or by backward): a model that is only run, as the page
// runs a checkpoint, never needs them, and a loader that zero-filled a second copy of every weight
// took longer (with the loader's per-tensor copies gone too, a warm load in wasm went from 125 to
// 90 ms).
enum class Grads { kWith, kWithout };

struct ParamRef {
  std::string name;
  std::span<float> value;
  std::span<float> grad;  // same length as value; empty when listed with Grads::kWithout
  std::vector<std::int64_t> shape;
};

// "prefix.name", or just "name" when the prefix is empty.
inline std::string param_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

// Total number of values over a list of parameters.
inline std::size_t count_values(const std::vector<ParamRef>& params) {
  std::size_t n = 0;
  for (const ParamRef& p : params) n += p.value.size();
  return n;
}

}  // namespace headscope

// One run of a model, with everything the page shows. A family fills the input's part (tokens or
// pixels and patches); the encoder fills the trace; Model turns the logits into probabilities.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/encoder.hpp"

namespace headscope {

struct ModelRun {
  std::vector<std::string> tokens;   // text: as the model read them, framing included
  std::vector<int> ids;              // text: their ids
  int total = 0;                     // text: tokens the whole text has (before the cap)
  std::vector<std::uint8_t> pixels;  // image: [side, side, 4] the resized image the model saw
  std::vector<float> patches;        // image: [t, patch_dim] the encoder's input
  int grid_w = 0, grid_h = 0;        // image: patches across and down
  Encoder::Trace trace;              // every layer's attention and intermediates
  std::vector<float> probabilities;  // softmax of trace.logits: [t, vocab] or [1, classes]
};

}  // namespace headscope

// Feeds: the whole input as a checkpoint file, as a user's dropped file or a fetched model reaches
// the core: SafeTensors::parse (and floats() of every float tensor), load_encoder, and
// Model::from_bytes with its metadata checks; a model that loads then runs a short text or a
// small image.
// Checks: headscope::Error is the only way to say no; a parsed file's tensors lie inside it and
// read as finite floats of their shape's size; a loaded model's outputs are probabilities.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "fuzz_common.hpp"
#include "io/checkpoint.hpp"
#include "io/safetensors.hpp"
#include "models/model.hpp"

namespace {

using namespace headscope;
using fuzz::require;

void parse_safetensors(const std::vector<std::uint8_t>& bytes) {
  try {
    const SafeTensors file = SafeTensors::parse(bytes);
    for (const std::string& name : file.names()) {
      const TensorInfo& t = file.info(name);
      require(t.begin <= t.end && t.end <= bytes.size(), "a tensor lies inside the file");
      if (t.dtype != "F32" && t.dtype != "F16" && t.dtype != "BF16") continue;
      std::size_t count = 1;
      for (const std::int64_t d : t.shape) count *= std::size_t(d);
      try {
        const std::vector<float> values = file.floats(name, t.shape);
        require(values.size() == count, "floats() returns product(shape) values");
        for (const float v : values) require(std::isfinite(v), "floats() are finite");
      } catch (const Error&) {  // a NaN or infinity in the data
      }
    }
  } catch (const Error&) {
  }
}

void load_model(const std::vector<std::uint8_t>& bytes) {
  std::optional<Model> m;
  try {
    m.emplace(Model::from_bytes(bytes));
  } catch (const Error&) {
    return;
  }
  ModelRun run;
  try {
    if (m->descriptor().input == InputKind::kText) {
      m->run_text("the queen [MASK] .", {}, run);
      fuzz::require_distribution(run.probabilities, m->config().vocab);
    } else if (m->family().image_side() <= 64) {
      const std::vector<std::uint8_t> rgba(5 * 3 * 4, 200);
      m->run_image(rgba, 5, 3, {}, run);
      fuzz::require_distribution(run.probabilities, m->config().num_classes);
    }
  } catch (const Error&) {  // e.g. weights so large that the output overflows
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes(data, data + size);
  parse_safetensors(bytes);
  load_model(bytes);
  return 0;
}

#include "models/model.hpp"

#include "base/error.hpp"
#include "io/checkpoint.hpp"
#include "kernels/kernels.hpp"

namespace headscope {

Model Model::from_bytes(std::vector<std::uint8_t> bytes) {
  LoadedEncoder loaded = load_encoder(std::move(bytes));
  Model m;
  m.metadata_ = std::move(loaded.metadata);
  const EncoderConfig& c = loaded.model->config();
  const ModelDescriptor d = descriptor_of(m.metadata_, c);
  m.family_ = find_family(d.family).open(d, c, m.metadata_);
  const auto scores = m.metadata_.find("head_scores");
  if (scores != m.metadata_.end())
    m.heads_ = parse_head_evidence(scores->second, c.num_layers, c.num_heads);
  m.encoder_ = std::move(loaded.model);
  return m;
}

Model Model::untrained(std::uint64_t seed) const {
  Model m = *this;
  m.encoder_ = std::make_shared<Encoder>(config(), seed);
  // What was measured on the trained weights is not true of these.
  for (const char* key : {"head_scores", "heldout_loss", "heldout_accuracy", "train_steps"})
    m.metadata_.erase(key);
  m.heads_.clear();
  m.metadata_["weights"] = "random, seed " + std::to_string(seed);
  return m;
}

const Vocabulary& Model::vocabulary() const {
  const Vocabulary* v = family_->vocabulary();
  if (!v) fail("this ", descriptor().family, " model has no vocabulary");
  return *v;
}

void Model::run_text(std::string_view text, std::span<const float> gates, ModelRun& run) const {
  family_->run_text(*encoder_, text, gates, run);
  finish(run);
}

void Model::run_image(std::span<const std::uint8_t> rgba, int width, int height,
                      std::span<const float> gates, ModelRun& run) const {
  family_->run_image(*encoder_, rgba, width, height, gates, run);
  finish(run);
}

void Model::finish(ModelRun& run) const {
  run.probabilities = run.trace.logits;
  const int n = encoder_->output_size();
  const auto& k = kernels::simd();
  for (std::size_t row = 0; row + n <= run.probabilities.size(); row += n)
    if (k.softmax(&run.probabilities[row], n) != kernels::RowStatus::kOk)
      fail("the model's output is not finite; its weights may hold NaN or infinity");
}

}  // namespace headscope

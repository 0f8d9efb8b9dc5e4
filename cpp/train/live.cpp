#include "train/live.hpp"

#include "analysis/head_stats.hpp"
#include "base/error.hpp"
#include "nn/loss.hpp"
#include "train/recipe.hpp"
#include "train/shape_images.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {

namespace {

// Seeds for the validation data, apart from every training batch's seed (seed · 7919 + step).
constexpr std::uint64_t kValidationSeed = 424242;

EncoderConfig config_of(const LiveOptions& o, const Vocabulary* vocab) {
  EncoderConfig c;
  c.d_model = o.d_model;
  c.num_heads = o.num_heads;
  c.num_layers = o.num_layers;
  c.mlp_hidden = o.mlp_hidden;
  if (vocab) {
    c.vocab = vocab->size();
    c.max_len = 48;
  } else {
    c.patch_dim = kShapePatch * kShapePatch * 3;
    c.num_classes = kShapeClasses;
    c.max_len = kLiveShapeGrid * kLiveShapeGrid;
  }
  return c;
}

void check(const LiveOptions& o) {
  if (o.task != "text" && o.task != "shapes") fail("task '", o.task, "' must be text or shapes");
  if (o.batch < 1 || o.batch > 256) fail("batch ", o.batch, " must be from 1 to 256");
  if (!(o.lr > 0.0f && o.lr <= 1.0f)) fail("lr ", o.lr, " must be in (0, 1]");
  if (o.validation < 1 || o.validation > 1024)
    fail("validation ", o.validation, " must be from 1 to 1024");
  if (o.probe < 1 || o.probe > o.validation)
    fail("probe ", o.probe, " must be from 1 to validation (", o.validation, ")");
}

// The shapes task's examples: images on the live 4 × 4 grid, seen as ink (live.hpp says why).
std::vector<EvalExample> shape_examples(int count, std::uint64_t seed) {
  return image_examples(generate_shape_images(count, seed, kLiveShapeGrid), ink_patches);
}

}  // namespace

LiveTrainer::LiveTrainer(const LiveOptions& o) : options_(o), mask_rng_(o.seed ^ 0xa5a5a5a5ull) {
  check(o);
  if (o.task == "text") vocab_ = std::make_unique<Vocabulary>(grammar_vocabulary());
  model_ = std::make_unique<Encoder>(config_of(o, vocab_.get()), o.seed);  // checks the shape
  adam_ = std::make_unique<Adam>(model_->params(), adam_config(o.lr));
  if (vocab_) {
    Rng rng(kValidationSeed);
    validation_ = text_examples(*vocab_, o.validation, kValidationSeed, rng);
  } else {
    validation_ = shape_examples(o.validation, kValidationSeed);
  }
}

std::vector<EvalExample> LiveTrainer::batch() {
  const std::uint64_t seed = options_.seed * 7919 + std::uint64_t(steps_);
  return vocab_ ? text_examples(*vocab_, options_.batch, seed, mask_rng_)
                : shape_examples(options_.batch, seed);
}

float LiveTrainer::step() {
  const std::vector<EvalExample> examples = batch();
  const float lr = steps_ < options_.warmup
                       ? options_.lr * float(steps_ + 1) / float(options_.warmup)
                       : options_.lr;
  adam_->set_lr(lr);
  model_->zero_grad();
  Encoder::Trace trace;
  double total = 0.0;
  for (const EvalExample& ex : examples) {
    if (vocab_)
      model_->forward_ids(ex.ids, {}, trace);
    else
      model_->forward_patches(ex.patches, ex.t, {}, trace);
    CrossEntropyResult ce =
        softmax_cross_entropy(trace.logits, vocab_ ? ex.t : 1, model_->output_size(), ex.targets);
    for (float& g : ce.d_logits) g /= float(examples.size());
    model_->backward(trace, ce.d_logits);
    total += ce.loss;
  }
  adam_->step();
  model_->sync();
  ++steps_;
  return float(total / double(examples.size()));
}

EvalResult LiveTrainer::validate() const {
  return evaluate(*model_, validation_, {});
}

std::vector<LayerProbe> LiveTrainer::probe() const {
  const int L = options_.num_layers, H = options_.num_heads;
  std::vector<LayerProbe> out(static_cast<std::size_t>(L));
  for (LayerProbe& p : out) {
    p.entropy.assign(std::size_t(H), 0.0f);
    p.js_distance.assign(std::size_t(H) * H, 0.0f);
  }
  Encoder::Trace trace;
  const float share = 1.0f / float(options_.probe);
  for (int e = 0; e < options_.probe; ++e) {
    const EvalExample& ex = validation_[std::size_t(e)];
    if (vocab_)
      model_->forward_ids(ex.ids, {}, trace);
    else
      model_->forward_patches(ex.patches, ex.t, {}, trace);
    for (int l = 0; l < L; ++l) {
      const AttentionResult& r = trace.layers[std::size_t(l)].attn;
      const std::vector<HeadStats> stats = head_stats(r, H);
      const std::vector<float> js = js_distance(r, H);
      for (int h = 0; h < H; ++h) out[l].entropy[h] += share * stats[h].entropy;
      for (std::size_t k = 0; k < js.size(); ++k) out[l].js_distance[k] += share * js[k];
    }
  }
  return out;
}

}  // namespace headscope::train

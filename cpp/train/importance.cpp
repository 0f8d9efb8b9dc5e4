#include "train/importance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/error.hpp"
#include "nn/loss.hpp"
#include "train/mlm.hpp"
#include "train/recipe.hpp"
#include "train/text_corpus.hpp"
#include "train/text_model.hpp"
#include "train/vision_model.hpp"

namespace headscope::train {

namespace {

void forward(const Encoder& model, const EvalExample& ex, std::span<const float> gates,
             Encoder::Trace& trace) {
  if (model.config().vocab > 0)
    model.forward_ids(ex.ids, gates, trace);
  else
    model.forward_patches(ex.patches, ex.t, gates, trace);
}

// Rows of an example's logits: t for text, 1 for an image.
int output_rows(const Encoder& model, const EvalExample& ex) {
  return model.config().vocab > 0 ? ex.t : 1;
}

std::vector<float> all_on(const Encoder& model, std::span<const float> gates) {
  const std::size_t n = std::size_t(model.config().num_layers) * model.config().num_heads;
  if (gates.empty()) return std::vector<float>(n, 1.0f);
  if (gates.size() != n)
    fail("gates has ", gates.size(), " values, expected num_layers × num_heads = ", n);
  return {gates.begin(), gates.end()};
}

}  // namespace

EvalResult evaluate(const Encoder& model, const std::vector<EvalExample>& examples,
                    std::span<const float> gates) {
  EvalResult r;
  Encoder::Trace trace;
  int counted_examples = 0, right = 0;
  const int classes = model.output_size();
  for (const EvalExample& ex : examples) {
    forward(model, ex, gates, trace);
    const int rows = output_rows(model, ex);
    const CrossEntropyResult ce = softmax_cross_entropy(trace.logits, rows, classes, ex.targets);
    if (ce.counted == 0) continue;
    r.loss += ce.loss;
    ++counted_examples;
    r.scored += ce.counted;
    for (int i = 0; i < rows; ++i) {
      if (ex.targets[i] == kIgnoreIndex) continue;
      const float* row = &trace.logits[std::size_t(i) * classes];
      right += int(std::max_element(row, row + classes) - row) == ex.targets[i];
    }
  }
  if (counted_examples == 0) return {};
  r.loss /= counted_examples;
  r.accuracy = double(right) / r.scored;
  return r;
}

std::vector<float> ablation_importance(const Encoder& model,
                                       const std::vector<EvalExample>& examples,
                                       std::span<const float> gates) {
  std::vector<float> g = all_on(model, gates);
  const double base = evaluate(model, examples, g).loss;
  std::vector<float> out(g.size(), 0.0f);
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (g[k] == 0.0f) continue;
    const float saved = g[k];
    g[k] = 0.0f;
    out[k] = float(evaluate(model, examples, g).loss - base);
    g[k] = saved;
  }
  return out;
}

std::vector<float> gradient_importance(Encoder& model, const std::vector<EvalExample>& examples,
                                       std::span<const float> gates) {
  const std::vector<float> g = all_on(model, gates);
  const int heads = model.config().num_heads;
  std::vector<double> sum(g.size(), 0.0);
  int counted = 0;
  Encoder::Trace trace;
  for (const EvalExample& ex : examples) {
    forward(model, ex, g, trace);
    const CrossEntropyResult ce = softmax_cross_entropy(trace.logits, output_rows(model, ex),
                                                        model.output_size(), ex.targets);
    if (ce.counted == 0) continue;
    ++counted;
    model.zero_grad();
    model.backward(trace, ce.d_logits);
    for (std::size_t l = 0; l < model.blocks.size(); ++l)
      for (int h = 0; h < heads; ++h)
        sum[l * heads + h] += std::abs(model.blocks[l].attn_g.d_gates[std::size_t(h)]);
  }
  model.zero_grad();
  std::vector<float> out(g.size(), 0.0f);
  if (counted > 0)
    for (std::size_t k = 0; k < g.size(); ++k) out[k] = float(sum[k] / counted);
  return out;
}

Pruning prune_by(const Encoder& model, const std::vector<EvalExample>& examples,
                 std::span<const float> importance) {
  std::vector<float> g = all_on(model, {});
  if (importance.size() != g.size())
    fail("importance has ", importance.size(),
         " values, expected num_layers × num_heads = ", g.size());
  Pruning p;
  p.order.resize(g.size());
  std::iota(p.order.begin(), p.order.end(), 0);
  std::stable_sort(p.order.begin(), p.order.end(),
                   [&](int a, int b) { return importance[a] < importance[b]; });
  p.steps.push_back(evaluate(model, examples, g));
  for (int k : p.order) {
    g[std::size_t(k)] = 0.0f;
    p.steps.push_back(evaluate(model, examples, g));
  }
  return p;
}

std::vector<EvalExample> text_current(std::span<const int> ids, int first_word, int mask_id) {
  std::vector<EvalExample> out;
  const int t = int(ids.size());
  for (int i = 0; i < t; ++i) {
    if (ids[i] < first_word) continue;  // [CLS], [SEP], [UNK], [MASK], …
    EvalExample ex;
    ex.ids.assign(ids.begin(), ids.end());
    ex.ids[i] = mask_id;
    ex.t = t;
    ex.targets.assign(std::size_t(t), kIgnoreIndex);
    ex.targets[i] = ids[i];
    out.push_back(std::move(ex));
  }
  return out;
}

std::vector<EvalExample> next_token_current(std::span<const int> ids) {
  EvalExample ex;
  ex.ids.assign(ids.begin(), ids.end());
  ex.t = int(ids.size());
  ex.targets.assign(ids.size(), kIgnoreIndex);
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) ex.targets[i] = ids[i + 1];
  return {std::move(ex)};
}

std::vector<EvalExample> text_examples(const Vocabulary& vocab, int count, std::uint64_t seed,
                                       Rng& rng, const CorpusStyle& style) {
  std::vector<EvalExample> out;
  for (const Sentence& s : generate_passages(count, seed, style)) {
    const MaskedExample m =
        mask_tokens(vocab.encode_framed(s.words), rng, vocab.size(), Vocabulary::kSpecialCount);
    EvalExample ex;
    ex.t = int(m.inputs.size());
    ex.ids = m.inputs;
    ex.targets = m.targets;
    out.push_back(std::move(ex));
  }
  return out;
}

std::vector<EvalExample> text_held_out(const Vocabulary& vocab, int count,
                                       const CorpusStyle& style) {
  const TextTrainOptions o = default_text_options();
  Rng rng(o.seed ^ 0x5eed5eedull);
  return text_examples(vocab, count, o.seed + kHeldOutSeedOffset, rng, style);
}

std::vector<EvalExample> image_current(std::vector<float> patches, int t, int predicted) {
  EvalExample ex;
  ex.patches = std::move(patches);
  ex.t = t;
  ex.targets = {predicted};
  return {std::move(ex)};
}

std::vector<EvalExample> image_examples(const std::vector<ShapeImage>& images,
                                        std::vector<float> (*patches)(const ShapeImage&)) {
  std::vector<EvalExample> out;
  for (const ShapeImage& image : images) {
    EvalExample ex;
    ex.patches = patches(image);
    ex.t = image.grid * image.grid;
    ex.targets = {image.label};
    out.push_back(std::move(ex));
  }
  return out;
}

std::vector<EvalExample> image_examples(int count, std::uint64_t seed) {
  return image_examples(generate_shape_images(count, seed), shape_patches);
}

std::vector<EvalExample> image_held_out(int count) {
  return image_examples(count, default_vision_options().seed + kHeldOutSeedOffset);
}

}  // namespace headscope::train

#include "train/mlm.hpp"

#include "base/error.hpp"
#include "inputs/vocab.hpp"
#include "nn/loss.hpp"

namespace headscope::train {

MaskedExample mask_tokens(const std::vector<int>& ids, Rng& rng, int vocab, int first_word,
                          float rate, int mask_id) {
  MaskedExample ex{ids, std::vector<int>(ids.size(), kIgnoreIndex)};
  if (ids.empty()) return ex;
  // Special tokens ([CLS], [SEP], ...: ids below first_word) are never picked.
  std::vector<std::size_t> words;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] >= first_word) words.push_back(i);
  if (words.empty()) return ex;
  bool any = false;
  for (const std::size_t i : words)
    if (rng.uniform() < rate) {
      ex.targets[i] = ids[i];
      any = true;
    }
  if (!any) {
    const std::size_t i = words[rng.next_u32() % words.size()];
    ex.targets[i] = ids[i];
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ex.targets[i] == kIgnoreIndex) continue;
    const float r = rng.uniform();
    if (r < 0.8f)
      ex.inputs[i] = mask_id;
    else if (r < 0.9f)
      ex.inputs[i] = first_word + int(rng.next_u32() % std::uint32_t(vocab - first_word));
  }
  return ex;
}

namespace {

CrossEntropyResult forward_loss(const Encoder& model, const MaskedExample& ex,
                                Encoder::Trace& trace) {
  // The head reads only the positions with a target; the rest would contribute nothing.
  trace.head_rows.clear();
  std::vector<int> targets;
  for (std::size_t i = 0; i < ex.targets.size(); ++i)
    if (ex.targets[i] != kIgnoreIndex) {
      trace.head_rows.push_back(int(i));
      targets.push_back(ex.targets[i]);
    }
  if (targets.empty()) fail("a training example has no target");
  model.forward_ids(ex.inputs, {}, trace);
  return softmax_cross_entropy(trace.logits, int(targets.size()), model.output_size(), targets);
}

}  // namespace

float mlm_step(Encoder& model, Adam& adam, const std::vector<MaskedExample>& batch) {
  model.zero_grad();
  double total = 0.0;
  const float weight = 1.0f / float(batch.size());
  Encoder::Trace trace;
  for (const MaskedExample& ex : batch) {
    CrossEntropyResult ce = forward_loss(model, ex, trace);
    for (float& g : ce.d_logits) g *= weight;
    model.backward(trace, ce.d_logits);
    total += ce.loss;
  }
  adam.step();
  model.sync();
  return float(total / double(batch.size()));
}

float mlm_loss(const Encoder& model, const std::vector<MaskedExample>& examples) {
  double total = 0.0;
  Encoder::Trace trace;
  for (const MaskedExample& ex : examples) total += forward_loss(model, ex, trace).loss;
  return float(total / double(examples.size()));
}

}  // namespace headscope::train

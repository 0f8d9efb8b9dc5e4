#include "models/generate.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

namespace headscope {

Generator::Generator(const Model& model, std::string_view text, const GenerateOptions& options,
                     std::vector<float> gates)
    : model_(model),
      options_(options),
      gates_(std::move(gates)),
      cache_(model.encoder()),
      rng_(options.seed) {
  if (!(options.temperature >= 0 && options.temperature <= kMaxTemperature))
    fail("temperature ", options.temperature, " must be from 0 to ", kMaxTemperature);
  if (options.top_k < 0 || options.top_k > model.encoder().output_size())
    fail("top-k ", options.top_k, " must be from 0 to the vocabulary's ",
         model.encoder().output_size());
  ModelRun run;
  model.run_text(text, gates_, run);
  tokens_ = run.tokens;
  std::span<const float> logits;
  for (const int id : run.ids) logits = cache_.step(id, gates_);
  logits_.assign(logits.begin(), logits.end());
}

int Generator::draw(std::vector<std::pair<float, int>>& ranked) {
  if (options_.temperature == 0) return 0;
  double u = rng_.uniform(), sum = 0;
  for (std::size_t k = 0; k < ranked.size(); ++k)
    if ((sum += ranked[k].first) > u) return int(k);
  return int(ranked.size()) - 1;  // rounding left u above the total
}

GeneratedToken Generator::step() {
  if (!can_step()) fail("the text has reached the model's ", model_.config().max_len, " tokens");
  const int v = int(logits_.size());
  const float t = options_.temperature > 0 ? options_.temperature : 1.0f;
  std::vector<std::pair<float, int>> ranked(v);
  for (int k = 0; k < v; ++k) ranked[k] = {logits_[k] / t, k};
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  if (options_.top_k > 0) ranked.resize(options_.top_k);
  const float mx = ranked.front().first;
  double sum = 0;
  for (auto& [p, id] : ranked) sum += p = std::exp(p - mx);
  for (auto& [p, id] : ranked) p = float(p / sum);
  const int pick = draw(ranked);
  GeneratedToken g;
  g.id = ranked[pick].second;
  g.token = model_.output_labels()[g.id];
  g.probability = ranked[pick].first;
  for (std::size_t k = 0; k < std::min<std::size_t>(5, ranked.size()); ++k)
    g.top.emplace_back(model_.output_labels()[ranked[k].second], ranked[k].first);
  const std::span<const float> next = cache_.step(g.id, gates_, &g.attention);
  logits_.assign(next.begin(), next.end());
  tokens_.push_back(g.token);
  return g;
}

}  // namespace headscope

#include "models/text_evidence.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "base/error.hpp"
#include "base/rng.hpp"
#include "nn/loss.hpp"
#include "train/mlm.hpp"
#include "train/role_scores.hpp"

namespace headscope {

namespace {

// The seed every masked figure is measured with: the same masks every run.
constexpr std::uint64_t kMaskSeed = 0x5eed5eedull;

int label_id(const Model& model, const std::string& token) {
  const auto& labels = model.output_labels();
  const auto it = std::find(labels.begin(), labels.end(), token);
  return it == labels.end() ? -1 : int(it - labels.begin());
}

// Ids below it are the special tokens: never masked, never scored.
int first_word(const Model& model) {
  int first = 0;
  for (const auto& [job, token] : model.descriptor().special)
    first = std::max(first, label_id(model, token) + 1);
  return first;
}

bool is_punctuation(const std::string& label) {
  const std::string s = label.rfind("##", 0) == 0 ? label.substr(2) : label;
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](unsigned char c) { return c < 128 && std::ispunct(c); });
}

// Adds one row's figures: cross-entropy and the target's rank.
void score_row(const float* row, int v, int target, TextFigures& f) {
  const float mx = *std::max_element(row, row + v);
  double sum = 0;
  int above = 0;
  for (int k = 0; k < v; ++k) {
    sum += std::exp(double(row[k] - mx));
    above += row[k] > row[target];
  }
  f.loss += std::log(sum) - double(row[target] - mx);
  f.top1 += above == 0;
  f.top5 += above < 5;
  ++f.scored;
}

void finish(TextFigures& f) {
  if (f.scored) f.loss /= double(f.scored), f.top1 /= double(f.scored), f.top5 /= double(f.scored);
  f.perplexity = std::exp(f.loss);
}

using Targets = std::vector<std::vector<std::vector<int>>>;  // [role][query] → keys

Targets role_targets(const Model& model, const std::vector<int>& ids, int first) {
  const bool causal = model.config().causal;
  const int t = int(ids.size());
  const auto& labels = model.output_labels();
  const int sep = label_id(model, model.descriptor().special_token("sep"));
  const auto delimiter = [&](int j) {
    return j > 0 && (ids[j] == sep || (ids[j] >= first && is_punctuation(labels[ids[j]])));
  };
  Targets T(text_roles(model).size(), std::vector<std::vector<int>>(t));
  for (int i = 0; i < t; ++i) {
    const bool word = ids[i] >= first && !is_punctuation(labels[ids[i]]);
    std::size_t r = 0;
    if (i >= 2) T[r][i] = {i - 1};
    ++r;
    if (i >= 2) T[r][i] = {0};
    ++r;
    for (int j = 0; word && j < (causal ? i + 1 : t); ++j)
      if (j != i && delimiter(j)) T[r][i].push_back(j);
    ++r;
    if (!causal) {
      if (i >= 1 && i + 2 < t) T[r][i] = {i + 1};
      continue;
    }
    for (int j = 1; j < i && word; ++j)
      if (ids[j] == ids[i]) T[r][i].push_back(j);
    ++r;
    for (int j = 1; j + 1 < i && word; ++j)
      if (ids[j] == ids[i]) T[r][i].push_back(j + 1);
  }
  return T;
}

}  // namespace

std::vector<HeadRole> text_head_roles(bool causal) {
  std::vector<HeadRole> roles{
      {"previous token", "most of its attention goes to the token just before"},
      {"first token", "most of its attention rests on the first token, " +
                          std::string(causal ? "[BOS]" : "[CLS]")},
      {"punctuation / delimiter", "most of a word's attention goes to punctuation marks" +
                                      std::string(causal ? "" : " and [SEP]")},
  };
  if (causal) {
    roles.push_back(
        {"duplicate token", "most of its attention goes to earlier copies of the token"});
    roles.push_back({"induction",
                     "most of its attention goes to the token that followed an "
                     "earlier copy of this one"});
  } else {
    roles.push_back({"next token", "most of its attention goes to the token just after"});
  }
  roles.push_back({train::kBroadRole, "spreads its attention over most of the tokens it sees"});
  return roles;
}

std::vector<std::string> text_roles(const Model& model) {
  std::vector<std::string> names;
  for (const HeadRole& r : text_head_roles(model.config().causal))
    if (r.label != train::kBroadRole) names.push_back(r.label);
  return names;
}

TextFigures text_figures(const Model& model, const std::vector<std::string>& lines) {
  TextFigures f;
  const int v = model.encoder().output_size(), first = first_word(model);
  const int mask = label_id(model, model.descriptor().special_token("mask"));
  Rng rng(kMaskSeed);
  ModelRun run;
  Encoder::Trace trace;
  for (const std::string& line : lines) {
    model.run_text(line, {}, run);
    if (model.config().causal) {
      for (std::size_t i = 0; i + 1 < run.ids.size(); ++i)
        score_row(&run.trace.logits[i * v], v, run.ids[i + 1], f);
      continue;
    }
    const train::MaskedExample m = train::mask_tokens(run.ids, rng, v, first, 0.15f, mask);
    model.encoder().forward_ids(m.inputs, {}, trace);
    for (std::size_t i = 0; i < m.targets.size(); ++i)
      if (m.targets[i] != kIgnoreIndex) score_row(&trace.logits[i * v], v, m.targets[i], f);
  }
  finish(f);
  return f;
}

EverydayFigures everyday_figures(const Model& model, const std::vector<std::string>& lines) {
  EverydayFigures e;
  const int v = model.encoder().output_size(), first = first_word(model);
  const int mask = label_id(model, model.descriptor().special_token("mask"));
  const int unk = label_id(model, model.descriptor().special_token("unk"));
  ModelRun run;
  Encoder::Trace trace;
  TextFigures f;
  for (const std::string& line : lines) {
    model.run_text(line, {}, run);
    for (std::size_t i = 0; i < run.ids.size(); ++i) {
      e.tokens += run.ids[i] >= first || run.ids[i] == unk;
      e.unknown += run.ids[i] == unk;
    }
    if (mask < 0) continue;
    for (std::size_t i = 0; i < run.ids.size(); ++i) {
      const std::string& piece = run.tokens[i];
      // A whole word: letters only, and the next token does not continue it.
      const bool whole = run.ids[i] >= first &&
                         std::all_of(piece.begin(), piece.end(),
                                     [](unsigned char c) { return std::isalpha(c); }) &&
                         (i + 1 >= run.tokens.size() || run.tokens[i + 1].rfind("##", 0) != 0);
      if (!whole) continue;
      std::vector<int> ids = run.ids;
      ids[i] = mask;
      model.encoder().forward_ids(ids, {}, trace);
      score_row(&trace.logits[i * v], v, run.ids[i], f);
    }
  }
  e.masked = int(f.scored);
  finish(f);
  e.top1 = f.top1;
  e.top5 = f.top5;
  e.unknown = e.tokens ? e.unknown / e.tokens : 0;
  return e;
}

std::vector<HeadEvidence> text_head_evidence(const Model& model,
                                             const std::vector<std::string>& lines) {
  const EncoderConfig& c = model.config();
  train::RoleScorer scorer(c.num_layers, c.num_heads, text_roles(model));
  const int first = first_word(model);
  ModelRun run;
  const auto add = [&](const std::string& text) {
    model.run_text(text, {}, run);
    std::vector<const std::vector<float>*> attention;
    for (const auto& layer : run.trace.layers) attention.push_back(&layer.attn.attention);
    scorer.add(int(run.ids.size()), c.causal, role_targets(model, run.ids, first), attention);
  };
  for (const std::string& line : lines) {
    add(line);
    // Repeated text: where duplicate-token and induction heads show (Olsson et al. 2022).
    if (c.causal) add(line + " " + line);
  }
  return scorer.evidence();
}

}  // namespace headscope

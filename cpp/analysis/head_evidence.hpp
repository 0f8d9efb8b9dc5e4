// What a trained checkpoint says each of its heads does: the evidence measured on held-out data
// when it was trained (text: train/head_scores.hpp; images: train/vision_model.hpp), carried in
// the metadata under "head_scores". One struct for every model family, written and read as JSON:
//
//   [{"layer":0,"head":2,"label":"previous token",
//     "score":{"previous token":0.93,"next token":0.01,…},"chance":{"previous token":0.08,…}}, …]
//
// Reading checks every entry, so what the page shows as a head's job is well formed or the
// checkpoint is refused with a message naming the entry and the rule.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace headscope {

struct HeadEvidence {
  int layer = 0, head = 0;  // 0-based
  std::string label;        // the role it scores clearly above chance on, or "" for none
  // Per role, in the scorer's order: the share of held-out queries whose strongest link is what
  // the role names, and the same share for a head that links at random. Each in [0, 1].
  std::vector<std::pair<std::string, double>> score, chance;
};

// Longest role name a checkpoint may give, and most roles per head: evidence is read on every
// load and drawn in every head's title.
inline constexpr std::size_t kMaxRoleName = 64;
inline constexpr std::size_t kMaxRoles = 32;

std::string head_evidence_json(const std::vector<HeadEvidence>& heads);

// Parses and checks `json` for a model of num_layers × num_heads: an array of objects, each with
// an integer layer and head in range (no head twice), a label that is null or a role name, and
// score and chance objects mapping role names to numbers in [0, 1]; a label must have a score.
// Error names the entry and the rule, e.g. "checkpoint head_scores[3].layer 7 must be an integer
// from 0 to 2".
std::vector<HeadEvidence> parse_head_evidence(std::string_view json, int num_layers, int num_heads);

}  // namespace headscope

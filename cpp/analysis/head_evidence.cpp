#include "analysis/head_evidence.hpp"

#include <cmath>
#include <set>

#include "base/error.hpp"
#include "io/json.hpp"

namespace headscope {

namespace {

using json = nlohmann::json;

json roles_json(const std::vector<std::pair<std::string, double>>& roles) {
  json out = json::object();
  for (const auto& [name, value] : roles) out[name] = value;
  return out;
}

// `entry[key]` as an integer in [0, count), for layer and head.
int index_in(const json& entry, const char* key, int count, const std::string& where) {
  const auto it = entry.find(key);
  if (it == entry.end()) fail(where, " has no ", key);
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() >= count)
    fail(where, ".", key, " ", json_excerpt(*it), " must be an integer from 0 to ", count - 1);
  return int(it->get<std::int64_t>());
}

std::vector<std::pair<std::string, double>> roles_of(const json& entry, const char* key,
                                                     const std::string& where) {
  const auto it = entry.find(key);
  if (it == entry.end()) fail(where, " has no ", key);
  if (!it->is_object() || it->size() > kMaxRoles)
    fail(where, ".", key, " must be an object of at most ", kMaxRoles, " roles, not ",
         json_excerpt(*it));
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [name, value] : it->items()) {
    const std::string at = where + "." + key;
    json_string(json(name), kMaxRoleName, at + " key");
    if (!value.is_number() || !(value.get<double>() >= 0 && value.get<double>() <= 1))
      fail(at, "[\"", name.substr(0, kMaxRoleName), "\"] ", json_excerpt(value),
           " must be a number from 0 to 1");
    out.emplace_back(name, value.get<double>());
  }
  return out;
}

HeadEvidence entry_of(const json& entry, int num_layers, int num_heads, const std::string& where) {
  if (!entry.is_object()) fail(where, " must be an object, not ", json_excerpt(entry));
  HeadEvidence e;
  e.layer = index_in(entry, "layer", num_layers, where);
  e.head = index_in(entry, "head", num_heads, where);
  const auto label = entry.find("label");
  if (label != entry.end() && !label->is_null())
    e.label = json_string(*label, kMaxRoleName, where + ".label");
  e.score = roles_of(entry, "score", where);
  e.chance = roles_of(entry, "chance", where);
  if (!e.label.empty()) {
    bool scored = false;
    for (const auto& [name, value] : e.score) scored |= name == e.label;
    if (!scored) fail(where, ".label \"", e.label, "\" has no score");
  }
  return e;
}

}  // namespace

std::string head_evidence_json(const std::vector<HeadEvidence>& heads) {
  json out = json::array();
  for (const HeadEvidence& h : heads)
    out.push_back({{"layer", h.layer},
                   {"head", h.head},
                   {"label", h.label.empty() ? json(nullptr) : json(h.label)},
                   {"score", roles_json(h.score)},
                   {"chance", roles_json(h.chance)}});
  return out.dump();
}

std::vector<HeadEvidence> parse_head_evidence(std::string_view text, int num_layers,
                                              int num_heads) {
  const json parsed = parse_json(text, "checkpoint head_scores");
  if (!parsed.is_array()) fail("checkpoint head_scores must be a JSON array");
  if (parsed.size() > std::size_t(num_layers) * std::size_t(num_heads))
    fail("checkpoint head_scores has ", parsed.size(), " entries, more than the model's ",
         num_layers, " x ", num_heads, " heads");
  std::vector<HeadEvidence> out;
  std::set<std::pair<int, int>> seen;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const std::string where = "checkpoint head_scores[" + std::to_string(i) + "]";
    out.push_back(entry_of(parsed[i], num_layers, num_heads, where));
    if (!seen.insert({out.back().layer, out.back().head}).second)
      fail(where, " gives layer ", out.back().layer, " head ", out.back().head, " a second time");
  }
  return out;
}

}  // namespace headscope

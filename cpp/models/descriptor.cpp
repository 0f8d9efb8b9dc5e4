#include "models/descriptor.hpp"

#include <array>
#include <utility>

#include "base/error.hpp"
#include "io/json.hpp"

namespace headscope {

namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<InputKind, const char*>, 2> kInputs{{
    {InputKind::kText, "text"},
    {InputKind::kImage, "image"},
}};
constexpr std::array<std::pair<OutputKind, const char*>, 3> kOutputs{{
    {OutputKind::kTokenVocabulary, "token-vocabulary"},
    {OutputKind::kNextToken, "next-token"},
    {OutputKind::kClasses, "classes"},
}};
constexpr std::array<std::pair<TokenizerKind, const char*>, 3> kTokenizers{{
    {TokenizerKind::kNone, "none"},
    {TokenizerKind::kWords, "words"},
    {TokenizerKind::kSubword, "subword"},
}};
constexpr std::array<const char*, 7> kSpecialJobs{"pad", "unk", "mask", "cls", "sep", "bos", "eos"};

template <typename Kind, std::size_t N>
const char* name_of(const std::array<std::pair<Kind, const char*>, N>& names, Kind kind) {
  for (const auto& [k, name] : names)
    if (k == kind) return name;
  return "?";
}

const json& field(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) fail(where, " has no ", key);
  return *it;
}

std::string text_of(const json& value, const std::string& where) {
  return json_string(value, kMaxDescriptorString, where);
}

template <typename Kind, std::size_t N>
Kind kind_of(const json& value, const std::array<std::pair<Kind, const char*>, N>& names,
             const std::string& where) {
  const std::string name = text_of(value, where);
  std::string known;
  for (const auto& [kind, n] : names) {
    if (name == n) return kind;
    known += (known.empty() ? "" : ", ") + std::string(n);
  }
  fail(where, " '", name, "' must be one of ", known);
}

void check_size(const json& value, const std::string& where) {
  if (value.size() > kMaxDescriptorItems)
    fail(where, " lists ", value.size(), " items, more than ", kMaxDescriptorItems);
}

std::vector<std::string> tokens_of(const json& value, const std::string& where) {
  if (!value.is_array()) fail(where, " must be an array of tokens, not ", json_excerpt(value));
  check_size(value, where);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i)
    out.push_back(text_of(value[i], where + "[" + std::to_string(i) + "]"));
  return out;
}

std::map<std::string, std::string> special_of(const json& value, const std::string& where) {
  if (!value.is_object()) fail(where, " must be an object, not ", json_excerpt(value));
  std::map<std::string, std::string> out;
  for (const auto& [job, token] : value.items()) {
    bool known = false;
    for (const char* j : kSpecialJobs) known |= job == j;
    if (!known)
      fail(where, " '", job.substr(0, 40), "' must be one of pad, unk, mask, cls, sep, bos, eos");
    out[job] = text_of(token, where + "." + job);
  }
  return out;
}

std::vector<HeadRole> roles_of(const json& value, const std::string& where) {
  if (!value.is_array()) fail(where, " must be an array, not ", json_excerpt(value));
  check_size(value, where);
  std::vector<HeadRole> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!value[i].is_object()) fail(at, " must be an object, not ", json_excerpt(value[i]));
    out.push_back({text_of(field(value[i], "label", at), at + ".label"),
                   text_of(field(value[i], "description", at), at + ".description")});
  }
  return out;
}

}  // namespace

std::string ModelDescriptor::special_token(const std::string& job) const {
  const auto it = special.find(job);
  return it == special.end() ? std::string() : it->second;
}

const char* input_name(InputKind kind) {
  return name_of(kInputs, kind);
}
const char* output_name(OutputKind kind) {
  return name_of(kOutputs, kind);
}
const char* tokenizer_name(TokenizerKind kind) {
  return name_of(kTokenizers, kind);
}

std::string descriptor_json(const ModelDescriptor& d) {
  json roles = json::array();
  for (const HeadRole& r : d.roles)
    roles.push_back({{"label", r.label}, {"description", r.description}});
  const json out = {{"family", d.family},
                    {"input", input_name(d.input)},
                    {"output", output_name(d.output)},
                    {"tokenizer", {{"kind", tokenizer_name(d.tokenizer)}}},
                    {"special", d.special},
                    {"framing", {{"before", d.frame_before}, {"after", d.frame_after}}},
                    {"roles", roles}};
  return out.dump();
}

ModelDescriptor parse_descriptor(const std::string& text) {
  const std::string where = "checkpoint model";
  const json j = parse_json(text, where);
  if (!j.is_object()) fail(where, " must be a JSON object");
  ModelDescriptor d;
  d.family = text_of(field(j, "family", where), where + ".family");
  d.input = kind_of(field(j, "input", where), kInputs, where + ".input");
  d.output = kind_of(field(j, "output", where), kOutputs, where + ".output");
  const json& tokenizer = field(j, "tokenizer", where);
  if (!tokenizer.is_object()) fail(where, ".tokenizer must be an object");
  d.tokenizer = kind_of(field(tokenizer, "kind", where + ".tokenizer"), kTokenizers,
                        where + ".tokenizer.kind");
  d.special = special_of(field(j, "special", where), where + ".special");
  const json& framing = field(j, "framing", where);
  if (!framing.is_object()) fail(where, ".framing must be an object");
  d.frame_before =
      tokens_of(field(framing, "before", where + ".framing"), where + ".framing.before");
  d.frame_after = tokens_of(field(framing, "after", where + ".framing"), where + ".framing.after");
  d.roles = roles_of(field(j, "roles", where), where + ".roles");
  return d;
}

}  // namespace headscope

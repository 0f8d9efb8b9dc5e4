// Feeds: the JSON a checkpoint's metadata carries, to the parser of its meaning:
//   byte 0     which metadata: 0 head_scores (the head evidence the page labels heads with),
//              1 vocabulary (a word list), 2 tokenizer (subword pieces and merges), 3 model (the
//              descriptor); any other value picks byte 0 mod 4
//   byte 1     the model's layers (1 + byte mod 4) and heads (1 + byte / 4 mod 8), for head_scores
//   the rest   the metadata's text
// Checks: headscope::Error is the only way to say no. What is accepted holds what the page relies
// on: evidence has each head once, in range, with a short label that it scores and scores in
// [0, 1], and reads back the same once written; a vocabulary and a tokenizer read back the same
// once written, and a tokenizer's pieces of any text are inside it and decode; a descriptor
// reads back the same and its lists stay within their limits.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "analysis/head_evidence.hpp"
#include "base/error.hpp"
#include "fuzz_common.hpp"
#include "inputs/subword.hpp"
#include "inputs/vocab.hpp"
#include "models/descriptor.hpp"

namespace {

using namespace headscope;
using fuzz::require;

void check_evidence(std::string_view text, int layers, int heads) {
  std::vector<HeadEvidence> parsed;
  try {
    parsed = parse_head_evidence(text, layers, heads);
  } catch (const Error&) {
    return;
  }
  require(parsed.size() <= std::size_t(layers * heads), "at most one entry per head");
  std::set<std::pair<int, int>> seen;
  for (const HeadEvidence& h : parsed) {
    require(h.layer >= 0 && h.layer < layers && h.head >= 0 && h.head < heads, "head in range");
    require(seen.insert({h.layer, h.head}).second, "each head once");
    require(h.label.size() <= kMaxRoleName, "a label is short");
    bool scored = h.label.empty();
    for (const auto* roles : {&h.score, &h.chance}) {
      require(roles->size() <= kMaxRoles, "few roles");
      for (const auto& [name, value] : *roles) {
        require(name.size() <= kMaxRoleName, "a role name is short");
        require(value >= 0 && value <= 1, "a score is in [0, 1]");
      }
    }
    for (const auto& [name, value] : h.score) scored = scored || name == h.label;
    require(scored, "a label has a score");
  }
  const std::string written = head_evidence_json(parsed);
  require(head_evidence_json(parse_head_evidence(written, layers, heads)) == written,
          "evidence reads back the same");
}

void check_vocabulary(std::string_view text) {
  try {
    const Vocabulary v = Vocabulary::parse(text);
    require(Vocabulary::parse(v.serialize()).serialize() == v.serialize(),
            "a vocabulary reads back the same");
  } catch (const Error&) {
  }
}

void check_tokenizer(std::string_view text) {
  try {
    const SubwordTokenizer t = SubwordTokenizer::parse(text);
    require(SubwordTokenizer::parse(t.serialise()).serialise() == t.serialise(),
            "a tokenizer reads back the same");
    std::vector<int> ids;
    for (const SubwordPiece& p : t.encode("Hello, naïve [MASK] 東京 👍🏽 x\xff")) {
      require(p.id >= 0 && p.id < t.size(), "a piece is in the vocabulary");
      ids.push_back(p.id);
    }
    (void)t.decode(ids);
  } catch (const Error&) {
  }
}

void check_descriptor(std::string_view text) {
  try {
    const ModelDescriptor d = parse_descriptor(std::string(text));
    require(d.frame_before.size() + d.frame_after.size() <= 2 * kMaxDescriptorItems &&
                d.roles.size() <= kMaxDescriptorItems,
            "descriptor lists stay within their limits");
    const std::string written = descriptor_json(d);
    require(descriptor_json(parse_descriptor(written)) == written,
            "a descriptor reads back the same");
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader in(data, size);
  const int which = in.u8() % 4;
  const int shape = in.u8();
  const auto rest = in.rest();
  const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
  if (which == 0) check_evidence(text, 1 + shape % 4, 1 + shape / 4 % 8);
  if (which == 1) check_vocabulary(text);
  if (which == 2) check_tokenizer(text);
  if (which == 3) check_descriptor(text);
  return 0;
}

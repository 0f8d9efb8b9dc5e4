// What a checkpoint is, as data: its family, what it reads, how text becomes tokens and is framed,
// what it outputs, and the jobs its heads may be labelled with. The core, the bindings and the page
// read this instead of testing text against image, so a new family is a new descriptor and a
// family entry (models/family.hpp), not branches spread over the code.
//
//   checkpoint metadata "model" (JSON)                      a checkpoint without it
//   {"family":"masked-lm-encoder","input":"text",           derived from its config: a vocabulary
//    "output":"token-vocabulary",                           (vocab > 0) is masked-lm-encoder,
//    patches "tokenizer":{"kind":"words"},                          are vit-classifier, each with
//    the "special":{"pad":"[PAD]","mask":"[MASK]",…},           family's defaults
//    (models/families.cpp) "framing":{"before":["[CLS]"],"after":["[SEP]"]},
//    "roles":[{"label":"previous token","description":"…"},…]}
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace headscope {

enum class InputKind { kText, kImage };
enum class OutputKind { kTokenVocabulary, kNextToken, kClasses };
enum class TokenizerKind { kNone, kWords, kSubword };

// A job a head may be labelled with, and the sentence the page shows for its score.
struct HeadRole {
  std::string label;
  std::string description;
};

struct ModelDescriptor {
  std::string family;  // a name in the family table: "masked-lm-encoder", "vit-classifier"
  InputKind input = InputKind::kText;
  OutputKind output = OutputKind::kTokenVocabulary;
  TokenizerKind tokenizer = TokenizerKind::kNone;
  // Special tokens by job: "pad", "unk", "mask", "cls", "sep"; only those the model has.
  std::map<std::string, std::string> special;
  // Tokens put before and after the input's own: [CLS] … [SEP] for a BERT-like encoder.
  std::vector<std::string> frame_before, frame_after;
  std::vector<HeadRole> roles;

  int framing_size() const { return int(frame_before.size() + frame_after.size()); }
  // The special token with this job, or "" when the model has none.
  std::string special_token(const std::string& job) const;
};

// The metadata key that carries a descriptor.
inline constexpr const char* kDescriptorKey = "model";
// Most framing tokens, special tokens and roles a descriptor may list, and the longest string in
// it: descriptors are read on every load and shown on the page.
inline constexpr std::size_t kMaxDescriptorItems = 32;
inline constexpr std::size_t kMaxDescriptorString = 200;

const char* input_name(InputKind kind);          // "text", "image"
const char* output_name(OutputKind kind);        // "token-vocabulary", "next-token", "classes"
const char* tokenizer_name(TokenizerKind kind);  // "none", "words", "subword"

std::string descriptor_json(const ModelDescriptor& descriptor);
// Parses the "model" metadata; Error names the field and the rule, e.g. "checkpoint model.input
// 'audio' must be one of text, image". The family name is checked against the table by the
// caller (find_family), which names the families it knows.
ModelDescriptor parse_descriptor(const std::string& json);

}  // namespace headscope

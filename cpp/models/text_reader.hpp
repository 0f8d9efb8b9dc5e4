// How a text family turns typed text into the ids its encoder reads, chosen by the descriptor's
// tokenizer kind, so the masked-LM encoder and the causal decoder share one reading path:
//
//   "words"    the toy grammar's vocabulary (inputs/vocab.hpp), one id per word, unknown words
//              → [UNK]; metadata "vocabulary"
//   "subword"  BPE pieces with a byte fallback (inputs/subword.hpp), never unknown; metadata
//              "tokenizer"
//
//   text ──read (at most `room` tokens; a typed mask token is one token)──► tokens, ids, total
//   family: framing.before + tokens + framing.after ──encoder──►
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "inputs/vocab.hpp"
#include "models/descriptor.hpp"
#include "models/family.hpp"

namespace headscope {

struct ReadText {
  std::vector<std::string> tokens;  // as the page shows them: "jump", "##s"
  std::vector<int> ids;
  int total = 0;  // tokens the whole text has, before the cap
};

class TextReader {
 public:
  virtual ~TextReader() = default;
  virtual ReadText read(std::string_view text, int room) const = 0;
  // The id of a token as read() names it (a special token, a word, a piece), or -1.
  virtual int id_of(const std::string& token) const = 0;
  // The grammar's vocabulary, for what generates its sentences; null for other tokenizers.
  virtual const Vocabulary* vocabulary() const { return nullptr; }
  // Every id's token, in id order: what each output of a vocabulary distribution means.
  const std::vector<std::string>& labels() const { return labels_; }
  int size() const { return int(labels_.size()); }

 protected:
  std::vector<std::string> labels_;
};

// The reader the descriptor's tokenizer names, from the checkpoint's metadata. Error when the
// metadata lacks it, or its size is not the encoder's `vocab`, or a special or framing token of
// the descriptor is not in it.
std::unique_ptr<const TextReader> make_text_reader(const ModelDescriptor& descriptor,
                                                   const Metadata& metadata, int vocab);

}  // namespace headscope

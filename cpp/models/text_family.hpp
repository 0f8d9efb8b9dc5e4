// What the text families share: typed text read through the descriptor's tokenizer
// (models/text_reader.hpp), framed as the descriptor says, and the held-out text a checkpoint
// trained on real English carries for importance ("heldout_text", one passage per line).
//
//   text ──reader (max_len − framing tokens)──► tokens, ids
//        ──framing.before + … + framing.after──► run.tokens, ids ──encoder──► [t, vocab]
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/family.hpp"
#include "models/text_reader.hpp"

namespace headscope {

class TextFamily : public ModelFamily {
 public:
  TextFamily(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta);

  void run_text(const Encoder& encoder, std::string_view text, std::span<const float> gates,
                ModelRun& run) const override;
  const std::vector<std::string>& output_labels() const override { return reader_->labels(); }
  const Vocabulary* vocabulary() const override { return reader_->vocabulary(); }
  const TextReader& reader() const { return *reader_; }

  // The first id that is not a special token of the descriptor: ids below it are never scored.
  int first_word() const { return first_word_; }
  // Up to `count` lines of the checkpoint's "heldout_text", each read and framed as run_text
  // does; empty when the checkpoint has none.
  std::vector<std::vector<int>> held_out_texts(const Metadata& meta, int count) const;

 private:
  std::vector<int> frame(const std::vector<int>& ids) const;

  std::unique_ptr<const TextReader> reader_;
  int max_len_, first_word_ = 0;
};

}  // namespace headscope

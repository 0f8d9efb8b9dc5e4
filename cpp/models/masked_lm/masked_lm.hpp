// The masked-LM encoder family (BERT-like): typed text, tokenized into words, framed by [CLS] …
// [SEP] and looked up in the checkpoint's vocabulary (unknown words → [UNK]); a typed [MASK] is
// the mask token, whose guesses the page shows. One vocabulary distribution per token.
//
//   text ──tokenize (at most max_len − framing tokens; the mask token typed is one token)──►
//   framing.before, tokens, framing.after ──vocabulary──► ids ──encoder──► [t, vocab]
//
// Metadata it reads: "vocabulary" (one token per line, inputs/vocab.hpp); "corpus_style" for its
// held-out passages (train/text_model.hpp).
#pragma once

#include "models/family.hpp"

namespace headscope::masked_lm {

FamilyEntry family();

}  // namespace headscope::masked_lm

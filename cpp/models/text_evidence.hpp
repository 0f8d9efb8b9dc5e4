// What a text model does on real held-out text, measured through Model as the page runs it: the
// figures README states (held-out perplexity, masked-word top-1 and top-5) and the evidence for
// each head's job (train/role_scores.hpp). Same lines, same model: same numbers, so the tests
// recompute README's tables from tests/data/english/.
//
//   line ──Model::run_text──► ids (framing included), attention
//     masked-LM:  15% of the word positions masked (seeded) ──encoder──► loss, top-1, top-5
//     causal:     every position scored on the token after it ──► loss (perplexity = e^loss)
//     roles:      previous token, first token, punctuation / delimiter (+ next token for an
//                 encoder; duplicate token and induction for a decoder, also on the line repeated)
#pragma once

#include <string>
#include <vector>

#include "analysis/head_evidence.hpp"
#include "models/model.hpp"

namespace headscope {

struct TextFigures {
  double loss = 0;  // mean cross-entropy per scored token
  double perplexity = 0;
  double top1 = 0, top5 = 0;  // shares of scored tokens
  long long scored = 0;
};

TextFigures text_figures(const Model& model, const std::vector<std::string>& lines);

// Masked-word guesses on everyday sentences: each word the tokenizer keeps whole (one piece,
// letters only) is masked in turn; the share whose word is the top guess, or in the top five.
// Also the share of all tokens that are the unknown token.
struct EverydayFigures {
  double top1 = 0, top5 = 0, unknown = 0;
  int masked = 0, tokens = 0;
};
EverydayFigures everyday_figures(const Model& model, const std::vector<std::string>& lines);

// The roles scored on a text model, in order, with the sentence the page shows for each: an
// encoder's or a causal decoder's (which cannot see the next token, but can copy).
std::vector<HeadRole> text_head_roles(bool causal);
std::vector<std::string> text_roles(const Model& model);
std::vector<HeadEvidence> text_head_evidence(const Model& model,
                                             const std::vector<std::string>& lines);

}  // namespace headscope

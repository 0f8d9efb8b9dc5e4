// The causal decoder family (GPT-like): typed text read as subword pieces after [BOS], each token
// attending only to itself and the tokens before it; one next-token distribution per position.
// Generation continues the text one token at a time through a KV cache (nn/kv_cache.hpp).
//
//   text ──subword pieces (at most max_len − 1)──► [BOS], pieces ──causal encoder──► [t, vocab]
//   row i: the distribution of the token after position i
//
// Metadata it reads: "tokenizer" (inputs/subword.hpp); "heldout_text" for importance.
#pragma once

#include "models/family.hpp"

namespace headscope::causal_lm {

FamilyEntry family();

}  // namespace headscope::causal_lm

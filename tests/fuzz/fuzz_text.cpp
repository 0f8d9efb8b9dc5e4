// Feeds: typed text, as the page's text box and the npm package's runText reach the core.
//   byte 0     max_tokens for tokenize (0 must be rejected)
//   byte 1     0: no head gates; else the next 2 bytes are the tiny model's gates, byte / 250
//              (so a byte over 250 is a gate over 1, which must be rejected)
//   the rest   the text (any bytes: invalid UTF-8, control characters, NUL)
// to tokenize/token_key, Vocabulary::parse (the text as a checkpoint's word list), the
// Vocabulary constructor, encode, and Model::run_text on a tiny text model (fuzz_common.hpp).
// Checks: headscope::Error is the only way to say no; tokens are non-empty pieces of the text in
// order, capped and counted; ids stay inside the vocabulary; a vocabulary survives
// serialize/parse; a run is framed by [CLS]/[SEP], fits max_len and gives probabilities.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fuzz_common.hpp"
#include "inputs/tokenizer.hpp"
#include "inputs/vocab.hpp"
#include "models/model.hpp"

namespace {

using namespace headscope;
using fuzz::require;

bool is_space(unsigned char c) {
  return c <= ' ' || c == 0x7f;
}

void check_tokenize(std::string_view text, int max_tokens) {
  Tokenized t;
  try {
    t = tokenize(text, max_tokens);
  } catch (const Error&) {
    require(max_tokens < 1, "tokenize rejects only max_tokens < 1");
    return;
  }
  require(t.tokens.size() == std::size_t(std::min(t.total, max_tokens)),
          "tokenize keeps min(total, max_tokens) tokens");
  std::size_t at = 0;
  for (const std::string& tok : t.tokens) {
    require(!tok.empty(), "a token is not empty");
    for (const char c : tok) require(!is_space(static_cast<unsigned char>(c)), "no space inside");
    const std::size_t found = text.find(tok, at);
    require(found != std::string_view::npos, "tokens are pieces of the text, in order");
    at = found + tok.size();
    require(token_key(tok).size() == tok.size(), "token_key keeps the length");
  }
}

void check_vocabulary(std::string_view text, const std::vector<std::string>& tokens) {
  try {
    const Vocabulary v = Vocabulary::parse(text);
    require(v.size() >= Vocabulary::kSpecialCount, "a vocabulary has the special tokens");
    const Vocabulary again = Vocabulary::parse(v.serialize());
    require(again.serialize() == v.serialize(), "serialize/parse round-trips");
    for (const int id : v.encode_framed(tokens)) {
      require(id >= 0 && id < v.size(), "an id is inside the vocabulary");
      v.word(id);
    }
  } catch (const Error&) {
  }
  try {
    const Vocabulary v(tokens);
    require(v.size() == int(tokens.size()) + Vocabulary::kSpecialCount, "one id per word");
  } catch (const Error&) {  // a repeated token, or one spelled like a special token
  }
}

void check_run(std::string_view text, const std::vector<float>& gates) {
  const Model& m = fuzz::tiny_text_model();
  ModelRun run;
  try {
    m.run_text(text, gates, run);
  } catch (const Error&) {
    return;
  }
  const int max_len = m.config().max_len;
  require(run.tokens.size() >= 3 && int(run.tokens.size()) <= max_len, "a run fits max_len");
  require(run.tokens.front() == "[CLS]" && run.tokens.back() == "[SEP]", "[CLS] ... [SEP]");
  require(run.total >= int(run.tokens.size()) - 2, "total counts every token");
  require(run.trace.t == int(run.tokens.size()), "the trace covers every token");
  fuzz::require_distribution(run.probabilities, m.config().vocab);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Reader in(data, size);
  const int max_tokens = in.u8();
  std::vector<float> gates;
  if (in.u8() != 0) {
    const auto& c = fuzz::tiny_text_model().config();
    for (int i = 0; i < c.num_layers * c.num_heads; ++i) gates.push_back(float(in.u8()) / 250.0f);
  }
  const auto rest = in.rest();
  const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
  check_tokenize(text, max_tokens);
  std::vector<std::string> tokens;
  try {
    tokens = tokenize(text, 64).tokens;
  } catch (const Error&) {
  }
  check_vocabulary(text, tokens);
  check_run(text, gates);
  return 0;
}

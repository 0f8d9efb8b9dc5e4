#include "inputs/tokenizer.hpp"

#include "base/error.hpp"

namespace headscope {

namespace {

bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
bool is_space(unsigned char c) {
  return c <= ' ' || c == 0x7f;
}

}  // namespace

Tokenized tokenize(std::string_view text, int max_tokens) {
  if (max_tokens < 1) fail("max_tokens ", max_tokens, " must be at least 1");
  if (text.size() > kMaxTextBytes)
    fail("text of ", text.size(), " bytes exceeds the limit of ", kMaxTextBytes, " bytes");
  Tokenized out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_space(c)) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    if (is_word_byte(c)) {
      // A word: word bytes, plus an apostrophe that has word bytes on both sides ("don't").
      while (end < n) {
        const auto e = static_cast<unsigned char>(text[end]);
        if (is_word_byte(e)) {
          ++end;
        } else if (e == '\'' && end + 1 < n &&
                   is_word_byte(static_cast<unsigned char>(text[end + 1]))) {
          end += 2;
        } else {
          break;
        }
      }
      // A run longer than kMaxWordBytes is cut into pieces, each ending on a UTF-8 boundary.
      if (end - i > kMaxWordBytes) {
        end = i + kMaxWordBytes;
        while (end > i + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      }
    }
    if (out.total < max_tokens) out.tokens.emplace_back(text.substr(i, end - i));
    ++out.total;
    i = end;
  }
  return out;
}

std::string token_key(std::string_view token) {
  std::string key(token);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

}  // namespace headscope

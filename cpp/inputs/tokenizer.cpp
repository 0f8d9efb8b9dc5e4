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

// The end of the word starting at text[i] (a word byte): word bytes, plus an apostrophe that has
// word bytes on both sides ("don't"). A run longer than kMaxWordBytes is cut into pieces, each
// ending on a UTF-8 boundary. The scan stops one byte past kMaxWordBytes: the run is cut there
// anyway, and scanning a 1 MiB word to its end for each 64-byte piece was quadratic.
std::size_t word_end(std::string_view text, std::size_t i) {
  const std::size_t n = text.size();
  std::size_t end = i + 1;
  while (end < n && end - i <= kMaxWordBytes) {
    const auto e = static_cast<unsigned char>(text[end]);
    if (is_word_byte(e))
      ++end;
    else if (e == '\'' && end + 1 < n && is_word_byte(static_cast<unsigned char>(text[end + 1])))
      end += 2;
    else
      break;
  }
  if (end - i > kMaxWordBytes) {
    end = i + kMaxWordBytes;
    while (end > i + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  return end;
}

}  // namespace

void for_each_token(std::string_view text, const std::function<void(std::string_view)>& f) {
  if (text.size() > kMaxTextBytes)
    fail("text of ", text.size(), " bytes exceeds the limit of ", kMaxTextBytes, " bytes");
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_space(c)) {
      ++i;
      continue;
    }
    const std::size_t end = is_word_byte(c) ? word_end(text, i) : i + 1;
    f(text.substr(i, end - i));
    i = end;
  }
}

Tokenized tokenize(std::string_view text, int max_tokens) {
  if (max_tokens < 1) fail("max_tokens ", max_tokens, " must be at least 1");
  Tokenized out;
  for_each_token(text, [&](std::string_view token) {
    if (out.total < max_tokens) out.tokens.emplace_back(token);
    ++out.total;
  });
  return out;
}

std::string token_key(std::string_view token) {
  std::string key(token);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

}  // namespace headscope

// Splits typed English into tokens for the untrained text view. Any bytes are accepted: words are
// runs of ASCII letters and digits, apostrophes inside them, and any non-ASCII UTF-8 sequence
// (so "naïve", "東京" and emoji stay whole); every other visible ASCII character is a token of its
// own; whitespace and control characters separate tokens. A word longer than kMaxWordBytes is cut
// into pieces of at most that many bytes (at UTF-8 character boundaries), so pasted junk such as
// 100,000 letters without a space gives many tokens, each short enough to label, not one.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace headscope {

struct Tokenized {
  std::vector<std::string> tokens;  // the first max_tokens tokens, as typed
  int total = 0;                    // how many tokens the whole text has
};

// Longest token, in bytes: longer than any English word, and than most words with accents.
inline constexpr std::size_t kMaxWordBytes = 64;

// Largest text tokenize() accepts, in bytes.
inline constexpr std::size_t kMaxTextBytes = 1 << 20;

// Calls f(token) for every token of the text, in order, without keeping them: counting a long
// text costs no memory. Throws Error if the text is longer than kMaxTextBytes.
void for_each_token(std::string_view text, const std::function<void(std::string_view)>& f);

// The first max_tokens tokens and the count of all. Throws Error if max_tokens < 1 or the text
// is longer than kMaxTextBytes.
Tokenized tokenize(std::string_view text, int max_tokens);

// The token's lookup key: ASCII letters lowered, everything else kept.
std::string token_key(std::string_view token);

}  // namespace headscope

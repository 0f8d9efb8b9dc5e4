#include "inputs/vocab.hpp"

#include "base/error.hpp"
#include "base/lines.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope {

void Vocabulary::add(const std::string& word) {
  if (word.empty()) fail("vocabulary word ", words_.size(), " is empty");
  if (word.find('\n') != std::string::npos)
    fail("vocabulary word '", word, "' contains a line break");
  if (!ids_.emplace(word, int(words_.size())).second)
    fail("vocabulary word '", word, "' appears twice");
  words_.push_back(word);
}

Vocabulary::Vocabulary(const std::vector<std::string>& words) {
  for (const char* s : kSpecial) add(s);
  for (const std::string& w : words) add(w);
}

Vocabulary Vocabulary::parse(std::string_view text) {
  Vocabulary v;
  for (const std::string& line : split_lines(text)) v.add(line);
  for (int i = 0; i < kSpecialCount; ++i)
    if (v.size() <= i || v.words_[i] != kSpecial[i])
      fail("vocabulary line ", i + 1, " must be ", kSpecial[i]);
  return v;
}

std::string Vocabulary::serialize() const {
  std::string out;
  for (std::size_t i = 0; i < words_.size(); ++i) {
    if (i) out += '\n';
    out += words_[i];
  }
  return out;
}

int Vocabulary::id(std::string_view token) const {
  const auto special = ids_.find(std::string(token));  // [MASK] etc., matched exactly
  if (special != ids_.end() && special->second < kSpecialCount) return special->second;
  const auto it = ids_.find(token_key(token));
  return it == ids_.end() ? kUnk : it->second;
}

const std::string& Vocabulary::word(int id) const {
  if (id < 0 || id >= size()) fail("token id ", id, " is outside the vocabulary of ", size());
  return words_[id];
}

std::vector<int> Vocabulary::encode(const std::vector<std::string>& tokens) const {
  std::vector<int> ids(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) ids[i] = id(tokens[i]);
  return ids;
}

std::vector<std::string> Vocabulary::frame(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size() + 2);
  out.push_back(kSpecial[kCls]);
  out.insert(out.end(), tokens.begin(), tokens.end());
  out.push_back(kSpecial[kSep]);
  return out;
}

std::vector<int> Vocabulary::encode_framed(const std::vector<std::string>& tokens) const {
  return encode(frame(tokens));
}

}  // namespace headscope

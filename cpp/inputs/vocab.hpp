// A trained text model's vocabulary: words to ids and back. Any typed word maps to an id: words
// the model never saw become [UNK], so unknown text degrades gracefully instead of failing.
//
//   "The Queen smiled ." ──tokenize──► The, Queen, smiled, . ──key (lower-case)──► the, queen,
//   smiled, . ──lookup──► 9, 44, [UNK]=1, 5 ──frame──► [CLS] 9 44 1 5 [SEP]
//
// Like BERT's, the text model reads a sequence framed by [CLS] and [SEP]: two tokens present in
// every input, which heads with nothing to do learn to attend to.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace headscope {

class Vocabulary {
 public:
  static constexpr int kPad = 0, kUnk = 1, kMask = 2, kCls = 3, kSep = 4;
  static constexpr int kSpecialCount = 5;  // the first ordinary word's id
  static constexpr const char* kSpecial[kSpecialCount] = {"[PAD]", "[UNK]", "[MASK]", "[CLS]",
                                                          "[SEP]"};

  // The special tokens, then `words` in order. Throws Error on an empty or duplicate word.
  explicit Vocabulary(const std::vector<std::string>& words);
  // From the newline-separated form `serialize()` writes (special tokens included).
  static Vocabulary parse(std::string_view text);
  // One word per line, special tokens first: stored in checkpoint metadata.
  std::string serialize() const;

  int size() const { return int(words_.size()); }
  // The id of a token: a special token's own id if it is one exactly ("[MASK]"), else the word's
  // (looked up by its lower-case key), else kUnk.
  int id(std::string_view token) const;
  const std::string& word(int id) const;
  std::vector<int> encode(const std::vector<std::string>& tokens) const;
  // [CLS], tokens, [SEP]: the sequence the text model reads.
  static std::vector<std::string> frame(const std::vector<std::string>& tokens);
  // encode(frame(tokens)).
  std::vector<int> encode_framed(const std::vector<std::string>& tokens) const;

 private:
  Vocabulary() = default;
  void add(const std::string& word);
  std::vector<std::string> words_;
  std::unordered_map<std::string, int> ids_;
};

}  // namespace headscope

// A subword tokenizer for real English (and anything else typed): BPE trained by this C++ over the
// words of a corpus, shown WordPiece-style, with a byte fallback so no text is ever unknown.
//
//   "The jumps 東!" ──words──► The, jumps, 東, !  (byte spans kept for the page to highlight)
//                  ──BPE────► The | jump ##s | <0xE6> ##<0x9D> ##<0xB1> | !
//
// A word's first piece is spelled as is, every later piece of the same word with "##": so the
// ids alone say where words start, and decode() can put the spaces back. The vocabulary is laid
// out as
//   ids 0..6        the special tokens, kSubwordSpecials;
//   ids 7..262      256 byte tokens "<0x00>".."<0xFF>" that start a word,
//   ids 263..518    the same 256 bytes continuing a word, "##<0x00>".."##<0xFF>" (the "##" form is
//                   what lets decode() tell "東 京" from "東京" when both fall back to bytes);
//   then            the alphabet: the most frequent characters of the training words, each in the
//                   form(s) it was seen in ("e" starting a word, "##e" inside one);
//   then            one piece per BPE merge, in merge order.
// Any character outside the alphabet, and any byte that is not valid UTF-8, is encoded as byte
// tokens, so encode() never produces [UNK] (the id exists for models that expect it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace headscope {

// The special tokens, ids 0..6 in this order. The one list; the ids below index it.
inline constexpr std::array<std::string_view, 7> kSubwordSpecials = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[BOS]", "[EOS]"};
inline constexpr int kSubwordPad = 0, kSubwordUnk = 1, kSubwordCls = 2, kSubwordSep = 3,
                     kSubwordMask = 4, kSubwordBos = 5, kSubwordEos = 6;
static_assert(kSubwordSpecials[kSubwordMask] == "[MASK]" &&
              kSubwordSpecials[kSubwordEos] == "[EOS]");

struct SubwordOptions {
  int vocab_size = 8000;    // at most this many pieces (at least the 519 special and byte tokens)
  bool lowercase = false;   // lower ASCII A-Z before training and encoding (nothing else changes)
  int min_frequency = 2;    // fewer occurrences than this: no alphabet entry, no merge
  int max_alphabet = 1000;  // most character forms in the alphabet (the rest go through bytes)
};

// One token of an encoded text.
struct SubwordPiece {
  int id = 0;
  std::string text;       // the piece as displayed: "jump", "##s", "<0xE6>", "[MASK]"
  std::size_t begin = 0;  // its bytes in the original text: [begin, end)
  std::size_t end = 0;
  int word = 0;  // which word of the text (0, 1, ...) it belongs to
};

// One word of a text before BPE, as byte offsets into the text. A word longer than kMaxWordBytes
// (inputs/tokenizer.hpp) is cut into several entries at character boundaries; the later ones have
// `continues` set and the same `word`, so their first pieces are "##" pieces.
struct SubwordWord {
  std::size_t begin = 0;
  std::size_t end = 0;
  int word = 0;
  bool continues = false;
};

// Pre-tokenisation: whitespace (ASCII, control characters, Unicode spaces) separates words; each
// punctuation mark or symbol (ASCII punctuation, Latin-1 and general punctuation, currency,
// arrows, maths, shapes, CJK punctuation, emoji; with any modifiers, variation selectors and
// zero-width-joined followers, so "👍🏽" stays one) is a word of its own; "[MASK]" written
// exactly is one word; everything else (letters, digits, marks, invalid bytes) runs together into
// words. Throws Error for a text longer than kMaxTextBytes (inputs/tokenizer.hpp).
std::vector<SubwordWord> split_subword_words(std::string_view text);

// Work counters of one encode(): lets tests check it grows linearly with the input.
struct SubwordWork {
  std::size_t pair_lookups = 0;
};

struct SubwordMerge {
  int left = 0, right = 0, result = 0;  // piece ids: left + right (without its "##") = result
};

class SubwordTokenizer {
 public:
  // BPE over the unique words of `texts` (each element a line or a whole text), each counted by
  // its frequency. Merges the most frequent adjacent pair; ties go to the pair whose (left, right)
  // pieces sort first bytewise. Stops at options.vocab_size pieces, or when no pair occurs
  // min_frequency times. Throws Error on options out of range.
  static SubwordTokenizer train(std::span<const std::string> texts, const SubwordOptions& options);
  // From serialise()'s JSON; throws Error naming the value and the rule it breaks.
  static SubwordTokenizer parse(std::string_view text);
  // JSON (valid UTF-8, for a checkpoint's string metadata): format "headscope-subword-1",
  // lowercase, every piece in id order, every merge as a [left, right] pair of pieces in rank
  // order. The core already parses checkpoints' JSON with nlohmann, so this adds no dependency.
  std::string serialise() const;

  // The text's tokens, in order. Throws Error for a text longer than kMaxTextBytes.
  std::vector<SubwordPiece> encode(std::string_view text, SubwordWork* work = nullptr) const;
  // The text of ids: words separated by one space, "##" pieces joined to the piece before, byte
  // tokens put back as bytes. Special tokens are written as words ("[MASK]"), except [PAD], which
  // is left out. Throws Error for an id outside the vocabulary.
  std::string decode(std::span<const int> ids) const;

  int size() const { return int(pieces_.size()); }
  // Throws Error for an id outside the vocabulary.
  const std::string& piece(int id) const;
  // The id of the piece spelled exactly so, or -1.
  int id_of(std::string_view piece) const;
  bool lowercase() const { return lowercase_; }
  const std::vector<SubwordMerge>& merges() const { return merges_; }

 private:
  // Pieces in id order, merges as (left, right) ids in rank order; checks every rule.
  SubwordTokenizer(std::vector<std::string> pieces, const std::vector<std::pair<int, int>>& merges,
                   bool lowercase);
  void add_merge(int left, int right);
  void encode_word(std::string_view text, const SubwordWord& w, std::vector<SubwordPiece>& out,
                   SubwordWork* work) const;

  std::vector<std::string> pieces_;
  std::unordered_map<std::string, int> ids_;
  std::vector<SubwordMerge> merges_;
  std::unordered_map<std::uint64_t, int> ranks_;  // (left, right) -> index into merges_
  bool lowercase_ = false;
};

}  // namespace headscope

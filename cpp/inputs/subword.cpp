#include "inputs/subword.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>
#include <utility>

#include "base/error.hpp"
#include "inputs/tokenizer.hpp"
#include "io/json.hpp"

namespace headscope {

namespace {

using json = nlohmann::json;

// The vocabulary's fixed layout (see the header).
constexpr int kSpecialCount = int(kSubwordSpecials.size());
constexpr int kFirstByte = kSpecialCount;            // "<0x00>": a byte starting a word
constexpr int kContinuedByte = kFirstByte + 256;     // "##<0x00>": a byte inside a word
constexpr int kFirstLearned = kContinuedByte + 256;  // the alphabet, then the merges
constexpr int kMaxVocab = 1'000'000;
constexpr std::string_view kContinuation = "##";
constexpr std::string_view kFormat = "headscope-subword-1";
// A piece is at most one chunk of a word, plus its "##".
constexpr std::size_t kMaxPieceBytes = kMaxWordBytes + kContinuation.size();

// --- UTF-8 and character classes -------------------------------------------------------------

// One character of a text, or one byte that is not part of valid UTF-8.
struct Unit {
  char32_t cp = 0;
  std::size_t size = 1;
  bool valid = false;
};

bool byte_in(std::string_view s, std::size_t i, unsigned lo, unsigned hi) {
  return i < s.size() && static_cast<unsigned char>(s[i]) >= lo &&
         static_cast<unsigned char>(s[i]) <= hi;
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF): anything else is a
// one-byte invalid unit, which only byte tokens can spell.
Unit unit_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const Unit invalid{b, 1, false};
  if (b < 0x80) return {b, 1, true};
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    lo = b == 0xE0 ? 0xA0 : lo;
    hi = b == 0xED ? 0x9F : hi;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    lo = b == 0xF0 ? 0x90 : lo;
    hi = b == 0xF4 ? 0x8F : hi;
  } else {
    return invalid;
  }
  if (!byte_in(s, i + 1, lo, hi)) return invalid;
  char32_t cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if (!byte_in(s, i + k, 0x80, 0xBF)) return invalid;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return {cp, n, true};
}

bool in(char32_t c, char32_t lo, char32_t hi) {
  return c >= lo && c <= hi;
}

bool is_space(char32_t c) {
  return c <= 0x20 || in(c, 0x7F, 0xA0) /* DEL, C1 controls, no-break space */ || c == 0x1680 ||
         in(c, 0x2000, 0x200A) || in(c, 0x2028, 0x2029) || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool is_ascii_punctuation(char32_t c) {
  return in(c, 0x21, 0x2F) || in(c, 0x3A, 0x40) || in(c, 0x5B, 0x60) || in(c, 0x7B, 0x7E);
}

// Marks that belong to the character before them: combining accents, the keycap, variation
// selectors, skin tones, emoji tag characters.
bool is_extender(char32_t c) {
  return in(c, 0x0300, 0x036F) || in(c, 0x20D0, 0x20FF) || in(c, 0xFE00, 0xFE0F) ||
         in(c, 0x1F3FB, 0x1F3FF) || in(c, 0xE0020, 0xE007F);
}

bool is_regional_indicator(char32_t c) {
  return in(c, 0x1F1E6, 0x1F1FF);
}

// Punctuation and symbols, each a word of its own. Ranges rather than Unicode's tables (which
// the core does not carry): enough for English, code and emoji; a symbol missed here only stays
// inside its word.
bool is_symbol(char32_t c) {
  if (c < 0x80) return is_ascii_punctuation(c);
  if (in(c, 0xA1, 0xBF)) return c != 0xAA && c != 0xB5 && c != 0xBA;  // ª µ º are letters
  return c == 0xD7 || c == 0xF7 || in(c, 0x2010, 0x2027) || in(c, 0x2030, 0x205E) ||
         in(c, 0x20A0, 0x20CF) || in(c, 0x2190, 0x2BFF) || in(c, 0x3001, 0x3004) ||
         in(c, 0x3008, 0x3020) || in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
         in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) ||
         (in(c, 0x1F000, 0x1FAFF) && !is_extender(c));
}

enum class Kind { kSpace, kSymbol, kWord };

Kind kind_of(const Unit& u) {
  if (!u.valid) return Kind::kWord;  // invalid bytes stay in their word, as byte tokens
  if (is_space(u.cp)) return Kind::kSpace;
  return is_symbol(u.cp) ? Kind::kSymbol : Kind::kWord;
}

// --- pre-tokenisation --------------------------------------------------------------------------

constexpr std::string_view kMaskText = kSubwordSpecials[kSubwordMask];

// The end of the symbol word starting at i: the symbol, a second regional indicator (a flag),
// then any extenders, and after a zero-width joiner the character it joins ("👩‍💻").
std::size_t symbol_end(std::string_view s, std::size_t i) {
  const Unit first = unit_at(s, i);
  std::size_t end = i + first.size;
  if (is_regional_indicator(first.cp) && end < s.size()) {
    const Unit u = unit_at(s, end);
    if (u.valid && is_regional_indicator(u.cp)) end += u.size;
  }
  while (end < s.size()) {
    const Unit u = unit_at(s, end);
    if (!u.valid || (!is_extender(u.cp) && u.cp != 0x200D)) break;
    end += u.size;
    if (u.cp == 0x200D && end < s.size() && kind_of(unit_at(s, end)) != Kind::kSpace)
      end += unit_at(s, end).size;
  }
  return end;
}

std::size_t word_end(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    const Unit u = unit_at(s, i);
    if (kind_of(u) != Kind::kWord) break;
    i += u.size;
  }
  return i;
}

// Calls f(SubwordWord) for [begin, end) cut into chunks of at most kMaxWordBytes, at character
// boundaries: BPE's cost per chunk is then bounded, so encoding is linear in the text's length.
template <typename F>
void for_each_chunk(std::string_view s, std::size_t begin, std::size_t end, int word, F&& f) {
  bool continues = false;
  while (begin < end) {
    std::size_t cut = begin;
    while (cut < end) {
      const std::size_t next = cut + unit_at(s, cut).size;
      if (next - begin > kMaxWordBytes) break;
      cut = next;
    }
    f(SubwordWord{begin, cut, word, continues});
    continues = true;
    begin = cut;
  }
}

// The words of a text of any length (training reads whole corpora; encode() checks the limit).
template <typename F>
void for_each_word(std::string_view s, F&& f) {
  int word = 0;
  for (std::size_t i = 0; i < s.size();) {
    const Unit u = unit_at(s, i);
    const Kind kind = kind_of(u);
    if (kind == Kind::kSpace) {
      i += u.size;
      continue;
    }
    std::size_t end = 0;
    if (s.substr(i).starts_with(kMaskText))
      end = i + kMaskText.size();
    else
      end = kind == Kind::kSymbol ? symbol_end(s, i) : word_end(s, i);
    for_each_chunk(s, i, end, word++, f);
    i = end;
  }
}

void check_text_size(std::string_view text) {
  if (text.size() > kMaxTextBytes)
    fail("text of ", text.size(), " bytes exceeds the limit of ", kMaxTextBytes, " bytes");
}

bool is_mask(std::string_view text, const SubwordWord& w) {
  return !w.continues && text.substr(w.begin, w.end - w.begin) == kMaskText;
}

void lower_ascii(std::string& s, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] - 'A' + 'a');
}

// --- base symbols ------------------------------------------------------------------------------

bool is_byte_token(int id) {
  return id >= kFirstByte && id < kFirstLearned;
}
bool mergeable(int id) {
  return id >= kFirstLearned;
}

std::string byte_piece(int b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("<0x") + kHex[b >> 4] + kHex[b & 15] + ">";
}

// ids 0 .. kFirstLearned-1: the special tokens, then the byte tokens in both forms.
std::vector<std::string> base_pieces() {
  std::vector<std::string> pieces(kSubwordSpecials.begin(), kSubwordSpecials.end());
  for (int b = 0; b < 256; ++b) pieces.push_back(byte_piece(b));
  for (int b = 0; b < 256; ++b) pieces.push_back(std::string(kContinuation) + byte_piece(b));
  return pieces;
}

// A symbol of a chunk before or during BPE: a piece id and its bytes in the chunk.
struct Symbol {
  int id = 0;
  std::size_t begin = 0, end = 0;
};

// The form of the character at chunk[i]: "e" starting a word, "##e" inside one.
std::string form_at(std::string_view chunk, std::size_t i, std::size_t size, bool inside) {
  std::string form(inside ? kContinuation : "");
  form += chunk.substr(i, size);
  return form;
}

// Each character of a (normalised) chunk the vocabulary holds in this position becomes its
// piece; any other character, and any invalid byte, becomes one byte token per byte.
std::vector<Symbol> base_symbols(std::string_view chunk, bool continues,
                                 const std::unordered_map<std::string, int>& ids) {
  std::vector<Symbol> out;
  for (std::size_t i = 0; i < chunk.size();) {
    const Unit u = unit_at(chunk, i);
    const bool inside = continues || i > 0;
    const auto it = u.valid ? ids.find(form_at(chunk, i, u.size, inside)) : ids.end();
    if (it != ids.end()) {
      out.push_back({it->second, i, i + u.size});
    } else {
      for (std::size_t k = 0; k < u.size; ++k) {
        const int base = inside || k > 0 ? kContinuedByte : kFirstByte;
        out.push_back({base + static_cast<unsigned char>(chunk[i + k]), i + k, i + k + 1});
      }
    }
    i += u.size;
  }
  return out;
}

using PairKey = std::uint64_t;
PairKey pair_key(int left, int right) {
  return (PairKey(std::uint32_t(left)) << 32) | std::uint32_t(right);
}

// Standard BPE on one chunk: merge the adjacent pair of lowest rank until none has a rank. At
// most kMaxWordBytes symbols, so at most kMaxWordBytes² lookups per chunk.
void apply_merges(std::vector<Symbol>& s, const std::unordered_map<PairKey, int>& ranks,
                  const std::vector<SubwordMerge>& merges, SubwordWork* work) {
  while (s.size() > 1) {
    std::size_t best = s.size();
    int best_rank = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const auto it = ranks.find(pair_key(s[i].id, s[i + 1].id));
      if (it != ranks.end() && (best == s.size() || it->second < best_rank)) {
        best = i;
        best_rank = it->second;
      }
    }
    if (work) work->pair_lookups += s.size() - 1;
    if (best == s.size()) return;
    s[best] = {merges[best_rank].result, s[best].begin, s[best + 1].end};
    s.erase(s.begin() + std::ptrdiff_t(best) + 1);
  }
}

// --- training ----------------------------------------------------------------------------------

// A unique chunk of the corpus ('w' + bytes when it starts a word, 'c' + bytes when it continues
// one) and how often it occurs.
using WordCounts = std::vector<std::pair<std::string, long long>>;

WordCounts count_words(std::span<const std::string> texts, bool lowercase) {
  std::unordered_map<std::string, long long> counts;
  std::string key;
  for (const std::string& text : texts)
    for_each_word(text, [&](const SubwordWord& w) {
      if (is_mask(text, w)) return;  // a placeholder, not text to learn
      key.assign(1, w.continues ? 'c' : 'w');
      key.append(text, w.begin, w.end - w.begin);
      if (lowercase) lower_ascii(key, 1);
      ++counts[key];
    });
  WordCounts sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());  // the same order on every run and platform
  return sorted;
}

// The most frequent character forms, count first, then bytewise: the base alphabet.
std::vector<std::string> alphabet(const WordCounts& words, long long min_frequency,
                                  std::size_t limit) {
  std::unordered_map<std::string, long long> counts;
  for (const auto& [key, n] : words) {
    const std::string_view chunk = std::string_view(key).substr(1);
    for (std::size_t i = 0; i < chunk.size();) {
      const Unit u = unit_at(chunk, i);
      if (u.valid) counts[form_at(chunk, i, u.size, key[0] == 'c' || i > 0)] += n;
      i += u.size;
    }
  }
  std::vector<std::pair<long long, std::string>> ranked;
  for (auto& [form, n] : counts)
    if (n >= min_frequency) ranked.emplace_back(-n, form);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) out.push_back(ranked[i].second);
  return out;
}

// BPE over unique words with incremental pair counts: a merge touches only the words that hold
// its pair (found through where_), and only the counts those words change. The heap is lazy: an
// entry whose count is out of date is pushed again with the current count when it surfaces.
class BpeTrainer {
 public:
  BpeTrainer(std::vector<std::string> pieces, const WordCounts& words);
  void run(int vocab_size, long long min_frequency);

  std::vector<std::string> pieces;
  std::vector<SubwordMerge> merges;

 private:
  struct Entry {
    long long count;
    int left, right;
  };
  bool before(const Entry& a, const Entry& b) const;
  void push(const Entry& e);
  std::optional<Entry> pop_best();
  int piece_id(const std::string& piece);
  void merge(int a, int b);
  void count_pairs(const std::vector<int>& s, long long by,
                   std::unordered_map<PairKey, long long>& delta) const;
  void note_pairs(int w, int with = -1);

  std::unordered_map<std::string, int> ids_;
  std::vector<std::vector<int>> words_;  // each unique chunk's symbols
  std::vector<long long> freq_;
  std::unordered_map<PairKey, long long> counts_;
  std::unordered_map<PairKey, std::vector<int>> where_;  // pair -> words that may hold it
  std::unordered_set<PairKey> merged_;
  std::vector<Entry> heap_;
};

BpeTrainer::BpeTrainer(std::vector<std::string> base, const WordCounts& words)
    : pieces(std::move(base)) {
  for (std::size_t i = 0; i < pieces.size(); ++i) ids_.emplace(pieces[i], int(i));
  for (const auto& [key, n] : words) {
    std::vector<int> s;
    for (const Symbol& sym : base_symbols(std::string_view(key).substr(1), key[0] == 'c', ids_))
      s.push_back(sym.id);
    words_.push_back(std::move(s));
    freq_.push_back(n);
  }
  std::unordered_map<PairKey, long long> delta;
  for (std::size_t w = 0; w < words_.size(); ++w) {
    count_pairs(words_[w], freq_[w], delta);
    note_pairs(int(w));
  }
  for (const auto& [key, n] : delta) {
    counts_[key] = n;
    push({n, int(key >> 32), int(key & 0xFFFFFFFF)});
  }
}

// Higher count first; on a tie, the pair whose pieces sort first bytewise.
bool BpeTrainer::before(const Entry& a, const Entry& b) const {
  if (a.count != b.count) return a.count > b.count;
  const int left = pieces[a.left].compare(pieces[b.left]);
  return left != 0 ? left < 0 : pieces[a.right] < pieces[b.right];
}

void BpeTrainer::push(const Entry& e) {
  heap_.push_back(e);
  std::push_heap(heap_.begin(), heap_.end(),
                 [this](const Entry& x, const Entry& y) { return before(y, x); });
}

// Every pair with a count has an entry at least that high in the heap, so when the top entry's
// count is current it is the best pair.
std::optional<BpeTrainer::Entry> BpeTrainer::pop_best() {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(),
                  [this](const Entry& x, const Entry& y) { return before(y, x); });
    const Entry top = heap_.back();
    heap_.pop_back();
    const auto it = counts_.find(pair_key(top.left, top.right));
    const long long now = it == counts_.end() ? 0 : it->second;
    if (now == top.count) return top;
    if (now > 0 && now < top.count) push({now, top.left, top.right});
  }
  return std::nullopt;
}

int BpeTrainer::piece_id(const std::string& piece) {
  const auto [it, added] = ids_.emplace(piece, int(pieces.size()));
  if (added) pieces.push_back(piece);
  return it->second;
}

void BpeTrainer::count_pairs(const std::vector<int>& s, long long by,
                             std::unordered_map<PairKey, long long>& delta) const {
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (mergeable(s[i]) && mergeable(s[i + 1])) delta[pair_key(s[i], s[i + 1])] += by;
}

// Lists word w under each pair it holds (only those with the piece `with`, if one is given).
void BpeTrainer::note_pairs(int w, int with) {
  const std::vector<int>& s = words_[std::size_t(w)];
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (!mergeable(s[i]) || !mergeable(s[i + 1])) continue;
    if (with >= 0 && s[i] != with && s[i + 1] != with) continue;
    auto& list = where_[pair_key(s[i], s[i + 1])];
    if (list.empty() || list.back() != w) list.push_back(w);
  }
}

bool holds_pair(const std::vector<int>& s, int a, int b) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] == a && s[i + 1] == b) return true;
  return false;
}

// Left to right, non-overlapping: "##b ##b ##b" becomes "##bb ##b", as encode() does.
void replace_pairs(std::vector<int>& s, int a, int b, int c) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
      s[out++] = c;
      ++i;
    } else {
      s[out++] = s[i];
    }
  }
  s.resize(out);
}

void BpeTrainer::merge(int a, int b) {
  const PairKey key = pair_key(a, b);
  // Two merges can spell the same piece ("b"+"##bb", "bb"+"##b"): it keeps its first id. The
  // same pair can then come back through that id; it is merged again but keeps its first rank.
  const int c = piece_id(pieces[a] + pieces[b].substr(kContinuation.size()));
  if (merged_.insert(key).second) merges.push_back({a, b, c});
  const std::vector<int> affected = std::move(where_[key]);
  where_.erase(key);
  std::unordered_map<PairKey, long long> delta;
  for (const int w : affected) {
    if (!holds_pair(words_[w], a, b)) continue;  // an out-of-date entry of where_
    count_pairs(words_[w], -freq_[w], delta);
    replace_pairs(words_[w], a, b, c);
    count_pairs(words_[w], freq_[w], delta);
    note_pairs(w, c);  // pairs without c were there before, and listed
  }
  for (const auto& [k, d] : delta) {
    if (d == 0) continue;
    long long& n = counts_[k];
    n += d;
    if (d > 0) push({n, int(k >> 32), int(k & 0xFFFFFFFF)});
    if (n == 0) counts_.erase(k);
  }
}

// Measured natively (g++ 12 -O3, this project's shared 2-core machine, under load): 2.5M words of
// Debian changelogs and licences (5.2M after splitting off punctuation; 76,299 unique chunks)
// train to 8,000 pieces in 1.1 s of CPU time (1.2-2.6 s wall) and to 16,000 in 1.2 s (1.8-2.3 s
// wall); counting the words is 0.4 s of it.
void BpeTrainer::run(int vocab_size, long long min_frequency) {
  while (int(pieces.size()) < vocab_size) {
    const std::optional<Entry> best = pop_best();
    if (!best || best->count < min_frequency) return;
    merge(best->left, best->right);
  }
}

void check_options(const SubwordOptions& o) {
  if (o.vocab_size < kFirstLearned || o.vocab_size > kMaxVocab)
    fail("vocab_size ", o.vocab_size, " must be between ", kFirstLearned,
         " (the special and byte tokens) and ", kMaxVocab);
  if (o.min_frequency < 1) fail("min_frequency ", o.min_frequency, " must be at least 1");
  if (o.max_alphabet < 0) fail("max_alphabet ", o.max_alphabet, " must be at least 0");
}

// --- serialised form ---------------------------------------------------------------------------

std::string quoted(const std::string& s) {
  return json_excerpt(json(s));
}

const json& member(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) fail("subword tokenizer has no \"", key, "\"");
  return *it;
}

void check_keys(const json& j) {
  if (!j.is_object()) fail("subword tokenizer ", json_excerpt(j), " must be a JSON object");
  static constexpr std::array<std::string_view, 4> kKeys = {"format", "lowercase", "merges",
                                                            "pieces"};
  for (const auto& [key, value] : j.items())
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
      fail("subword tokenizer key ", quoted(key),
           " is not one of format, lowercase, merges, pieces");
  const json& format = member(j, "format");
  if (!format.is_string() || format.get<std::string>() != kFormat)
    fail("subword tokenizer format ", json_excerpt(format), " must be \"", kFormat, "\"");
  if (!member(j, "lowercase").is_boolean())
    fail("subword tokenizer lowercase ", json_excerpt(member(j, "lowercase")),
         " must be true or false");
}

std::vector<std::string> parse_pieces(const json& j) {
  if (!j.is_array()) fail("subword tokenizer pieces ", json_excerpt(j), " must be an array");
  std::vector<std::string> pieces;
  for (const json& p : j) {
    if (!p.is_string())
      fail("subword tokenizer piece ", pieces.size(), " ", json_excerpt(p), " must be a string");
    pieces.push_back(p.get<std::string>());
  }
  return pieces;
}

std::vector<std::pair<std::string, std::string>> parse_merges(const json& j) {
  if (!j.is_array()) fail("subword tokenizer merges ", json_excerpt(j), " must be an array");
  std::vector<std::pair<std::string, std::string>> merges;
  for (const json& m : j) {
    if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_string())
      fail("subword tokenizer merge ", merges.size(), " ", json_excerpt(m),
           " must be a pair of piece strings");
    merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
  }
  return merges;
}

}  // namespace

// --- SubwordTokenizer ----------------------------------------------------------------------------

std::vector<SubwordWord> split_subword_words(std::string_view text) {
  check_text_size(text);
  std::vector<SubwordWord> words;
  for_each_word(text, [&](const SubwordWord& w) { words.push_back(w); });
  return words;
}

SubwordTokenizer SubwordTokenizer::train(std::span<const std::string> texts,
                                         const SubwordOptions& options) {
  check_options(options);
  const WordCounts words = count_words(texts, options.lowercase);
  std::vector<std::string> pieces = base_pieces();
  const std::size_t room = std::size_t(options.vocab_size - kFirstLearned);
  for (std::string& form :
       alphabet(words, options.min_frequency, std::min(room, std::size_t(options.max_alphabet))))
    pieces.push_back(std::move(form));
  BpeTrainer trainer(std::move(pieces), words);
  trainer.run(options.vocab_size, options.min_frequency);
  std::vector<std::pair<int, int>> merges;
  for (const SubwordMerge& m : trainer.merges) merges.emplace_back(m.left, m.right);
  return SubwordTokenizer(std::move(trainer.pieces), merges, options.lowercase);
}

// Checks every rule encode() and decode() rely on, so parse() can hand it anything.
SubwordTokenizer::SubwordTokenizer(std::vector<std::string> pieces,
                                   const std::vector<std::pair<int, int>>& merges, bool lowercase)
    : pieces_(std::move(pieces)), lowercase_(lowercase) {
  const std::vector<std::string> base = base_pieces();
  if (pieces_.size() < base.size())
    fail("subword tokenizer has ", pieces_.size(), " pieces, fewer than the ", base.size(),
         " special and byte tokens");
  if (pieces_.size() > std::size_t(kMaxVocab))
    fail("subword tokenizer has ", pieces_.size(), " pieces, more than ", kMaxVocab);
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const std::string& p = pieces_[i];
    if (i < base.size() && p != base[i])
      fail("subword tokenizer piece ", i, " ", quoted(p), " must be ", base[i]);
    const std::size_t body = p.starts_with(kContinuation) ? kContinuation.size() : 0;
    if (p.size() <= body || p.size() > kMaxPieceBytes)
      fail("subword tokenizer piece ", i, " ", quoted(p), " must have 1 to ", kMaxWordBytes,
           " bytes after any \"##\"");
    const auto is_control = [](char c) {
      return static_cast<unsigned char>(c) <= ' ' || c == 0x7F;
    };
    if (std::any_of(p.begin(), p.end(), is_control))
      fail("subword tokenizer piece ", i, " ", quoted(p), " must not contain spaces or controls");
    const auto [it, added] = ids_.emplace(p, int(i));
    if (!added) fail("subword tokenizer piece ", i, " ", quoted(p), " repeats piece ", it->second);
  }
  for (const auto& [left, right] : merges) add_merge(left, right);
}

void SubwordTokenizer::add_merge(int left_id, int right_id) {
  const std::size_t rank = merges_.size();
  const std::string& left = piece(left_id);
  const std::string& right = piece(right_id);
  const auto where = [&] {
    return "subword tokenizer merge " + std::to_string(rank) + " [" + quoted(left) + ", " +
           quoted(right) + "]";
  };
  if (!mergeable(left_id) || !mergeable(right_id))
    fail(where(), ": special and byte tokens never merge");
  if (!right.starts_with(kContinuation))
    fail(where(), ": the right piece must continue a word (start with \"##\")");
  const std::string joined = left + right.substr(kContinuation.size());
  const int result = id_of(joined);
  if (result < 0) fail(where(), ": the merged piece ", quoted(joined), " is not in the pieces");
  if (!ranks_.emplace(pair_key(left_id, right_id), int(rank)).second)
    fail(where(), ": the pair is merged twice");
  merges_.push_back({left_id, right_id, result});
}

SubwordTokenizer SubwordTokenizer::parse(std::string_view text) {
  const json j = parse_json(text, "subword tokenizer");
  check_keys(j);
  std::vector<std::string> pieces = parse_pieces(member(j, "pieces"));
  std::unordered_map<std::string, int> ids;
  for (std::size_t i = 0; i < pieces.size(); ++i) ids.emplace(pieces[i], int(i));
  const auto id = [&](const std::string& p, std::size_t rank) {
    const auto it = ids.find(p);
    if (it == ids.end())
      fail("subword tokenizer merge ", rank, ": ", quoted(p), " is not in the pieces");
    return it->second;
  };
  std::vector<std::pair<int, int>> merges;
  for (const auto& [left, right] : parse_merges(member(j, "merges"))) {
    const int left_id = id(left, merges.size());
    merges.emplace_back(left_id, id(right, merges.size()));
  }
  return SubwordTokenizer(std::move(pieces), merges, member(j, "lowercase").get<bool>());
}

std::string SubwordTokenizer::serialise() const {
  json merges = json::array();
  for (const SubwordMerge& m : merges_)
    merges.push_back(json::array({pieces_[m.left], pieces_[m.right]}));
  const json j = {{"format", kFormat},
                  {"lowercase", lowercase_},
                  {"pieces", pieces_},
                  {"merges", std::move(merges)}};
  return j.dump();
}

const std::string& SubwordTokenizer::piece(int id) const {
  if (id < 0 || id >= size()) fail("token id ", id, " is outside the vocabulary of ", size());
  return pieces_[std::size_t(id)];
}

int SubwordTokenizer::id_of(std::string_view piece) const {
  const auto it = ids_.find(std::string(piece));
  return it == ids_.end() ? -1 : it->second;
}

std::vector<SubwordPiece> SubwordTokenizer::encode(std::string_view text, SubwordWork* work) const {
  check_text_size(text);
  std::vector<SubwordPiece> out;
  for_each_word(text, [&](const SubwordWord& w) { encode_word(text, w, out, work); });
  return out;
}

void SubwordTokenizer::encode_word(std::string_view text, const SubwordWord& w,
                                   std::vector<SubwordPiece>& out, SubwordWork* work) const {
  if (is_mask(text, w)) {
    out.push_back({kSubwordMask, pieces_[kSubwordMask], w.begin, w.end, w.word});
    return;
  }
  std::string chunk(text.substr(w.begin, w.end - w.begin));
  if (lowercase_) lower_ascii(chunk, 0);
  std::vector<Symbol> symbols = base_symbols(chunk, w.continues, ids_);
  apply_merges(symbols, ranks_, merges_, work);
  for (const Symbol& s : symbols)
    out.push_back({s.id, pieces_[std::size_t(s.id)], w.begin + s.begin, w.begin + s.end, w.word});
}

std::string SubwordTokenizer::decode(std::span<const int> ids) const {
  std::string out;
  const auto new_word = [&] {
    if (!out.empty()) out += ' ';
  };
  for (const int id : ids) {
    const std::string& p = piece(id);
    if (id == kSubwordPad) continue;
    if (is_byte_token(id)) {
      if (id < kContinuedByte) new_word();
      out += static_cast<char>((id - kFirstByte) % 256);
    } else if (mergeable(id) && p.starts_with(kContinuation)) {
      out.append(p, kContinuation.size());
    } else {
      new_word();
      out += p;
    }
  }
  return out;
}

}  // namespace headscope

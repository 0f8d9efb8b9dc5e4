// The subword tokenizer: BPE merges worked out by hand, the "##" display, byte fallback (never
// [UNK]), round trips of any bytes, spans, the stored form and its rejections, determinism, and
// encoding work that grows linearly with the input.
#include <map>

#include "helpers.hpp"
#include "inputs/subword.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope::test {
namespace {

using Strings = std::vector<std::string>;

// Sennrich et al.'s example: low ×5, lower ×2, newest ×6, widest ×3.
std::vector<std::string> sennrich_corpus() {
  std::vector<std::string> lines;
  for (int i = 0; i < 5; ++i) lines.push_back("low");
  lines.push_back("lower lower");
  lines.push_back("newest newest newest newest newest newest");
  for (int i = 0; i < 3; ++i) lines.push_back("  widest\t");
  return lines;
}

SubwordTokenizer sennrich(int vocab_size = 1000) {
  const auto corpus = sennrich_corpus();
  return SubwordTokenizer::train(corpus, {.vocab_size = vocab_size, .min_frequency = 2});
}

Strings merge_strings(const SubwordTokenizer& t) {
  Strings out;
  for (const SubwordMerge& m : t.merges()) out.push_back(t.piece(m.left) + " " + t.piece(m.right));
  return out;
}

Strings texts(const std::vector<SubwordPiece>& pieces) {
  Strings out;
  for (const SubwordPiece& p : pieces) out.push_back(p.text);
  return out;
}

std::vector<int> ids(const std::vector<SubwordPiece>& pieces) {
  std::vector<int> out;
  for (const SubwordPiece& p : pieces) out.push_back(p.id);
  return out;
}

TEST(Subword, SpecialTokensComeFirst) {
  const SubwordTokenizer t = sennrich();
  const Strings expected = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[BOS]", "[EOS]"};
  for (int i = 0; i < 7; ++i) EXPECT_EQ(t.piece(i), expected[std::size_t(i)]);
  EXPECT_EQ(t.id_of("[MASK]"), kSubwordMask);
  EXPECT_EQ(t.piece(7), "<0x00>");
  EXPECT_EQ(t.piece(7 + 0xE2), "<0xE2>");
  EXPECT_EQ(t.piece(7 + 256 + 0xE2), "##<0xE2>");
  EXPECT_EQ(t.id_of("no such piece"), -1);
}

TEST(Subword, MergesMatchTheHandWorkedExample) {
  // Symbols: l ##o ##w | l ##o ##w ##e ##r | n ##e ##w ##e ##s ##t | w ##i ##d ##e ##s ##t.
  // Pair counts: ##e ##s 9, ##s ##t 9, ##w ##e 8, l ##o 7, ##o ##w 7, n ##e 6, ##e ##w 6, ...
  //  1. ##e ##s (9; ties with ##s ##t, "##e" sorts first)   -> n ##e ##w ##es ##t, w ##i ##d ##es
  //  ##t
  //  2. ##es ##t (9)                                         -> ... ##est
  //  3. ##o ##w (7; ties with l ##o, "##o" < "l")            -> l ##ow, l ##ow ##e ##r
  //  4. l ##ow (7)                                           -> low, low ##e ##r
  //  5. ##e ##w (6; ties with n ##e and ##w ##est)           -> n ##ew ##est
  //  6. ##ew ##est (6; ties with n ##ew)  7. n ##ewest (6)   -> newest
  //  8. ##d ##est  9. ##i ##dest  10. w ##idest (3 each)     -> widest
  // 11. ##e ##r (2; ties with low ##e)  12. low ##er (2)     -> lower; no pair left.
  const SubwordTokenizer t = sennrich();
  EXPECT_EQ(merge_strings(t),
            (Strings{"##e ##s", "##es ##t", "##o ##w", "l ##ow", "##e ##w", "##ew ##est",
                     "n ##ewest", "##d ##est", "##i ##dest", "w ##idest", "##e ##r", "low ##er"}));
  // The alphabet: forms by count (##e 17, ##w 13, ##s 9, ##t 9, l 7, ##o 7, n 6, ##d 3, ##i 3,
  // w 3, ##r 2), ties bytewise; then one piece per merge.
  const Strings alphabet = {"##e", "##w", "##s", "##t", "##o", "l", "n", "##d", "##i", "w", "##r"};
  for (std::size_t i = 0; i < alphabet.size(); ++i) EXPECT_EQ(t.piece(519 + int(i)), alphabet[i]);
  EXPECT_EQ(t.size(), 519 + 11 + 12);
  EXPECT_EQ(t.piece(t.size() - 1), "lower");
  // The vocabulary size caps the merges.
  EXPECT_EQ(merge_strings(sennrich(519 + 11 + 3)), (Strings{"##e ##s", "##es ##t", "##o ##w"}));
}

// Plain BPE written from the definition: every pair recounted over every word before each merge.
Strings naive_merges(const Strings& words, std::size_t count) {
  std::map<Strings, long long> symbols;  // a word's symbols -> its frequency
  for (const std::string& w : words) {
    Strings s;
    for (std::size_t i = 0; i < w.size(); ++i) s.push_back((i ? "##" : "") + w.substr(i, 1));
    ++symbols[s];
  }
  Strings merges;
  while (merges.size() < count) {
    std::map<std::pair<std::string, std::string>, long long> pairs;  // ordered: ties go first
    for (const auto& [s, n] : symbols)
      for (std::size_t i = 0; i + 1 < s.size(); ++i) pairs[{s[i], s[i + 1]}] += n;
    auto best = pairs.begin();
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
      if (it->second > best->second) best = it;
    if (best == pairs.end() || best->second < 2) break;
    const auto [a, b] = best->first;
    merges.push_back(a + " " + b);
    std::map<Strings, long long> next;
    for (const auto& [s, n] : symbols) {
      Strings out;
      for (std::size_t i = 0; i < s.size(); ++i) {
        const bool hit = i + 1 < s.size() && s[i] == a && s[i + 1] == b;
        out.push_back(hit ? a + b.substr(2) : s[i]);
        i += hit;
      }
      next[out] += n;
    }
    symbols = std::move(next);
  }
  return merges;
}

TEST(Subword, IncrementalCountsMatchAFullRecount) {
  const std::string text =
      "the quick brown fox jumps over the lazy dog while the dogs keep jumping and the foxes "
      "keep running over the hills , and a fox that jumped over seven lazy dogs is quicker than "
      "any dog that ever jumped . she sells sea shells by the sea shore ; the shells she sells "
      "are surely seashells . peter piper picked a peck of pickled peppers , a peck of pickled "
      "peppers peter piper picked . running runners run ; jumpers jump ; unjumpable , "
      "unrunnable , overrunning , overjumping , rerunning , rejumping .";
  const Strings corpus = {text, text};  // every character form is seen at least twice
  const SubwordTokenizer t = SubwordTokenizer::train(corpus, {.vocab_size = 2000});
  Strings words;
  for (int copy = 0; copy < 2; ++copy)
    for (const SubwordWord& w : split_subword_words(text))
      words.push_back(text.substr(w.begin, w.end - w.begin));
  const Strings expected = naive_merges(words, 10000);
  EXPECT_GT(expected.size(), 100u);
  EXPECT_EQ(merge_strings(t), expected);
}

TEST(Subword, ContinuationPiecesAreShownWithHashes) {
  const SubwordTokenizer t = sennrich();
  const auto pieces = t.encode("lowest newer");
  // lowest: l ##o ##w ##e ##s ##t -> (merges 1, 2, 3, 4) low ##est; newer: n ##e ##w ##e ##r ->
  // (merge 5) n ##ew ##e ##r -> (merge 11) n ##ew ##er.
  EXPECT_EQ(texts(pieces), (Strings{"low", "##est", "n", "##ew", "##er"}));
  EXPECT_EQ(pieces[1].begin, 3u);
  EXPECT_EQ(pieces[1].end, 6u);
  EXPECT_EQ(pieces[1].word, 0);
  EXPECT_EQ(pieces[2].begin, 7u);
  EXPECT_EQ(pieces[4].word, 1);
  EXPECT_EQ(t.decode(ids(pieces)), "lowest newer");
}

TEST(Subword, UnseenCharactersFallBackToBytesNeverUnk) {
  const SubwordTokenizer t = sennrich();
  // 東 (E6 9D B1) was never seen; "x", "!" neither; "l" was seen only starting a word, so "##l"
  // inside "wol" is a byte.
  const auto pieces = t.encode("東 x! wol");
  EXPECT_EQ(texts(pieces), (Strings{"<0xE6>", "##<0x9D>", "##<0xB1>", "<0x78>", "<0x21>", "w",
                                    "##o", "##<0x6C>"}));
  EXPECT_EQ(pieces[1].begin, 1u);
  EXPECT_EQ(pieces[1].end, 2u);
  for (const SubwordPiece& p : pieces) EXPECT_NE(p.id, kSubwordUnk);
  EXPECT_EQ(t.decode(ids(pieces)), "東 x ! wol");
  // Two unknown words stay two words.
  EXPECT_EQ(t.decode(ids(t.encode("東 京"))), "東 京");
  EXPECT_EQ(t.decode(ids(t.encode("東京"))), "東京");
}

const std::string kMixed =
    "H\xc3\xa9llo, w\xc3\xb6rld! \xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c "  // Héllo,
                                                                                     // wörld!
                                                                                     // 你好世界
    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "  // 👍🏽👩‍💻
    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\n"                                             // 🇫🇷
    "int main() { return x->y[0] != 0; }\t"
    "caf\xc3\xa9 na\xc3\xafve e\xcc\x81 \xff\xfe bad\xc3( end";  // é as e + U+0301, invalid bytes

TEST(Subword, RoundTripsAnyTextUpToSpaces) {
  const auto corpus = sennrich_corpus();
  for (const bool trained : {false, true}) {
    // Trained on English-like text, and with an alphabet and no merges at all.
    const SubwordTokenizer t = SubwordTokenizer::train(
        trained ? std::vector<std::string>{kMixed, kMixed, "hello world"} : corpus,
        {.vocab_size = trained ? 700 : 530, .min_frequency = 2});
    const auto pieces = t.encode(kMixed);
    for (const SubwordPiece& p : pieces) EXPECT_NE(p.id, kSubwordUnk);
    // Words apart by one space, punctuation and symbols are words of their own.
    EXPECT_EQ(t.decode(ids(pieces)),
              "H\xc3\xa9llo , w\xc3\xb6rld ! \xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c "
              "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "
              "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 "
              "int main ( ) { return x - > y [ 0 ] ! = 0 ; } "
              "caf\xc3\xa9 na\xc3\xafve e\xcc\x81 \xff\xfe bad\xc3 ( end");
  }
}

TEST(Subword, RandomBytesRoundTripWordByWord) {
  const auto corpus = Strings{kMixed, kMixed};
  const SubwordTokenizer t = SubwordTokenizer::train(corpus, {.vocab_size = 650});
  std::mt19937 gen(7);
  // Bytes drawn from pieces of kMixed and from anywhere, so valid and broken UTF-8 both occur.
  std::uniform_int_distribution<int> any(0, 255), pick(0, int(kMixed.size()) - 1), len(0, 6);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    for (int k = 0; k < 40; ++k) {
      if (k % 3 == 0) {
        text += char(any(gen));
      } else {
        const int at = pick(gen);
        text += kMixed.substr(std::size_t(at), std::size_t(len(gen)));
      }
    }
    std::string expected;
    for (const SubwordWord& w : split_subword_words(text))
      expected +=
          (expected.empty() || w.continues ? "" : " ") + text.substr(w.begin, w.end - w.begin);
    const auto pieces = t.encode(text);
    for (const SubwordPiece& p : pieces) ASSERT_NE(p.id, kSubwordUnk);
    ASSERT_EQ(t.decode(ids(pieces)), expected) << "round " << round;
  }
}

TEST(Subword, SpansCoverTheTextInOrder) {
  const auto corpus = Strings{kMixed, kMixed};
  const SubwordTokenizer t = SubwordTokenizer::train(corpus, {.vocab_size = 650});
  const auto pieces = t.encode(kMixed);
  std::size_t at = 0;
  for (const SubwordPiece& p : pieces) {
    ASSERT_LE(at, p.begin);
    for (; at < p.begin; ++at)
      EXPECT_TRUE(kMixed[at] == ' ' || kMixed[at] == '\n' || kMixed[at] == '\t')
          << "byte " << at << " is not covered";
    EXPECT_LT(p.begin, p.end);
    // A piece's bytes are its text without "##" (or the one byte of a byte token).
    const std::string bytes = kMixed.substr(p.begin, p.end - p.begin);
    const std::string shown = p.text.starts_with("##") ? p.text.substr(2) : p.text;
    if (!shown.starts_with("<0x")) EXPECT_EQ(bytes, shown);
    at = p.end;
  }
  EXPECT_EQ(at, kMixed.size());
}

TEST(Subword, SplitsWordsPunctuationAndLongRuns) {
  const auto words = split_subword_words(" Hi,there [MASK]!");
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[0].begin, 1u);
  EXPECT_EQ(words[0].end, 3u);
  EXPECT_EQ(words[1].begin, 3u);   // ","
  EXPECT_EQ(words[3].begin, 10u);  // "[MASK]" whole
  EXPECT_EQ(words[3].end, 16u);
  // 100 letters: a chunk of kMaxWordBytes (64) and one of 36 that continues the same word.
  const auto long_word = split_subword_words(std::string(100, 'a') + " b");
  ASSERT_EQ(long_word.size(), 3u);
  EXPECT_EQ(long_word[0].end, 64u);
  EXPECT_TRUE(long_word[1].continues);
  EXPECT_EQ(long_word[1].word, 0);
  EXPECT_EQ(long_word[2].word, 1);
}

TEST(Subword, LongWordsRoundTripAsOneWord) {
  const SubwordTokenizer t = sennrich();
  const std::string word(200, 'w');
  const auto pieces = t.encode(word);
  EXPECT_EQ(pieces[0].text, "w");
  EXPECT_EQ(pieces[64].text, "##w");  // the second chunk continues the word
  EXPECT_EQ(t.decode(ids(pieces)), word);
}

TEST(Subword, MaskIsTheSpecialTokenAndDecodeWritesSpecials) {
  const SubwordTokenizer t = sennrich();
  const auto pieces = t.encode("low [MASK] [mask]");
  EXPECT_EQ(pieces[1].id, kSubwordMask);
  EXPECT_EQ(pieces[1].begin, 4u);
  EXPECT_EQ(pieces[2].text, "<0x5B>");  // only the exact spelling is special
  EXPECT_EQ(t.decode(std::vector<int>{kSubwordCls, t.id_of("low"), kSubwordMask, kSubwordSep,
                                      kSubwordPad, kSubwordPad}),
            "[CLS] low [MASK] [SEP]");
  EXPECT_EQ(error_message([&] { t.decode(std::vector<int>{t.size()}); }),
            "token id 542 is outside the vocabulary of 542");
}

TEST(Subword, LowercasesAsciiOnlyWhenAsked) {
  const auto corpus = sennrich_corpus();
  const SubwordTokenizer keep = SubwordTokenizer::train(corpus, {.vocab_size = 1000});
  EXPECT_EQ(texts(keep.encode("Low")), (Strings{"<0x4C>", "##ow"}));  // no "L": a byte
  Strings upper = corpus;
  for (std::string& line : upper)
    for (char& c : line) c = static_cast<char>(c == 'w' ? 'W' : c);
  const SubwordTokenizer lower =
      SubwordTokenizer::train(upper, {.vocab_size = 1000, .lowercase = true});
  EXPECT_EQ(lower.serialise(),
            SubwordTokenizer::train(corpus, {.vocab_size = 1000, .lowercase = true}).serialise());
  const auto pieces = lower.encode("LOWER \xc3\x89");  // É is not ASCII: kept, so bytes
  EXPECT_EQ(texts(pieces), (Strings{"lower", "<0xC3>", "##<0x89>"}));
  EXPECT_EQ(pieces[0].end, 5u);
}

TEST(Subword, SerialisesAndParsesBack) {
  const SubwordTokenizer t = sennrich();
  const std::string text = t.serialise();
  const SubwordTokenizer back = SubwordTokenizer::parse(text);
  EXPECT_EQ(back.serialise(), text);
  EXPECT_EQ(back.size(), t.size());
  EXPECT_EQ(merge_strings(back), merge_strings(t));
  EXPECT_EQ(ids(back.encode(kMixed)), ids(t.encode(kMixed)));
  EXPECT_FALSE(back.lowercase());
}

TEST(Subword, TrainingIsDeterministic) {
  const auto corpus = sennrich_corpus();
  EXPECT_EQ(sennrich().serialise(), sennrich().serialise());
  // The same words as one text instead of lines: the same counts, so the same vocabulary.
  std::string joined;
  for (const std::string& line : corpus) joined += line + "\n";
  EXPECT_EQ(SubwordTokenizer::train(std::vector<std::string>{joined},
                                    {.vocab_size = 1000, .min_frequency = 2})
                .serialise(),
            sennrich().serialise());
}

// The stored form, written by hand: format, lowercase, pieces, merges.
std::string stored(
    const Strings& learned, const std::string& merges,
    const std::string& head = R"("format":"headscope-subword-1","lowercase":false)") {
  std::string pieces = R"("[PAD]","[UNK]","[CLS]","[SEP]","[MASK]","[BOS]","[EOS]")";
  const char* hex = "0123456789ABCDEF";
  for (const std::string prefix : {"", "##"})
    for (int b = 0; b < 256; ++b)
      pieces += ",\"" + prefix + "<0x" + hex[b / 16] + hex[b % 16] + ">\"";
  for (const std::string& p : learned) pieces += ",\"" + p + "\"";
  return "{" + head + ",\"pieces\":[" + pieces + "],\"merges\":[" + merges + "]}";
}

TEST(Subword, ParsesAHandWrittenForm) {
  const SubwordTokenizer t = SubwordTokenizer::parse(stored({"a", "##b", "ab"}, R"(["a","##b"])"));
  EXPECT_EQ(t.size(), 522);
  EXPECT_EQ(texts(t.encode("ab abb")), (Strings{"ab", "ab", "##b"}));
}

TEST(Subword, RefusesMalformedForms) {
  const auto refuse = [](const std::string& text) {
    return error_message([&] { SubwordTokenizer::parse(text); });
  };
  EXPECT_EQ(refuse("{").rfind("subword tokenizer is not valid JSON: ", 0), 0u);
  EXPECT_EQ(refuse("[1]"), "subword tokenizer [1] must be a JSON object");
  EXPECT_EQ(refuse(stored({}, "", R"("format":"headscope-subword-1","lowercase":false,"x":1)")),
            "subword tokenizer key \"x\" is not one of format, lowercase, merges, pieces");
  EXPECT_EQ(refuse(stored({}, "", R"("format":"bpe","lowercase":false)")),
            "subword tokenizer format \"bpe\" must be \"headscope-subword-1\"");
  EXPECT_EQ(refuse(stored({}, "", R"("format":"headscope-subword-1","lowercase":1)")),
            "subword tokenizer lowercase 1 must be true or false");
  EXPECT_EQ(refuse(R"({"format":"headscope-subword-1","lowercase":true,"merges":[]})"),
            "subword tokenizer has no \"pieces\"");
  EXPECT_EQ(refuse(R"({"format":"headscope-subword-1","lowercase":true,"merges":[],)"
                   R"("pieces":["[PAD]"]})"),
            "subword tokenizer has 1 pieces, fewer than the 519 special and byte tokens");
  std::string swapped = stored({}, "");
  swapped.replace(swapped.find("[SEP]"), 5, "[XEP]");
  EXPECT_EQ(refuse(swapped), "subword tokenizer piece 3 \"[XEP]\" must be [SEP]");
  EXPECT_EQ(refuse(stored({"a", "b", "a"}, "")),
            "subword tokenizer piece 521 \"a\" repeats piece 519");
  EXPECT_EQ(refuse(stored({"a", "##"}, "")),
            "subword tokenizer piece 520 \"##\" must have 1 to 64 bytes after any \"##\"");
  EXPECT_EQ(refuse(stored({"a b"}, "")),
            "subword tokenizer piece 519 \"a b\" must not contain spaces or controls");
  EXPECT_EQ(refuse(stored({"a", "##b"}, R"(["a","##c"])")),
            "subword tokenizer merge 0: \"##c\" is not in the pieces");
  EXPECT_EQ(refuse(stored({"a", "##b"}, R"(["a","##b"])")),
            "subword tokenizer merge 0 [\"a\", \"##b\"]: the merged piece \"ab\" is not in the "
            "pieces");
  EXPECT_EQ(refuse(stored({"a", "b", "ab"}, R"(["a","b"])")),
            "subword tokenizer merge 0 [\"a\", \"b\"]: the right piece must continue a word "
            "(start with \"##\")");
  EXPECT_EQ(refuse(stored({"a", "##b", "ab"}, R"(["a","##b"],["a","##b"])")),
            "subword tokenizer merge 1 [\"a\", \"##b\"]: the pair is merged twice");
  EXPECT_EQ(refuse(stored({}, R"(["<0x41>","##<0x42>"])")),
            "subword tokenizer merge 0 [\"<0x41>\", \"##<0x42>\"]: special and byte tokens never "
            "merge");
  EXPECT_EQ(refuse(stored({}, R"(["a"])")),
            "subword tokenizer merge 0 [\"a\"] must be a pair of piece strings");
}

TEST(Subword, RefusesBadOptionsAndTooLongText) {
  const auto corpus = sennrich_corpus();
  EXPECT_EQ(error_message([&] { SubwordTokenizer::train(corpus, {.vocab_size = 100}); }),
            "vocab_size 100 must be between 519 (the special and byte tokens) and 1000000");
  EXPECT_EQ(error_message([&] { SubwordTokenizer::train(corpus, {.min_frequency = 0}); }),
            "min_frequency 0 must be at least 1");
  const SubwordTokenizer t = sennrich();
  const std::string huge(kMaxTextBytes + 1, 'a');
  EXPECT_EQ(error_message([&] { t.encode(huge); }),
            "text of 1048577 bytes exceeds the limit of 1048576 bytes");
  EXPECT_EQ(error_message([&] { split_subword_words(huge); }),
            "text of 1048577 bytes exceeds the limit of 1048576 bytes");
}

// Pair lookups (the work of BPE) for n copies of a text, and the token count.
std::pair<std::size_t, std::size_t> work_for(const SubwordTokenizer& t, const std::string& unit,
                                             int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += unit;
  SubwordWork work;
  const std::size_t tokens = t.encode(text, &work).size();
  return {work.pair_lookups, tokens};
}

TEST(Subword, EncodingWorkGrowsLinearly) {
  const SubwordTokenizer t = sennrich();
  // Ordinary words, and runs without spaces (cut into 64-byte chunks: each 64-byte unit is one,
  // the first starting the word, the rest continuing it).
  std::string run;
  while (run.size() < 64) run += "newestlowerwidest";
  run.resize(64);
  for (const std::string& unit :
       {std::string("lowest newer widest, x\xe6\x9d\xb1 "), run, std::string(64, 'w')}) {
    const auto [w100, n100] = work_for(t, unit, 100);
    const auto [w200, n200] = work_for(t, unit, 200);
    const auto [w1000, n1000] = work_for(t, unit, 1000);
    // Every further 100 copies cost the same: work and tokens are affine in the length.
    EXPECT_GT(w200, w100);
    EXPECT_EQ(w1000 - w100, 9 * (w200 - w100)) << unit;
    EXPECT_EQ(n1000 - n100, 9 * (n200 - n100)) << unit;
    // At most kMaxWordBytes lookups per byte, whatever the text.
    EXPECT_LE(w1000, kMaxWordBytes * unit.size() * 1000);
  }
}

}  // namespace
}  // namespace headscope::test

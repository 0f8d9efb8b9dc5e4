// The tokenizer: hand-worked splits, caps, and any bytes accepted.
#include "helpers.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope::test {
namespace {

using Tokens = std::vector<std::string>;

TEST(Tokenizer, SplitsWordsAndPunctuation) {
  EXPECT_EQ(tokenize("The scientist who reviewed the paper said it was flawed.", 100).tokens,
            (Tokens{"The", "scientist", "who", "reviewed", "the", "paper", "said", "it", "was",
                    "flawed", "."}));
  EXPECT_EQ(tokenize("Hello,world!! (x=3)", 100).tokens,
            (Tokens{"Hello", ",", "world", "!", "!", "(", "x", "=", "3", ")"}));
}

TEST(Tokenizer, KeepsApostrophesInsideWordsOnly) {
  EXPECT_EQ(tokenize("don't 'quote' it's", 100).tokens,
            (Tokens{"don't", "'", "quote", "'", "it's"}));
}

TEST(Tokenizer, WhitespaceAndControlCharactersSeparate) {
  EXPECT_EQ(tokenize("  a\tb\n\r c\x01"
                     "d\x7f",
                     100)
                .tokens,
            (Tokens{"a", "b", "c", "d"}));
  EXPECT_TRUE(tokenize("", 5).tokens.empty());
  EXPECT_EQ(tokenize(" \n\t ", 5).total, 0);
}

TEST(Tokenizer, NonAsciiStaysInWords) {
  // naïve, Tokyo in kanji, a thumbs-up emoji, a combining acute accent.
  EXPECT_EQ(
      tokenize("na\xc3\xafve \xe6\x9d\xb1\xe4\xba\xac!\xf0\x9f\x91\x8d e\xcc\x81", 100).tokens,
      (Tokens{"na\xc3\xafve", "\xe6\x9d\xb1\xe4\xba\xac", "!", "\xf0\x9f\x91\x8d", "e\xcc\x81"}));
}

TEST(Tokenizer, CapsTokensButCountsAll) {
  const Tokenized t = tokenize("a b c d e f g", 3);
  EXPECT_EQ(t.tokens, (Tokens{"a", "b", "c"}));
  EXPECT_EQ(t.total, 7);
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "word ";
  const Tokenized b = tokenize(big, 128);
  EXPECT_EQ(b.tokens.size(), 128u);
  EXPECT_EQ(b.total, 2000);
}

TEST(Tokenizer, CutsLongWordsAtCharacterBoundaries) {
  // 100,000 letters without a space: 1,562 pieces of 64 bytes and one of 32.
  const Tokenized a = tokenize(std::string(100000, 'a'), 2000);
  ASSERT_EQ(a.total, 1563);
  EXPECT_EQ(a.tokens.front(), std::string(64, 'a'));
  EXPECT_EQ(a.tokens.back(), std::string(32, 'a'));
  // 30 three-byte characters (90 bytes): byte 64 is inside the 22nd, so the cut is after 21.
  std::string kanji;
  for (int i = 0; i < 30; ++i) kanji += "\xe6\x9d\xb1";
  const Tokenized k = tokenize(kanji, 10);
  ASSERT_EQ(k.tokens.size(), 2u);
  EXPECT_EQ(k.tokens[0].size(), 63u);
  EXPECT_EQ(k.tokens[0] + k.tokens[1], kanji);
  // A word of exactly 64 bytes stays whole.
  EXPECT_EQ(tokenize(std::string(64, 'b'), 5).total, 1);
  // An inner apostrophe at the cut: the first piece ends with it, the rest is a word.
  const Tokenized q = tokenize(std::string(63, 'a') + "'" + std::string(10, 'b'), 5);
  EXPECT_EQ(q.tokens, (Tokens{std::string(63, 'a') + "'", std::string(10, 'b')}));
}

TEST(Tokenizer, ForEachTokenVisitsEveryTokenTokenizeCounts) {
  const std::string text = "Don't stop: " + std::string(200, 'x') + " ok.";
  std::vector<std::string> seen;
  for_each_token(text, [&](std::string_view t) { seen.emplace_back(t); });
  const Tokenized t = tokenize(text, 1000);
  EXPECT_EQ(seen, t.tokens);
  EXPECT_EQ(int(seen.size()), t.total);
}

TEST(Tokenizer, KeyLowersAsciiOnly) {
  EXPECT_EQ(token_key("The"), "the");
  EXPECT_EQ(token_key("\xc3\x89T\xc3\x89"), "\xc3\x89t\xc3\x89");  // ÉTÉ: only the T changes
}

TEST(Tokenizer, RejectsBadLimits) {
  EXPECT_EQ(error_message([] { tokenize("a", 0); }), "max_tokens 0 must be at least 1");
  const std::string huge(kMaxTextBytes + 1, 'a');
  EXPECT_EQ(error_message([&] { tokenize(huge, 5); }),
            "text of 1048577 bytes exceeds the limit of 1048576 bytes");
}

}  // namespace
}  // namespace headscope::test

// The vocabulary: lookups by lower-case key, [UNK] for anything unseen, and a round trip through
// its stored form.
#include "helpers.hpp"
#include "tokenizer.hpp"
#include "vocab.hpp"

namespace headscope::test {
namespace {

TEST(Vocab, SpecialTokensFirstThenWords) {
  const Vocabulary v({"the", "queen", "."});
  EXPECT_EQ(v.size(), 6);
  EXPECT_EQ(v.word(0), "[PAD]");
  EXPECT_EQ(v.word(2), "[MASK]");
  EXPECT_EQ(v.id("the"), 3);
  EXPECT_EQ(v.id("The"), 3);
  EXPECT_EQ(v.id("QUEEN"), 4);
}

TEST(Vocab, AnyTypedTextEncodesWithUnknownsAsUnk) {
  const Vocabulary v({"the", "queen", "."});
  const auto t = tokenize("The Queen smiled at 東京 👍 . 42", 100);
  EXPECT_EQ(v.encode(t.tokens), (std::vector<int>{3, 4, 1, 1, 1, 1, 5, 1}));
}

TEST(Vocab, RoundTripAndRejections) {
  const Vocabulary v({"a", "b"});
  const Vocabulary back = Vocabulary::parse(v.serialize());
  EXPECT_EQ(back.size(), 5);
  EXPECT_EQ(back.id("b"), 4);
  EXPECT_EQ(error_message([] { Vocabulary({"a", "a"}); }), "vocabulary word 'a' appears twice");
  EXPECT_EQ(error_message([] { Vocabulary::parse("[PAD]\n[UNK]\nx"); }),
            "vocabulary line 3 must be [MASK]");
  EXPECT_EQ(error_message([] { Vocabulary::parse("[PAD]\n\n[MASK]"); }),
            "vocabulary word 1 is empty");
  EXPECT_EQ(error_message([&] { v.word(5); }), "token id 5 is outside the vocabulary of 5");
}

}  // namespace
}  // namespace headscope::test

// The vocabulary: lookups by lower-case key, [UNK] for anything unseen, and a round trip through
// its stored form.
#include "helpers.hpp"
#include "inputs/tokenizer.hpp"
#include "inputs/vocab.hpp"

namespace headscope::test {
namespace {

TEST(Vocab, SpecialTokensFirstThenWords) {
  const Vocabulary v({"the", "queen", "."});
  EXPECT_EQ(v.size(), 8);
  EXPECT_EQ(v.word(0), "[PAD]");
  EXPECT_EQ(v.word(2), "[MASK]");
  EXPECT_EQ(v.word(3), "[CLS]");
  EXPECT_EQ(v.word(4), "[SEP]");
  EXPECT_EQ(v.id("the"), 5);
  EXPECT_EQ(v.id("The"), 5);
  EXPECT_EQ(v.id("QUEEN"), 6);
}

TEST(Vocab, AnyTypedTextEncodesWithUnknownsAsUnk) {
  const Vocabulary v({"the", "queen", "."});
  const auto t = tokenize("The Queen smiled at 東京 👍 . 42", 100);
  EXPECT_EQ(v.encode(t.tokens), (std::vector<int>{5, 6, 1, 1, 1, 1, 7, 1}));
  EXPECT_EQ(v.encode_framed(t.tokens), (std::vector<int>{3, 5, 6, 1, 1, 1, 1, 7, 1, 4}));
  EXPECT_EQ(v.encode_framed({}), (std::vector<int>{3, 4}));
}

TEST(Vocab, RoundTripAndRejections) {
  const Vocabulary v({"a", "b"});
  const Vocabulary back = Vocabulary::parse(v.serialize());
  EXPECT_EQ(back.size(), 7);
  EXPECT_EQ(back.id("b"), 6);
  EXPECT_EQ(error_message([] { Vocabulary({"a", "a"}); }), "vocabulary word 'a' appears twice");
  EXPECT_EQ(error_message([] { Vocabulary::parse("[PAD]\n[UNK]\nx"); }),
            "vocabulary line 3 must be [MASK]");
  EXPECT_EQ(error_message([] { Vocabulary::parse("[PAD]\n[UNK]\n[MASK]\n[CLS]\nx"); }),
            "vocabulary line 5 must be [SEP]");
  EXPECT_EQ(error_message([] { Vocabulary::parse("[PAD]\n\n[MASK]"); }),
            "vocabulary word 1 is empty");
  EXPECT_EQ(error_message([&] { v.word(7); }), "token id 7 is outside the vocabulary of 7");
}

}  // namespace
}  // namespace headscope::test

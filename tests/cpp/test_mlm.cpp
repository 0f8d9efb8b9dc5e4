// Masked-language modelling: the masking recipe, and a short training run on the generated
// corpus whose held-out loss must fall well below its starting value.
#include <cmath>

#include "helpers.hpp"
#include "inputs/tokenizer.hpp"
#include "inputs/vocab.hpp"
#include "nn/loss.hpp"
#include "train/mlm.hpp"
#include "train/text_corpus.hpp"

namespace headscope::test {
namespace {

TEST(Mlm, MasksAboutFifteenPercentAndAtLeastOne) {
  Rng rng(1);
  std::vector<int> ids(20);
  for (int i = 0; i < 20; ++i) ids[i] = 3 + i;
  int picked = 0, masked = 0, total = 0;
  for (int n = 0; n < 500; ++n) {
    const train::MaskedExample ex = train::mask_tokens(ids, rng, 40, 3);
    int here = 0;
    for (int i = 0; i < 20; ++i) {
      ++total;
      if (ex.targets[i] == kIgnoreIndex) {
        EXPECT_EQ(ex.inputs[i], ids[i]);  // unpicked tokens stay
        continue;
      }
      ++here;
      EXPECT_EQ(ex.targets[i], ids[i]);
      masked += ex.inputs[i] == Vocabulary::kMask;
      EXPECT_GE(ex.inputs[i], Vocabulary::kMask);
    }
    picked += here;
    EXPECT_GE(here, 1);
  }
  EXPECT_NEAR(double(picked) / total, 0.15, 0.02);
  EXPECT_NEAR(double(masked) / picked, 0.8, 0.05);
  const std::vector<int> one{7};
  EXPECT_EQ(train::mask_tokens(one, rng, 40, 3).targets, (std::vector<int>{7}));
}

TEST(Mlm, NeverPicksSpecialTokens) {
  Rng rng(2);
  // [CLS] w w [SEP] with words from id 5: only positions 1 and 2 may be picked.
  const std::vector<int> ids{Vocabulary::kCls, 9, 11, Vocabulary::kSep};
  int picked[4] = {};
  for (int n = 0; n < 300; ++n) {
    const auto ex = train::mask_tokens(ids, rng, 40, Vocabulary::kSpecialCount);
    for (int i = 0; i < 4; ++i) picked[i] += ex.targets[i] != kIgnoreIndex;
    EXPECT_EQ(ex.inputs[0], Vocabulary::kCls);
    EXPECT_EQ(ex.inputs[3], Vocabulary::kSep);
    for (int i = 1; i < 3; ++i)
      if (ex.inputs[i] != ids[i] && ex.inputs[i] != Vocabulary::kMask)
        EXPECT_GE(ex.inputs[i], Vocabulary::kSpecialCount);  // random words are words
  }
  EXPECT_EQ(picked[0], 0);
  EXPECT_EQ(picked[3], 0);
  EXPECT_GE(picked[1] + picked[2], 300);  // at least one word every time
  const std::vector<int> only_special{Vocabulary::kCls, Vocabulary::kSep};
  EXPECT_EQ(train::mask_tokens(only_special, rng, 40, 5).targets,
            (std::vector<int>{kIgnoreIndex, kIgnoreIndex}));
}

TEST(Mlm, ShortTrainingRunHalvesTheHeldOutLoss) {
  const Vocabulary vocab(train::grammar_vocabulary());
  Rng rng(7);
  const auto examples = [&](int count, std::uint64_t seed) {
    std::vector<train::MaskedExample> out;
    for (const train::Sentence& s : train::generate_sentences(count, seed))
      out.push_back(train::mask_tokens(vocab.encode_framed(s.words), rng, vocab.size(),
                                       Vocabulary::kSpecialCount));
    return out;
  };
  const auto held_out = examples(100, 1000);
  EncoderConfig c;
  c.d_model = 32;
  c.num_heads = 4;
  c.num_layers = 1;
  c.mlp_hidden = 64;
  c.max_len = 24;
  c.vocab = vocab.size();
  Encoder model(c, 1);
  AdamConfig ac;
  ac.lr = 3e-3f;
  ac.max_grad_norm = 1.0f;
  Adam adam(model.params(), ac);
  const float before = train::mlm_loss(model, held_out);
  EXPECT_NEAR(before, std::log(float(vocab.size())), 0.5);  // about uniform at the start
  for (int step = 0; step < 400; ++step) train::mlm_step(model, adam, examples(16, 10 + step));
  const float after = train::mlm_loss(model, held_out);
  EXPECT_LT(after, 0.5f * before) << "before " << before << ", after " << after;
}

}  // namespace
}  // namespace headscope::test

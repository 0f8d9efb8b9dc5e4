// The causal decoder family: subword text read after [BOS], one next-token distribution per
// position, and generation through the KV cache checked against the full forward (argmax of the
// last row, recomputed over the whole text at every step).
#include <algorithm>

#include "helpers.hpp"
#include "inputs/subword.hpp"
#include "io/checkpoint.hpp"
#include "models/family.hpp"
#include "models/generate.hpp"
#include "models/model.hpp"

namespace headscope::test {
namespace {

SubwordTokenizer small_tokenizer() {
  const std::vector<std::string> lines{"the queen smiled at the king .", "the king smiled ."};
  SubwordOptions o;
  o.vocab_size = 540;
  o.min_frequency = 1;
  return SubwordTokenizer::train(lines, o);
}

Model decoder(std::map<std::string, std::string> extra = {}) {
  const SubwordTokenizer tokenizer = small_tokenizer();
  EncoderConfig c;
  c.d_model = 16;
  c.num_heads = 4;
  c.num_kv_heads = 2;
  c.num_layers = 2;
  c.mlp_hidden = 24;
  c.max_len = 12;
  c.vocab = tokenizer.size();
  c.causal = true;
  Encoder e(c, 9);
  std::map<std::string, std::string> meta{
      {kDescriptorKey, descriptor_json(find_family("causal-lm-decoder").defaults())},
      {"tokenizer", tokenizer.serialise()}};
  for (auto& [k, v] : extra) meta[k] = v;
  return Model::from_bytes(save_encoder(e, meta, Dtype::kF32));
}

TEST(CausalLm, ReadsSubwordPiecesAfterBos) {
  const Model m = decoder();
  ModelRun run;
  m.run_text("the queen smiled 東", {}, run);
  EXPECT_EQ(run.tokens.front(), "[BOS]");
  EXPECT_EQ(run.tokens[1], "the");
  EXPECT_EQ(run.ids.size(), run.tokens.size());
  // A character never seen in training goes through byte tokens, never [UNK].
  EXPECT_EQ(std::count(run.ids.begin(), run.ids.end(), kSubwordUnk), 0);
  EXPECT_EQ(run.probabilities.size(), run.ids.size() * std::size_t(m.encoder().output_size()));
}

TEST(CausalLm, GreedyGenerationIsTheArgmaxOfTheFullForwardAtEveryStep) {
  const Model m = decoder();
  Generator g(m, "the king", {});
  ModelRun run;
  m.run_text("the king", {}, run);
  std::vector<int> ids = run.ids;
  const int v = m.encoder().output_size();
  Encoder::Trace trace;
  for (int step = 0; step < 5; ++step) {
    // The reference: the whole sequence again, without the cache.
    m.encoder().forward_ids(ids, {}, trace);
    const float* row = trace.logits.data() + (ids.size() - 1) * std::size_t(v);
    const int expected = int(std::max_element(row, row + v) - row);
    const GeneratedToken t = g.step();
    EXPECT_EQ(t.id, expected) << "step " << step;
    ASSERT_EQ(t.attention.size(), 2u);
    EXPECT_EQ(t.attention[0].size(), 4 * (ids.size() + 1));
    ids.push_back(t.id);
  }
  EXPECT_EQ(g.tokens().size(), run.tokens.size() + 5);  // [BOS], the text, 5 new
}

TEST(CausalLm, SeededDrawsRepeatAndTopKKeepsTheDrawAmongTheMostLikely) {
  const Model m = decoder();
  GenerateOptions o;
  o.temperature = 1.5f;
  o.top_k = 3;
  o.seed = 42;
  Generator a(m, "the", o), b(m, "the", o);
  for (int i = 0; i < 6; ++i) {
    const GeneratedToken x = a.step(), y = b.step();
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.top.size(), 3u);
    const bool among =
        std::any_of(x.top.begin(), x.top.end(), [&](const auto& p) { return p.first == x.token; });
    EXPECT_TRUE(among) << x.token;
  }
}

TEST(CausalLm, RefusesBadOptionsAndAFullContextByName) {
  const Model m = decoder();
  GenerateOptions o;
  o.temperature = -1;
  EXPECT_EQ(error_message([&] { Generator(m, "the", o); }), "temperature -1 must be from 0 to 5");
  o = {};
  o.top_k = 100000;
  EXPECT_EQ(error_message([&] { Generator(m, "the", o); }).rfind("top-k 100000 must be from 0", 0),
            0u);
  Generator g(m, "the king smiled", {});
  while (g.can_step()) g.step();
  EXPECT_EQ(error_message([&] { g.step(); }), "the text has reached the model's 12 tokens");
}

TEST(CausalLm, ADecoderMustBeCausal) {
  const SubwordTokenizer tokenizer = small_tokenizer();
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 1;
  c.mlp_hidden = 8;
  c.max_len = 8;
  c.vocab = tokenizer.size();
  Encoder e(c, 1);
  const auto bytes =
      save_encoder(e,
                   {{kDescriptorKey, descriptor_json(find_family("causal-lm-decoder").defaults())},
                    {"tokenizer", tokenizer.serialise()}},
                   Dtype::kF32);
  EXPECT_EQ(error_message([&] { Model::from_bytes(bytes); }),
            "checkpoint model causal-lm-decoder must be causal (causal \"1\")");
}

}  // namespace
}  // namespace headscope::test

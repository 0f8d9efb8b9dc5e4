// Running checkpoints as the page does: text framed by [CLS]/[SEP] and capped, images resized and
// patched, probabilities that are the softmax of the logits, and a clear error for metadata that
// does not fit the model.
#include <cmath>

#include "helpers.hpp"
#include "inputs/patches.hpp"
#include "inputs/resize.hpp"
#include "io/checkpoint.hpp"
#include "models/model.hpp"

namespace headscope::test {
namespace {

const std::vector<std::string> kWords{"the", "queen", "smiled", "."};

EncoderConfig text_config() {
  return tiny_text_config(Vocabulary(kWords).size());
}

EncoderConfig image_config() {
  EncoderConfig c = text_config();
  c.vocab = 0;
  c.patch_dim = 2 * 2 * 3;
  c.num_classes = 3;
  c.max_len = 4;
  return c;
}

std::vector<std::uint8_t> text_checkpoint(std::map<std::string, std::string> meta = {
                                              {"vocabulary", Vocabulary(kWords).serialize()},
                                              {"head_scores", "[]"}}) {
  Encoder m(text_config(), 5);
  return save_encoder(m, meta, Dtype::kF32);
}

std::map<std::string, std::string> image_meta() {
  return {{"image_side", "4"}, {"patch_size", "2"}, {"classes", "a\nb\nc"}};
}

std::vector<std::uint8_t> image_checkpoint(std::map<std::string, std::string> meta = image_meta()) {
  Encoder m(image_config(), 6);
  return save_encoder(m, meta, Dtype::kF32);
}

// Softmax of each row in double, written out here.
void expect_softmax(const std::vector<float>& logits, const std::vector<float>& probs, int n) {
  ASSERT_EQ(logits.size(), probs.size());
  for (std::size_t row = 0; row < logits.size(); row += n) {
    double mx = -INFINITY, sum = 0.0;
    for (int j = 0; j < n; ++j) mx = std::max(mx, double(logits[row + j]));
    for (int j = 0; j < n; ++j) sum += std::exp(logits[row + j] - mx);
    for (int j = 0; j < n; ++j)
      EXPECT_NEAR(probs[row + j], std::exp(logits[row + j] - mx) / sum, 1e-6);
  }
}

TEST(Model, TextIsFramedCappedAndLookedUp) {
  const Model m = Model::from_bytes(text_checkpoint());
  EXPECT_EQ(m.descriptor().family, "masked-lm-encoder");
  ModelRun run;
  m.run_text("The Queen laughed . and then more words", {}, run);
  // max_len 6 leaves room for 4 tokens between [CLS] and [SEP].
  EXPECT_EQ(run.tokens,
            (std::vector<std::string>{"[CLS]", "The", "Queen", "laughed", ".", "[SEP]"}));
  EXPECT_EQ(run.total, 8);
  // The same as the encoder on the ids written out: [CLS]=3, the=5, queen=6, [UNK]=1, .=8, [SEP]=4.
  Encoder::Trace direct;
  const std::vector<int> ids{3, 5, 6, 1, 8, 4};
  m.encoder().forward_ids(ids, {}, direct);
  EXPECT_EQ(run.trace.logits, direct.logits);
  EXPECT_EQ(run.trace.layers[1].attn.attention, direct.layers[1].attn.attention);
  expect_softmax(run.trace.logits, run.probabilities, m.config().vocab);
  // "[MASK]" typed is one token, the mask's id, and counts as one.
  m.run_text("the [mask] smiled", {}, run);
  EXPECT_EQ(run.tokens, (std::vector<std::string>{"[CLS]", "the", "[MASK]", "smiled", "[SEP]"}));
  EXPECT_EQ(run.total, 3);
  const std::vector<int> masked{3, 5, 2, 7, 4};
  m.encoder().forward_ids(masked, {}, direct);
  EXPECT_EQ(run.trace.logits, direct.logits);
  // Past the cap too, each typed mask counts once: 10 × ("[mask]" "[" "[mask]" "]") is 40 tokens
  // (the stray brackets count alone), of which 4 fit.
  std::string blocks;
  for (int i = 0; i < 10; ++i) blocks += "[mask] [ [MASK] ] ";
  m.run_text(blocks, {}, run);
  EXPECT_EQ(run.tokens, (std::vector<std::string>{"[CLS]", "[MASK]", "[", "[MASK]", "]", "[SEP]"}));
  EXPECT_EQ(run.total, 40);
  std::string masks;
  for (int i = 0; i < 100; ++i) masks += "[MASK] ";
  m.run_text(masks, {}, run);
  EXPECT_EQ(run.total, 100);
  // One token: [CLS] x [SEP].
  m.run_text("smiled", {}, run);
  EXPECT_EQ(run.tokens.size(), 3u);
  EXPECT_EQ(run.total, 1);
}

TEST(Model, GatesReachTheEncoder) {
  const Model m = Model::from_bytes(text_checkpoint());
  ModelRun on, off;
  m.run_text("the queen smiled", {}, on);
  const std::vector<float> gates{1, 1, 1, 0};
  m.run_text("the queen smiled", gates, off);
  EXPECT_EQ(on.trace.layers[0].attn.output, off.trace.layers[0].attn.output);
  EXPECT_NE(on.trace.layers[1].attn.output, off.trace.layers[1].attn.output);
  const std::vector<float> three{1, 1, 1};
  EXPECT_EQ(error_message([&] { m.run_text("the", three, on); }),
            "gates has 3 values, expected num_layers 2 x num_heads 2");
}

TEST(Model, ImagesAreLetterboxedThenPatched) {
  const Model m = Model::from_bytes(image_checkpoint());
  EXPECT_EQ(m.descriptor().family, "vit-classifier");
  EXPECT_EQ(m.output_labels(), (std::vector<std::string>{"a", "b", "c"}));
  std::vector<std::uint8_t> img(5 * 7 * 4);
  for (std::size_t i = 0; i < img.size(); ++i) img[i] = std::uint8_t(i * 37 % 256);
  ModelRun run;
  m.run_image(img, 5, 7, {}, run);
  EXPECT_EQ(run.grid_w, 2);
  EXPECT_EQ(run.grid_h, 2);
  // 5 × 7 fits 4 × 4 as 3 × 4 (5 · 4/7 = 2.86 → 3), one column of paper on the right.
  const std::uint8_t paper[3] = {246, 244, 238};
  EXPECT_EQ(run.pixels, letterbox_rgba(img, 5, 7, 4, paper));
  for (int y = 0; y < 4; ++y) EXPECT_EQ(run.pixels[(y * 4 + 3) * 4], 246) << "row " << y;
  EXPECT_NE(run.pixels, resize_rgba(img, 5, 7, 4, 4));
  EXPECT_EQ(run.patches, patchify(run.pixels, 4, 4, 2).values);
  ASSERT_EQ(run.probabilities.size(), 3u);
  expect_softmax(run.trace.logits, run.probabilities, 3);
  EXPECT_TRUE(run.tokens.empty());
}

TEST(Model, UntrainedKeepsTheShapeAndChangesTheWeights) {
  const Model m = Model::from_bytes(text_checkpoint());
  const Model u = m.untrained(123);
  EXPECT_EQ(u.config().num_heads, m.config().num_heads);
  EXPECT_EQ(u.vocabulary().size(), m.vocabulary().size());
  ModelRun a, b;
  m.run_text("the queen", {}, a);
  u.run_text("the queen", {}, b);
  EXPECT_EQ(a.tokens, b.tokens);
  EXPECT_NE(a.trace.logits, b.trace.logits);
  EXPECT_EQ(m.metadata().count("head_scores"), 1u);
  EXPECT_EQ(u.metadata().count("head_scores"), 0u);
  EXPECT_EQ(u.metadata().at("weights"), "random, seed 123");
}

TEST(Model, WrongInputsAndMetadataAreNamed) {
  const Model text = Model::from_bytes(text_checkpoint());
  const Model image = Model::from_bytes(image_checkpoint());
  ModelRun run;
  EXPECT_EQ(error_message([&] { text.run_text(" \n ", {}, run); }),
            "there is no text to attend over; type a sentence");
  const std::vector<std::uint8_t> px(4, 0);
  EXPECT_EQ(error_message([&] { text.run_image(px, 1, 1, {}, run); }),
            "this masked-lm-encoder model reads text; give it text, not an image");
  EXPECT_EQ(error_message([&] { image.run_text("hi", {}, run); }),
            "this vit-classifier model reads images; give it an image, not text");
  EXPECT_EQ(error_message([&] { image.run_image(px, 2, 1, {}, run); }),
            "image data has 4 bytes, expected width 2 x height 1 x 4 = 8");
  EXPECT_EQ(error_message([&] { image.vocabulary(); }),
            "this vit-classifier model has no vocabulary");
  EXPECT_EQ(error_message([] { Model::from_bytes(text_checkpoint({})); }),
            "checkpoint metadata has no vocabulary");
  EXPECT_EQ(error_message([] {
              Model::from_bytes(
                  text_checkpoint({{"vocabulary", "[PAD]\n[UNK]\n[MASK]\n[CLS]\n[SEP]\nthe"}}));
            }),
            "checkpoint vocabulary has 6 words, but vocab is 9");
  auto meta = image_meta();
  meta["patch_size"] = "3";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint image_side 4 is not a multiple of patch_size 3");
  meta = image_meta();
  meta["image_side"] = "6";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint images give 9 patches, more than max_len 4");
  meta = image_meta();
  meta["classes"] = "a\nb";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint classes names 2 classes, but num_classes is 3");
  meta = image_meta();
  meta["patch_size"] = "x";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint metadata patch_size 'x' must be an integer from 1 to 256");
  // Found while fuzzing the image path: a model whose images could never be resized (over
  // 4096 x 4096 pixels) or patchified (patches over 256) loaded, then failed every run.
  meta = image_meta();
  meta["image_side"] = "8192";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint metadata image_side '8192' must be an integer from 1 to 4096");
  meta = image_meta();
  meta["patch_size"] = "300";
  EXPECT_EQ(error_message([&] { Model::from_bytes(image_checkpoint(meta)); }),
            "checkpoint metadata patch_size '300' must be an integer from 1 to 256");
}

}  // namespace
}  // namespace headscope::test

// Model descriptors: what a checkpoint is, as data. Checkpoints written before descriptors get
// their family's; a descriptor in the metadata is read, checked and obeyed (its framing is the
// framing the model reads); an unknown family or a malformed field is refused by name.
#include <fstream>

#include "helpers.hpp"
#include "io/checkpoint.hpp"
#include "models/model.hpp"

namespace headscope::test {
namespace {

const std::vector<std::string> kWords{"the", "queen", "smiled", "."};

std::vector<std::uint8_t> text_checkpoint(std::map<std::string, std::string> meta) {
  const EncoderConfig c = tiny_text_config(Vocabulary(kWords).size());
  meta["vocabulary"] = Vocabulary(kWords).serialize();
  Encoder m(c, 5);
  return save_encoder(m, meta, Dtype::kF32);
}

ModelDescriptor masked_lm() {
  return find_family("masked-lm-encoder").defaults();
}

std::vector<std::uint8_t> shipped(const std::string& name) {
  std::ifstream f(std::string(HEADSCOPE_SOURCE_DIR) + "/public/models/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST(Descriptor, ShippedCheckpointsGetTheirFamilysDescriptor) {
  const Model text = Model::from_bytes(shipped("text.safetensors"));
  EXPECT_EQ(text.metadata().count(kDescriptorKey), 0u);  // written before descriptors
  const ModelDescriptor& d = text.descriptor();
  EXPECT_EQ(d.family, "masked-lm-encoder");
  EXPECT_EQ(d.input, InputKind::kText);
  EXPECT_EQ(d.output, OutputKind::kTokenVocabulary);
  EXPECT_EQ(d.frame_before, std::vector<std::string>{"[CLS]"});
  EXPECT_EQ(d.frame_after, std::vector<std::string>{"[SEP]"});
  EXPECT_EQ(d.special_token("mask"), "[MASK]");
  EXPECT_EQ(d.roles.size(), 5u);
  // Its evidence, checked and parsed: one entry per head, README's previous-token head among them.
  ASSERT_EQ(text.heads().size(), 24u);
  EXPECT_EQ(text.heads()[2].layer, 0);
  EXPECT_EQ(text.heads()[2].head, 2);
  EXPECT_EQ(text.heads()[2].label, "previous token");

  const Model vision = Model::from_bytes(shipped("vision.safetensors"));
  EXPECT_EQ(vision.descriptor().family, "vit-classifier");
  EXPECT_EQ(vision.descriptor().input, InputKind::kImage);
  EXPECT_EQ(vision.descriptor().output, OutputKind::kClasses);
  EXPECT_EQ(vision.descriptor().framing_size(), 0);
  EXPECT_EQ(vision.heads().size(), 8u);
}

TEST(Descriptor, JsonRoundTrips) {
  for (const FamilyEntry& f : families()) {
    const ModelDescriptor d = f.defaults();
    const ModelDescriptor back = parse_descriptor(descriptor_json(d));
    EXPECT_EQ(back.family, d.family);
    EXPECT_EQ(back.input, d.input);
    EXPECT_EQ(back.output, d.output);
    EXPECT_EQ(back.tokenizer, d.tokenizer);
    EXPECT_EQ(back.special, d.special);
    EXPECT_EQ(back.frame_before, d.frame_before);
    EXPECT_EQ(back.frame_after, d.frame_after);
    ASSERT_EQ(back.roles.size(), d.roles.size());
    for (std::size_t i = 0; i < d.roles.size(); ++i) {
      EXPECT_EQ(back.roles[i].label, d.roles[i].label);
      EXPECT_EQ(back.roles[i].description, d.roles[i].description);
    }
  }
}

TEST(Descriptor, ItsFramingIsTheFramingTheModelReads) {
  ModelDescriptor d = masked_lm();
  d.frame_after.clear();  // [CLS] words, no [SEP]: room for max_len 6 − 1 = 5 words
  const Model m = Model::from_bytes(text_checkpoint({{kDescriptorKey, descriptor_json(d)}}));
  ModelRun run;
  m.run_text("the queen smiled . the queen smiled", {}, run);
  EXPECT_EQ(run.tokens, (std::vector<std::string>{"[CLS]", "the", "queen", "smiled", ".", "the"}));
  EXPECT_EQ(run.total, 7);
  // A mask token named by the descriptor is what a typed mask becomes.
  m.run_text("the [MASK]", {}, run);
  EXPECT_EQ(run.tokens, (std::vector<std::string>{"[CLS]", "the", "[MASK]"}));
}

TEST(Descriptor, UnknownFamiliesAndBadFieldsAreRefusedByName) {
  ModelDescriptor d = masked_lm();
  d.family = "speech-recognizer";
  EXPECT_EQ(error_message([&] {
              Model::from_bytes(text_checkpoint({{kDescriptorKey, descriptor_json(d)}}));
            }),
            "checkpoint model family 'speech-recognizer' is not one of masked-lm-encoder, "
            "causal-lm-decoder, vit-classifier");
  d = masked_lm();
  d.frame_before = {"[BOS]"};
  EXPECT_EQ(error_message([&] {
              Model::from_bytes(text_checkpoint({{kDescriptorKey, descriptor_json(d)}}));
            }),
            "checkpoint model framing token '[BOS]' is not in the vocabulary");
  d = masked_lm();
  d.input = InputKind::kImage;
  EXPECT_EQ(error_message([&] {
              Model::from_bytes(text_checkpoint({{kDescriptorKey, descriptor_json(d)}}));
            }),
            "checkpoint model masked-lm-encoder must read text");
  const auto refused = [](const std::string& json) {
    return error_message([&] { parse_descriptor(json); });
  };
  std::string json = descriptor_json(masked_lm());
  EXPECT_EQ(refused(json.substr(0, json.size() - 1)).rfind("checkpoint model is not valid JSON", 0),
            0u);
  EXPECT_EQ(refused("[]"), "checkpoint model must be a JSON object");
  EXPECT_EQ(refused(R"({"family":"masked-lm-encoder"})"), "checkpoint model has no input");
  json.replace(json.find("\"text\""), 6, "\"audio\"");
  EXPECT_EQ(refused(json), "checkpoint model.input 'audio' must be one of text, image");
  ModelDescriptor odd = masked_lm();
  odd.special["speaker"] = "[SPK]";
  EXPECT_EQ(refused(descriptor_json(odd)),
            "checkpoint model.special 'speaker' must be one of pad, unk, mask, cls, sep, bos, eos");
  odd = masked_lm();
  odd.frame_before.assign(kMaxDescriptorItems + 1, "[CLS]");
  EXPECT_EQ(refused(descriptor_json(odd)),
            "checkpoint model.framing.before lists 33 items, more than 32");
}

TEST(HeadEvidence, JsonRoundTrips) {
  const std::vector<HeadEvidence> heads{
      {0,
       1,
       "previous token",
       {{"previous token", 0.93}, {"next token", 0.01}},
       {{"previous token", 0.08}, {"next token", 0.08}}},
      {1, 0, "", {{"previous token", 0.2}}, {{"previous token", 0.1}}}};
  const std::vector<HeadEvidence> back = parse_head_evidence(head_evidence_json(heads), 2, 2);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].layer, 0);
  EXPECT_EQ(back[0].head, 1);
  EXPECT_EQ(back[0].label, "previous token");
  EXPECT_EQ(back[1].label, "");
  // JSON objects do not keep their order: compare as sets of (role, value).
  const auto sorted = [](auto v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(back[0].score), sorted(heads[0].score));
  EXPECT_EQ(sorted(back[0].chance), sorted(heads[0].chance));
}

TEST(HeadEvidence, MalformedEntriesAreRefusedByName) {
  const auto refused = [](const std::string& json) {
    return error_message([&] { parse_head_evidence(json, 2, 4); });
  };
  const std::string score = R"("score":{"a":0.5},"chance":{"a":0.1})";
  EXPECT_EQ(refused("{}"), "checkpoint head_scores must be a JSON array");
  EXPECT_EQ(refused("[null]"), "checkpoint head_scores[0] must be an object, not null");
  EXPECT_EQ(refused(R"([{"layer":0,"head":0,"label":"a"}])"),
            "checkpoint head_scores[0] has no score");
  EXPECT_EQ(refused(R"([{"layer":2,"head":0,)" + score + "}]"),
            "checkpoint head_scores[0].layer 2 must be an integer from 0 to 1");
  EXPECT_EQ(refused(R"([{"layer":0,"head":1.5,)" + score + "}]"),
            "checkpoint head_scores[0].head 1.5 must be an integer from 0 to 3");
  EXPECT_EQ(refused(R"([{"layer":0,"head":0,"label":{"x":1},)" + score + "}]"),
            "checkpoint head_scores[0].label {\"x\":1} must be a string of 1 to 64 characters");
  EXPECT_EQ(
      refused(R"([{"layer":0,"head":0,"label":")" + std::string(65, 'x') + "\"," + score + "}]"),
      "checkpoint head_scores[0].label \"" + std::string(39, 'x') +
          "…"
          " must be a string of 1 to 64 characters");
  EXPECT_EQ(refused(R"([{"layer":0,"head":0,"label":"b",)" + score + "}]"),
            "checkpoint head_scores[0].label \"b\" has no score");
  EXPECT_EQ(refused(R"([{"layer":0,"head":0,"score":{"a":2},"chance":{}}])"),
            "checkpoint head_scores[0].score[\"a\"] 2 must be a number from 0 to 1");
  EXPECT_EQ(
      refused(R"([{"layer":0,"head":0,)" + score + R"(},{"layer":0,"head":0,)" + score + "}]"),
      "checkpoint head_scores[1] gives layer 0 head 0 a second time");
  // A checkpoint with such evidence is refused on load, so nothing downstream draws it.
  EXPECT_EQ(error_message([] {
              Model::from_bytes(text_checkpoint({{"head_scores", "[null]"}}));
            }),
            "checkpoint head_scores[0] must be an object, not null");
}

}  // namespace
}  // namespace headscope::test

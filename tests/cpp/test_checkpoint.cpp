// Saving and loading encoders: the same outputs after a round trip (F32 exactly, F16 closely),
// and a clear error for each way a checkpoint can be wrong.
#include "helpers.hpp"
#include "io/checkpoint.hpp"

namespace headscope::test {
namespace {

EncoderConfig small_text() {
  EncoderConfig c = tiny_text_config(11);
  c.num_kv_heads = 1;
  return c;
}

std::vector<float> logits(const Encoder& m) {
  Encoder::Trace t;
  const std::vector<int> ids{4, 2, 7};
  m.forward_ids(ids, {}, t);
  return t.logits;
}

TEST(Checkpoint, RoundTripGivesTheSameModel) {
  Encoder m(small_text(), 9);
  for (ParamRef& p : m.params())  // move off the initial values (LayerNorm 1/0, zero biases)
    for (std::size_t i = 0; i < p.value.size(); ++i) p.value[i] += 0.01f * float(i % 7);
  m.sync();
  const LoadedEncoder f32 = load_encoder(save_encoder(m, {{"note", "hi"}}, Dtype::kF32));
  EXPECT_EQ(logits(*f32.model), logits(m));
  EXPECT_EQ(f32.metadata.at("note"), "hi");
  EXPECT_EQ(f32.metadata.at("num_kv_heads"), "1");
  const LoadedEncoder f16 = load_encoder(save_encoder(m, {}, Dtype::kF16));
  EXPECT_TRUE(all_near(logits(*f16.model), logits(m), 5e-3));

  EncoderConfig rotary = small_text();
  rotary.rope_base = 500;
  Encoder r(rotary, 4);
  const LoadedEncoder r_back = load_encoder(save_encoder(r, {}, Dtype::kF32));
  EXPECT_EQ(r_back.model->config().rope_base, 500);
  EXPECT_EQ(logits(*r_back.model), logits(r));
  EXPECT_EQ(f32.model->config().rope_base, 0);  // none: no rope_base key, as older files
  // Saved again with what it was loaded with, less what the config writes: the same file.
  const auto extra = extra_metadata(r_back.metadata);
  EXPECT_EQ(extra.count("rope_base") + extra.count("d_model") + extra.count("format"), 0u);
  const LoadedEncoder again = load_encoder(save_encoder(*r_back.model, extra, Dtype::kF32));
  EXPECT_EQ(again.metadata, r_back.metadata);
  EXPECT_EQ(extra_metadata(f32.metadata).at("note"), "hi");

  EncoderConfig image;
  image.d_model = 6;
  image.num_heads = 3;
  image.num_layers = 1;
  image.mlp_hidden = 4;
  image.max_len = 4;
  image.patch_dim = 5;
  image.num_classes = 3;
  image.causal = true;
  Encoder v(image, 2);
  const LoadedEncoder back = load_encoder(save_encoder(v, {}, Dtype::kF32));
  EXPECT_TRUE(back.model->config().causal);
  EXPECT_EQ(back.model->config().patch_dim, 5);
}

// Re-writes a saved model's tensors and metadata through `edit`, for the rejection cases.
std::vector<std::uint8_t> edited(
    const std::function<void(std::vector<NamedTensor>&, std::map<std::string, std::string>&)>&
        edit) {
  Encoder m(small_text(), 1);
  const SafeTensors file = SafeTensors::parse(save_encoder(m, {}, Dtype::kF32));
  std::vector<NamedTensor> tensors;
  for (const std::string& n : file.names())
    tensors.push_back({n, file.info(n).shape, file.floats(n, file.info(n).shape)});
  std::map<std::string, std::string> meta = file.metadata();
  edit(tensors, meta);
  return write_safetensors(tensors, meta, Dtype::kF32);
}

TEST(Checkpoint, LoadingStartsFromAnUnfilledModelThatDrawsNothing) {
  // Every draw of the source it is built from is 0, so nothing random survives into a load.
  Rng none = Rng::none();
  EXPECT_FALSE(none.draws());
  EXPECT_EQ(none.next_u32(), 0u);
  EXPECT_EQ(none.normal(), 0.0f);
  EXPECT_EQ(none.uniform(-2.0f, 3.0f), 0.0f);
  EXPECT_TRUE(Rng(1).draws());
  // The unfilled model's weights are 0 (LayerNorm gains aside), unlike a seeded one's.
  const std::unique_ptr<Encoder> blank = Encoder::unfilled(small_text());
  Encoder seeded(small_text(), 3);
  const auto blank_params = blank->params();
  const auto seeded_params = seeded.params();
  for (std::size_t k = 0; k < blank_params.size(); ++k) {
    const ParamRef& b = blank_params[k];
    if (b.name.find("ln") != std::string::npos) continue;
    for (const float v : b.value) ASSERT_EQ(v, 0.0f) << b.name;
    if (b.name.find("weight") != std::string::npos) {
      float most = 0;
      for (const float v : seeded_params[k].value) most = std::max(most, std::abs(v));
      EXPECT_GT(most, 0.0f) << seeded_params[k].name;
    }
  }
  EXPECT_THROW(Encoder::unfilled(EncoderConfig{}), Error);
}

TEST(Checkpoint, RejectsWhatDoesNotFit) {
  using T = std::vector<NamedTensor>;
  using M = std::map<std::string, std::string>;
  EXPECT_EQ(error_message([] { load_encoder(edited([](T&, M& m) { m.erase("format"); })); }),
            "checkpoint metadata format must be 'headscope-encoder-1', got '(none)'");
  EXPECT_EQ(error_message([] { load_encoder(edited([](T&, M& m) { m["d_model"] = "8x"; })); }),
            "checkpoint metadata d_model '8x' must be an integer from 0 to 1000000");
  EXPECT_EQ(error_message([] { load_encoder(edited([](T&, M& m) { m.erase("max_len"); })); }),
            "checkpoint metadata has no max_len");
  EXPECT_EQ(error_message([] { load_encoder(edited([](T&, M& m) { m["num_heads"] = "3"; })); }),
            "d_model 8 is not divisible by num_heads 3");
  EXPECT_EQ(error_message([] {
              load_encoder(edited([](T& t, M&) { t.push_back({"extra.weight", {1}, {0.5f}}); }));
            }),
            "checkpoint tensor 'extra.weight' is not part of this model");
  const std::string missing = error_message([] {
    load_encoder(edited([](T& t, M&) {
      t.erase(std::remove_if(t.begin(), t.end(), [](auto& x) { return x.name == "ln_f.bias"; }),
              t.end());
    }));
  });
  EXPECT_NE(missing.find("ln_f.bias"), std::string::npos) << missing;
  const std::string shape =
      error_message([] { load_encoder(edited([](T&, M& m) { m["mlp_hidden"] = "13"; })); });
  EXPECT_NE(shape.find("blocks.0.mlp.fc1.weight"), std::string::npos) << shape;
  Encoder plain(small_text(), 1);
  EXPECT_EQ(error_message([&] {
              save_encoder(plain, {{"vocab", "a\nb"}});
            }),
            "checkpoint metadata 'vocab' is set by save_encoder itself");
  std::vector<std::uint8_t> truncated =
      save_encoder(*std::make_unique<Encoder>(small_text(), 1), {});
  truncated.resize(truncated.size() - 3);
  EXPECT_NE(error_message([&] { load_encoder(truncated); }), "");
}

// Found by fuzz_checkpoint: the metadata's config was built before the tensors were matched, so
// a 4 KB file saying vocab 1000000 (or mlp_hidden, max_len x d_model...) allocated gigabytes.
// Now the encoder's size is limited, and a large config must fit the file before it is built.
TEST(Checkpoint, LargeConfigsMustFitTheFileBeforeTheyAreBuilt) {
  using T = std::vector<NamedTensor>;
  using M = std::map<std::string, std::string>;
  EXPECT_EQ(error_message([] { load_encoder(edited([](T&, M& m) { m["vocab"] = "1000000"; })); }),
            "checkpoint config needs 17000984 parameter values, but its tensors hold only 1171");
  EXPECT_EQ(error_message([] {
              load_encoder(edited([](T&, M& m) {
                m["d_model"] = "1000000";
                m["max_len"] = "4096";
              }));
            }),
            "d_model 1000000 exceeds the limit of 8192");
  EXPECT_EQ(
      error_message([] { load_encoder(edited([](T&, M& m) { m["mlp_hidden"] = "1000000"; })); }),
      "checkpoint config needs 34000763 parameter values, but its tensors hold only 1171");
}

}  // namespace
}  // namespace headscope::test

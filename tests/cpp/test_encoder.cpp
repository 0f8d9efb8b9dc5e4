// The encoder end to end: its gradients against central finite differences of its own forward,
// for text and image inputs, with grouped KV heads, gates and a causal mask.
#include <cmath>

#include "helpers.hpp"
#include "nn/encoder.hpp"

namespace headscope::test {
namespace {

// L = Σ G ⊙ logits for the given input.
struct Probe {
  Encoder& model;
  std::vector<int> ids;
  std::vector<float> patches;
  int t;
  std::vector<float> gates;
  std::vector<float> G;
  std::vector<int> head_rows = {};

  double loss() {
    model.sync();
    Encoder::Trace trace;
    trace.head_rows = head_rows;
    if (ids.empty())
      model.forward_patches(patches, t, gates, trace);
    else
      model.forward_ids(ids, gates, trace);
    if (G.empty()) G = random_vector(trace.logits.size(), 99);
    double s = 0;
    for (std::size_t i = 0; i < G.size(); ++i) s += double(G[i]) * trace.logits[i];
    return s;
  }
};

void check_gradients(Probe& p) {
  p.loss();  // fixes G
  p.model.zero_grad();
  p.model.sync();
  Encoder::Trace trace;
  trace.head_rows = p.head_rows;
  if (p.ids.empty())
    p.model.forward_patches(p.patches, p.t, p.gates, trace);
  else
    p.model.forward_ids(p.ids, p.gates, trace);
  p.model.backward(trace, p.G);
  int checked = 0;
  for (ParamRef& r : p.model.params()) {
    // A few entries of every tensor, spread over it.
    const std::size_t n = r.value.size();
    for (std::size_t k = 0; k < std::min<std::size_t>(n, 4); ++k) {
      const std::size_t i = (k * 7919 + 13) % n;
      const float keep = r.value[i];
      const float h = 2e-3f;
      r.value[i] = keep + h;
      const double up = p.loss();
      r.value[i] = keep - h;
      const double down = p.loss();
      r.value[i] = keep;
      const double numeric = (up - down) / (2.0 * h);
      EXPECT_NEAR(r.grad[i], numeric, 2e-2 * (1.0 + std::abs(numeric)))
          << r.name << "[" << i << "]";
      ++checked;
    }
  }
  p.model.sync();
  EXPECT_GT(checked, 40);
}

TEST(Encoder, TextGradientsMatchFiniteDifferences) {
  EncoderConfig c = tiny_text_config(7);
  c.num_kv_heads = 1;
  c.causal = true;
  Encoder model(c, 3);
  Probe p{model, {3, 1, 4, 1, 5}, {}, 5, {1.0f, 0.5f, 0.0f, 1.0f}, {}};
  check_gradients(p);
}

// Masked-LM training reads the head at the masked positions only.
TEST(Encoder, HeadRowsGiveThoseRowsLogitsAndTheirGradients) {
  Encoder model(tiny_text_config(7), 5);
  const std::vector<int> ids{3, 1, 4, 1, 5};
  Encoder::Trace all, some;
  model.forward_ids(ids, {}, all);
  some.head_rows = {3, 0};
  model.forward_ids(ids, {}, some);
  ASSERT_EQ(some.logits.size(), 2u * 7);
  for (int k = 0; k < 7; ++k) {
    EXPECT_NEAR(some.logits[k], all.logits[3 * 7 + k], 1e-5);
    EXPECT_NEAR(some.logits[7 + k], all.logits[k], 1e-5);
  }
  Probe p{model, ids, {}, 5, {}, {}, {3, 0}};
  check_gradients(p);
}

TEST(Encoder, RejectsHeadRowsOutsideTheSequence) {
  Encoder model(tiny_text_config(7), 5);
  Encoder::Trace trace;
  trace.head_rows = {5};
  EXPECT_EQ(error_message([&] {
              model.forward_ids(std::vector<int>{3, 1, 4, 1, 5}, {}, trace);
            }),
            "head row 5 must be a position from 0 to 4");
}

TEST(Encoder, ImageGradientsMatchFiniteDifferences) {
  EncoderConfig c;
  c.d_model = 6;
  c.num_heads = 3;
  c.num_layers = 1;
  c.mlp_hidden = 5;
  c.max_len = 4;
  c.patch_dim = 5;
  c.num_classes = 3;
  Encoder model(c, 4);
  Probe p{model, {}, random_vector(4 * 5, 8), 4, {}, {}};
  check_gradients(p);
}

TEST(Encoder, GatesSwitchHeadsOffAndShapesFollowTheConfig) {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 1;
  c.mlp_hidden = 8;
  c.max_len = 5;
  c.vocab = 9;
  Encoder model(c, 5);
  Encoder::Trace on, off;
  const std::vector<int> ids{1, 2, 3};
  model.forward_ids(ids, {}, on);
  model.forward_ids(ids, std::vector<float>{0.0f, 1.0f}, off);
  EXPECT_EQ(on.logits.size(), 3u * 9);
  EXPECT_NE(on.logits, off.logits);
  // Head 0 off: its slice of the concatenation is zero.
  for (int i = 0; i < 3; ++i)
    for (int e = 0; e < 4; ++e) EXPECT_EQ(off.layers[0].attn.concat[i * 8 + e], 0.0f);
  const std::vector<std::string> names = [&] {
    std::vector<std::string> n;
    for (const ParamRef& r : model.params()) n.push_back(r.name);
    return n;
  }();
  EXPECT_EQ(names.front(), "tok_emb.weight");
  EXPECT_EQ(names[2], "blocks.0.ln1.weight");
  EXPECT_EQ(names.back(), "head.bias");
}

TEST(Encoder, RejectsBadConfigsAndInputs) {
  EncoderConfig c;
  c.vocab = 5;
  c.patch_dim = 3;
  EXPECT_EQ(error_message([&] { Encoder(c, 0); }),
            "an encoder takes either token ids (vocab > 0) or patches (patch_dim > 0); got vocab 5 "
            "and patch_dim 3");
  c.patch_dim = 0;
  c.d_model = 10;
  c.num_heads = 3;
  EXPECT_EQ(error_message([&] { Encoder(c, 0); }), "d_model 10 is not divisible by num_heads 3");
  c.d_model = 8;
  c.num_heads = 2;
  c.max_len = 2;
  Encoder m(c, 0);
  Encoder::Trace tr;
  const std::vector<int> three{1, 2, 3}, bad{1, 9};
  EXPECT_EQ(error_message([&] { m.forward_ids(three, {}, tr); }),
            "sequence of 3 tokens must have from 1 to max_len 2 tokens");
  EXPECT_NE(error_message([&] { m.forward_ids(bad, {}, tr); }), "");
}

TEST(Encoder, ParameterCountIsTheSizeOfParams) {
  EncoderConfig text;
  text.d_model = 12;
  text.num_heads = 4;
  text.num_kv_heads = 2;
  text.num_layers = 3;
  text.mlp_hidden = 7;
  text.max_len = 5;
  text.vocab = 9;
  Encoder t(text, 1);
  EXPECT_EQ(encoder_parameter_count(text), count_values(t.params()));
  EncoderConfig image = text;
  image.vocab = 0;
  image.patch_dim = 6;
  image.num_classes = 4;
  Encoder i(image, 1);
  EXPECT_EQ(encoder_parameter_count(image), count_values(i.params()));
}

// Found by fuzz_checkpoint: a checkpoint's metadata sets the config, and mlp_hidden, vocab and
// num_classes had no upper bound, so a 4 KB file could make the Encoder allocate 30 GB (and
// d_model 1000000 was allocated in pos_emb before the attention layer's limit was checked).
TEST(Encoder, RejectsConfigsOverTheParameterLimitBeforeAllocating) {
  EncoderConfig c;
  c.d_model = 2048;
  c.num_heads = 2;
  c.vocab = 30000;
  EXPECT_EQ(error_message([&] { Encoder(c, 0); }),
            "encoder of d_model 2048, num_layers 2, mlp_hidden 128, max_len 64, vocab 30000 has "
            "157685296 parameters, more than the limit of 67108864");
  c.vocab = 0;
  c.patch_dim = 12;
  c.num_classes = 1000000;
  EXPECT_EQ(error_message([&] { encoder_parameter_count(c); }),
            "encoder of d_model 2048, num_layers 2, mlp_hidden 128, max_len 64, patch_dim 12, "
            "num_classes 1000000 has 2083801920 parameters, more than the limit of 67108864");
  c.d_model = 1000000;
  EXPECT_EQ(error_message([&] { Encoder(c, 0); }), "d_model 1000000 exceeds the limit of 8192");
}

// Found by review of what a checkpoint's metadata can ask for: 64 layers of 8 heads with max_len
// 4096 is a small file (its weights are few), but a full-length run keeps 3 x 2^33 floats.
TEST(Encoder, RejectsConfigsWhoseFullLengthTraceIsTooLarge) {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 8;
  c.num_layers = 64;
  c.max_len = 4096;
  c.vocab = 10;
  EXPECT_EQ(error_message([&] { encoder_parameter_count(c); }),
            "num_layers 64 x num_heads 8 x max_len 4096^2 = 8589934592 attention entries in a "
            "full-length run exceed the limit of 67108864");
  c.max_len = 1024;  // 64 x 8 x 2^20 = 2^29: still too many
  EXPECT_NE(error_message([&] { encoder_parameter_count(c); }), "");
  c.max_len = 256;  // 64 x 8 x 2^16 = 2^25
  EXPECT_EQ(error_message([&] { encoder_parameter_count(c); }), "");
}

}  // namespace
}  // namespace headscope::test

// Writes the committed seed corpus: `fuzz_make_corpus <dir>` fills <dir>/<topic>/ with a few
// valid inputs per fuzz target (in each target's input format, see the comment atop each
// fuzz_<topic>.cpp), from which libFuzzer mutates. Run by hand when a format changes, after
// scripts/fuzz.sh has configured build/fuzz:
//   cmake --build build/fuzz --target fuzz_make_corpus
//   build/fuzz/tests/fuzz/fuzz_make_corpus tests/fuzz/corpus
// Inputs that crashed the core once are kept beside these, named crash-* (by hand, not written
// here), so every smoke run replays them.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/head_evidence.hpp"
#include "fuzz_common.hpp"
#include "inputs/subword.hpp"
#include "inputs/vocab.hpp"
#include "io/safetensors.hpp"
#include "models/descriptor.hpp"

namespace {

using namespace headscope;
using fuzz::Writer;

std::filesystem::path root;

void put(const std::string& topic, const std::string& name, const std::vector<std::uint8_t>& b) {
  std::filesystem::create_directories(root / topic);
  std::ofstream out(root / topic / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

std::vector<std::uint8_t> text_input(int max_tokens, std::vector<std::uint8_t> gates,
                                     const std::string& text) {
  Writer w;
  w.u8(std::uint8_t(max_tokens)).u8(gates.empty() ? 0 : 1);
  for (const std::uint8_t g : gates) w.u8(g);
  return w.text(text).bytes;
}

std::vector<std::uint8_t> image_input(int flags, int w, int h, int out_w, int out_h, int patch,
                                      int pixel_bytes) {
  Writer x;
  x.u8(std::uint8_t(flags)).i16(std::int16_t(w)).i16(std::int16_t(h));
  x.i16(std::int16_t(out_w)).i16(std::int16_t(out_h)).i16(std::int16_t(patch));
  for (int i = 0; i < pixel_bytes; ++i) x.u8(std::uint8_t(i * 37 + 11));
  return x.bytes;
}

struct ConfigSeed {
  int d_model, heads, kv_heads, head_dim, window, flags;
  std::vector<int> windows;
  std::vector<float> temperatures;
  int init;
  float normal_std;
  int t_q, t_k;
};

std::vector<std::uint8_t> config_input(const ConfigSeed& s) {
  Writer w;
  w.i32(s.d_model).i32(s.heads).i32(s.kv_heads).i32(s.head_dim).i32(s.window);
  w.u8(std::uint8_t(s.flags));
  if (s.flags & 8) {
    w.u8(std::uint8_t(s.windows.size()));
    for (const int v : s.windows) w.i32(v);
  }
  if (s.flags & 16) {
    w.u8(std::uint8_t(s.temperatures.size()));
    for (const float t : s.temperatures) w.f32(t);
  }
  w.u8(std::uint8_t(s.init)).u32(12345).f32(s.normal_std).u8(std::uint8_t(s.t_q));
  if (s.flags & 32) w.u8(std::uint8_t(s.t_k));
  w.f32(0.05f);
  for (int i = 0; i < (s.t_q + s.t_k) * s.d_model + 16; ++i) w.u8(std::uint8_t(i * 29 + 3));
  return w.bytes;
}

}  // namespace

// fuzz_metadata's input: which metadata, the model's shape byte, then the text.
std::vector<std::uint8_t> metadata_input(int which, int shape, const std::string& text) {
  Writer w;
  w.u8(std::uint8_t(which)).u8(std::uint8_t(shape)).text(text);
  return w.bytes;
}

void put_metadata() {
  HeadEvidence h;
  h.layer = 1;
  h.head = 2;
  h.label = "previous token";
  h.score = {{"previous token", 0.93}, {"first token", 0.02}};
  h.chance = {{"previous token", 0.08}, {"first token", 0.08}};
  put("metadata", "evidence", metadata_input(0, 1 + 4 * 3, head_evidence_json({h})));
  // The malformed evidence that once reached the page (each is refused by name now).
  put("metadata", "evidence-null", metadata_input(0, 0, "[null]"));
  put("metadata", "evidence-no-score", metadata_input(0, 0, R"([{"layer":0,"head":0}])"));
  put("metadata", "evidence-object-label",
      metadata_input(0, 0, R"([{"layer":0,"head":0,"label":{"a":1},"score":{},"chance":{}}])"));
  put("metadata", "vocabulary", metadata_input(1, 0, Vocabulary(fuzz::tiny_words()).serialize()));
  const std::vector<std::string> lines{"the queen smiled", "the king sat", "naïve don't 東京"};
  SubwordOptions options;
  options.vocab_size = 560;
  put("metadata", "tokenizer",
      metadata_input(2, 0, SubwordTokenizer::train(lines, options).serialise()));
  put("metadata", "descriptor",
      metadata_input(3, 0, descriptor_json(fuzz::tiny_text_model().descriptor())));
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  root = argv[1];

  put("checkpoint", "text-f16.safetensors", fuzz::tiny_text_checkpoint(Dtype::kF16));
  put("checkpoint", "vision-f32.safetensors", fuzz::tiny_vision_checkpoint(Dtype::kF32));
  put("checkpoint", "plain.safetensors",
      write_safetensors({{"a", {2, 1}, {1.5f, -2.0f}}, {"b", {0}, {}}}, {{"note", "hi"}}));
  put("checkpoint", "empty.safetensors", write_safetensors({}, {}));
  {  // nesting deeper than the parser allows (the stack overflow needed 100000 levels: 200 KB)
    const std::string header = "{\"w\":" + std::string(100, '[') + std::string(100, ']') + "}";
    Writer w;
    w.u32(std::uint32_t(header.size())).u32(0).text(header);
    put("checkpoint", "deep-nesting-100.safetensors", w.bytes);
  }

  put("text", "sentence", text_input(8, {}, "The Queen smiled at the king."));
  put("text", "mask-gates", text_input(3, {250, 0}, "the [MASK] sat, naïve don't 東京 🙂"));
  put("text", "vocabulary", text_input(16, {}, "[PAD]\n[UNK]\n[MASK]\n[CLS]\n[SEP]\nthe\nQueen\n"));
  put("text", "bytes",
      text_input(200, {125, 255}, std::string("a\0b\x01\x7f\xff\xc3'x' ,\t\n", 15)));

  put("image", "model-4x4", image_input(4, 4, 4, 4, 4, 2, 64));
  put("image", "uniform-7x5", image_input(1 | 4, 7, 5, 3, 9, 3, 4));
  put("image", "enlarge-1x1", image_input(0, 1, 1, 17, 5, 1, 4));
  put("image", "raw-mismatch", image_input(2, 3, 3, 2, 2, 1, 10));

  put("config", "mha", config_input({8, 2, 0, 0, 0, 1, {}, {}, 0, 0.0f, 4, 0}));
  put("config", "gqa-cross",
      config_input(
          {16, 4, 2, 0, 2, 1 | 2 | 16 | 32 | 64 | 128, {}, {0.5f, 1, 2, 4}, 1, 0.0f, 3, 5}));
  put("config", "windows", config_input({12, 3, 1, 5, 0, 4 | 8, {0, 1, 3}, {}, 3, 0.5f, 6, 0}));
  put_metadata();
  return 0;
}

// Shared by the fuzz targets and the seed-corpus generator (make_corpus.cpp): a reader of
// little-endian fields from the fuzzer's bytes (fields past the end read as 0), the matching
// writer, and the two tiny models (a text one and a vision one) the targets run inputs through.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "inputs/vocab.hpp"
#include "io/checkpoint.hpp"
#include "models/model.hpp"
#include "nn/encoder.hpp"

namespace headscope::fuzz {

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t u16() { return std::uint16_t(u8() | u8() << 8); }
  std::int16_t i16() { return std::int16_t(u16()); }
  std::uint32_t u32() { return std::uint32_t(u16()) | std::uint32_t(u16()) << 16; }
  std::int32_t i32() { return std::int32_t(u32()); }
  float f32() {
    const std::uint32_t bits = u32();
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  // Whatever is left, consumed.
  std::span<const std::uint8_t> rest() {
    const std::span<const std::uint8_t> out(data_ + pos_, size_ - pos_);
    pos_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

class Writer {
 public:
  Writer& u8(std::uint8_t v) {
    bytes.push_back(v);
    return *this;
  }
  Writer& u16(std::uint16_t v) { return u8(std::uint8_t(v)).u8(std::uint8_t(v >> 8)); }
  Writer& i16(std::int16_t v) { return u16(std::uint16_t(v)); }
  Writer& u32(std::uint32_t v) { return u16(std::uint16_t(v)).u16(std::uint16_t(v >> 16)); }
  Writer& i32(std::int32_t v) { return u32(std::uint32_t(v)); }
  Writer& f32(float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return u32(bits);
  }
  Writer& text(const std::string& s) {
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  std::vector<std::uint8_t> bytes;
};

// A fuzz target's own checks: a broken promise of the core is a crash the fuzzer keeps.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

// Probabilities rows of `n`: finite, in [0, 1], each row summing to 1.
inline void require_distribution(const std::vector<float>& p, int n) {
  require(n > 0 && p.size() % std::size_t(n) == 0, "probabilities are whole rows");
  for (std::size_t row = 0; row < p.size(); row += std::size_t(n)) {
    double sum = 0.0;
    for (int j = 0; j < n; ++j) {
      require(std::isfinite(p[row + j]) && p[row + j] >= 0.0f && p[row + j] <= 1.0f,
              "a probability is in [0, 1]");
      sum += p[row + j];
    }
    require(std::abs(sum - 1.0) < 1e-4, "a probability row sums to 1");
  }
}

inline const std::vector<std::string>& tiny_words() {
  static const std::vector<std::string> words{"the", "queen", "king", "smiled", "sat",
                                              ".",   ",",     "a",    "don't",  "naïve"};
  return words;
}

// A text model: 2 heads, 1 layer, max_len 8, the words above. Random weights: the targets check
// the machinery, not the predictions.
inline std::vector<std::uint8_t> tiny_text_checkpoint(Dtype dtype = Dtype::kF16) {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 1;
  c.mlp_hidden = 8;
  c.max_len = 8;
  c.vocab = Vocabulary(tiny_words()).size();
  Encoder e(c, 7);
  return save_encoder(e, {{"vocabulary", Vocabulary(tiny_words()).serialize()}}, dtype);
}

// A vision model: 4 x 4 images in 2 x 2 patches, 3 classes, 2 heads (one key/value head).
inline std::vector<std::uint8_t> tiny_vision_checkpoint(Dtype dtype = Dtype::kF16) {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_kv_heads = 1;
  c.num_layers = 1;
  c.mlp_hidden = 8;
  c.max_len = 4;
  c.patch_dim = 2 * 2 * 3;
  c.num_classes = 3;
  Encoder e(c, 8);
  return save_encoder(e, {{"image_side", "4"}, {"patch_size", "2"}, {"classes", "a\nb\nc"}}, dtype);
}

inline const Model& tiny_text_model() {
  static const Model m = Model::from_bytes(tiny_text_checkpoint());
  return m;
}

inline const Model& tiny_vision_model() {
  static const Model m = Model::from_bytes(tiny_vision_checkpoint());
  return m;
}

}  // namespace headscope::fuzz

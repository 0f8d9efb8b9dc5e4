// Safetensors checkpoints: round trips in F32 and F16, exact half-precision bit patterns, files
// written byte by byte here, and one exact message for each rule a file can break.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "helpers.hpp"
#include "io/safetensors.hpp"

namespace headscope::test {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Shape = std::vector<std::int64_t>;

// A file: the 8-byte little-endian length of `header`, `header`, then `data`.
Bytes file(const std::string& header, const Bytes& data = {}) {
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(std::uint8_t(std::uint64_t(header.size()) >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// The message parsing a file with this header and `data_size` zero bytes of data throws.
std::string parse_error(const std::string& header, std::size_t data_size = 0) {
  return error_message([&] { SafeTensors::parse(file(header, Bytes(data_size))); });
}

std::uint32_t bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

std::uint64_t header_length(const Bytes& f) {
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= std::uint64_t(f[i]) << (8 * i);
  return n;
}

TEST(SafeTensors, F32RoundTripIsExact) {
  std::vector<NamedTensor> in = {
      {"w_q", {17}, random_vector(17, 1, 3.0f)},
      {"b", {1}, {-0.0f}},
      {"x", {3}, {1e-40f, std::numeric_limits<float>::max(), -std::numeric_limits<float>::min()}},
      {"m", {3, 5}, random_vector(15, 2)},
      {"y", {5}, random_vector(5, 3, 100.0f)},
      {"scalar", {}, {42.5f}},
      {"empty", {0, 4}, {}},
  };
  const std::map<std::string, std::string> meta = {{"step", "17"}, {"vocab", "a\nb\n\"c\""}};
  const Bytes bytes = write_safetensors(in, meta, Dtype::kF32);
  const std::uint64_t n = header_length(bytes);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes[8], '{');
  EXPECT_EQ(bytes.size(), 8 + n + 4 * (17 + 1 + 3 + 15 + 5 + 1));

  const SafeTensors st = SafeTensors::parse(bytes);
  EXPECT_EQ(st.metadata(), meta);
  EXPECT_EQ(st.names(), (std::vector<std::string>{"b", "empty", "m", "scalar", "w_q", "x", "y"}));
  EXPECT_FALSE(st.has("z"));
  // Written in name order with contiguous offsets.
  std::size_t at = 0;
  for (const std::string& name : st.names()) {
    EXPECT_EQ(st.info(name).dtype, "F32");
    EXPECT_EQ(st.info(name).begin, at) << name;
    at = st.info(name).end;
  }
  EXPECT_EQ(st.info("m").shape, (Shape{3, 5}));
  for (const NamedTensor& t : in) {
    const std::vector<float> out = st.floats(t.name, t.shape);
    ASSERT_EQ(out.size(), t.values.size()) << t.name;
    for (std::size_t i = 0; i < out.size(); ++i)
      EXPECT_EQ(bits(out[i]), bits(t.values[i])) << t.name << "[" << i << "]";
  }
}

TEST(SafeTensors, F16RoundTripWithinHalfPrecision) {
  const std::vector<NamedTensor> in = {{"a", {1}, {0.1f}},
                                       {"b", {3}, random_vector(3, 4, 2.0f)},
                                       {"c", {5}, random_vector(5, 5, 1000.0f)},
                                       {"d", {17}, random_vector(17, 6, 0.01f)}};
  const Bytes bytes = write_safetensors(in, {}, Dtype::kF16);
  EXPECT_EQ(bytes.size(), 8 + header_length(bytes) + 2 * (1 + 3 + 5 + 17));
  const SafeTensors st = SafeTensors::parse(bytes);
  EXPECT_TRUE(st.metadata().empty());
  for (const NamedTensor& t : in) {
    EXPECT_EQ(st.info(t.name).dtype, "F16");
    const std::vector<float> out = st.floats(t.name, t.shape);
    ASSERT_EQ(out.size(), t.values.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const float v = t.values[i];
      // Relative error of half precision is at most 2^-11 (normal range).
      EXPECT_LE(std::abs(out[i] - v), std::abs(v) * 0x1p-11f) << t.name << "[" << i << "]";
      EXPECT_EQ(out[i], half_to_float(float_to_half(v)));
    }
  }
}

TEST(SafeTensors, FloatToHalfKnownBitPatterns) {
  EXPECT_EQ(float_to_half(1.0f), 0x3C00);
  EXPECT_EQ(float_to_half(-2.0f), 0xC000);
  EXPECT_EQ(float_to_half(0.0f), 0x0000);
  EXPECT_EQ(float_to_half(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half(65504.0f), 0x7BFF);
  EXPECT_EQ(float_to_half(65519.0f), 0x7BFF);  // just under halfway to 65536
  EXPECT_EQ(float_to_half(65520.0f), 0x7C00);  // halfway: ties to even, which is inf
  EXPECT_EQ(float_to_half(70000.0f), 0x7C00);
  EXPECT_EQ(float_to_half(-70000.0f), 0xFC00);
  EXPECT_EQ(float_to_half(INFINITY), 0x7C00);
  EXPECT_EQ(float_to_half(0x1p-14f), 0x0400);         // smallest normal
  EXPECT_EQ(float_to_half(0x1p-24f), 0x0001);         // smallest subnormal
  EXPECT_EQ(float_to_half(1023 * 0x1p-24f), 0x03FF);  // largest subnormal
  EXPECT_EQ(float_to_half(1e-7f), 0x0002);            // 1e-7 / 2^-24 = 1.68 -> 2
  EXPECT_EQ(float_to_half(1e-40f), 0x0000);           // a float subnormal: far below
  // Halfway cases round to the even neighbour; a hair above rounds up.
  EXPECT_EQ(float_to_half(1.0f + 0x1p-11f), 0x3C00);
  EXPECT_EQ(float_to_half(1.0f + 3 * 0x1p-11f), 0x3C02);
  EXPECT_EQ(float_to_half(1.0f + 0x1p-11f + 0x1p-20f), 0x3C01);
  EXPECT_EQ(float_to_half(0x1p-25f), 0x0000);
  EXPECT_EQ(float_to_half(3 * 0x1p-25f), 0x0002);
  EXPECT_EQ(float_to_half(0x1p-25f + 0x1p-35f), 0x0001);
  EXPECT_EQ(float_to_half(1023.5f * 0x1p-24f), 0x0400);  // subnormal rounds up into normal
  const std::uint16_t nan = float_to_half(NAN);
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x03FF, 0);
}

TEST(SafeTensors, HalfToFloatKnownValues) {
  EXPECT_EQ(half_to_float(0x3C00), 1.0f);
  EXPECT_EQ(half_to_float(0xC000), -2.0f);
  EXPECT_EQ(half_to_float(0x7BFF), 65504.0f);
  EXPECT_EQ(half_to_float(0x3555), 0.333251953125f);
  EXPECT_EQ(half_to_float(0x0001), 0x1p-24f);
  EXPECT_EQ(half_to_float(0x03FF), 1023 * 0x1p-24f);
  EXPECT_EQ(half_to_float(0x0400), 0x1p-14f);
  EXPECT_EQ(bits(half_to_float(0x8000)), 0x80000000u);
  EXPECT_EQ(half_to_float(0x7C00), INFINITY);
  EXPECT_EQ(half_to_float(0xFC00), -INFINITY);
  EXPECT_TRUE(std::isnan(half_to_float(0x7E00)));
  EXPECT_TRUE(std::isnan(half_to_float(0xFC01)));
}

TEST(SafeTensors, EveryHalfConvertsExactlyAndBack) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = half_to_float(std::uint16_t(h));
    const std::uint32_t e = (h >> 10) & 0x1F, m = h & 0x3FF;
    if (e == 0x1F) {
      EXPECT_EQ(std::isnan(f), m != 0) << h;
      EXPECT_EQ(float_to_half(f) & 0x7C00, 0x7C00) << h;
      if (m == 0) EXPECT_EQ(float_to_half(f), h);
      continue;
    }
    // An independent formula: (implicit bit + mantissa) * 2^(exponent - 25).
    const float expected = std::ldexp(float(m + (e ? 1024 : 0)), int(e ? e : 1) - 25);
    ASSERT_EQ(f, (h & 0x8000) ? -expected : expected) << h;
    ASSERT_EQ(float_to_half(f), h) << h;
  }
}

TEST(SafeTensors, FloatToHalfPicksTheNearest) {
  const std::vector<float> xs = random_vector(20000, 7, 70000.0f);
  for (float x : xs) {
    for (const float v : {x, x * 1e-6f, x * 1e-9f}) {
      const std::uint16_t h = float_to_half(v);
      if ((h & 0x7FFF) == 0x7C00) {
        EXPECT_GE(std::abs(v), 65520.0f);
        continue;
      }
      const double err = std::abs(double(half_to_float(h)) - v);
      if ((h & 0x7FFF) != 0x7BFF)
        EXPECT_LE(err, std::abs(double(half_to_float(std::uint16_t(h + 1))) - v)) << v;
      if ((h & 0x7FFF) != 0)
        EXPECT_LE(err, std::abs(double(half_to_float(std::uint16_t(h - 1))) - v)) << v;
    }
  }
}

TEST(SafeTensors, ReadsBfloat16FromKnownBytes) {
  const std::string header = R"({"b":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}})";
  ASSERT_EQ(header.size(), 0x37u);  // the length written below by hand
  Bytes bytes = {0x37, 0, 0, 0, 0, 0, 0, 0};
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (std::uint8_t b : {0x80, 0x3F, 0x00, 0xC0, 0x49, 0x40}) bytes.push_back(b);
  const SafeTensors st = SafeTensors::parse(bytes);
  EXPECT_EQ(st.floats("b", Shape{3}), (std::vector<float>{1.0f, -2.0f, 3.140625f}));
  EXPECT_EQ(bfloat16_to_float(0xFF80), -INFINITY);
  EXPECT_EQ(bits(bfloat16_to_float(0x0001)), 0x00010000u);
}

TEST(SafeTensors, ParsesAFileWrittenByHand) {
  // Metadata first, tensors out of offset order, an F16 and an F32, 5 spaces of padding.
  const std::string header =
      R"({"__metadata__":{"step":"17"},"z":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
      R"("a":{"dtype":"F32","shape":[1,2],"data_offsets":[6,14]}}     )";
  ASSERT_EQ(header.size(), 0x90u);
  Bytes bytes = {0x90, 0, 0, 0, 0, 0, 0, 0};
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (std::uint8_t b : {0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00,  // z: 1, -2, 2^-24 (subnormal)
                         0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x40, 0xC0})  // a: 0.5, -3
    bytes.push_back(b);
  const SafeTensors st = SafeTensors::parse(bytes);
  EXPECT_EQ(st.metadata(), (std::map<std::string, std::string>{{"step", "17"}}));
  EXPECT_EQ(st.names(), (std::vector<std::string>{"a", "z"}));
  EXPECT_EQ(st.info("a").begin, 6u);
  EXPECT_EQ(st.info("a").end, 14u);
  EXPECT_EQ(st.floats("z", Shape{3}), (std::vector<float>{1.0f, -2.0f, 0x1p-24f}));
  EXPECT_EQ(st.floats("a", Shape{1, 2}), (std::vector<float>{0.5f, -3.0f}));
}

TEST(SafeTensors, WritesExactlyTheExpectedBytes) {
  const std::string h32 =
      R"({"__metadata__":{"k":"v"},"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]},)"
      R"("b":{"data_offsets":[8,12],"dtype":"F32","shape":[1]}}   )";
  ASSERT_EQ(h32.size(), 0x88u);
  Bytes f32 = {0x88, 0, 0, 0, 0, 0, 0, 0};
  f32.insert(f32.end(), h32.begin(), h32.end());
  for (std::uint8_t b : {0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0xBF, 0x00, 0x00, 0x80, 0x3F})
    f32.push_back(b);
  EXPECT_EQ(
      write_safetensors({{"b", {1}, {1.0f}}, {"a", {2}, {2.0f, -0.5f}}}, {{"k", "v"}}, Dtype::kF32),
      f32);

  const std::string h16 = R"({"h":{"data_offsets":[0,6],"dtype":"F16","shape":[3]}}  )";
  ASSERT_EQ(h16.size(), 0x38u);
  Bytes f16 = {0x38, 0, 0, 0, 0, 0, 0, 0};
  f16.insert(f16.end(), h16.begin(), h16.end());
  for (std::uint8_t b : {0x00, 0x3C, 0xFF, 0x7B, 0x02, 0x00}) f16.push_back(b);
  EXPECT_EQ(write_safetensors({{"h", {3}, {1.0f, 65504.0f, 1e-7f}}}, {}, Dtype::kF16), f16);

  EXPECT_EQ(write_safetensors({}, {}), file("{}      "));
}

TEST(SafeTensors, AcceptsEmptyAndUnpaddedFiles) {
  EXPECT_TRUE(SafeTensors::parse(file("{}")).names().empty());
  const SafeTensors st =
      SafeTensors::parse(file(R"({"e":{"dtype":"F32","shape":[2,0],"data_offsets":[0,0]},)"
                              R"("s":{"dtype":"I64","shape":[],"data_offsets":[0,8]}})",
                              Bytes(8)));
  EXPECT_EQ(st.floats("e", Shape{2, 0}), std::vector<float>{});
  EXPECT_EQ(st.info("s").dtype, "I64");
  EXPECT_EQ(st.info("s").shape, Shape{});
}

TEST(SafeTensors, RejectsBadFraming) {
  EXPECT_EQ(error_message([] { SafeTensors::parse(Bytes(7)); }),
            "safetensors file has 7 bytes, fewer than the 8 of its header length");
  EXPECT_EQ(
      error_message([] {
        SafeTensors::parse({0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0});
      }),
      "safetensors header length 100000001 is over the limit of 100000000 bytes: this is not a "
      "safetensors checkpoint");
  EXPECT_EQ(error_message([] {
              SafeTensors::parse({100, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
            }),
            "safetensors header length 100 runs past the end of the 10-byte file: the file is cut "
            "short, or not a safetensors checkpoint");
  EXPECT_EQ(parse_error(R"({"a":})"),
            "safetensors header is not valid JSON: parse error at line 1, column 6: syntax error "
            "while parsing value - unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(parse_error(""),
            "safetensors header is not valid JSON: parse error at line 1, column 1: syntax error "
            "while parsing value - unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(parse_error("[1,2]"), "safetensors header is a JSON array, not an object");
  EXPECT_EQ(parse_error(" {}"), "safetensors header must begin with '{', not byte 32");
  EXPECT_EQ(parse_error(R"({"a":{},"a":{}})"),
            "safetensors header has the key \"a\" twice in one object");
  EXPECT_EQ(parse_error(R"({"a":{"dtype":"F32","dtype":"F16"}})"),
            "safetensors header has the key \"dtype\" twice in one object");
}

// Found by review of what fuzz_checkpoint feeds, confirmed on an input too large for the fuzzer
// to build: a header nesting arrays 100000 deep parsed, and quoting it in the error message
// (nlohmann's dump() recurses per level) overflowed the stack.
TEST(SafeTensors, RejectsDeepNesting) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(parse_error(R"({"w":)" + deep + "}"),
            "safetensors header nests objects and arrays more than 64 levels deep");
  EXPECT_EQ(parse_error(R"({"__metadata__":)" + deep + "}"),
            "safetensors header nests objects and arrays more than 64 levels deep");
  // 64 levels in all (the header's own object is the first) are allowed, and reported as usual.
  const std::string ok = std::string(63, '[') + std::string(63, ']');
  EXPECT_EQ(parse_error(R"({"w":)" + ok + "}").substr(0, 40),
            "safetensors tensor 'w' must be a JSON ob");
}

TEST(SafeTensors, RejectsBadTensorEntries) {
  const auto entry = [](const std::string& fields, std::size_t data_size = 8) {
    return parse_error(R"({"w":{)" + fields + "}}", data_size);
  };
  const std::string shape = R"("shape":[2],)", offsets = R"("data_offsets":[0,8])";
  EXPECT_EQ(parse_error(R"({"w":3})"), "safetensors tensor 'w' must be a JSON object, not 3");
  EXPECT_EQ(entry(shape + offsets), "safetensors tensor 'w' has no dtype");
  EXPECT_EQ(entry(R"("dtype":"F32",)" + offsets), "safetensors tensor 'w' has no shape");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":[2])"), "safetensors tensor 'w' has no data_offsets");
  EXPECT_EQ(entry(R"("dtype":4,)" + shape + offsets),
            "safetensors tensor 'w' dtype must be a string, not 4");
  EXPECT_EQ(entry(R"("dtype":"F33",)" + shape + offsets),
            "safetensors tensor 'w' has unknown dtype \"F33\"");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":2,)" + offsets),
            "safetensors tensor 'w' shape must be an array, not 2");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":[2,-1],)" + offsets),
            "safetensors tensor 'w' shape entry 1 is -1; shape entries must be non-negative "
            "integers");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":[2.5],)" + offsets),
            "safetensors tensor 'w' shape entry 0 is 2.5; shape entries must be non-negative "
            "integers");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":["2"],)" + offsets),
            "safetensors tensor 'w' shape entry 0 is \"2\"; shape entries must be non-negative "
            "integers");
  EXPECT_EQ(entry(R"("dtype":"F32","shape":[4294967296,4294967296],)" + offsets),
            "safetensors tensor 'w' shape [4294967296,4294967296] is too large: its F32 data "
            "would exceed 2^63 bytes");
  EXPECT_EQ(entry(R"("dtype":"U8","shape":[0,9223372036854775808],)" + offsets),
            "safetensors tensor 'w' shape [0,9223372036854775808] is too large: its U8 data "
            "would exceed 2^63 bytes");
  for (const std::string bad : {"[0]", R"([0,"8"])", "[0,-8]", "[0,8,16]", R"("0-8")"})
    EXPECT_EQ(entry(R"("dtype":"F32",)" + shape + R"("data_offsets":)" + bad),
              "safetensors tensor 'w' data_offsets " + bad +
                  " must be two non-negative integers [begin, end]");
  EXPECT_EQ(entry(R"("dtype":"F32",)" + shape + R"("data_offsets":[8,0])"),
            "safetensors tensor 'w' data_offsets [8,0] end before they begin");
  EXPECT_EQ(entry(R"("dtype":"F32",)" + shape + offsets, 4),
            "safetensors tensor 'w' data_offsets [0,8] run past the end of the 4-byte data "
            "buffer");
  EXPECT_EQ(entry(R"("dtype":"F16",)" + shape + offsets),
            "safetensors tensor 'w' data_offsets [0,8] span 8 bytes but F16 shape [2] needs 4");
}

TEST(SafeTensors, RejectsTensorsThatDoNotTileTheBuffer) {
  const auto t = [](const char* name, int begin, int end) {
    return "\"" + std::string(name) + R"(":{"dtype":"U8","shape":[)" + std::to_string(end - begin) +
           R"(],"data_offsets":[)" + std::to_string(begin) + "," + std::to_string(end) + "]}";
  };
  EXPECT_EQ(parse_error("{" + t("a", 0, 8) + "," + t("b", 4, 12) + "}", 12),
            "safetensors tensors 'a' [0, 8) and 'b' [4, 12) overlap");
  EXPECT_EQ(parse_error("{" + t("b", 0, 4) + "," + t("a", 8, 12) + "}", 12),
            "safetensors data bytes [4, 8) belong to no tensor; the format allows no gaps");
  EXPECT_EQ(parse_error("{" + t("a", 4, 8) + "}", 8),
            "safetensors data bytes [0, 4) belong to no tensor; the format allows no gaps");
  EXPECT_EQ(parse_error("{" + t("a", 0, 4) + "}", 6),
            "safetensors data buffer has 2 bytes after the last tensor (4 of 6 used); the format "
            "allows no trailing bytes");
  EXPECT_EQ(parse_error("{}", 1),
            "safetensors data buffer has 1 bytes after the last tensor (0 of 1 used); the format "
            "allows no trailing bytes");
}

TEST(SafeTensors, RejectsBadMetadata) {
  EXPECT_EQ(parse_error(R"({"__metadata__":[1]})"),
            "safetensors __metadata__ must be a JSON object, not [1]");
  EXPECT_EQ(parse_error(R"({"__metadata__":{"a":"x","k":1}})"),
            "safetensors __metadata__ value of 'k' is 1; metadata values must be strings");
}

TEST(SafeTensors, FloatsChecksNameDtypeShapeAndFiniteness) {
  const SafeTensors st = SafeTensors::parse(file(
      R"({"f":{"dtype":"F32","shape":[5],"data_offsets":[0,20]},)"
      R"("h":{"dtype":"F16","shape":[3],"data_offsets":[20,26]},)"
      R"("i":{"dtype":"I32","shape":[1],"data_offsets":[26,30]}})",
      {0, 0,    0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0x80, 0x7F, 0, 0, 0xC0, 0x7F,  // f
       0, 0x3C, 0,    0x7C, 0, 0,                                                           // h
       1, 0,    0,    0}));                                                                 // i
  EXPECT_EQ(error_message([&] { st.floats("g", Shape{5}); }), "safetensors file has no tensor 'g'");
  EXPECT_EQ(error_message([&] { st.info("g"); }), "safetensors file has no tensor 'g'");
  EXPECT_EQ(error_message([&] { st.floats("i", Shape{1}); }),
            "safetensors tensor 'i' has dtype I32; only F32, F16 and BF16 read as floats");
  EXPECT_EQ(error_message([&] {
              st.floats("f", Shape{1, 5});
            }),
            "safetensors tensor 'f' has shape [5], expected [1, 5]");
  EXPECT_EQ(error_message([&] { st.floats("f", Shape{5}); }),
            "safetensors tensor 'f' value 3 is inf; weights must be finite");
  EXPECT_EQ(error_message([&] { st.floats("h", Shape{3}); }),
            "safetensors tensor 'h' value 1 is inf; weights must be finite");
  const SafeTensors nan = SafeTensors::parse(
      file(R"({"n":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", {0, 0, 0xC0, 0x7F}));
  EXPECT_EQ(error_message([&] { nan.floats("n", Shape{1}); }),
            "safetensors tensor 'n' value 0 is nan; weights must be finite");
}

// floats_into writes where it is told, the same values floats returns, and only into a
// destination of exactly the tensor's size.
TEST(SafeTensors, FloatsIntoFillsTheDestinationInPlace) {
  const SafeTensors st = SafeTensors::parse(
      file(R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", {0, 0x3C, 0, 0xC0}));
  std::vector<float> out(2, 7.0f);
  st.floats_into("h", Shape{2}, out);
  EXPECT_EQ(out, (std::vector<float>{1.0f, -2.0f}));
  EXPECT_EQ(out, st.floats("h", Shape{2}));
  std::vector<float> small(1);
  EXPECT_EQ(error_message([&] { st.floats_into("h", Shape{2}, small); }),
            "safetensors tensor 'h' holds 2 values; the destination holds 1");
}

TEST(SafeTensors, WriterRejectsBadTensors) {
  const auto write = [](std::vector<NamedTensor> t, Dtype d = Dtype::kF32) {
    return error_message([&] { write_safetensors(t, {}, d); });
  };
  EXPECT_EQ(write({{"a", {1}, {1}}, {"a", {1}, {2}}}), "safetensors tensor 'a' appears twice");
  EXPECT_EQ(write({{"", {1}, {1}}}), "safetensors tensor names must not be empty");
  EXPECT_EQ(write({{"__metadata__", {1}, {1}}}),
            "safetensors tensor '__metadata__' has the name reserved for the metadata");
  EXPECT_EQ(write({{"a", {2, 3}, {1, 2, 3, 4, 5}}}),
            "safetensors tensor 'a' has 5 values but shape [2, 3] holds 6");
  EXPECT_EQ(write({{"a", {-1, 3}, {}}}),
            "safetensors tensor 'a' shape [-1, 3] has a negative entry or overflows");
  EXPECT_EQ(write({{"a", {3}, {1, NAN, 2}}}),
            "safetensors tensor 'a' value 1 is nan; weights must be finite");
  EXPECT_EQ(write({{"a", {3}, {1, 2, 65520}}}, Dtype::kF16),
            "safetensors tensor 'a' value 2 (65520) overflows F16, whose largest finite value is "
            "65504");
  EXPECT_EQ(write({{"\xFF", {1}, {1}}})
                .rfind("safetensors tensor name or metadata is not valid "
                       "UTF-8: invalid UTF-8 byte at index 0: 0xFF",
                       0),
            0u);
}

}  // namespace
}  // namespace headscope::test

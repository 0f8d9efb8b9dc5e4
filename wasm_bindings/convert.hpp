// Conversion between JS values and the core's types. Every reader checks the JS type and throws
// headscope::Error naming the field when it does not fit.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "attention/attention.hpp"
#include "models/generate.hpp"
#include "nn/encoder.hpp"

namespace headscope::wasm {

using emscripten::val;

// A JS number that is an integer in int's range, or an Error naming `name`, the value and the
// rule. Every integer argument and option goes through here, so 3.9, 2^32 + 3, NaN and Infinity
// are refused by name instead of being truncated or wrapped by embind's int conversion.
int read_int_arg(const val& value, const std::string& name);
// obj[key] through read_int_arg, or `fallback` when missing.
int read_int(const val& obj, const char* key, int fallback);
// A number as a learner typed it: 2147483648 (not 2.14748e+09), 3.9, NaN, Infinity.
std::string number_text(double d);
// obj[key] as a boolean, or `fallback` when missing.
bool read_bool(const val& obj, const char* key, bool fallback);
// obj[key] as a number, or `fallback` when missing.
double read_number(const val& obj, const char* key, double fallback);
// obj[key] as a string, or `fallback` when missing.
std::string read_string(const val& obj, const char* key, const std::string& fallback);
// An Array or typed array of numbers, copied; `name` is used in errors.
std::vector<float> read_floats(const val& array, const std::string& name);
std::vector<int> read_ints(const val& array, const std::string& name);
std::vector<std::uint8_t> read_mask(const val& array, const std::string& name);
// A Uint8Array or Uint8ClampedArray (e.g. ImageData.data), copied.
std::vector<std::uint8_t> read_bytes(const val& array, const std::string& name);
// An Array of strings.
std::vector<std::string> read_strings(const val& array, const std::string& name);
// A seed: an integer from 0 to 2^53 - 1.
std::uint64_t read_seed(const val& value, const std::string& name);
bool has(const val& obj, const char* key);

// A forward's inputs read from JS (x, tQ, { kv, kvLen, keyPaddingMask, headGates }): the copies,
// and `input` pointing into them (so an instance must stay where it was filled).
struct ForwardArgs {
  std::vector<float> x_q, x_kv, gates;
  std::vector<std::uint8_t> pad;
  ForwardInput input;
};
void read_forward_args(const val& x, int t_q, const val& opts, ForwardArgs& args);

// The JS config object ({ dModel, numHeads, ... }) → AttentionConfig.
AttentionConfig read_config(const val& obj);
// AttentionConfig → a plain JS object with the same field names.
val config_to_js(const AttentionConfig& c);
// "xavier_uniform" | "normal" | "zeros" → Init.
Init read_init(const std::string& name);

// A Float32Array view of `v` in wasm memory: valid until the vector changes or memory grows.
val view(const std::vector<float>& v);
// A new Float32Array holding a copy of `v`, owned by JS.
val copy_out(const std::vector<float>& v);
// A new Uint8ClampedArray holding a copy of `v`, owned by JS (ImageData's type).
val copy_out(const std::vector<std::uint8_t>& v);

// A view of the tensor named `name` in `object`, looked up in a table of (name, member); null if
// the name is unknown.
template <typename T>
val tensor_view(const T& object, const std::string& name,
                std::initializer_list<std::pair<const char*, std::vector<float> T::*>> table) {
  for (const auto& [key, member] : table)
    if (name == key) return view(object.*member);
  return val::null();
}

// Generation options { temperature, topK, seed } (the rest of the object is the caller's); the
// core's Generator checks the ranges.
GenerateOptions read_generate_options(const val& obj);
// RawGeneratedToken (headscope-raw.d.ts): a new object owned by JS, attention copied per layer.
val generated_token_to_js(const GeneratedToken& g);
// RawKvCache (headscope-raw.d.ts): the bytes a KV cache keeps per token for a model of this shape
// with as many key/value heads as query heads (MHA), as it has, and one (MQA), each in float32 and
// half precision; the numbers are kv_cache_bytes_per_token's (nn/kv_cache.hpp).
val kv_cache_to_js(const EncoderConfig& c);

// The view of AttentionResult's tensor `name` (q, k, v, scores, logits, attention, headOutputs,
// concat, contributions, output, scoreScale), or null.
val attention_result_view(const AttentionResult& r, const std::string& name);

}  // namespace headscope::wasm

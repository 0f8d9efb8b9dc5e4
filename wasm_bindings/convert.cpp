#include "convert.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "base/error.hpp"
#include "nn/kv_cache.hpp"

namespace headscope::wasm {

namespace {

// A value that is not what was asked for, as an error shows it: a string (its first 40
// characters, quoted) or its type.
std::string describe(const val& v) {
  if (!v.isString()) return v.typeOf().as<std::string>();
  const std::string s = v.as<std::string>();
  return "'" + (s.size() > 40 ? s.substr(0, 40) + "…" : s) + "'";
}

bool is_array_like(const val& v) {
  return v.isArray() || val::global("ArrayBuffer").call<bool>("isView", v);
}

}  // namespace

bool has(const val& obj, const char* key) {
  return !obj.isUndefined() && !obj.isNull() && !obj[key].isUndefined();
}

std::string number_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {  // the shortest form that reads back as d
    std::snprintf(text, sizeof text, "%.*g", digits, d);
    if (std::strtod(text, nullptr) == d) break;
  }
  return text;
}

int read_int_arg(const val& value, const std::string& name) {
  if (!value.isNumber()) fail(name, " must be an integer, got ", describe(value));
  const double d = value.as<double>();
  if (!(std::floor(d) == d)) fail(name, " ", number_text(d), " must be an integer");
  constexpr int lo = std::numeric_limits<int>::min(), hi = std::numeric_limits<int>::max();
  if (d < lo || d > hi)
    fail(name, " ", number_text(d), " must be an integer from ", lo, " to ", hi);
  return static_cast<int>(d);
}

int read_int(const val& obj, const char* key, int fallback) {
  return has(obj, key) ? read_int_arg(obj[key], key) : fallback;
}

bool read_bool(const val& obj, const char* key, bool fallback) {
  if (!has(obj, key)) return fallback;
  const val v = obj[key];
  if (v.typeOf().as<std::string>() != "boolean")
    fail(key, " must be true or false, got ", describe(v));
  return v.as<bool>();
}

double read_number(const val& obj, const char* key, double fallback) {
  if (!has(obj, key)) return fallback;
  const val v = obj[key];
  if (!v.isNumber()) fail(key, " must be a number, got ", describe(v));
  return v.as<double>();
}

std::string read_string(const val& obj, const char* key, const std::string& fallback) {
  if (!has(obj, key)) return fallback;
  const val v = obj[key];
  if (!v.isString()) fail(key, " must be a string, got ", describe(v));
  return v.as<std::string>();
}

std::vector<float> read_floats(const val& array, const std::string& name) {
  if (!is_array_like(array)) fail(name, " must be a Float32Array or an array of numbers");
  // Non-numbers become NaN here and are then rejected by the core's finiteness checks.
  return emscripten::convertJSArrayToNumberVector<float>(array);
}

void read_forward_args(const val& x, int t_q, const val& opts, ForwardArgs& a) {
  a.x_q = read_floats(x, "x");
  a.input.x_q = a.x_q;
  a.input.t_q = t_q;
  if (has(opts, "kv")) {
    a.x_kv = read_floats(opts["kv"], "kv");
    a.input.x_kv = a.x_kv;
    a.input.t_k = read_int(opts, "kvLen", 0);
  }
  if (has(opts, "keyPaddingMask")) {
    a.pad = read_mask(opts["keyPaddingMask"], "keyPaddingMask");
    a.input.key_padding_mask = a.pad;
  }
  if (has(opts, "headGates")) {
    a.gates = read_floats(opts["headGates"], "headGates");
    a.input.head_gates = a.gates;
  }
}

std::vector<int> read_ints(const val& array, const std::string& name) {
  const std::vector<float> f = read_floats(array, name);
  std::vector<int> out(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!(std::floor(f[i]) == f[i] && std::abs(f[i]) < 1e9f))
      fail(name, "[", i, "] ", f[i], " must be an integer");
    out[i] = static_cast<int>(f[i]);
  }
  return out;
}

std::vector<std::uint8_t> read_mask(const val& array, const std::string& name) {
  if (!is_array_like(array)) fail(name, " must be an array of booleans or a Uint8Array");
  const std::size_t n = array["length"].as<std::size_t>();
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = array[i].as<bool>() ? 1 : 0;
  return out;
}

std::vector<std::uint8_t> read_bytes(const val& array, const std::string& name) {
  const std::string type = array.isUndefined() || array.isNull()
                               ? std::string("missing")
                               : array["constructor"]["name"].as<std::string>();
  if (type != "Uint8Array" && type != "Uint8ClampedArray")
    fail(name, " must be a Uint8Array or Uint8ClampedArray, got ", type);
  return emscripten::convertJSArrayToNumberVector<std::uint8_t>(array);
}

std::vector<std::string> read_strings(const val& array, const std::string& name) {
  if (!array.isArray()) fail(name, " must be an array of strings");
  const std::size_t n = array["length"].as<std::size_t>();
  std::vector<std::string> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const val s = array[i];
    if (!s.isString()) fail(name, "[", i, "] must be a string, got ", describe(s));
    out[i] = s.as<std::string>();
  }
  return out;
}

std::uint64_t read_seed(const val& value, const std::string& name) {
  if (!value.isNumber()) fail(name, " must be an integer, got ", describe(value));
  const double seed = value.as<double>();
  if (!(seed >= 0 && seed <= 9007199254740991.0 && std::floor(seed) == seed))
    fail(name, " ", number_text(seed), " must be an integer from 0 to 2^53 - 1");
  return static_cast<std::uint64_t>(seed);
}

Init read_init(const std::string& name) {
  if (name == "xavier_uniform") return Init::kXavierUniform;
  if (name == "normal") return Init::kNormal;
  if (name == "zeros") return Init::kZeros;
  fail("init '", name, "' must be one of xavier_uniform, normal, zeros");
}

AttentionConfig read_config(const val& obj) {
  if (obj.isUndefined() || obj.isNull() || obj.typeOf().as<std::string>() != "object")
    fail("config must be an object such as { dModel: 8, numHeads: 2 }");
  AttentionConfig c;
  c.d_model = read_int(obj, "dModel", 0);
  c.num_heads = read_int(obj, "numHeads", 1);
  c.num_kv_heads = read_int(obj, "numKvHeads", 0);
  c.head_dim = read_int(obj, "headDim", 0);
  c.bias = read_bool(obj, "bias", true);
  c.causal = read_bool(obj, "causal", false);
  c.window = read_int(obj, "window", 0);
  if (has(obj, "headWindows")) c.head_windows = read_ints(obj["headWindows"], "headWindows");
  if (has(obj, "headTemperatures"))
    c.head_temperatures = read_floats(obj["headTemperatures"], "headTemperatures");
  c.scale_scores = read_bool(obj, "scaleScores", true);
  c.rope_base = read_int(obj, "ropeBase", 0);
  return c;
}

val config_to_js(const AttentionConfig& c) {
  val o = val::object();
  o.set("dModel", c.d_model);
  o.set("numHeads", c.num_heads);
  o.set("numKvHeads", c.num_kv_heads);
  o.set("headDim", c.head_dim);
  o.set("bias", c.bias);
  o.set("causal", c.causal);
  o.set("window", c.window);
  val windows = val::array(), temps = val::array();
  for (int w : c.head_windows) windows.call<void>("push", w);
  for (float t : c.head_temperatures) temps.call<void>("push", t);
  o.set("headWindows", windows);
  o.set("headTemperatures", temps);
  o.set("scaleScores", c.scale_scores);
  o.set("ropeBase", c.rope_base);
  return o;
}

val view(const std::vector<float>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data()));
}

val copy_out(const std::vector<float>& v) {
  return val::global("Float32Array").new_(view(v));
}

val copy_out(const std::vector<std::uint8_t>& v) {
  return val::global("Uint8ClampedArray")
      .new_(val(emscripten::typed_memory_view(v.size(), v.data())));
}

GenerateOptions read_generate_options(const val& obj) {
  GenerateOptions o;
  o.temperature = static_cast<float>(read_number(obj, "temperature", 0));
  o.top_k = read_int(obj, "topK", 0);
  if (has(obj, "seed")) o.seed = read_seed(obj["seed"], "seed");
  return o;
}

val generated_token_to_js(const GeneratedToken& g) {
  val out = val::object();
  out.set("id", g.id);
  out.set("token", g.token);
  out.set("probability", g.probability);
  val top = val::array();
  for (const auto& [token, p] : g.top) {
    val entry = val::object();
    entry.set("token", token);
    entry.set("p", p);
    top.call<void>("push", entry);
  }
  out.set("top", top);
  val attention = val::array();
  for (const std::vector<float>& layer : g.attention) attention.call<void>("push", copy_out(layer));
  out.set("attention", attention);
  return out;
}

namespace {

val kv_layout(const EncoderConfig& c, int kv_heads) {
  val out = val::object();
  out.set("kvHeads", kv_heads);
  out.set("float32", static_cast<double>(kv_cache_bytes_per_token(c, kv_heads, 4)));
  out.set("float16", static_cast<double>(kv_cache_bytes_per_token(c, kv_heads, 2)));
  return out;
}

}  // namespace

val kv_cache_to_js(const EncoderConfig& c) {
  val out = val::object();
  out.set("mha", kv_layout(c, c.num_heads));
  out.set("model", kv_layout(c, c.num_kv_heads ? c.num_kv_heads : c.num_heads));
  out.set("mqa", kv_layout(c, 1));
  return out;
}

val attention_result_view(const AttentionResult& r, const std::string& name) {
  using R = AttentionResult;
  return tensor_view(r, name,
                     {{"q", &R::q},
                      {"k", &R::k},
                      {"v", &R::v},
                      {"scores", &R::scores},
                      {"logits", &R::logits},
                      {"attention", &R::attention},
                      {"headOutputs", &R::head_outputs},
                      {"concat", &R::concat},
                      {"contributions", &R::contributions},
                      {"output", &R::output},
                      {"scoreScale", &R::score_scale}});
}

}  // namespace headscope::wasm

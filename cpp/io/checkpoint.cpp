#include "io/checkpoint.hpp"

#include <cstdint>
#include <cstdlib>
#include <set>

#include "base/error.hpp"

namespace headscope {

namespace {

// Models up to this many parameters (4 MiB of float32) are built before their tensors are
// matched; larger ones are first checked to fit the file (load_encoder).
constexpr std::size_t kBuiltBeforeChecking = std::size_t(1) << 20;

const char* kIntKeys[] = {"d_model", "num_heads", "num_kv_heads", "num_layers", "mlp_hidden",
                          "max_len", "vocab",     "patch_dim",    "num_classes"};

// The other keys save_encoder writes itself: the format, and the config's non-integer fields.
const char* kConfigKeys[] = {"format", "causal", "rope_base"};

int* field(EncoderConfig& c, const std::string& key) {
  if (key == "d_model") return &c.d_model;
  if (key == "num_heads") return &c.num_heads;
  if (key == "num_kv_heads") return &c.num_kv_heads;
  if (key == "num_layers") return &c.num_layers;
  if (key == "mlp_hidden") return &c.mlp_hidden;
  if (key == "max_len") return &c.max_len;
  if (key == "vocab") return &c.vocab;
  if (key == "patch_dim") return &c.patch_dim;
  return &c.num_classes;
}

}  // namespace

const std::string& metadata_value(const std::map<std::string, std::string>& metadata,
                                  const std::string& key) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) fail("checkpoint metadata has no ", key);
  return it->second;
}

int metadata_int(const std::map<std::string, std::string>& metadata, const std::string& key, int lo,
                 int hi) {
  const std::string& s = metadata_value(metadata, key);
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < lo || v > hi)
    fail("checkpoint metadata ", key, " '", s.substr(0, 20), "' must be an integer from ", lo,
         " to ", hi);
  return int(v);
}

std::map<std::string, std::string> extra_metadata(std::map<std::string, std::string> metadata) {
  for (const char* key : kConfigKeys) metadata.erase(key);
  for (const char* key : kIntKeys) metadata.erase(key);
  return metadata;
}

std::vector<std::uint8_t> save_encoder(Encoder& model,
                                       const std::map<std::string, std::string>& extra,
                                       Dtype dtype) {
  std::map<std::string, std::string> meta = extra;
  for (const char* key : kConfigKeys)
    if (meta.count(key)) fail("checkpoint metadata '", key, "' is set by save_encoder itself");
  for (const char* key : kIntKeys)
    if (meta.count(key)) fail("checkpoint metadata '", key, "' is set by save_encoder itself");
  EncoderConfig c = model.config();
  meta["format"] = kEncoderFormat;
  for (const char* key : kIntKeys) meta[key] = std::to_string(*field(c, key));
  meta["causal"] = std::string(1, c.causal ? '1' : '0');
  if (c.rope_base) meta["rope_base"] = std::to_string(c.rope_base);
  std::vector<NamedTensor> tensors;
  for (const ParamRef& p : model.params())
    tensors.push_back({p.name, p.shape, std::vector<float>(p.value.begin(), p.value.end())});
  return write_safetensors(tensors, meta, dtype);
}

LoadedEncoder load_encoder(std::vector<std::uint8_t> bytes) {
  const SafeTensors file = SafeTensors::parse(std::move(bytes));
  const auto& meta = file.metadata();
  const auto format = meta.find("format");
  if (format == meta.end() || format->second != kEncoderFormat)
    fail("checkpoint metadata format must be '", kEncoderFormat, "', got '",
         format == meta.end() ? std::string("(none)") : format->second.substr(0, 40), "'");
  EncoderConfig c;
  for (const char* key : kIntKeys) *field(c, key) = metadata_int(meta, key, 0, 1000000);
  const auto causal = meta.find("causal");
  if (causal == meta.end() || (causal->second != "0" && causal->second != "1"))
    fail("checkpoint metadata causal must be 0 or 1");
  c.causal = causal->second == "1";
  // Optional: checkpoints written before rotary positions existed have none.
  if (meta.count("rope_base")) c.rope_base = metadata_int(meta, "rope_base", 2, kMaxRopeBase);
  // The config alone decides what the model allocates, and the file's tensors must hold every
  // value of it. A large model is checked against them before it is built, so that a few bytes of
  // metadata cannot make the loader allocate gigabytes; a small one is built first, so that the
  // error names the tensor that is missing or has the wrong shape.
  const std::size_t needed = encoder_parameter_count(c);
  std::uint64_t held = 0;
  for (const std::string& name : file.names()) {
    // A tensor's byte size was checked against the file's, so this product cannot overflow (a 0
    // in the shape makes it 0 even if a partial product wraps around).
    std::uint64_t values = 1;
    for (const std::int64_t d : file.info(name).shape) values *= std::uint64_t(d);
    held += values;
  }
  if (needed > kBuiltBeforeChecking && needed > held)
    fail("checkpoint config needs ", needed, " parameter values, but its tensors hold only ", held);
  LoadedEncoder out{Encoder::unfilled(c), meta};
  std::set<std::string> expected;
  for (const ParamRef& p : out.model->params(Grads::kWithout)) {
    expected.insert(p.name);
    file.floats_into(p.name, p.shape, p.value);
  }
  for (const std::string& name : file.names())
    if (!expected.count(name)) fail("checkpoint tensor '", name, "' is not part of this model");
  out.model->sync();
  return out;
}

}  // namespace headscope

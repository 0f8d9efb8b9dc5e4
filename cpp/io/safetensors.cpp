#include "io/safetensors.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "io/json.hpp"

namespace headscope {
namespace {

using json = nlohmann::json;

// The reference implementation's limit on the header, against parsing huge JSON.
constexpr std::uint64_t kMaxHeader = 100'000'000;
// Shapes are int64 and byte counts must stay below this too.
constexpr std::uint64_t kMaxCount = std::uint64_t(std::numeric_limits<std::int64_t>::max());

// Bytes per element of each dtype the format defines; 0 for an unknown name.
std::uint64_t dtype_size(const std::string& dtype) {
  static const std::map<std::string, std::uint64_t> sizes = {
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1},
      {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
      {"U32", 4},  {"F32", 4}, {"F64", 8}, {"I64", 8},     {"U64", 8}};
  const auto it = sizes.find(dtype);
  return it == sizes.end() ? 0 : it->second;
}

std::string shape_text(std::span<const std::int64_t> shape) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  out << ']';
  return out.str();
}

json parse_header(const std::uint8_t* begin, const std::uint8_t* end) {
  return parse_json(reinterpret_cast<const char*>(begin), reinterpret_cast<const char*>(end),
                    "safetensors header");
}

TensorInfo read_entry(const std::string& name, const json& entry, std::uint64_t data_size) {
  const std::string where = "safetensors tensor '" + name + "'";
  if (!entry.is_object()) fail(where, " must be a JSON object, not ", entry.dump());
  const auto field = [&](const char* key) -> const json& {
    const auto it = entry.find(key);
    if (it == entry.end()) fail(where, " has no ", key);
    return *it;
  };
  TensorInfo info;

  const json& dtype = field("dtype");
  if (!dtype.is_string()) fail(where, " dtype must be a string, not ", dtype.dump());
  info.dtype = dtype.get<std::string>();
  std::uint64_t bytes = dtype_size(info.dtype);
  if (bytes == 0) fail(where, " has unknown dtype ", dtype.dump());

  const json& shape = field("shape");
  if (!shape.is_array()) fail(where, " shape must be an array, not ", shape.dump());
  for (std::size_t i = 0; i < shape.size(); ++i)
    if (!shape[i].is_number_unsigned())
      fail(where, " shape entry ", i, " is ", shape[i].dump(),
           "; shape entries must be non-negative integers");
  for (const json& entry_dim : shape) {
    const std::uint64_t dim = entry_dim.get<std::uint64_t>();
    if (dim > kMaxCount || (dim != 0 && bytes > kMaxCount / dim))
      fail(where, " shape ", shape.dump(), " is too large: its ", info.dtype,
           " data would exceed 2^63 bytes");
    bytes *= dim;
    info.shape.push_back(std::int64_t(dim));
  }

  const json& offsets = field("data_offsets");
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned())
    fail(where, " data_offsets ", offsets.dump(),
         " must be two non-negative integers [begin, end]");
  const std::uint64_t begin = offsets[0].get<std::uint64_t>(),
                      end = offsets[1].get<std::uint64_t>();
  if (begin > end) fail(where, " data_offsets ", offsets.dump(), " end before they begin");
  if (end > data_size)
    fail(where, " data_offsets ", offsets.dump(), " run past the end of the ", data_size,
         "-byte data buffer");
  if (end - begin != bytes)
    fail(where, " data_offsets ", offsets.dump(), " span ", end - begin, " bytes but ", info.dtype,
         " shape ", shape.dump(), " needs ", bytes);
  info.begin = std::size_t(begin);  // both within the buffer, so they fit a size_t
  info.end = std::size_t(end);
  return info;
}

// The format requires the tensors to tile the data buffer exactly (no overlap, no gap, nothing
// after the last), so that no byte of a file is left uninterpreted.
void check_tiling(const std::map<std::string, TensorInfo>& tensors, std::uint64_t data_size) {
  std::vector<std::pair<const std::string*, const TensorInfo*>> order;
  for (const auto& [name, info] : tensors) order.emplace_back(&name, &info);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::pair(a.second->begin, a.second->end) < std::pair(b.second->begin, b.second->end);
  });
  std::uint64_t covered = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const TensorInfo& t = *order[i].second;
    if (t.begin < covered) {
      const TensorInfo& p = *order[i - 1].second;
      fail("safetensors tensors '", *order[i - 1].first, "' [", p.begin, ", ", p.end, ") and '",
           *order[i].first, "' [", t.begin, ", ", t.end, ") overlap");
    }
    if (t.begin > covered)
      fail("safetensors data bytes [", covered, ", ", t.begin,
           ") belong to no tensor; the format allows no gaps");
    covered = t.end;
  }
  if (covered != data_size)
    fail("safetensors data buffer has ", data_size - covered, " bytes after the last tensor (",
         covered, " of ", data_size, " used); the format allows no trailing bytes");
}

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(std::uint8_t(v & 0xff));
  out.push_back(std::uint8_t(v >> 8));
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(v >> (8 * i)));
}

std::uint32_t float_bits(float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

float bits_float(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// Rounds `kept` up when the dropped bits `rest` are above half of one unit, or exactly half and
// `kept` is odd (round to nearest, ties to even).
std::uint32_t round_even(std::uint32_t kept, std::uint32_t rest, std::uint32_t half) {
  return kept + (rest > half || (rest == half && (kept & 1u)) ? 1u : 0u);
}

// product(shape), or nothing when an entry is negative or the product overflows.
std::optional<std::uint64_t> element_count(const std::vector<std::int64_t>& shape) {
  std::uint64_t n = 1;
  for (const std::int64_t d : shape) {
    if (d < 0) return std::nullopt;
    if (d == 0) return 0;
  }
  for (const std::int64_t d : shape) {
    if (n > kMaxCount / std::uint64_t(d)) return std::nullopt;
    n *= std::uint64_t(d);
  }
  return n;
}

}  // namespace

SafeTensors SafeTensors::parse(std::vector<std::uint8_t> bytes) {
  if (bytes.size() < 8)
    fail("safetensors file has ", bytes.size(), " bytes, fewer than the 8 of its header length");
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= std::uint64_t(bytes[i]) << (8 * i);
  if (n > kMaxHeader)
    fail("safetensors header length ", n, " is over the limit of ", kMaxHeader,
         " bytes: this is not a safetensors checkpoint");
  if (n > bytes.size() - 8)
    fail("safetensors header length ", n, " runs past the end of the ", bytes.size(),
         "-byte file: the file is cut short, or not a safetensors checkpoint");

  const json header = parse_header(bytes.data() + 8, bytes.data() + 8 + n);
  if (!header.is_object())
    fail("safetensors header is a JSON ", header.type_name(), ", not an object");
  if (bytes[8] != '{') fail("safetensors header must begin with '{', not byte ", int(bytes[8]));

  SafeTensors st;
  st.data_start_ = std::size_t(8 + n);
  const std::uint64_t data_size = bytes.size() - st.data_start_;
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object())
        fail("safetensors __metadata__ must be a JSON object, not ", value.dump());
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string())
          fail("safetensors __metadata__ value of '", mk, "' is ", mv.dump(),
               "; metadata values must be strings");
        st.metadata_[mk] = mv.get<std::string>();
      }
    } else {
      st.tensors_[key] = read_entry(key, value, data_size);
    }
  }
  check_tiling(st.tensors_, data_size);
  st.bytes_ = std::move(bytes);
  return st;
}

std::vector<std::string> SafeTensors::names() const {
  std::vector<std::string> out;
  for (const auto& entry : tensors_) out.push_back(entry.first);
  return out;
}

const TensorInfo& SafeTensors::info(const std::string& name) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) fail("safetensors file has no tensor '", name, "'");
  return it->second;
}

std::vector<float> SafeTensors::floats(const std::string& name,
                                       std::span<const std::int64_t> expected_shape) const {
  const TensorInfo& t = info(name);
  // Sized by the tensor's bytes (checked against the file's when it was parsed); floats_into
  // checks the dtype and shape before writing any value.
  std::vector<float> out((t.end - t.begin) / (t.dtype == "F32" ? 4 : 2));
  floats_into(name, expected_shape, out);
  return out;
}

void SafeTensors::floats_into(const std::string& name, std::span<const std::int64_t> expected_shape,
                              std::span<float> out) const {
  const TensorInfo& t = info(name);
  const std::string where = "safetensors tensor '" + name + "'";
  if (t.dtype != "F32" && t.dtype != "F16" && t.dtype != "BF16")
    fail(where, " has dtype ", t.dtype, "; only F32, F16 and BF16 read as floats");
  if (!std::equal(t.shape.begin(), t.shape.end(), expected_shape.begin(), expected_shape.end()))
    fail(where, " has shape ", shape_text(t.shape), ", expected ", shape_text(expected_shape));

  const std::uint8_t* p = bytes_.data() + data_start_ + t.begin;
  // The dtype is decided once, not per value (comparing its name per value was a third of a
  // model's load time).
  const enum { kF32, kF16, kBF16 } kind = t.dtype == "F32" ? kF32 : t.dtype == "F16" ? kF16 : kBF16;
  const std::size_t size = kind == kF32 ? 4 : 2;
  if (out.size() != (t.end - t.begin) / size)
    fail(where, " holds ", (t.end - t.begin) / size, " values; the destination holds ", out.size());
  for (std::size_t i = 0; i < out.size(); ++i, p += size) {
    const std::uint16_t lo = std::uint16_t(p[0] | (p[1] << 8));
    if (kind == kF32)
      out[i] = bits_float(lo | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24);
    else
      out[i] = kind == kF16 ? half_to_float(lo) : bfloat16_to_float(lo);
    if (!std::isfinite(out[i]))
      fail(where, " value ", i, " is ", out[i], "; weights must be finite");
  }
}

std::vector<std::uint8_t> write_safetensors(const std::vector<NamedTensor>& tensors,
                                            const std::map<std::string, std::string>& metadata,
                                            Dtype dtype) {
  std::vector<const NamedTensor*> sorted;
  for (const NamedTensor& t : tensors) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(),
            [](const NamedTensor* a, const NamedTensor* b) { return a->name < b->name; });

  const bool f16 = dtype == Dtype::kF16;
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<std::uint8_t> data;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    const NamedTensor& t = *sorted[k];
    const std::string where = "safetensors tensor '" + t.name + "'";
    if (t.name.empty()) fail("safetensors tensor names must not be empty");
    if (t.name == "__metadata__") fail(where, " has the name reserved for the metadata");
    if (k > 0 && sorted[k - 1]->name == t.name) fail(where, " appears twice");
    const auto count = element_count(t.shape);
    if (!count) fail(where, " shape ", shape_text(t.shape), " has a negative entry or overflows");
    if (*count != t.values.size())
      fail(where, " has ", t.values.size(), " values but shape ", shape_text(t.shape), " holds ",
           *count);
    const std::size_t begin = data.size();
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      const float v = t.values[i];
      if (!std::isfinite(v)) fail(where, " value ", i, " is ", v, "; weights must be finite");
      if (!f16) {
        put_u32(data, float_bits(v));
        continue;
      }
      const std::uint16_t h = float_to_half(v);
      if ((h & 0x7fffu) == 0x7c00u)
        fail(where, " value ", i, " (", v, ") overflows F16, whose largest finite value is 65504");
      put_u16(data, h);
    }
    header[t.name] = {{"dtype", f16 ? "F16" : "F32"},
                      {"shape", t.shape},
                      {"data_offsets", json::array({begin, data.size()})}};
  }

  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception& e) {
    fail("safetensors tensor name or metadata is not valid UTF-8: ", json_reason(e));
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // the data then starts 8-byte aligned

  std::vector<std::uint8_t> out;
  out.reserve(8 + text.size() + data.size());
  for (int i = 0; i < 8; ++i) out.push_back(std::uint8_t(std::uint64_t(text.size()) >> (8 * i)));
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::uint16_t float_to_half(float value) {
  const std::uint32_t x = float_bits(value);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  const std::uint32_t abs = x & 0x7fffffffu;
  if (abs > 0x7f800000u) return std::uint16_t(sign | 0x7e00u | ((abs >> 13) & 0x3ffu));  // NaN
  if (abs >= 0x47800000u) return std::uint16_t(sign | 0x7c00u);  // >= 2^16 (or inf): inf
  const int exp = int(abs >> 23) - 127;
  const std::uint32_t mant = abs & 0x7fffffu;
  if (exp >= -14) {
    // A normal half: keep 10 of the 23 mantissa bits. A carry out of the mantissa correctly bumps
    // the exponent, up to 0x7c00 (inf) for values from 65520 on.
    return std::uint16_t(
        sign | round_even(std::uint32_t(exp + 15) << 10 | mant >> 13, mant & 0x1fffu, 0x1000u));
  }
  if (exp < -25) return std::uint16_t(sign);  // below half of the smallest subnormal, 2^-24
  // A subnormal half counts units of 2^-24: value / 2^-24 = (mant | 2^23) * 2^(exp + 1).
  const std::uint32_t full = mant | 0x800000u;
  const int shift = -exp - 1;  // 14 .. 24
  return std::uint16_t(sign |
                       round_even(full >> shift, full & ((1u << shift) - 1u), 1u << (shift - 1)));
}

float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = std::uint32_t(bits & 0x8000u) << 16;
  const std::uint32_t exp = (bits >> 10) & 0x1fu, mant = bits & 0x3ffu;
  if (exp == 0x1f) return bits_float(sign | 0x7f800000u | mant << 13);  // inf or NaN
  if (exp != 0) return bits_float(sign | (exp + 112) << 23 | mant << 13);
  if (mant == 0) return bits_float(sign);
  // Subnormal: mant * 2^-24 with mant's top set bit at p becomes 1.f * 2^(p - 24).
  int p = 9;
  while (!((mant >> p) & 1u)) --p;
  return bits_float(sign | std::uint32_t(p + 103) << 23 | ((mant << (23 - p)) & 0x7fffffu));
}

float bfloat16_to_float(std::uint16_t bits) {
  return bits_float(std::uint32_t(bits) << 16);
}

}  // namespace headscope

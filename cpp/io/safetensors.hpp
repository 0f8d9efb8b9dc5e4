// Checkpoints in Hugging Face's safetensors format (https://github.com/huggingface/safetensors):
// read and checked against every rule of the format, written in F32 or F16.
//
//   [8 bytes]  N, the header length, a little-endian u64
//   [N bytes]  UTF-8 JSON, starting with '{', optionally padded with spaces at the end:
//              {"__metadata__": {"key": "value", ...},                       (optional)
//               "w_q": {"dtype": "F32", "shape": [4, 8], "data_offsets": [0, 128]}, ...}
//   [rest]     the data buffer: each tensor's bytes, little-endian, row-major, at
//              [begin, end) counted from the byte after the header. The tensors cover the buffer
//              exactly: no overlap, no gap, no trailing byte.
//
// Duplicate JSON keys (at any depth) are rejected; keys a tensor entry has besides dtype, shape
// and data_offsets are ignored, as the reference implementation does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace headscope {

struct TensorInfo {
  std::string dtype;  // as in the file: "F32", "F16", "BF16", "I64", ...
  std::vector<std::int64_t> shape;
  std::size_t begin = 0, end = 0;  // byte offsets in the data buffer
};

class SafeTensors {
 public:
  // Takes a whole file. Throws Error naming the first rule the file breaks.
  static SafeTensors parse(std::vector<std::uint8_t> bytes);

  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  std::vector<std::string> names() const;  // sorted
  bool has(const std::string& name) const { return tensors_.count(name) != 0; }
  const TensorInfo& info(const std::string& name) const;  // throws Error for an unknown name
  // The values of an F32, F16 or BF16 tensor as floats. Throws Error naming the tensor when it is
  // missing, has another dtype or shape than `expected_shape`, or holds a NaN or infinity.
  std::vector<float> floats(const std::string& name,
                            std::span<const std::int64_t> expected_shape) const;
  // The same, written into `out`, which must hold exactly the shape's values: a model's loader
  // fills its parameters in place, with no vector per tensor to allocate, zero and copy.
  void floats_into(const std::string& name, std::span<const std::int64_t> expected_shape,
                   std::span<float> out) const;

 private:
  SafeTensors() = default;
  std::vector<std::uint8_t> bytes_;
  std::size_t data_start_ = 0;  // 8 + N
  std::map<std::string, std::string> metadata_;
  std::map<std::string, TensorInfo> tensors_;
};

enum class Dtype { kF32, kF16 };

struct NamedTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> values;  // row-major, product(shape) of them
};

// A whole safetensors file: tensors sorted by name with contiguous offsets, the header padded with
// spaces to a multiple of 8 bytes, "__metadata__" present only when `metadata` is not empty.
// Throws Error on a duplicate, empty or reserved name, a negative shape entry, a value count that
// is not the shape's product, or a value that is not finite (or, for F16, beyond ±65504).
std::vector<std::uint8_t> write_safetensors(const std::vector<NamedTensor>& tensors,
                                            const std::map<std::string, std::string>& metadata,
                                            Dtype dtype = Dtype::kF32);

// Exact IEEE conversions in portable code. float_to_half rounds to nearest even and overflows to
// infinity; NaN stays NaN (quiet). half_to_float handles subnormals, infinities and NaN.
std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t bits);
float bfloat16_to_float(std::uint16_t bits);

}  // namespace headscope

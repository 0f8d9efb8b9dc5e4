// An Encoder saved as, and loaded from, a safetensors file. Every parameter is a tensor named as
// in encoder.hpp; the architecture and anything else (the vocabulary, head scores) travel as
// string metadata:
//
//   __metadata__: format "headscope-encoder-1", d_model, num_heads, num_kv_heads, num_layers,
//                 mlp_hidden, max_len, vocab (its size), patch_dim, num_classes, causal ("0"/"1"),
//                 rope_base (only when the model has rotary positions),
//                 plus extras (the text model's word list is "vocabulary", one word per line)
//   tensors:      tok_emb.weight | patch_proj.*, pos_emb.weight, blocks.<l>.*, ln_f.*, head.*
//
// To export from PyTorch, name a state_dict's tensors this way (q/k/v/out projections separate,
// [out, in] layouts as nn.Linear) and write them with safetensors.torch.save_file(tensors,
// path, metadata).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/safetensors.hpp"
#include "nn/encoder.hpp"

namespace headscope {

inline constexpr const char* kEncoderFormat = "headscope-encoder-1";

// The file's bytes: every parameter in `dtype`, the config and `extra` as metadata. `extra` may
// not use the config's keys (Error).
std::vector<std::uint8_t> save_encoder(Encoder& model,
                                       const std::map<std::string, std::string>& extra,
                                       Dtype dtype = Dtype::kF16);

// A loaded file's metadata less what save_encoder writes from the config: what to pass back as
// `extra` when saving the model again.
std::map<std::string, std::string> extra_metadata(std::map<std::string, std::string> metadata);

struct LoadedEncoder {
  std::unique_ptr<Encoder> model;
  std::map<std::string, std::string> metadata;  // everything in the file's metadata
};

// The metadata value under `key`; Error "checkpoint metadata has no <key>" when it is missing.
const std::string& metadata_value(const std::map<std::string, std::string>& metadata,
                                  const std::string& key);
// The metadata value under `key` as an integer in [lo, hi]; Error naming the key otherwise.
int metadata_int(const std::map<std::string, std::string>& metadata, const std::string& key, int lo,
                 int hi);

// Parses and checks a file: its safetensors structure, the format and config metadata, and every
// tensor's presence, dtype, shape and finiteness; a tensor the model does not have is an error
// too. Throws Error naming what is wrong.
LoadedEncoder load_encoder(std::vector<std::uint8_t> bytes);

}  // namespace headscope

// A small Transformer encoder (pre-LayerNorm), for text (token ids → a word per position, trained
// by masked-language modelling) or images (patch vectors → one class, a ViT). The attention in
// every block is the core's MultiHeadAttention, so the page shows exactly what the model runs.
//
//   text:   ids [t] ──tok_emb──► + pos_emb ─┐
//   image:  patches [t, p] ──patch_proj──► + pos_emb ─┤
//                                                     ▼ x [t, d]
//   block l (× num_layers):  x += attn(ln1(x))   (heads gated by gates[l])
//                            x += mlp(ln2(x))
//   ln_f ──► text:  head (d → vocab) per position          logits [t, vocab]
//            image: mean over positions, head (d → classes)  logits [1, classes]
//
// Parameter names (safetensors / PyTorch state_dict style):
//   tok_emb.weight [vocab, d] | patch_proj.weight [d, p], patch_proj.bias [d]; pos_emb.weight
//   [max_len, d]; blocks.<l>.ln1.{weight,bias} [d]; blocks.<l>.attn.{q,k,v,out}_proj.{weight,bias}
//   ([H·hd, d], [KV·hd, d], [KV·hd, d], [d, H·hd]); blocks.<l>.ln2.*; blocks.<l>.mlp.fc1.* [hidden,
//   d], fc2.* [d, hidden]; ln_f.{weight,bias}; head.{weight,bias} [out, d].
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "attention/attention.hpp"
#include "attention/backward.hpp"
#include "base/rng.hpp"
#include "nn/layers.hpp"
#include "nn/params.hpp"

namespace headscope {

struct EncoderConfig {
  int d_model = 64;
  int num_heads = 4;
  int num_kv_heads = 0;  // 0: num_heads
  int num_layers = 2;
  int mlp_hidden = 128;
  int max_len = 64;
  int vocab = 0;        // text: > 0 (inputs are token ids, outputs a word per position)
  int patch_dim = 0;    // image: > 0 (inputs are patch vectors, output one class)
  int num_classes = 0;  // image: > 0
  bool causal = false;
  // Rotary positions in every attention layer (attention/rotary.hpp): 0 = none. A model with
  // them keeps pos_emb at zero (the trainer freezes it there).
  int rope_base = 0;
};

// Most trainable values an encoder may have: 2^26, 256 MiB of float32 (training keeps about four
// times that: gradients and Adam's two moments).
inline constexpr std::size_t kMaxEncoderParameters = std::size_t(1) << 26;

// Most attention entries (num_layers x num_heads x max_len^2) a full-length run may keep in its
// trace: 2^26 (three such tensors per layer: 768 MiB).
inline constexpr std::size_t kMaxTraceAttentionEntries = std::size_t(1) << 26;

// Checks a config, before anything is allocated: Error naming the first broken rule (its
// attention layer's rules, config.hpp, included; at most kMaxEncoderParameters values and
// kMaxTraceAttentionEntries). Returns
// how many trainable values the encoder has: the total size of params().
std::size_t encoder_parameter_count(const EncoderConfig& config);

class Encoder {
 public:
  struct Block {
    LayerNorm ln1;
    std::unique_ptr<MultiHeadAttention> attn;
    AttentionWeights attn_w;  // trainable master copy; sync() pushes it into attn
    AttentionGrads attn_g;
    LayerNorm ln2;
    Mlp mlp;
  };

  // Everything one forward keeps for the backward pass and for the page.
  struct Trace {
    int t = 0;
    Embedding::Cache tok;
    Linear::Cache patch;
    struct Layer {
      LayerNorm::Cache ln1, ln2;
      std::vector<float> h1;  // ln1 output: the attention's input [t, d]
      std::vector<float> gates;
      AttentionResult attn;
      Mlp::Cache mlp;
    };
    std::vector<Layer> layers;
    LayerNorm::Cache ln_f;
    std::vector<float> pooled_in;  // image: ln_f output [t, d]
    // Text: the positions the output head reads, set before forward (empty: every position).
    // Masked-LM training reads only the masked ones: the head is half a step's arithmetic.
    std::vector<int> head_rows;
    Linear::Cache head;
    std::vector<float> logits;  // text [rows, vocab]; image [1, classes]
  };

  // Validates the config (Error naming the value) and initialises from the seed.
  Encoder(const EncoderConfig& config, std::uint64_t seed);
  // Validates the config, with every weight 0: for a checkpoint's weights to be copied in.
  static std::unique_ptr<Encoder> unfilled(const EncoderConfig& config);

  const EncoderConfig& config() const { return config_; }
  int output_size() const;  // vocab or num_classes

  // gates: empty, or [num_layers * num_heads] in [0, 1] (0 switches a head off).
  void forward_ids(std::span<const int> ids, std::span<const float> gates, Trace& trace) const;
  void forward_patches(std::span<const float> patches, int t, std::span<const float> gates,
                       Trace& trace) const;
  // d_logits: the shape of trace.logits. Adds every parameter gradient (+=).
  void backward(const Trace& trace, std::span<const float> d_logits);
  void zero_grad();
  // Every trainable tensor, in a fixed order, named as above; with its gradient unless `grads`
  // says not (a loader fills the values only, and no gradient is allocated).
  std::vector<ParamRef> params(Grads grads = Grads::kWith);
  // After the optimizer changed the attention weights: copies them into the layers.
  void sync();
  // A block's attention gradients (d_gates included), allocated the first time they are asked
  // for.
  static AttentionGrads& attention_grads(Block& b);

  std::unique_ptr<Embedding> tok_emb;
  std::unique_ptr<Linear> patch_proj;
  PositionalEmbedding pos_emb;
  LayerNorm ln_f;
  Linear head;
  std::vector<Block> blocks;

 private:
  Encoder(const EncoderConfig& config, Rng&& rng);
  void run_blocks(std::vector<float> x, std::span<const float> gates, Trace& trace) const;
  EncoderConfig config_;
};

}  // namespace headscope

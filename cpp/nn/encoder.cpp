#include "nn/encoder.hpp"

#include <algorithm>
#include <string>

#include "attention/weights.hpp"
#include "base/error.hpp"

namespace headscope {

namespace {

AttentionConfig attention_config(const EncoderConfig& c) {
  AttentionConfig a;
  a.d_model = c.d_model;
  a.num_heads = c.num_heads;
  a.num_kv_heads = c.num_kv_heads;
  a.causal = c.causal;
  a.rope_base = c.rope_base;
  return a;
}

// The size of params(), in the order it lists them, in 64 bits whatever size_t is (32 bits in
// wasm): every factor is checked and below 2^31 (d at most 2^13, layers 64), so nothing overflows.
std::uint64_t count_parameters(const EncoderConfig& c, const AttentionConfig& a) {
  const std::uint64_t d = std::uint64_t(c.d_model), q = std::uint64_t(a.num_heads) * a.head_dim,
                      kv = std::uint64_t(a.num_kv_heads) * a.head_dim,
                      hidden = std::uint64_t(c.mlp_hidden);
  const std::uint64_t out = std::uint64_t(c.vocab > 0 ? c.vocab : c.num_classes);
  std::uint64_t n = c.vocab > 0 ? std::uint64_t(c.vocab) * d : std::uint64_t(c.patch_dim) * d + d;
  n += std::uint64_t(c.max_len) * d;                                 // pos_emb
  const std::uint64_t block = 2 * d +                                // ln1
                              q * d + q + 2 * (kv * d + kv) +        // q, k, v projections
                              d * q + d +                            // out projection
                              2 * d +                                // ln2
                              hidden * d + hidden + d * hidden + d;  // mlp fc1, fc2
  n += std::uint64_t(c.num_layers) * block;
  return n + 2 * d + out * d + out;  // ln_f, head
}

std::size_t check_config(const EncoderConfig& c) {
  if ((c.vocab > 0) == (c.patch_dim > 0))
    fail("an encoder takes either token ids (vocab > 0) or patches (patch_dim > 0); got vocab ",
         c.vocab, " and patch_dim ", c.patch_dim);
  if (c.patch_dim > 0 && c.num_classes < 1)
    fail("num_classes ", c.num_classes, " must be at least 1 for an image encoder");
  if (c.num_layers < 1 || c.num_layers > 64)
    fail("num_layers ", c.num_layers, " must be from 1 to 64");
  if (c.mlp_hidden < 1) fail("mlp_hidden ", c.mlp_hidden, " must be at least 1");
  if (c.max_len < 1 || c.max_len > 4096) fail("max_len ", c.max_len, " must be from 1 to 4096");
  const AttentionConfig a = resolve(attention_config(c));
  // A small file's model could otherwise ask for gigabytes when run on a long input.
  const std::uint64_t trace =
      std::uint64_t(c.num_layers) * a.num_heads * std::uint64_t(c.max_len) * c.max_len;
  if (trace > kMaxTraceAttentionEntries)
    fail("num_layers ", c.num_layers, " x num_heads ", a.num_heads, " x max_len ", c.max_len,
         "^2 = ", trace, " attention entries in a full-length run exceed the limit of ",
         kMaxTraceAttentionEntries);
  const std::uint64_t n = count_parameters(c, a);
  if (n > kMaxEncoderParameters) {
    const std::string input = c.vocab > 0 ? "vocab " + std::to_string(c.vocab)
                                          : "patch_dim " + std::to_string(c.patch_dim) +
                                                ", num_classes " + std::to_string(c.num_classes);
    fail("encoder of d_model ", c.d_model, ", num_layers ", c.num_layers, ", mlp_hidden ",
         c.mlp_hidden, ", max_len ", c.max_len, ", ", input, " has ", n,
         " parameters, more than the limit of ", kMaxEncoderParameters);
  }
  return std::size_t(n);
}

const EncoderConfig& validate(const EncoderConfig& c) {
  check_config(c);
  return c;
}

void add_into(std::vector<float>& x, std::span<const float> y) {
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += y[i];
}

}  // namespace

std::size_t encoder_parameter_count(const EncoderConfig& config) {
  return check_config(config);
}

Encoder::Encoder(const EncoderConfig& config, std::uint64_t seed)
    : Encoder(validate(config), Rng(seed)) {}

std::unique_ptr<Encoder> Encoder::unfilled(const EncoderConfig& config) {
  return std::unique_ptr<Encoder>(new Encoder(validate(config), Rng::none()));
}

Encoder::Encoder(const EncoderConfig& c, Rng&& rng)
    : pos_emb(c.max_len, c.d_model, rng),
      ln_f(c.d_model),
      head(c.d_model, c.vocab > 0 ? c.vocab : c.num_classes, true, rng),
      config_(c) {
  if (c.vocab > 0)
    tok_emb = std::make_unique<Embedding>(c.vocab, c.d_model, rng);
  else
    patch_proj = std::make_unique<Linear>(c.patch_dim, c.d_model, true, rng);
  for (int l = 0; l < c.num_layers; ++l) {
    auto attn = std::make_unique<MultiHeadAttention>(attention_config(c), Init::kZeros);
    const AttentionConfig& resolved = attn->config();
    Block b{
        LayerNorm(c.d_model),
        nullptr,
        init_weights(resolved, rng.draws() ? Init::kXavierUniform : Init::kZeros, rng.next_u32()),
        AttentionGrads{},  // allocated when first asked for (see Grads)
        LayerNorm(c.d_model),
        Mlp(c.d_model, c.mlp_hidden, rng)};
    if (resolved.bias)
      for (auto* v : {&b.attn_w.b_q, &b.attn_w.b_k, &b.attn_w.b_v, &b.attn_w.b_o})
        std::fill(v->begin(), v->end(), 0.0f);
    attn->set_weights(b.attn_w);
    b.attn = std::move(attn);
    blocks.push_back(std::move(b));
  }
  config_.num_kv_heads = blocks.front().attn->config().num_kv_heads;
}

namespace {

void check_head_rows(std::span<const int> rows, int t) {
  for (const int r : rows)
    if (r < 0 || r >= t) fail("head row ", r, " must be a position from 0 to ", t - 1);
}

int head_count(const Encoder::Trace& trace) {
  return trace.head_rows.empty() ? trace.t : int(trace.head_rows.size());
}

// x [t, d] -> the rows listed, in order (all of x when rows is empty).
std::vector<float> gather_rows(std::vector<float>& x, int d, std::span<const int> rows) {
  if (rows.empty()) return std::move(x);
  std::vector<float> out(rows.size() * std::size_t(d));
  for (std::size_t k = 0; k < rows.size(); ++k)
    std::copy_n(x.begin() + long(rows[k]) * d, d, out.begin() + long(k) * d);
  return out;
}

// The inverse for gradients: dy [rows, d] -> [t, d], zero where no row was read.
std::vector<float> scatter_rows(std::vector<float> dy, int d, int t, std::span<const int> rows) {
  if (rows.empty()) return dy;
  std::vector<float> out(std::size_t(t) * d, 0.0f);
  for (std::size_t k = 0; k < rows.size(); ++k)
    for (int e = 0; e < d; ++e) out[std::size_t(rows[k]) * d + e] += dy[k * d + e];
  return out;
}

}  // namespace

int Encoder::output_size() const {
  return config_.vocab > 0 ? config_.vocab : config_.num_classes;
}

void Encoder::forward_ids(std::span<const int> ids, std::span<const float> gates,
                          Trace& trace) const {
  if (!tok_emb) fail("this encoder takes patches, not token ids");
  const int t = int(ids.size());
  if (t < 1 || t > config_.max_len)
    fail("sequence of ", t, " tokens must have from 1 to max_len ", config_.max_len, " tokens");
  run_blocks(pos_emb.forward(tok_emb->forward(ids, trace.tok), t), gates, trace);
}

void Encoder::forward_patches(std::span<const float> patches, int t, std::span<const float> gates,
                              Trace& trace) const {
  if (!patch_proj) fail("this encoder takes token ids, not patches");
  if (t < 1 || t > config_.max_len)
    fail("image of ", t, " patches must have from 1 to max_len ", config_.max_len, " patches");
  run_blocks(pos_emb.forward(patch_proj->forward(patches, t, trace.patch), t), gates, trace);
}

void Encoder::run_blocks(std::vector<float> x, std::span<const float> gates, Trace& trace) const {
  const int d = config_.d_model, H = config_.num_heads, t = int(x.size()) / d;
  if (!gates.empty() && gates.size() != std::size_t(config_.num_layers) * H)
    fail("gates has ", gates.size(), " values, expected num_layers ", config_.num_layers,
         " x num_heads ", H);
  trace.t = t;
  check_head_rows(trace.head_rows, t);
  trace.layers.resize(blocks.size());
  for (std::size_t l = 0; l < blocks.size(); ++l) {
    const Block& b = blocks[l];
    Trace::Layer& L = trace.layers[l];
    L.h1 = b.ln1.forward(x, t, L.ln1);
    L.gates.assign(gates.empty() ? gates.begin() : gates.begin() + l * H,
                   gates.empty() ? gates.end() : gates.begin() + (l + 1) * H);
    ForwardInput in;
    in.x_q = L.h1;
    in.t_q = t;
    in.head_gates = L.gates;
    b.attn->forward(in, L.attn);
    add_into(x, L.attn.output);
    add_into(x, b.mlp.forward(b.ln2.forward(x, t, L.ln2), t, L.mlp));
  }
  std::vector<float> xf = ln_f.forward(x, t, trace.ln_f);
  if (tok_emb) {
    trace.logits = head.forward(gather_rows(xf, d, trace.head_rows), head_count(trace), trace.head);
  } else {
    std::vector<float> pooled(d, 0.0f);
    for (int i = 0; i < t; ++i)
      for (int e = 0; e < d; ++e) pooled[e] += xf[std::size_t(i) * d + e] / float(t);
    trace.logits = head.forward(pooled, 1, trace.head);
  }
}

void Encoder::backward(const Trace& trace, std::span<const float> d_logits) {
  const int d = config_.d_model, t = trace.t;
  if (d_logits.size() != trace.logits.size())
    fail("d_logits has ", d_logits.size(), " values, expected ", trace.logits.size());
  std::vector<float> d_xf;
  if (tok_emb) {
    d_xf = scatter_rows(head.backward(d_logits, trace.head), d, t, trace.head_rows);
  } else {
    const std::vector<float> d_pooled = head.backward(d_logits, trace.head);
    d_xf.resize(std::size_t(t) * d);
    for (int i = 0; i < t; ++i)
      for (int e = 0; e < d; ++e) d_xf[std::size_t(i) * d + e] = d_pooled[e] / float(t);
  }
  std::vector<float> dx = ln_f.backward(d_xf, trace.ln_f);
  for (std::size_t l = blocks.size(); l-- > 0;) {
    Block& b = blocks[l];
    const Trace::Layer& L = trace.layers[l];
    add_into(dx, b.ln2.backward(b.mlp.backward(dx, L.mlp), L.ln2));
    ForwardInput in;
    in.x_q = L.h1;
    in.t_q = t;
    in.head_gates = L.gates;
    attention_backward(*b.attn, in, L.attn, dx, attention_grads(b));
    add_into(dx, b.ln1.backward(b.attn_g.d_x_q, L.ln1));
  }
  dx = pos_emb.backward(dx, t);
  if (tok_emb)
    tok_emb->backward(dx, trace.tok);
  else
    patch_proj->backward(dx, trace.patch);
}

void Encoder::zero_grad() {
  if (tok_emb) tok_emb->zero_grad();
  if (patch_proj) patch_proj->zero_grad();
  pos_emb.zero_grad();
  for (Block& b : blocks) {
    b.ln1.zero_grad();
    b.attn_g.zero();
    b.ln2.zero_grad();
    b.mlp.zero_grad();
  }
  ln_f.zero_grad();
  head.zero_grad();
}

// A block's attention gradients, allocated the first time they are asked for.
AttentionGrads& Encoder::attention_grads(Block& b) {
  if (b.attn_g.d_gates.empty()) b.attn_g = AttentionGrads::zeros(b.attn->config());
  return b.attn_g;
}

std::vector<ParamRef> Encoder::params(Grads grads) {
  std::vector<ParamRef> out;
  if (tok_emb) tok_emb->params(out, "tok_emb", grads);
  if (patch_proj) patch_proj->params(out, "patch_proj", grads);
  pos_emb.params(out, "pos_emb", grads);
  const std::int64_t d = config_.d_model;
  for (std::size_t l = 0; l < blocks.size(); ++l) {
    Block& b = blocks[l];
    const std::string p = "blocks." + std::to_string(l);
    b.ln1.params(out, p + ".ln1", grads);
    const AttentionConfig& a = b.attn->config();
    if (grads == Grads::kWith) attention_grads(b);
    const std::int64_t q = std::int64_t(a.num_heads) * a.head_dim,
                       kv = std::int64_t(a.num_kv_heads) * a.head_dim;
    const auto add = [&](const char* name, std::vector<float>& v, std::vector<float>& g,
                         std::vector<std::int64_t> shape) {
      out.push_back({p + ".attn." + name, v,
                     grads == Grads::kWith ? std::span<float>(g) : std::span<float>(),
                     std::move(shape)});
    };
    add("q_proj.weight", b.attn_w.w_q, b.attn_g.d_w.w_q, {q, d});
    add("q_proj.bias", b.attn_w.b_q, b.attn_g.d_w.b_q, {q});
    add("k_proj.weight", b.attn_w.w_k, b.attn_g.d_w.w_k, {kv, d});
    add("k_proj.bias", b.attn_w.b_k, b.attn_g.d_w.b_k, {kv});
    add("v_proj.weight", b.attn_w.w_v, b.attn_g.d_w.w_v, {kv, d});
    add("v_proj.bias", b.attn_w.b_v, b.attn_g.d_w.b_v, {kv});
    add("out_proj.weight", b.attn_w.w_o, b.attn_g.d_w.w_o, {d, q});
    add("out_proj.bias", b.attn_w.b_o, b.attn_g.d_w.b_o, {d});
    b.ln2.params(out, p + ".ln2", grads);
    b.mlp.params(out, p + ".mlp", grads);
  }
  ln_f.params(out, "ln_f", grads);
  head.params(out, "head", grads);
  return out;
}

void Encoder::sync() {
  for (Block& b : blocks) b.attn->set_weights(b.attn_w);
}

}  // namespace headscope

#include "nn/kv_cache.hpp"

#include <algorithm>
#include <cmath>

#include "attention/rotary.hpp"
#include "base/error.hpp"

namespace headscope {

namespace {

// y[r] = Σ_c w[r, c] x[c] + b[r] for w [rows, cols] row-major (PyTorch's layout); b may be empty.
void project(const std::vector<float>& w, const std::vector<float>& b, const float* x, int rows,
             int cols, float* y) {
  for (int r = 0; r < rows; ++r) {
    const float* row = w.data() + std::size_t(r) * cols;
    double sum = b.empty() ? 0.0 : b[r];
    for (int c = 0; c < cols; ++c) sum += double(row[c]) * x[c];
    y[r] = float(sum);
  }
}

}  // namespace

KvCache::KvCache(const Encoder& encoder) : encoder_(encoder) {
  const EncoderConfig& c = encoder.config();
  if (!encoder.tok_emb || !c.causal) fail("a KV cache needs a causal model that reads tokens");
  const AttentionConfig& a = encoder.blocks.at(0).attn->config();
  heads_ = a.num_heads;
  kv_heads_ = a.num_kv_heads;
  head_dim_ = a.head_dim;
  const std::size_t per_layer = std::size_t(kv_heads_) * c.max_len * head_dim_;
  keys_.assign(encoder.blocks.size(), std::vector<float>(per_layer));
  values_.assign(encoder.blocks.size(), std::vector<float>(per_layer));
}

void KvCache::attend(std::size_t l, const float* h, std::span<const float> gates, float* out,
                     std::vector<float>* weights) {
  const Encoder::Block& b = encoder_.blocks[l];
  const AttentionConfig& a = b.attn->config();
  const AttentionWeights& w = b.attn->weights();
  const int d = encoder_.config().d_model, p = length_, hd = head_dim_;
  const int max_len = encoder_.config().max_len;
  std::vector<float> q(std::size_t(heads_) * hd), kv(std::size_t(kv_heads_) * hd);
  project(w.w_q, w.b_q, h, heads_ * hd, d, q.data());
  // The new token's key and value go to row p of each kv head's [max_len, hd] block; with rotary
  // positions, its query and key are rotated by p first (the cached keys already were).
  project(w.w_k, w.b_k, h, kv_heads_ * hd, d, kv.data());
  if (a.rope_base) {
    rotate_positions(q.data(), 1, heads_ * hd, heads_, hd, a.rope_base, p);
    rotate_positions(kv.data(), 1, kv_heads_ * hd, kv_heads_, hd, a.rope_base, p);
  }
  for (int g = 0; g < kv_heads_; ++g)
    std::copy_n(&kv[std::size_t(g) * hd], hd, &keys_[l][(std::size_t(g) * max_len + p) * hd]);
  project(w.w_v, w.b_v, h, kv_heads_ * hd, d, kv.data());
  for (int g = 0; g < kv_heads_; ++g)
    std::copy_n(&kv[std::size_t(g) * hd], hd, &values_[l][(std::size_t(g) * max_len + p) * hd]);
  std::vector<float> concat(std::size_t(heads_) * hd, 0.0f), att(std::size_t(p) + 1);
  if (weights) weights->assign(std::size_t(heads_) * (p + 1), 0.0f);
  for (int hh = 0; hh < heads_; ++hh) {
    const int g = hh / (heads_ / kv_heads_), window = a.head_windows[hh];
    const int lo = window > 0 ? std::max(0, p - window) : 0;
    const float scale =
        (a.scale_scores ? 1.0f / std::sqrt(float(hd)) : 1.0f) / a.head_temperatures[hh];
    const float* K = &keys_[l][std::size_t(g) * max_len * hd];
    const float* V = &values_[l][std::size_t(g) * max_len * hd];
    float mx = -INFINITY;
    for (int j = lo; j <= p; ++j) {
      double s = 0;
      for (int e = 0; e < hd; ++e) s += double(q[std::size_t(hh) * hd + e]) * K[j * hd + e];
      att[j] = float(s) * scale;
      mx = std::max(mx, att[j]);
    }
    double sum = 0;
    for (int j = lo; j <= p; ++j) sum += att[j] = std::exp(att[j] - mx);
    const float gate = gates.empty() ? 1.0f : gates[hh];
    for (int j = lo; j <= p; ++j) {
      att[j] = float(att[j] / sum);
      if (weights) (*weights)[std::size_t(hh) * (p + 1) + j] = att[j];
      for (int e = 0; e < hd; ++e)
        concat[std::size_t(hh) * hd + e] += gate * att[j] * V[j * hd + e];
    }
  }
  project(w.w_o, w.b_o, concat.data(), d, heads_ * hd, out);
}

std::span<const float> KvCache::step(int id, std::span<const float> gates,
                                     std::vector<std::vector<float>>* attention) {
  const EncoderConfig& c = encoder_.config();
  if (length_ >= c.max_len) fail("the text has reached the model's ", c.max_len, " tokens");
  if (!gates.empty() && gates.size() != std::size_t(c.num_layers) * heads_)
    fail("gates has ", gates.size(), " values, expected num_layers ", c.num_layers, " x num_heads ",
         heads_);
  const int d = c.d_model;
  Embedding::Cache ec;
  const int ids[1] = {id};
  std::vector<float> x = encoder_.tok_emb->forward(ids, ec);
  for (int e = 0; e < d; ++e) x[e] += encoder_.pos_emb.weight[std::size_t(length_) * d + e];
  if (attention) attention->resize(encoder_.blocks.size());
  std::vector<float> out(d);
  for (std::size_t l = 0; l < encoder_.blocks.size(); ++l) {
    const Encoder::Block& b = encoder_.blocks[l];
    LayerNorm::Cache n1, n2;
    Mlp::Cache mc;
    const std::vector<float> h = b.ln1.forward(x, 1, n1);
    attend(l, h.data(), gates.empty() ? gates : gates.subspan(l * heads_, heads_), out.data(),
           attention ? &(*attention)[l] : nullptr);
    for (int e = 0; e < d; ++e) x[e] += out[e];
    const std::vector<float> m = b.mlp.forward(b.ln2.forward(x, 1, n2), 1, mc);
    for (int e = 0; e < d; ++e) x[e] += m[e];
  }
  LayerNorm::Cache nf;
  Linear::Cache hc;
  logits_ = encoder_.head.forward(encoder_.ln_f.forward(x, 1, nf), 1, hc);
  ++length_;
  return logits_;
}

std::size_t kv_cache_bytes_per_token(const EncoderConfig& config, int kv_heads,
                                     int bytes_per_value) {
  const std::size_t head_dim = std::size_t(config.d_model / config.num_heads);
  return std::size_t(config.num_layers) * 2 * std::size_t(kv_heads) * head_dim *
         std::size_t(bytes_per_value);
}

}  // namespace headscope

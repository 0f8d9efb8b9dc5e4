// The non-attention layers of a small Transformer encoder / ViT, each with a forward and a
// backward pass. Activations are row-major float arrays [t, features]; weights use PyTorch's
// layouts and state_dict names, so tensors move between the two unchanged.
//
//   forward(x, t, cache) -> y    const; fills `cache` with what the backward pass needs
//   backward(dy, cache)  -> dx   ADDS the parameter gradients into grad_* (+=)
//
// One cache per call: a layer can run forward over every sequence of a batch (a cache each),
// then backward over each, and grad_* holds the sum. zero_grad() clears grad_*. Wrong sizes
// throw Error naming the value and the rule.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "nn/params.hpp"

namespace headscope {

// The backward of y = x Wᵀ + b, accumulating: d W += d_yᵀ · x, d b += Σ_i d_y_i (d_b may be
// null), d x += d_y · W;  d_y [t, n], x [t, d], W [n, d]. Linear::backward and the attention
// projections' backward both use it.
void linear_backward(const float* d_y, const float* x, int t, int n, int d, const float* w,
                     float* d_w, float* d_b, float* d_x);

// y = x Wᵀ + b (PyTorch nn.Linear). Initialised as PyTorch does: weight, then bias, each
// U(-1/sqrt(in), 1/sqrt(in)), drawn from `rng` in that order.
class Linear {
 public:
  struct Cache {
    int t = 0;
    std::vector<float> x;  // [t, in]
  };

  Linear(int in, int out, bool bias, Rng& rng);
  int in() const { return in_; }
  int out() const { return out_; }
  bool has_bias() const { return !bias.empty(); }

  // x: [t, in] -> y: [t, out]
  std::vector<float> forward(std::span<const float> x, int t, Cache& cache) const;
  // dy: [t, out] -> dx = dy W: [t, in];  grad_weight += dyᵀ x,  grad_bias += Σ_i dy_i
  std::vector<float> backward(std::span<const float> dy, const Cache& cache);
  void zero_grad();
  // "<prefix>.weight" [out, in], then "<prefix>.bias" [out] if there is one.
  void params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads = Grads::kWith);

  std::vector<float> weight;       // [out, in]
  std::vector<float> bias;         // [out], or empty without bias
  std::vector<float> grad_weight;  // [out, in]
  std::vector<float> grad_bias;    // [out], or empty

 private:
  int in_, out_;
};

// y = (x - mean) / sqrt(var + eps) * weight + bias over the last dim, with the biased variance
// (PyTorch nn.LayerNorm). weight (gamma) starts at 1, bias (beta) at 0.
class LayerNorm {
 public:
  struct Cache {
    int t = 0;
    std::vector<float> x_hat;  // [t, dim]  (x - mean) * rstd
    std::vector<float> rstd;   // [t]       1 / sqrt(var + eps)
  };

  explicit LayerNorm(int dim, float eps = 1e-5f);
  int dim() const { return dim_; }

  // x: [t, dim] -> y: [t, dim]
  std::vector<float> forward(std::span<const float> x, int t, Cache& cache) const;
  // dy: [t, dim] -> dx: [t, dim];  grad_weight += Σ_i dy_i ⊙ x_hat_i,  grad_bias += Σ_i dy_i
  std::vector<float> backward(std::span<const float> dy, const Cache& cache);
  void zero_grad();
  // "<prefix>.weight" [dim], "<prefix>.bias" [dim]
  void params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads = Grads::kWith);

  std::vector<float> weight, bias;            // [dim] gamma, beta
  std::vector<float> grad_weight, grad_bias;  // [dim]
  float eps;

 private:
  int dim_;
};

// The exact GELU, x Φ(x) = 0.5 x (1 + erf(x / sqrt 2)): PyTorch's default (approximate='none'),
// not the tanh approximation. gelu(1) = 0.8413447, gelu(-1) = -0.1586553.
float gelu(float x);
// d gelu / dx = Φ(x) + x φ(x)
float gelu_grad(float x);

// Element-wise GELU; no parameters, any shape.
class Gelu {
 public:
  struct Cache {
    std::vector<float> x;  // the input, any shape
  };
  std::vector<float> forward(std::span<const float> x, Cache& cache) const;
  // dy: same shape as x -> dx = dy ⊙ gelu'(x)
  std::vector<float> backward(std::span<const float> dy, const Cache& cache) const;
};

// The Transformer / ViT feed-forward block: fc1 (dim → hidden), GELU, fc2 (hidden → dim).
// Names as timm's ViT Mlp: "<prefix>.fc1.weight", "<prefix>.fc1.bias", "<prefix>.fc2.*".
class Mlp {
 public:
  struct Cache {
    Linear::Cache fc1;
    Gelu::Cache act;
    Linear::Cache fc2;
  };

  // fc1 draws from rng first, then fc2.
  Mlp(int dim, int hidden, Rng& rng, bool bias = true);

  // x: [t, dim] -> y: [t, dim]
  std::vector<float> forward(std::span<const float> x, int t, Cache& cache) const;
  // dy: [t, dim] -> dx: [t, dim]; accumulates fc1's and fc2's gradients
  std::vector<float> backward(std::span<const float> dy, const Cache& cache);
  void zero_grad();
  void params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads = Grads::kWith);

  Linear fc1;  // [hidden, dim]
  Gelu act;
  Linear fc2;  // [dim, hidden]
};

// A lookup table (PyTorch nn.Embedding), initialised N(0, 0.02²) as BERT and ViT do.
class Embedding {
 public:
  struct Cache {
    std::vector<int> ids;  // [t]
  };

  Embedding(int vocab, int dim, Rng& rng);
  int vocab() const { return vocab_; }
  int dim() const { return dim_; }

  // ids: [t], each in [0, vocab) -> y: [t, dim], row i = weight[ids[i]]
  std::vector<float> forward(std::span<const int> ids, Cache& cache) const;
  // dy: [t, dim]; grad_weight[ids[i]] += dy_i (repeated ids add up). Integer ids have no gradient.
  void backward(std::span<const float> dy, const Cache& cache);
  void zero_grad();
  // "<prefix>.weight" [vocab, dim]
  void params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads = Grads::kWith);

  std::vector<float> weight;       // [vocab, dim]
  std::vector<float> grad_weight;  // [vocab, dim]

 private:
  int vocab_, dim_;
};

// Learned absolute positions, added to the input: y_i = x_i + weight[i], i < t <= max_len.
// Initialised N(0, 0.02²). (Fixed sinusoidal positions: add_sinusoidal_positions, embedding.hpp.)
class PositionalEmbedding {
 public:
  PositionalEmbedding(int max_len, int dim, Rng& rng);
  int max_len() const { return max_len_; }
  int dim() const { return dim_; }

  // x: [t, dim] -> y: [t, dim]. Needs no cache.
  std::vector<float> forward(std::span<const float> x, int t) const;
  // dy: [t, dim] -> dx = dy;  grad_weight[i] += dy_i for i < t
  std::vector<float> backward(std::span<const float> dy, int t);
  void zero_grad();
  // "<prefix>.weight" [max_len, dim]
  void params(std::vector<ParamRef>& out, const std::string& prefix, Grads grads = Grads::kWith);

  std::vector<float> weight;       // [max_len, dim]
  std::vector<float> grad_weight;  // [max_len, dim]

 private:
  int max_len_, dim_;
};

}  // namespace headscope

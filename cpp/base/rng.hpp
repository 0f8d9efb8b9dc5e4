// A seeded random source that gives bit-identical numbers natively and in WebAssembly: integer
// steps (xoshiro128**, seeded by splitmix64) and floating-point work limited to +, -, *, / and
// sqrt, which IEEE 754 rounds the same everywhere. rng.cpp is built with -ffp-contract=off so no
// compiler fuses a multiply-add and changes a last bit.
#pragma once

#include <cstdint>

namespace headscope {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  // A source for weights about to be overwritten (a checkpoint being loaded): every draw is 0
  // (uniform(lo, hi) too), and drawing costs nothing. Loading a model once spent 40% of its
  // time drawing the initial weights it then replaced.
  static Rng none();
  bool draws() const { return !none_; }
  std::uint32_t next_u32();
  // Uniform in [0, 1) with 24 random bits.
  float uniform();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi);
  // Standard normal (Marsaglia's polar method, with a portable logarithm).
  float normal();

 private:
  std::uint32_t s_[4];
  bool has_spare_ = false;
  bool none_ = false;
  double spare_ = 0.0;
};

// Natural logarithm from basic operations only, exact to about 1 ulp of double for x > 0.
double portable_log(double x);

}  // namespace headscope

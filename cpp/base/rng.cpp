#include "base/rng.hpp"

#include <cmath>

namespace headscope {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint32_t rotl(std::uint32_t x, int k) {
  return (x << k) | (x >> (32 - k));
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  const std::uint64_t a = splitmix64(state), b = splitmix64(state);
  s_[0] = static_cast<std::uint32_t>(a);
  s_[1] = static_cast<std::uint32_t>(a >> 32);
  s_[2] = static_cast<std::uint32_t>(b);
  s_[3] = static_cast<std::uint32_t>(b >> 32);
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is a fixed point
}

Rng Rng::none() {
  Rng r(0);
  r.none_ = true;
  return r;
}

std::uint32_t Rng::next_u32() {
  if (none_) return 0;
  const std::uint32_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint32_t t = s_[1] << 9;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 11);
  return result;
}

float Rng::uniform() {
  return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);
}

float Rng::uniform(float lo, float hi) {
  if (none_) return 0.0f;
  return lo + (hi - lo) * uniform();
}

float Rng::normal() {
  if (none_) return 0.0f;
  if (has_spare_) {
    has_spare_ = false;
    return static_cast<float>(spare_);
  }
  double u, v, s;
  do {
    // 53-bit uniforms in (-1, 1), from two draws each.
    const auto draw = [this] {
      // Two statements: the order of two calls inside one expression is unspecified.
      const std::uint64_t high = next_u32();
      const std::uint64_t bits = (high << 21) ^ (next_u32() >> 11);
      return static_cast<double>(bits) * (2.0 / 9007199254740992.0) - 1.0;
    };
    u = draw();
    v = draw();
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * portable_log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return static_cast<float>(u * factor);
}

double portable_log(double x) {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); frexp and ldexp are exact.
  int e = 0;
  double m = std::frexp(x, &e);  // m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  // log(m) = 2 atanh(z), z = (m - 1) / (m + 1), |z| < 0.1716: the odd series converges fast.
  const double z = (m - 1.0) / (m + 1.0);
  const double z2 = z * z;
  double term = z, sum = 0.0;
  for (int k = 1; k <= 41; k += 2) {
    sum += term / k;
    term *= z2;
  }
  constexpr double kLn2 = 0.69314718055994530942;
  return 2.0 * sum + e * kLn2;
}

}  // namespace headscope

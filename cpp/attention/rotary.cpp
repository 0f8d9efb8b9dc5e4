#include "attention/rotary.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "base/parallel.hpp"

namespace headscope {

namespace {

// cos and sin of p·θ_m for positions [0, positions) and pairs m, kept per thread: a layer rotates
// every head of every row, and recomputing them per call (in double: at position 4,000 a float
// angle is off by about 2e-4 rad) cost about 4% of an English training step.
struct Angles {
  int base = 0, head_dim = 0, positions = 0;
  std::vector<float> cos, sin;  // [positions, head_dim / 2]

  void cover(int b, int hd, int last_position) {
    const bool same = b == base && hd == head_dim;
    if (same && last_position < positions) return;
    // Grown by doubling for the same rotation; started afresh for another (a page switching
    // between models must not double it at every switch).
    positions = std::max(last_position + 1, same ? 2 * positions : 0);
    base = b;
    head_dim = hd;
    const int pairs = hd / 2;
    cos.resize(std::size_t(positions) * pairs);
    sin.resize(cos.size());
    for (int m = 0; m < pairs; ++m) {
      const double theta = std::pow(double(b), -2.0 * m / hd);
      for (int p = 0; p < positions; ++p) {
        cos[std::size_t(p) * pairs + m] = float(std::cos(p * theta));
        sin[std::size_t(p) * pairs + m] = float(std::sin(p * theta));
      }
    }
  }
};

}  // namespace

void rotate_positions(float* x, int rows, int row_stride, int heads, int head_dim, int base,
                      int first_position, bool inverse) {
  if (rows < 1) return;
  HEADSCOPE_THREAD_LOCAL Angles angles;
  angles.cover(base, head_dim, first_position + rows - 1);
  const int pairs = head_dim / 2;
  const float sign = inverse ? -1.0f : 1.0f;
  for (int r = 0; r < rows; ++r) {
    const std::size_t at = std::size_t(first_position + r) * pairs;
    const float* c = angles.cos.data() + at;
    const float* s = angles.sin.data() + at;
    float* row = x + std::size_t(r) * row_stride;
    for (int h = 0; h < heads; ++h) {
      float* v = row + std::size_t(h) * head_dim;
      for (int m = 0; m < pairs; ++m) {
        const float a = v[2 * m], b = v[2 * m + 1], sm = sign * s[m];
        v[2 * m] = a * c[m] - b * sm;
        v[2 * m + 1] = a * sm + b * c[m];
      }
    }
  }
}

}  // namespace headscope

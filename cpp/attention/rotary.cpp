#include "attention/rotary.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

namespace headscope {

void rotate_positions(float* x, int rows, int row_stride, int heads, int head_dim, int base,
                      int first_position, bool inverse) {
  const int pairs = head_dim / 2;
  // The angles in double: at position 4,000 a float angle would be off by about 2e-4 rad.
  std::vector<double> theta(pairs);
  for (int m = 0; m < pairs; ++m) theta[m] = std::pow(double(base), -2.0 * m / head_dim);
  std::vector<float> cos_t(pairs), sin_t(pairs);
  for (int r = 0; r < rows; ++r) {
    const double p = double(first_position + r);
    for (int m = 0; m < pairs; ++m) {
      cos_t[m] = float(std::cos(p * theta[m]));
      sin_t[m] = float(inverse ? -std::sin(p * theta[m]) : std::sin(p * theta[m]));
    }
    float* row = x + std::size_t(r) * row_stride;
    for (int h = 0; h < heads; ++h) {
      float* v = row + std::size_t(h) * head_dim;
      for (int m = 0; m < pairs; ++m) {
        const float a = v[2 * m], b = v[2 * m + 1];
        v[2 * m] = a * cos_t[m] - b * sin_t[m];
        v[2 * m + 1] = a * sin_t[m] + b * cos_t[m];
      }
    }
  }
}

}  // namespace headscope

// Reference kernels: the plainest loops that compute the definitions, accumulating in double.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "kernels/kernels.hpp"

namespace headscope::kernels {

RowStatus row_max(float* x, int n, float& max) noexcept {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  max = kNegInf;
  for (int j = 0; j < n; ++j) {
    if (std::isnan(x[j]) || x[j] == -kNegInf) return RowStatus::kNotFinite;
    if (x[j] > max) max = x[j];
  }
  if (max == kNegInf) {
    for (int j = 0; j < n; ++j) x[j] = 0.0f;
    return RowStatus::kAllMasked;
  }
  return RowStatus::kOk;
}

namespace {

void gemm(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k, int n,
          const float* bias) noexcept {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = bias ? bias[j] : 0.0;
      for (int p = 0; p < k; ++p) sum += double(a[i * lda + p]) * double(b[p * ldb + j]);
      c[i * ldc + j] = static_cast<float>(sum);
    }
}

void gemm_nt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
             int n, const float* bias) noexcept {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = bias ? bias[j] : 0.0;
      for (int p = 0; p < k; ++p) sum += double(a[i * lda + p]) * double(b[j * ldb + p]);
      c[i * ldc + j] = static_cast<float>(sum);
    }
}

void gemm_acc(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
              int n) noexcept {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = c[i * ldc + j];
      for (int p = 0; p < k; ++p) sum += double(a[i * lda + p]) * double(b[p * ldb + j]);
      c[i * ldc + j] = static_cast<float>(sum);
    }
}

RowStatus scaled_softmax(float* x, int n, float scale) noexcept {
  float max;
  if (const RowStatus status = row_max(x, n, max); status != RowStatus::kOk) return status;
  const double s = scale;
  double sum = 0.0;
  for (int j = 0; j < n; ++j) sum += std::exp(s * (double(x[j]) - max));
  for (int j = 0; j < n; ++j) x[j] = static_cast<float>(std::exp(s * (double(x[j]) - max)) / sum);
  return RowStatus::kOk;
}

RowStatus softmax(float* x, int n) noexcept {
  return scaled_softmax(x, n, 1.0f);
}

void scale(const float* x, float s, float* y, int n) noexcept {
  for (int j = 0; j < n; ++j) y[j] = s * x[j];
}

void add(const float* x, float* y, int n) noexcept {
  for (int j = 0; j < n; ++j) y[j] += x[j];
}

}  // namespace

// In kTile × kTile tiles: row by row, the writes land `rows` floats apart, and for a large matrix
// (a 4,096-word output layer's 4,096 × 128) each one misses the cache; a tile's reads and writes
// both stay within a few dozen lines.
void transpose(const float* a, int lda, int rows, int cols, float* t) noexcept {
  constexpr int kTile = 16;
  for (int r0 = 0; r0 < rows; r0 += kTile)
    for (int c0 = 0; c0 < cols; c0 += kTile)
      for (int r = r0; r < std::min(rows, r0 + kTile); ++r)
        for (int c = c0; c < std::min(cols, c0 + kTile); ++c)
          t[std::size_t(c) * rows + r] = a[std::size_t(r) * lda + c];
}

const Kernels& reference() {
  static const Kernels k{gemm, gemm_nt, gemm_acc, softmax, scaled_softmax, scale, add};
  return k;
}

}  // namespace headscope::kernels

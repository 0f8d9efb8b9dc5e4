// Plain float kernels: the loops good scalar code would use, with no vector types. They are the
// SIMD kernels in a WebAssembly build without SIMD128 (HEADSCOPE_WASM_SIMD=OFF), so npm run bench's
// wasm-scalar shows what SIMD buys over scalar code written for speed, not over the
// double-accumulating reference kernels.
#include <cmath>
#include <cstddef>

#include "kernels/kernels.hpp"

namespace headscope::kernels {

namespace {

// c = a · b + (acc ? c : bias), row by row in (i, p, j) order: each step streams a row of b into a
// row of c, both contiguous.
void gemm_into(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
               int n, const float* bias, bool acc) noexcept {
  for (int i = 0; i < m; ++i) {
    float* ci = c + std::size_t(i) * ldc;
    if (!acc)
      for (int j = 0; j < n; ++j) ci[j] = bias ? bias[j] : 0.0f;
    for (int p = 0; p < k; ++p) {
      const float aip = a[std::size_t(i) * lda + p];
      const float* bp = b + std::size_t(p) * ldb;
      for (int j = 0; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

void gemm(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k, int n,
          const float* bias) noexcept {
  gemm_into(a, lda, b, ldb, c, ldc, m, k, n, bias, false);
}

// c = a · bᵀ + bias: each entry a dot product of two contiguous rows.
void gemm_nt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
             int n, const float* bias) noexcept {
  for (int i = 0; i < m; ++i) {
    const float* ai = a + std::size_t(i) * lda;
    for (int j = 0; j < n; ++j) {
      const float* bj = b + std::size_t(j) * ldb;
      float sum = bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; ++p) sum += ai[p] * bj[p];
      c[std::size_t(i) * ldc + j] = sum;
    }
  }
}

void gemm_acc(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
              int n) noexcept {
  gemm_into(a, lda, b, ldb, c, ldc, m, k, n, nullptr, true);
}

RowStatus scaled_softmax(float* x, int n, float scale) noexcept {
  float max;
  if (const RowStatus status = row_max(x, n, max); status != RowStatus::kOk) return status;
  const float shift = -scale * max;
  float sum = 0.0f;
  for (int j = 0; j < n; ++j) {
    x[j] = std::exp(x[j] * scale + shift);
    sum += x[j];
  }
  const float inv = 1.0f / sum;  // sum >= 1: the max entry contributes exp(0)
  for (int j = 0; j < n; ++j) x[j] *= inv;
  return RowStatus::kOk;
}

RowStatus softmax(float* x, int n) noexcept {
  return scaled_softmax(x, n, 1.0f);
}

}  // namespace

const Kernels& plain() {
  // scale and add are the reference's: plain float loops already.
  static const Kernels k{gemm,           gemm_nt,           gemm_acc,       softmax,
                         scaled_softmax, reference().scale, reference().add};
  return k;
}

}  // namespace headscope::kernels

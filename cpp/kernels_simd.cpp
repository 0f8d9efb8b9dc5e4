// xsimd kernels. Each loop runs whole SIMD batches up to the last full one, then a scalar tail.
#include <cmath>
#include <limits>

#include "kernels.hpp"

// WebAssembly without SIMD128 (HEADSCOPE_WASM_SIMD=OFF) has no vector instructions, but xsimd
// still picks its wasm arch under Emscripten (whose intrinsics then fail to compile), so xsimd is
// left out and the SIMD kernels are the scalar ones.
#if defined(__EMSCRIPTEN__) && !defined(__wasm_simd128__)
namespace headscope::kernels {

const Kernels& simd() {
  return scalar();
}

const char* simd_arch_name() {
  return "scalar";
}

int simd_width() {
  return 1;
}

}  // namespace headscope::kernels

#else

#include <xsimd/xsimd.hpp>

namespace headscope::kernels {

namespace {

using batch = xsimd::batch<float>;
constexpr int W = static_cast<int>(batch::size);
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// A register block of the product: R rows of a times C batches of columns of b.
template <int R, int C>
void gemm_block(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int k,
                const float* bias) noexcept {
  batch acc[R][C];
  for (int cc = 0; cc < C; ++cc) {
    const batch init = bias ? batch::load_unaligned(bias + cc * W) : batch(0.0f);
    for (int r = 0; r < R; ++r) acc[r][cc] = init;
  }
  for (int p = 0; p < k; ++p) {
    batch bp[C];
    for (int cc = 0; cc < C; ++cc) bp[cc] = batch::load_unaligned(b + p * ldb + cc * W);
    for (int r = 0; r < R; ++r) {
      const batch ar(a[r * lda + p]);
      for (int cc = 0; cc < C; ++cc) acc[r][cc] = xsimd::fma(ar, bp[cc], acc[r][cc]);
    }
  }
  for (int r = 0; r < R; ++r)
    for (int cc = 0; cc < C; ++cc) acc[r][cc].store_unaligned(c + r * ldc + cc * W);
}

// Columns past the last full batch, one at a time.
template <int R>
void gemm_tail_columns(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int k,
                       int j0, int n, const float* bias) noexcept {
  for (int j = j0; j < n; ++j)
    for (int r = 0; r < R; ++r) {
      float sum = bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; ++p) sum += a[r * lda + p] * b[p * ldb + j];
      c[r * ldc + j] = sum;
    }
}

template <int R>
void gemm_rows(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int k, int n,
               const float* bias) noexcept {
  int j = 0;
  for (; j + 2 * W <= n; j += 2 * W)
    gemm_block<R, 2>(a, lda, b + j, ldb, c + j, ldc, k, bias ? bias + j : nullptr);
  for (; j + W <= n; j += W)
    gemm_block<R, 1>(a, lda, b + j, ldb, c + j, ldc, k, bias ? bias + j : nullptr);
  gemm_tail_columns<R>(a, lda, b, ldb, c, ldc, k, j, n, bias);
}

void gemm(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k, int n,
          const float* bias) noexcept {
  int i = 0;
  for (; i + 4 <= m; i += 4) gemm_rows<4>(a + i * lda, lda, b, ldb, c + i * ldc, ldc, k, n, bias);
  for (; i < m; ++i) gemm_rows<1>(a + i * lda, lda, b, ldb, c + i * ldc, ldc, k, n, bias);
}

RowStatus softmax(float* x, int n) noexcept {
  int j = 0;
  batch vmax(kNegInf);
  for (; j + W <= n; j += W) vmax = xsimd::max(vmax, batch::load_unaligned(x + j));
  float max = xsimd::reduce_max(vmax);
  for (; j < n; ++j) max = std::max(max, x[j]);
  if (max == kNegInf) {  // every entry masked, unless a NaN hid from the comparisons
    for (j = 0; j < n; ++j)
      if (std::isnan(x[j])) return RowStatus::kNotFinite;
    for (j = 0; j < n; ++j) x[j] = 0.0f;
    return RowStatus::kAllMasked;
  }
  if (!std::isfinite(max)) return RowStatus::kNotFinite;
  // exp(x - max) is in [0, 1]; a NaN anywhere in the row makes the sum NaN.
  const batch bmax(max);
  batch vsum(0.0f);
  for (j = 0; j + W <= n; j += W) {
    const batch e = xsimd::exp(batch::load_unaligned(x + j) - bmax);
    e.store_unaligned(x + j);
    vsum += e;
  }
  float sum = xsimd::reduce_add(vsum);
  for (; j < n; ++j) {
    x[j] = std::exp(x[j] - max);
    sum += x[j];
  }
  if (!std::isfinite(sum)) return RowStatus::kNotFinite;
  const float inv = 1.0f / sum;  // sum >= 1: the max entry contributes exp(0)
  const batch binv(inv);
  for (j = 0; j + W <= n; j += W) (batch::load_unaligned(x + j) * binv).store_unaligned(x + j);
  for (; j < n; ++j) x[j] *= inv;
  return RowStatus::kOk;
}

void scale(const float* x, float s, float* y, int n) noexcept {
  const batch bs(s);
  int j = 0;
  for (; j + W <= n; j += W) (batch::load_unaligned(x + j) * bs).store_unaligned(y + j);
  for (; j < n; ++j) y[j] = s * x[j];
}

void add(const float* x, float* y, int n) noexcept {
  int j = 0;
  for (; j + W <= n; j += W)
    (batch::load_unaligned(y + j) + batch::load_unaligned(x + j)).store_unaligned(y + j);
  for (; j < n; ++j) y[j] += x[j];
}

}  // namespace

const Kernels& simd() {
  static const Kernels k{gemm, softmax, scale, add};
  return k;
}

const char* simd_arch_name() {
  return xsimd::default_arch::name();
}

int simd_width() {
  return W;
}

}  // namespace headscope::kernels

#endif  // WebAssembly without SIMD128

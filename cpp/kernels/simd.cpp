// xsimd kernels. Each loop runs whole SIMD batches up to the last full one, then a scalar tail.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "base/parallel.hpp"
#include "kernels/kernels.hpp"

// WebAssembly without SIMD128 (HEADSCOPE_WASM_SIMD=OFF) has no vector instructions, but xsimd
// still picks its wasm arch under Emscripten (whose intrinsics then fail to compile), so xsimd is
// left out and the SIMD kernels are the plain float ones.
#if defined(__EMSCRIPTEN__) && !defined(__wasm_simd128__)
namespace headscope::kernels {

const Kernels& simd() {
  return plain();
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

// gemm works on panels of b: kPanel batches of columns (kPanel·W floats) packed contiguously,
// row after row, so the inner loop streams one buffer instead of k strided rows of b (packing
// costs k · kPanel·W copies against m · k · kPanel·W multiply-adds). Each panel is swept by blocks
// of kRows rows of a, kRows × kPanel accumulators, the block size measured fastest per target:
// - wasm: 4 × 2. SIMD128 has no fused multiply-add, so every xsimd::fma is a multiply and an add,
//   and 12-accumulator blocks (4 × 3, 3 × 4, 6 × 2) need more than the 15 SIMD registers V8
//   allocates on x64 and spill in the inner loop (28–39 GFLOP/s against 46–48 for 4 × 2).
// - native: 3 × 4. 12 independent add chains hide more of the add latency than 8, and the compiler
//   keeps them and the 4 panel values in the 16 registers of SSE (about +7% over 4 × 2).
#ifdef __EMSCRIPTEN__
constexpr int kRows = 4;
constexpr int kPanel = 2;
#else
constexpr int kRows = 3;
constexpr int kPanel = 4;
#endif

// The packed panel of the gemm in progress; grows to the largest k · kPanel·W seen, so the hot
// path does not allocate once the sizes repeat.
HEADSCOPE_THREAD_LOCAL std::vector<batch> t_panel;

// gemm_nt runs the same blocks on b's transpose, b[n, k] (a Linear layer's [out, in] weight): only
// the packing differs, gathering each panel row from C·W rows of b, so no transposed copy of b is
// made. Copying a 4,096 × 128 output layer's weight transposed before every forward took half of
// the English encoder's run in wasm; the panel gathers read C·W rows of k floats, a few KiB that
// stay in the cache.

// Where columns from j on start: b + j, or with kTransposed (b holds the columns as rows)
// b + j·ldb.
template <bool kTransposed>
const float* columns_from(const float* b, int ldb, int j) noexcept {
  return kTransposed ? b + std::size_t(j) * ldb : b + j;
}

// panel [k, C batches] = b[0, k; 0, C·W), or with kTransposed b[0, C·W; 0, k]ᵀ: row p at
// panel + p·C.
template <int C, bool kTransposed>
void pack_panel(const float* b, int ldb, int k, batch* panel) noexcept {
  if constexpr (kTransposed) {
    alignas(64) float row[C * W];
    for (int p = 0; p < k; ++p) {
      for (int j = 0; j < C * W; ++j) row[j] = b[std::size_t(j) * ldb + p];
      for (int cc = 0; cc < C; ++cc) panel[p * C + cc] = batch::load_unaligned(row + cc * W);
    }
  } else {
    for (int p = 0; p < k; ++p)
      for (int cc = 0; cc < C; ++cc)
        panel[p * C + cc] = batch::load_unaligned(b + p * ldb + cc * W);
  }
}

// c[R rows, C·W columns] = a[R rows, k] · panel[k, C batches] + (acc ? c : bias).
template <int R, int C>
void gemm_block(const float* a, int lda, const batch* panel, float* c, int ldc, int k,
                const float* bias, bool acc) noexcept {
  batch sum[R][C];
  for (int cc = 0; cc < C; ++cc) {
    const batch init = bias ? batch::load_unaligned(bias + cc * W) : batch(0.0f);
    for (int r = 0; r < R; ++r)
      sum[r][cc] = acc ? batch::load_unaligned(c + r * ldc + cc * W) : init;
  }
  for (int p = 0; p < k; ++p, panel += C) {
    for (int r = 0; r < R; ++r) {
      const batch ar(a[r * lda + p]);
      for (int cc = 0; cc < C; ++cc) sum[r][cc] = xsimd::fma(ar, panel[cc], sum[r][cc]);
    }
  }
  for (int r = 0; r < R; ++r)
    for (int cc = 0; cc < C; ++cc) sum[r][cc].store_unaligned(c + r * ldc + cc * W);
}

// The last m rows (m ≤ R) of a against a panel, as one block of that many rows.
template <int R, int C>
void gemm_row_tail(const float* a, int lda, const batch* panel, float* c, int ldc, int m, int k,
                   const float* bias, bool acc) noexcept {
  if constexpr (R > 0) {
    if (m == R)
      gemm_block<R, C>(a, lda, panel, c, ldc, k, bias, acc);
    else
      gemm_row_tail<R - 1, C>(a, lda, panel, c, ldc, m, k, bias, acc);
  }
}

// Every row of a against one panel of C batches of columns of b and c: whole blocks of kRows
// rows, then the m % kRows rows left as one smaller block.
template <int C, bool kTransposed>
void gemm_panel(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
                const float* bias, bool acc) noexcept {
  batch* panel = t_panel.data();
  pack_panel<C, kTransposed>(b, ldb, k, panel);
  int i = 0;
  for (; i + kRows <= m; i += kRows)
    gemm_block<kRows, C>(a + i * lda, lda, panel, c + i * ldc, ldc, k, bias, acc);
  gemm_row_tail<kRows - 1, C>(a + i * lda, lda, panel, c + i * ldc, ldc, m - i, k, bias, acc);
}

// The last n batches (n ≤ C) of columns of b and c, as one narrower panel.
template <int C, bool kTransposed>
void gemm_batch_tail(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m,
                     int k, int n, const float* bias, bool acc) noexcept {
  if constexpr (C > 0) {
    if (n == C)
      gemm_panel<C, kTransposed>(a, lda, b, ldb, c, ldc, m, k, bias, acc);
    else
      gemm_batch_tail<C - 1, kTransposed>(a, lda, b, ldb, c, ldc, m, k, n, bias, acc);
  }
}

// Columns past the last full batch, one at a time.
template <bool kTransposed>
void gemm_tail_columns(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m,
                       int k, int j0, int n, const float* bias, bool acc) noexcept {
  for (int i = 0; i < m; ++i)
    for (int j = j0; j < n; ++j) {
      float sum = acc ? c[i * ldc + j] : bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; ++p)
        sum += a[i * lda + p] * (kTransposed ? b[j * ldb + p] : b[p * ldb + j]);
      c[i * ldc + j] = sum;
    }
}

// c = a · b + (acc ? c : bias), or a · bᵀ with kTransposed: gemm, gemm_acc and gemm_nt.
template <bool kTransposed>
void gemm_into(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
               int n, const float* bias, bool acc) noexcept {
  if (m <= 0 || n <= 0) return;
  const std::size_t panel_size = std::size_t(std::max(k, 1)) * kPanel;
  if (t_panel.size() < panel_size) t_panel.resize(panel_size);
  // Whole panels, then the last 1 to kPanel - 1 batches as one narrower panel.
  int j = 0;
  for (; j + kPanel * W <= n; j += kPanel * W)
    gemm_panel<kPanel, kTransposed>(a, lda, columns_from<kTransposed>(b, ldb, j), ldb, c + j, ldc,
                                    m, k, bias ? bias + j : nullptr, acc);
  const int batches = (n - j) / W;
  gemm_batch_tail<kPanel - 1, kTransposed>(a, lda, columns_from<kTransposed>(b, ldb, j), ldb, c + j,
                                           ldc, m, k, batches, bias ? bias + j : nullptr, acc);
  j += batches * W;
  gemm_tail_columns<kTransposed>(a, lda, b, ldb, c, ldc, m, k, j, n, bias, acc);
}

// e^x for softmax's x - max: x ≤ 0, -inf (masked, gives 0) or NaN (stays NaN). Cephes' expf, about
// 1 ulp: e^x = 2^n · e^r with n = round(x / ln 2), |r| ≤ ln(2) / 2 and e^r a polynomial. n comes
// from adding 1.5 · 2^23, which leaves round(x / ln 2) in the low mantissa bits, so it needs no
// rounding or float-to-int conversion (each several instructions in V8); this and skipping the
// overflow checks xsimd::exp makes for x > 0 take a quarter off its time in wasm. Below
// ln(2^-126) the result is flushed to 0, where 2^n would leave the exponent's range; e^x is then
// under 1.2e-38, nothing next to the row maximum's e^0 = 1 in the sum.
// Always inlined: GCC otherwise keeps it a call per batch (about a tenth of a forward at t = 64).
[[gnu::always_inline]] inline batch exp_nonpositive(batch x) noexcept {
  const batch magic(12582912.0f);                                           // 1.5 · 2^23
  const batch shifted = xsimd::fma(x, batch(1.44269504088896341f), magic);  // magic + x / ln 2
  const batch n = shifted - magic;                                          // exact for x ≥ -2^21
  // r = x - n · ln 2, with ln 2 split so that n · 0.693359375 is exact.
  batch r = xsimd::fnma(n, batch(0.693359375f), x);
  r = xsimd::fnma(n, batch(-2.12194440e-4f), r);
  batch p(1.9875691500e-4f);
  p = xsimd::fma(p, r, batch(1.3981999507e-3f));
  p = xsimd::fma(p, r, batch(8.3334519073e-3f));
  p = xsimd::fma(p, r, batch(4.1665795894e-2f));
  p = xsimd::fma(p, r, batch(1.6666665459e-1f));
  p = xsimd::fma(p, r, batch(5.0000001201e-1f));
  const batch e_r = xsimd::fma(p, r * r, r + batch(1.0f));
  // 2^n: the low bits of shifted are 0x400000 + n; n + 127 goes in the exponent field.
  const auto two_n = (xsimd::bitwise_cast<std::int32_t>(shifted) - (0x4B400000 - 127)) << 23;
  const batch y = e_r * xsimd::bitwise_cast<float>(two_n);
  return xsimd::select(x < batch(-87.3365447504f), batch(0.0f), y);  // ln(2^-126)
}

// The row max m of x, then e^(scale · x - scale · m) as one fused multiply-add per entry: with
// scale = 1 that is exactly x - m, as an unscaled softmax computes it.
RowStatus scaled_softmax(float* x, int n, float scale) noexcept {
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
  // exp(scale · (x - max)) is in [0, 1]; a NaN anywhere in the row makes the sum NaN.
  const float shift = -scale * max;
  const batch bscale(scale), bshift(shift);
  batch vsum(0.0f);
  for (j = 0; j + W <= n; j += W) {
    const batch e = exp_nonpositive(xsimd::fma(batch::load_unaligned(x + j), bscale, bshift));
    e.store_unaligned(x + j);
    vsum += e;
  }
  float sum = xsimd::reduce_add(vsum);
  for (; j < n; ++j) {
    x[j] = std::exp(x[j] * scale + shift);
    sum += x[j];
  }
  if (!std::isfinite(sum)) return RowStatus::kNotFinite;
  const float inv = 1.0f / sum;  // sum >= 1: the max entry contributes exp(0)
  const batch binv(inv);
  for (j = 0; j + W <= n; j += W) (batch::load_unaligned(x + j) * binv).store_unaligned(x + j);
  for (; j < n; ++j) x[j] *= inv;
  return RowStatus::kOk;
}

RowStatus softmax(float* x, int n) noexcept {
  return scaled_softmax(x, n, 1.0f);
}

void gemm(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k, int n,
          const float* bias) noexcept {
  gemm_into<false>(a, lda, b, ldb, c, ldc, m, k, n, bias, false);
}

void gemm_nt(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
             int n, const float* bias) noexcept {
  gemm_into<true>(a, lda, b, ldb, c, ldc, m, k, n, bias, false);
}

void gemm_acc(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
              int n) noexcept {
  gemm_into<false>(a, lda, b, ldb, c, ldc, m, k, n, nullptr, true);
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
  static const Kernels k{gemm, gemm_nt, gemm_acc, softmax, scaled_softmax, scale, add};
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

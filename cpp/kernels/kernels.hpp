// The numeric kernels behind attention, in interchangeable sets: `simd()` written with xsimd
// (SSE/AVX natively, SIMD128 in WebAssembly), `reference()`, the plainest loops accumulating in
// double, kept as the reference the tests compare against, and `plain()`, fast float loops with no
// vector types (simd() in WebAssembly without SIMD128). All are leaf functions that never throw.
#pragma once

namespace headscope::kernels {

enum class RowStatus { kOk, kAllMasked, kNotFinite };

struct Kernels {
  // c[m, n] = a[m, k] · b[k, n] + bias[n]; bias may be null. ld* are row strides in floats.
  void (*gemm)(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
               int n, const float* bias) noexcept;
  // c[m, n] = a[m, k] · b[n, k]ᵀ + bias[n]: b's rows are c's columns, as a Linear layer's
  // [out, in] weight is, so y = x · Wᵀ needs no transposed copy of W.
  void (*gemm_nt)(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m, int k,
                  int n, const float* bias) noexcept;
  // c[m, n] += a[m, k] · b[k, n]: gradients that accumulate.
  void (*gemm_acc)(const float* a, int lda, const float* b, int ldb, float* c, int ldc, int m,
                   int k, int n) noexcept;
  // In place: x[0, n) = softmax(x), subtracting the row max first. Entries equal to -inf are
  // masked and get 0. A row masked entirely becomes all zeros (kAllMasked); a row holding +inf
  // or NaN is reported as kNotFinite (its contents are then unspecified).
  RowStatus (*softmax)(float* x, int n) noexcept;
  // In place: x[0, n) = softmax(scale · x), scale > 0 and finite, in one pass over the row less
  // than scaling first (softmax(x) is the case scale = 1, with identical results). The same
  // masking and statuses as softmax.
  RowStatus (*scaled_softmax)(float* x, int n, float scale) noexcept;
  // y[0, n) = s * x[0, n); y may equal x.
  void (*scale)(const float* x, float s, float* y, int n) noexcept;
  // y[0, n) += x[0, n).
  void (*add)(const float* x, float* y, int n) noexcept;
};

const Kernels& simd();
const Kernels& reference();
const Kernels& plain();

// A softmax row's first pass, shared by the reference() and plain() kernels: `max` gets the largest
// entry (kOk), unless the row holds a NaN or +inf (kNotFinite) or is masked entirely (every entry
// -inf: kAllMasked, the row then zeroed).
RowStatus row_max(float* x, int n, float& max) noexcept;

// t[cols, rows] = a[rows, cols]ᵀ, a's rows lda floats apart: the layout change that turns the
// aᵀ · b products of a backward pass into gemm's a · b.
void transpose(const float* a, int lda, int rows, int cols, float* t) noexcept;

// The instruction set the SIMD kernels were compiled for, e.g. "sse4.2", "avx2", "wasm"; "scalar"
// in a wasm build without SIMD128 (HEADSCOPE_WASM_SIMD=OFF), where simd() is plain().
const char* simd_arch_name();
// Floats per SIMD register on that instruction set.
int simd_width();

}  // namespace headscope::kernels

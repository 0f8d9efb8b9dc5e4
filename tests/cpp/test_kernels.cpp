// The SIMD and plain kernels against the reference kernels, at sizes that leave tails.
#include <algorithm>
#include <limits>

#include "helpers.hpp"
#include "kernels/kernels.hpp"

namespace headscope::test {
namespace {

using kernels::RowStatus;
const int kSizes[] = {1, 3, 5, 17, 64, 197};

TEST(Kernels, ReportsArch) {
  EXPECT_GT(kernels::simd_width(), 1)
      << "xsimd fell back to scalar arch " << kernels::simd_arch_name();
#ifdef __EMSCRIPTEN__
  EXPECT_STREQ(kernels::simd_arch_name(), "wasm");
#endif
}

// `kernels`' gemm against the reference, with and without a bias, on random a and b with padded
// strides (lda, ldb, ldc) that the kernels must honour. c starts at -7, and the padding between
// its rows must stay so: no block writes past its columns.
void expect_gemm_matches(const kernels::Kernels& kernels, int m, int k, int n, int lda, int ldb,
                         int ldc, unsigned seed_a, unsigned seed_b, unsigned seed_bias) {
  const auto a = random_vector(std::size_t(m) * lda, seed_a);
  const auto b = random_vector(std::size_t(std::max(k, 1)) * ldb, seed_b);
  const auto bias = random_vector(n, seed_bias);
  for (const float* bias_ptr : {static_cast<const float*>(nullptr), bias.data()}) {
    std::vector<float> c(std::size_t(m) * ldc, -7.0f), c_ref = c;
    kernels.gemm(a.data(), lda, b.data(), ldb, c.data(), ldc, m, k, n, bias_ptr);
    kernels::reference().gemm(a.data(), lda, b.data(), ldb, c_ref.data(), ldc, m, k, n, bias_ptr);
    ASSERT_TRUE(all_near(c, c_ref, 1e-5)) << m << "x" << k << "x" << n;
  }
}

// The SIMD kernels, and the plain ones (simd() in wasm without SIMD128).
const kernels::Kernels* const kFast[] = {&kernels::simd(), &kernels::plain()};

TEST(Kernels, GemmMatchesScalarOnOddSizes) {
  for (const auto* fast : kFast)
    for (int m : kSizes)
      for (int k : {1, 3, 17, 64})
        for (int n : kSizes)
          expect_gemm_matches(*fast, m, k, n, k + 2, n + 3, n + 1, 11 + m, 13 + n, 17);
}

// Every register block and tail of the SIMD gemm: rows 1–9 cover each remainder of the row blocks
// (4 rows in wasm, 3 natively), columns 1–41 each count of whole panels (2 or 4 batches), of
// leftover batches in a narrower panel and of leftover columns, for SIMD widths 4 and 8; k = 0
// leaves the bias alone, and the growing k regrows the packing buffer.
TEST(Kernels, GemmMatchesScalarInEveryBlockTail) {
  for (const auto* fast : kFast)
    for (int k : {0, 1, 2, 7, 33, 130})
      for (int m = 1; m <= 9; ++m)
        for (int n = 1; n <= 41; ++n)
          expect_gemm_matches(*fast, m, k, n, k + 1, n + 2, n + 3, 19 + m, 23 + n, 29);
}

// c += a · b through every block and tail (SIMD and plain), against the reference kernels and
// against gemm into a buffer added afterwards; rows of c between the columns keep their values.
TEST(Kernels, GemmAccMatchesScalarInEveryBlockTail) {
  for (const auto* fast : kFast)
    for (int k : {0, 1, 5, 33})
      for (int m = 1; m <= 9; ++m)
        for (int n = 1; n <= 41; n += 2) {
          const int lda = k + 1, ldb = n + 2, ldc = n + 3;
          const auto a = random_vector(std::size_t(m) * lda, 31 + m);
          const auto b = random_vector(std::size_t(std::max(k, 1)) * ldb, 37 + n);
          const auto c0 = random_vector(std::size_t(m) * ldc, 41);
          std::vector<float> c_fast = c0, c_ref = c0, product(std::size_t(m) * ldc, 0.0f);
          fast->gemm_acc(a.data(), lda, b.data(), ldb, c_fast.data(), ldc, m, k, n);
          kernels::reference().gemm_acc(a.data(), lda, b.data(), ldb, c_ref.data(), ldc, m, k, n);
          ASSERT_TRUE(all_near(c_fast, c_ref, 1e-5)) << m << "x" << k << "x" << n;
          kernels::reference().gemm(a.data(), lda, b.data(), ldb, product.data(), ldc, m, k, n,
                                    nullptr);
          for (int i = 0; i < m; ++i)
            for (int j = 0; j < ldc; ++j) {
              const std::size_t at = std::size_t(i) * ldc + j;
              const float want = j < n ? c0[at] + product[at] : c0[at];
              ASSERT_NEAR(c_ref[at], want, 1e-5) << m << "x" << k << "x" << n;
            }
        }
}

// c = a · bᵀ (b [n, k], rows ldb apart) through every block and tail of each set, the reference's
// own gemm_nt included, against the reference gemm on bᵀ written out element by element here.
TEST(Kernels, GemmNtMatchesGemmOnTheTransposeInEveryBlockTail) {
  for (const auto* kernels : {&kernels::simd(), &kernels::plain(), &kernels::reference()})
    for (int k : {0, 1, 2, 7, 33, 130})
      for (int m = 1; m <= 9; ++m)
        for (int n = 1; n <= 41; n += (k > 33 ? 4 : 1)) {
          const int lda = k + 1, ldb = k + 2, ldc = n + 3;
          const auto a = random_vector(std::size_t(m) * lda, 43 + m);
          const auto b = random_vector(std::size_t(n) * ldb, 47 + n);
          const auto bias = random_vector(n, 53);
          std::vector<float> b_t(std::size_t(std::max(k, 1)) * n);
          for (int j = 0; j < n; ++j)
            for (int p = 0; p < k; ++p) b_t[std::size_t(p) * n + j] = b[std::size_t(j) * ldb + p];
          for (const float* bias_ptr : {static_cast<const float*>(nullptr), bias.data()}) {
            std::vector<float> c(std::size_t(m) * ldc, -7.0f), c_ref = c;
            kernels->gemm_nt(a.data(), lda, b.data(), ldb, c.data(), ldc, m, k, n, bias_ptr);
            kernels::reference().gemm(a.data(), lda, b_t.data(), n, c_ref.data(), ldc, m, k, n,
                                      bias_ptr);
            ASSERT_TRUE(all_near(c, c_ref, 1e-5)) << m << "x" << k << "x" << n;
          }
        }
}

// Tiles of 16: sizes below, at and across a tile, with a padded stride.
TEST(Kernels, TransposeMatchesTheDefinitionAcrossTiles) {
  for (int rows : {1, 15, 16, 17, 40})
    for (int cols : {1, 16, 33}) {
      const int lda = cols + 3;
      const auto a = random_vector(std::size_t(rows) * lda, 59);
      std::vector<float> t(std::size_t(rows) * cols);
      kernels::transpose(a.data(), lda, rows, cols, t.data());
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
          ASSERT_EQ(t[std::size_t(c) * rows + r], a[std::size_t(r) * lda + c]) << r << "," << c;
    }
}

TEST(Kernels, TransposeHonoursTheStride) {
  const float a[] = {1, 2, 3, -1, 4, 5, 6, -1};  // [2, 3], rows 4 apart
  float t[6];
  kernels::transpose(a, 4, 2, 3, t);
  const float want[] = {1, 4, 2, 5, 3, 6};  // [3, 2]
  for (int i = 0; i < 6; ++i) EXPECT_EQ(t[i], want[i]) << i;
}

TEST(Kernels, GemmHandComputed) {
  const float a[] = {1, 2, 3, 4};  // [2, 2]
  const float b[] = {5, 6, 7, 8};  // [2, 2]
  const float bias[] = {0.5f, -1};
  for (const auto* k : {&kernels::simd(), &kernels::reference(), &kernels::plain()}) {
    float c[4];
    k->gemm(a, 2, b, 2, c, 2, 2, 2, 2, bias);
    EXPECT_FLOAT_EQ(c[0], 19.5f);  // 1*5 + 2*7 + 0.5
    EXPECT_FLOAT_EQ(c[1], 21.0f);  // 1*6 + 2*8 - 1
    EXPECT_FLOAT_EQ(c[2], 43.5f);  // 3*5 + 4*7 + 0.5
    EXPECT_FLOAT_EQ(c[3], 49.0f);  // 3*6 + 4*8 - 1
  }
}

TEST(Kernels, SoftmaxMatchesScalarWithMasks) {
  const float inf = std::numeric_limits<float>::infinity();
  for (int n : kSizes) {
    auto x = random_vector(n, 5 + n, 8.0f);
    for (int j = 1; j < n; j += 3) x[j] = -inf;  // masked entries
    auto ref = x;
    EXPECT_EQ(kernels::simd().softmax(x.data(), n), RowStatus::kOk);
    EXPECT_EQ(kernels::reference().softmax(ref.data(), n), RowStatus::kOk);
    EXPECT_TRUE(all_near(x, ref, 1e-6)) << n;
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      sum += x[j];
      if (j % 3 == 1) EXPECT_EQ(x[j], 0.0f);
    }
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
}

// The SIMD softmax's own exp across its whole range: x - max from 0 down past ln(2^-126) ≈ -87.3,
// where it flushes to 0, in every lane and in the scalar tail.
TEST(Kernels, SoftmaxMatchesScalarOverTheExpRange) {
  for (int n : {1, 3, 5, 17, 64, 197, 401}) {
    std::vector<float> x(n);
    for (int j = 0; j < n; ++j) x[j] = 3.0f - 95.0f * float(j) / float(n) + 0.37f * float(j % 7);
    auto ref = x;
    EXPECT_EQ(kernels::simd().softmax(x.data(), n), RowStatus::kOk);
    EXPECT_EQ(kernels::reference().softmax(ref.data(), n), RowStatus::kOk);
    EXPECT_TRUE(all_near(x, ref, 1e-6)) << n;
    for (int j = 0; j < n; ++j) EXPECT_GE(x[j], 0.0f) << n << " " << j;
  }
  // Relative accuracy where e^x is tiny but not flushed: a row of two entries, 80 apart.
  for (const float gap : {1.0f, 10.0f, 40.0f, 80.0f, 87.0f}) {
    float x[8] = {0, -gap, -gap, -gap, -gap, -gap, -gap, -gap};
    float ref[8];
    std::copy(x, x + 8, ref);
    kernels::simd().softmax(x, 8);
    kernels::reference().softmax(ref, 8);
    for (int j = 0; j < 8; ++j) EXPECT_NEAR(x[j], ref[j], 4e-7 * ref[j]) << gap << " " << j;
  }
}

// softmax(scale · x) in one pass against the reference kernels, and against scaling first; scale 1
// is the plain softmax, bit for bit.
TEST(Kernels, ScaledSoftmaxMatchesScalar) {
  const float inf = std::numeric_limits<float>::infinity();
  for (const auto* fast : kFast)
    for (int n : kSizes)
      for (const float scale : {0.125f, 0.5f, 1.0f, 3.0f}) {
        auto x = random_vector(n, 9 + n, 12.0f);
        for (int j = 2; j < n; j += 4) x[j] = -inf;
        auto ref = x, scaled_first = x, unscaled = x;
        for (float& v : scaled_first) v *= scale;
        EXPECT_EQ(fast->scaled_softmax(x.data(), n, scale), RowStatus::kOk);
        EXPECT_EQ(kernels::reference().scaled_softmax(ref.data(), n, scale), RowStatus::kOk);
        EXPECT_EQ(kernels::reference().softmax(scaled_first.data(), n), RowStatus::kOk);
        EXPECT_TRUE(all_near(x, ref, 1e-6)) << n << " " << scale;
        EXPECT_TRUE(all_near(ref, scaled_first, 1e-6)) << n << " " << scale;
        if (scale == 1.0f) {
          EXPECT_EQ(fast->softmax(unscaled.data(), n), RowStatus::kOk);
          EXPECT_EQ(unscaled, x) << n;
        }
      }
}

TEST(Kernels, SoftmaxAllMaskedGivesZeros) {
  for (const auto* k : {&kernels::simd(), &kernels::reference(), &kernels::plain()})
    for (int n : kSizes) {
      std::vector<float> x(n, -std::numeric_limits<float>::infinity());
      EXPECT_EQ(k->softmax(x.data(), n), RowStatus::kAllMasked);
      for (float v : x) EXPECT_EQ(v, 0.0f);
    }
}

TEST(Kernels, SoftmaxLargeLogitsStayFinite) {
  for (const auto* k : {&kernels::simd(), &kernels::reference(), &kernels::plain()})
    for (int n : kSizes) {
      std::vector<float> x(n, -1e4f);
      x[n / 2] = 1e4f;
      EXPECT_EQ(k->softmax(x.data(), n), RowStatus::kOk);
      for (int j = 0; j < n; ++j) EXPECT_EQ(x[j], j == n / 2 ? 1.0f : 0.0f);
    }
}

TEST(Kernels, SoftmaxReportsNonFinite) {
  for (const auto* k : {&kernels::simd(), &kernels::reference(), &kernels::plain()})
    for (int n : kSizes) {
      for (float bad : {NAN, std::numeric_limits<float>::infinity()}) {
        std::vector<float> x(n, 0.5f);
        x[n - 1] = bad;
        EXPECT_EQ(k->softmax(x.data(), n), RowStatus::kNotFinite) << n << " " << bad;
      }
    }
}

TEST(Kernels, ScaleAndAddMatchScalar) {
  for (int n : kSizes) {
    const auto x = random_vector(n, 3);
    auto y_simd = random_vector(n, 4), y_ref = y_simd;
    kernels::simd().add(x.data(), y_simd.data(), n);
    kernels::reference().add(x.data(), y_ref.data(), n);
    EXPECT_TRUE(all_near(y_simd, y_ref, 0));
    kernels::simd().scale(x.data(), -2.5f, y_simd.data(), n);
    kernels::reference().scale(x.data(), -2.5f, y_ref.data(), n);
    EXPECT_TRUE(all_near(y_simd, y_ref, 0));
  }
}

}  // namespace
}  // namespace headscope::test

// Numerics and input checks: large logits, tiny sizes, overflow and non-finite input.
#include <limits>

#include "helpers.hpp"

namespace headscope::test {
namespace {

TEST(Numerics, LargeLogitsStayFinite) {
  // Identity projections and no scaling: scores = x xᵀ; x = 100·e_i gives logits of 1e4.
  AttentionConfig c;
  c.d_model = 3;
  c.num_heads = 1;
  c.bias = false;
  c.scale_scores = false;
  MultiHeadAttention mha(c);
  const std::vector<float> eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  mha.set_weights({eye, eye, eye, eye, {}, {}, {}, {}});
  const std::vector<float> x = {100, 0, 0, 0, 100, 0, 0, 0, 100};
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3;
  for (Backend b : {Backend::kSimd, Backend::kReference}) {
    const AttentionResult r = mha.forward(in, b);
    EXPECT_FLOAT_EQ(r.logits[0], 1e4f);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_EQ(r.attention[i * 3 + j], i == j ? 1.0f : 0.0f);
    EXPECT_TRUE(all_near(r.output, x, 1e-6));
  }
}

TEST(Numerics, EveryLengthAndWidthFromOne) {
  for (int hd : {1, 2, 3, 5, 17})
    for (int t : {1, 2, 3, 5}) {
      AttentionConfig c;
      c.d_model = 2 * hd;
      c.num_heads = 2;
      MultiHeadAttention mha(c);
      mha.set_weights(random_weights(mha.config(), hd));
      const auto x = random_vector(std::size_t(t) * c.d_model, t);
      ForwardInput in;
      in.x_q = x;
      in.t_q = t;
      const AttentionResult r = mha.forward(in);
      EXPECT_TRUE(
          all_near(r.output, reference_forward(mha.config(), mha.weights(), x, t).output, 5e-5))
          << "hd=" << hd << " t=" << t;
    }
}

TEST(Numerics, OverflowIsAnErrorNotNaN) {
  AttentionConfig c;
  c.d_model = 2;
  c.num_heads = 1;
  c.bias = false;
  MultiHeadAttention mha(c);
  const std::vector<float> big = {1e20f, 0, 0, 1e20f};
  mha.set_weights({big, big, big, big, {}, {}, {}, {}});
  const std::vector<float> x = {1e10f, 1e10f, 1e10f, 1e10f};
  ForwardInput in;
  in.x_q = x;
  in.t_q = 2;
  const std::string message = error_message([&] { mha.forward(in); });
  EXPECT_NE(message.find("not finite; inputs or weights are too large"), std::string::npos)
      << message;
  // output(), the output-only forward, reports the same, checked after its (threaded) join.
  std::vector<float> out;
  EXPECT_EQ(error_message([&] { mha.output(in, out); }), message);
  EXPECT_EQ(message,
            "attention logits of head 0, query 0 are not finite; inputs or weights are too large");
}

TEST(Numerics, InputChecks) {
  AttentionConfig c;
  c.d_model = 4;
  c.num_heads = 2;
  MultiHeadAttention mha(c);
  std::vector<float> x(15, 0.5f);
  ForwardInput in;
  in.x_q = x;
  in.t_q = 4;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "x_q has 15 values, expected t_q 4 x d_model 4 = 16");
  in.t_q = 0;
  EXPECT_EQ(error_message([&] { mha.forward(in); }), "t_q 0 must be at least 1");
  x.assign(16, 0.5f);
  x[3] = std::numeric_limits<float>::quiet_NaN();
  in.x_q = x;
  in.t_q = 4;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "x_q[3] is nan; inputs must be finite numbers");
  x[3] = 0.5f;
  const std::vector<float> kv(7, std::numeric_limits<float>::infinity());
  in.x_kv = kv;
  in.t_k = 2;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "x_kv has 7 values, expected t_k 2 x d_model 4 = 8");
}

TEST(Numerics, SizeLimit) {
  AttentionConfig c;
  c.d_model = 8;
  c.num_heads = 8;
  MultiHeadAttention mha(c);
  const std::vector<float> x(std::size_t(3000) * 8, 0.1f);
  ForwardInput in;
  in.x_q = x;
  in.t_q = 3000;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "num_heads 8 x t_q 3000 x t_k 3000 = 72000000 attention entries exceed the limit of "
            "33554432");
}

// Found by review while fuzzing (fuzz_config runs natively, where size_t has 64 bits): the
// entry count was a size_t product, and in wasm (32 bits) 512 heads x 4096 x 4096 wrapped to 0,
// passed the limit, and the forward wrote past its empty tensors. ctest-wasm runs this too.
TEST(Numerics, SizeLimitHoldsWhenTheCountExceeds32Bits) {
  AttentionConfig c;
  c.d_model = 1;
  c.num_heads = 512;
  c.head_dim = 1;
  MultiHeadAttention mha(c, Init::kZeros);
  const std::vector<float> x(4096, 0.1f);
  ForwardInput in;
  in.x_q = x;
  in.t_q = 4096;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "num_heads 512 x t_q 4096 x t_k 4096 = 8589934592 attention entries exceed the limit "
            "of 33554432");
}

// Found with the test above: within the entry limit, one key and 65536 queries for 512 heads of
// head_dim 4096 asked for 2^37 values of q (512 GiB; in wasm, wrapped to 32).
TEST(Numerics, ResultSizeLimit) {
  AttentionConfig c;
  c.d_model = 1;
  c.num_heads = 512;
  c.head_dim = 4096;
  MultiHeadAttention mha(c, Init::kZeros);
  const std::vector<float> x_q(65536, 0.1f), x_kv(1, 0.2f);
  ForwardInput in;
  in.x_q = x_q;
  in.t_q = 65536;
  in.x_kv = x_kv;
  in.t_k = 1;
  EXPECT_EQ(error_message([&] { mha.forward(in); }),
            "a forward of num_heads 512, head_dim 4096, d_model 1, t_q 65536 and t_k 1 would "
            "produce 412455337984 values, more than the limit of 134217728");
}

}  // namespace
}  // namespace headscope::test

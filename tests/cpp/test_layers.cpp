// The layers' backward passes against central finite differences of double-precision forwards
// written here from the definitions (sharing no code with layers.cpp), for t in {1, 3, 5} and
// dim in {3, 5, 17}; gradient accumulation; hand-computed LayerNorm and GELU values; names,
// initialisation and errors.
#include <functional>

#include "helpers.hpp"
#include "nn/layers.hpp"

namespace headscope::test {
namespace {

using Vec = std::vector<double>;

const int kTs[] = {1, 3, 5};
const int kDims[] = {3, 5, 17};

Vec to_double(const std::vector<float>& v) {
  return Vec(v.begin(), v.end());
}

double dot(const std::vector<float>& g, const Vec& y) {
  double s = 0;
  for (std::size_t i = 0; i < g.size(); ++i) s += g[i] * y[i];
  return s;
}

// --- double references: x [t, in] --------------------------------------------------------------

Vec linear_ref(const Vec& x, int t, int in, int out, const Vec& w, const Vec& b) {
  Vec y(std::size_t(t) * out);
  for (int i = 0; i < t; ++i)
    for (int o = 0; o < out; ++o) {
      double s = b.empty() ? 0.0 : b[o];
      for (int m = 0; m < in; ++m) s += x[i * in + m] * w[o * in + m];
      y[i * out + o] = s;
    }
  return y;
}

Vec layernorm_ref(const Vec& x, int t, int d, const Vec& gamma, const Vec& beta) {
  Vec y(x.size());
  for (int i = 0; i < t; ++i) {
    double mean = 0, var = 0;
    for (int m = 0; m < d; ++m) mean += x[i * d + m] / d;
    for (int m = 0; m < d; ++m) var += (x[i * d + m] - mean) * (x[i * d + m] - mean) / d;
    for (int m = 0; m < d; ++m)
      y[i * d + m] = (x[i * d + m] - mean) / std::sqrt(var + 1e-5) * gamma[m] + beta[m];
  }
  return y;
}

double gelu_ref(double x) {
  return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

// Central difference of `loss` in each element of `values` (h = 1e-3), compared with `analytic`:
// |analytic − numeric| / max(|numeric|, 1e-3) must stay below 1e-2.
::testing::AssertionResult grad_matches(const char* what, const std::vector<float>& analytic,
                                        Vec& values, const std::function<double()>& loss) {
  if (analytic.size() != values.size())
    return ::testing::AssertionFailure()
           << what << ": " << analytic.size() << " gradients for " << values.size() << " values";
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double keep = values[i], h = 1e-3;
    values[i] = keep + h;
    const double up = loss();
    values[i] = keep - h;
    const double down = loss();
    values[i] = keep;
    const double numeric = (up - down) / (2 * h);
    const double rel = std::abs(analytic[i] - numeric) / std::max(std::abs(numeric), 1e-3);
    if (!(rel < 1e-2))
      return ::testing::AssertionFailure() << what << "[" << i << "]: analytic " << analytic[i]
                                           << ", numeric " << numeric << ", relative error " << rel;
  }
  return ::testing::AssertionSuccess();
}

// Copies of every gradient a layer lists.
template <typename Layer>
std::vector<std::vector<float>> grads_of(Layer& layer) {
  std::vector<ParamRef> refs;
  layer.params(refs, "");
  std::vector<std::vector<float>> out;
  for (const ParamRef& p : refs) out.emplace_back(p.grad.begin(), p.grad.end());
  return out;
}

// `run(k)` runs forward and backward for sample k of two. Backward must add: grads after both
// samples equal the sum of each sample's grads alone, whether both forwards run first (one cache
// each, `run_batch`) or one after the other.
template <typename Layer, typename Run, typename RunBatch>
void check_accumulates(Layer& layer, Run run, RunBatch run_batch) {
  layer.zero_grad();
  run(0);
  const auto g0 = grads_of(layer);
  layer.zero_grad();
  for (const auto& g : grads_of(layer))
    for (float v : g) ASSERT_EQ(v, 0.0f) << "zero_grad left a gradient";
  run(1);
  const auto g1 = grads_of(layer);
  std::vector<std::vector<float>> sum = g0;
  for (std::size_t k = 0; k < sum.size(); ++k)
    for (std::size_t i = 0; i < sum[k].size(); ++i) sum[k][i] += g1[k][i];
  layer.zero_grad();
  run(0);
  run(1);
  auto both = grads_of(layer);
  for (std::size_t k = 0; k < sum.size(); ++k) EXPECT_TRUE(all_near(both[k], sum[k], 1e-5));
  layer.zero_grad();
  run_batch();
  both = grads_of(layer);
  for (std::size_t k = 0; k < sum.size(); ++k) EXPECT_TRUE(all_near(both[k], sum[k], 1e-5));
}

// --- Linear
// ---------------------------------------------------------------------------------------

TEST(Layers, LinearGradientsMatchFiniteDifferences) {
  for (int t : kTs)
    for (int d : kDims)
      for (bool bias : {true, false}) {
        SCOPED_TRACE(::testing::Message() << "t " << t << " d " << d << " bias " << bias);
        const int out = 4;
        Rng rng(t * 100 + d);
        Linear lin(d, out, bias, rng);
        const auto x = random_vector(std::size_t(t) * d, 1);
        const auto G = random_vector(std::size_t(t) * out, 2);
        Linear::Cache cache;
        const auto y = lin.forward(x, t, cache);
        const auto dx = lin.backward(G, cache);
        Vec xd = to_double(x), w = to_double(lin.weight), b = to_double(lin.bias);
        const auto loss = [&] { return dot(G, linear_ref(xd, t, d, out, w, b)); };
        EXPECT_TRUE(all_near(y, linear_ref(xd, t, d, out, w, b), 1e-5));
        EXPECT_TRUE(grad_matches("dx", dx, xd, loss));
        EXPECT_TRUE(grad_matches("grad_weight", lin.grad_weight, w, loss));
        if (bias) {
          EXPECT_TRUE(grad_matches("grad_bias", lin.grad_bias, b, loss));
        }
      }
}

TEST(Layers, LinearAccumulatesGradients) {
  Rng rng(1);
  Linear lin(5, 3, true, rng);
  const std::vector<float> x[2] = {random_vector(15, 3), random_vector(10, 4)};
  const int t[2] = {3, 2};
  const std::vector<float> G[2] = {random_vector(9, 5), random_vector(6, 6)};
  const auto run = [&](int k) {
    Linear::Cache c;
    lin.forward(x[k], t[k], c);
    lin.backward(G[k], c);
  };
  check_accumulates(lin, run, [&] {
    Linear::Cache c0, c1;
    lin.forward(x[0], t[0], c0);
    lin.forward(x[1], t[1], c1);
    lin.backward(G[0], c0);
    lin.backward(G[1], c1);
  });
}

TEST(Layers, LinearInitialisesLikePyTorch) {
  Rng a(7), b(7), c(8);
  Linear la(16, 8, true, a), lb(16, 8, true, b), lc(16, 8, true, c);
  EXPECT_EQ(la.weight, lb.weight);
  EXPECT_EQ(la.bias, lb.bias);
  EXPECT_NE(la.weight, lc.weight);
  float max = 0;
  for (float w : la.weight) max = std::max(max, std::abs(w));
  for (float w : la.bias) max = std::max(max, std::abs(w));
  EXPECT_LE(max, 0.25f);  // 1 / sqrt(16)
  EXPECT_GT(max, 0.2f);
  for (float g : la.grad_weight) EXPECT_EQ(g, 0.0f);
  Linear nb(3, 2, false, a);
  EXPECT_TRUE(nb.bias.empty());
  EXPECT_TRUE(nb.grad_bias.empty());
}

// --- LayerNorm
// ------------------------------------------------------------------------------------

TEST(Layers, LayerNormHandComputed) {
  LayerNorm ln(3);
  EXPECT_EQ(ln.weight, std::vector<float>(3, 1.0f));
  EXPECT_EQ(ln.bias, std::vector<float>(3, 0.0f));
  ln.weight = {1.0f, 2.0f, 0.5f};
  ln.bias = {0.0f, 1.0f, -1.0f};
  // Row 0: mean 2, biased var 2/3, 1/sqrt(2/3 + 1e-5) = 1.2247357. Row 1 is constant: x̂ = 0.
  const std::vector<float> x = {1, 2, 3, 2, 2, 2};
  LayerNorm::Cache cache;
  const auto y = ln.forward(x, 2, cache);
  EXPECT_TRUE(all_near(y, std::vector<double>{-1.2247357, 1.0, -0.3876322, 0.0, 1.0, -1.0}, 1e-6));
  // A large offset changes nothing (the mean is subtracted before squaring).
  const std::vector<float> shifted = {1001, 1002, 1003};
  EXPECT_TRUE(
      all_near(ln.forward(shifted, 1, cache), std::vector<float>(y.begin(), y.begin() + 3), 1e-5));
}

TEST(Layers, LayerNormGradientsMatchFiniteDifferences) {
  for (int t : kTs)
    for (int d : kDims) {
      SCOPED_TRACE(::testing::Message() << "t " << t << " d " << d);
      LayerNorm ln(d);
      ln.weight = random_vector(d, 10, 1.5f);
      ln.bias = random_vector(d, 11);
      const auto x = random_vector(std::size_t(t) * d, 12, 2.0f);
      const auto G = random_vector(std::size_t(t) * d, 13);
      LayerNorm::Cache cache;
      const auto y = ln.forward(x, t, cache);
      const auto dx = ln.backward(G, cache);
      Vec xd = to_double(x), g = to_double(ln.weight), b = to_double(ln.bias);
      const auto loss = [&] { return dot(G, layernorm_ref(xd, t, d, g, b)); };
      EXPECT_TRUE(all_near(y, layernorm_ref(xd, t, d, g, b), 1e-5));
      EXPECT_TRUE(grad_matches("dx", dx, xd, loss));
      EXPECT_TRUE(grad_matches("grad_weight", ln.grad_weight, g, loss));
      EXPECT_TRUE(grad_matches("grad_bias", ln.grad_bias, b, loss));
    }
}

TEST(Layers, LayerNormAccumulatesGradients) {
  LayerNorm ln(5);
  ln.weight = random_vector(5, 1);
  const std::vector<float> x[2] = {random_vector(15, 2), random_vector(5, 3)};
  const int t[2] = {3, 1};
  const std::vector<float> G[2] = {random_vector(15, 4), random_vector(5, 5)};
  check_accumulates(
      ln,
      [&](int k) {
        LayerNorm::Cache c;
        ln.forward(x[k], t[k], c);
        ln.backward(G[k], c);
      },
      [&] {
        LayerNorm::Cache c0, c1;
        ln.forward(x[0], t[0], c0);
        ln.forward(x[1], t[1], c1);
        ln.backward(G[1], c1);
        ln.backward(G[0], c0);
      });
}

// --- GELU
// -----------------------------------------------------------------------------------------

TEST(Layers, GeluIsTheExactErfForm) {
  EXPECT_NEAR(gelu(1.0f), 0.8413447f, 1e-6);
  EXPECT_NEAR(gelu(-1.0f), -0.1586553f, 1e-6);
  EXPECT_NEAR(gelu(2.0f), 1.9544997f, 1e-6);
  EXPECT_NEAR(gelu(-3.0f), -0.0040497f, 1e-6);
  EXPECT_NEAR(gelu(0.5f), 0.3457312f, 1e-6);  // tanh form: 0.3457140
  EXPECT_EQ(gelu(0.0f), 0.0f);
  EXPECT_NEAR(gelu_grad(0.0f), 0.5f, 1e-7);
  for (double x : {-4.0, -1.5, -0.3, 0.0, 0.7, 1.0, 2.5}) {
    const double numeric = (gelu_ref(x + 1e-4) - gelu_ref(x - 1e-4)) / 2e-4;
    EXPECT_NEAR(gelu_grad(float(x)), numeric, 1e-6) << "x " << x;
  }
}

TEST(Layers, GeluLayerGradientMatchesFiniteDifferences) {
  for (int n : {1, 15, 85}) {
    const auto x = random_vector(n, 20 + n, 3.0f);
    const auto G = random_vector(n, 21 + n);
    Gelu act;
    Gelu::Cache cache;
    const auto y = act.forward(x, cache);
    const auto dx = act.backward(G, cache);
    Vec xd = to_double(x);
    const auto ref = [&] {
      Vec out(xd.size());
      for (std::size_t i = 0; i < xd.size(); ++i) out[i] = gelu_ref(xd[i]);
      return out;
    };
    EXPECT_TRUE(all_near(y, ref(), 1e-6));
    EXPECT_TRUE(grad_matches("dx", dx, xd, [&] { return dot(G, ref()); }));
  }
}

// --- Mlp
// ------------------------------------------------------------------------------------------

TEST(Layers, MlpGradientsMatchFiniteDifferences) {
  for (int t : kTs)
    for (int d : kDims) {
      SCOPED_TRACE(::testing::Message() << "t " << t << " d " << d);
      const int hidden = 2 * d + 1;
      Rng rng(d);
      Mlp mlp(d, hidden, rng);
      const auto x = random_vector(std::size_t(t) * d, 30, 1.5f);
      const auto G = random_vector(std::size_t(t) * d, 31);
      Mlp::Cache cache;
      const auto y = mlp.forward(x, t, cache);
      const auto dx = mlp.backward(G, cache);
      Vec xd = to_double(x), w1 = to_double(mlp.fc1.weight), b1 = to_double(mlp.fc1.bias),
          w2 = to_double(mlp.fc2.weight), b2 = to_double(mlp.fc2.bias);
      const auto ref = [&] {
        Vec h = linear_ref(xd, t, d, hidden, w1, b1);
        for (double& v : h) v = gelu_ref(v);
        return linear_ref(h, t, hidden, d, w2, b2);
      };
      const auto loss = [&] { return dot(G, ref()); };
      EXPECT_TRUE(all_near(y, ref(), 1e-5));
      EXPECT_TRUE(grad_matches("dx", dx, xd, loss));
      EXPECT_TRUE(grad_matches("fc1.weight", mlp.fc1.grad_weight, w1, loss));
      EXPECT_TRUE(grad_matches("fc1.bias", mlp.fc1.grad_bias, b1, loss));
      EXPECT_TRUE(grad_matches("fc2.weight", mlp.fc2.grad_weight, w2, loss));
      EXPECT_TRUE(grad_matches("fc2.bias", mlp.fc2.grad_bias, b2, loss));
    }
}

TEST(Layers, MlpAccumulatesGradientsAndNamesParams) {
  Rng rng(2);
  Mlp mlp(3, 8, rng);
  const std::vector<float> x[2] = {random_vector(6, 1), random_vector(9, 2)};
  const int t[2] = {2, 3};
  const std::vector<float> G[2] = {random_vector(6, 3), random_vector(9, 4)};
  check_accumulates(
      mlp,
      [&](int k) {
        Mlp::Cache c;
        mlp.forward(x[k], t[k], c);
        mlp.backward(G[k], c);
      },
      [&] {
        Mlp::Cache c0, c1;
        mlp.forward(x[0], t[0], c0);
        mlp.forward(x[1], t[1], c1);
        mlp.backward(G[0], c0);
        mlp.backward(G[1], c1);
      });
  std::vector<ParamRef> refs;
  mlp.params(refs, "enc.0.mlp");
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].name, "enc.0.mlp.fc1.weight");
  EXPECT_EQ(refs[1].name, "enc.0.mlp.fc1.bias");
  EXPECT_EQ(refs[2].name, "enc.0.mlp.fc2.weight");
  EXPECT_EQ(refs[3].name, "enc.0.mlp.fc2.bias");
  EXPECT_EQ(refs[0].shape, (std::vector<std::int64_t>{8, 3}));
  EXPECT_EQ(refs[2].shape, (std::vector<std::int64_t>{3, 8}));
  EXPECT_EQ(refs[3].shape, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(refs[0].value.data(), mlp.fc1.weight.data());
  EXPECT_EQ(refs[0].grad.data(), mlp.fc1.grad_weight.data());
  EXPECT_EQ(count_values(refs), 8u * 3 + 8 + 3 * 8 + 3);
}

// --- Embedding and positions
// ----------------------------------------------------------------------

TEST(Layers, EmbeddingGathersAndScatterAdds) {
  const int ids_all[] = {2, 5, 2, 0, 6};  // id 2 repeats
  for (int t : kTs)
    for (int d : kDims) {
      SCOPED_TRACE(::testing::Message() << "t " << t << " d " << d);
      Rng rng(d);
      Embedding emb(7, d, rng);
      const std::vector<int> ids(ids_all, ids_all + t);
      const auto G = random_vector(std::size_t(t) * d, 40);
      Embedding::Cache cache;
      const auto y = emb.forward(ids, cache);
      emb.backward(G, cache);
      Vec table = to_double(emb.weight);
      const auto ref = [&] {
        Vec out(std::size_t(t) * d);
        for (int i = 0; i < t; ++i)
          for (int m = 0; m < d; ++m) out[i * d + m] = table[ids[i] * d + m];
        return out;
      };
      EXPECT_TRUE(all_near(y, ref(), 0.0));
      EXPECT_TRUE(
          grad_matches("grad_weight", emb.grad_weight, table, [&] { return dot(G, ref()); }));
    }
}

TEST(Layers, EmbeddingInitAccumulationAndErrors) {
  Rng rng(3);
  Embedding emb(64, 64, rng);
  double sum = 0, sq = 0;
  for (float w : emb.weight) {
    sum += w;
    sq += double(w) * w;
  }
  const double n = double(emb.weight.size()), mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 2e-3);
  EXPECT_NEAR(std::sqrt(sq / n - mean * mean), 0.02, 0.002);

  Embedding small(5, 3, rng);
  const std::vector<int> ids[2] = {{1, 4, 1}, {0, 1}};
  const std::vector<float> G[2] = {random_vector(9, 1), random_vector(6, 2)};
  check_accumulates(
      small,
      [&](int k) {
        Embedding::Cache c;
        small.forward(ids[k], c);
        small.backward(G[k], c);
      },
      [&] {
        Embedding::Cache c0, c1;
        small.forward(ids[0], c0);
        small.forward(ids[1], c1);
        small.backward(G[0], c0);
        small.backward(G[1], c1);
      });

  Embedding::Cache c;
  EXPECT_EQ(error_message([&] {
              small.forward(std::vector<int>{0, 5}, c);
            }),
            "token id 5 at position 1 is out of range [0, vocab 5)");
  EXPECT_EQ(error_message([&] { small.forward(std::vector<int>{-1}, c); }),
            "token id -1 at position 0 is out of range [0, vocab 5)");
  small.forward(std::vector<int>{1, 2}, c);
  EXPECT_EQ(error_message([&] { small.backward(random_vector(3, 1), c); }),
            "Embedding backward dy has 3 values, expected t*dim = 2*3 = 6");
}

TEST(Layers, PositionalEmbeddingGradients) {
  for (int t : kTs)
    for (int d : kDims) {
      SCOPED_TRACE(::testing::Message() << "t " << t << " d " << d);
      Rng rng(d);
      PositionalEmbedding pos(6, d, rng);
      const auto x = random_vector(std::size_t(t) * d, 50);
      const auto G = random_vector(std::size_t(t) * d, 51);
      const auto y = pos.forward(x, t);
      const auto dx = pos.backward(G, t);
      Vec xd = to_double(x), table = to_double(pos.weight);
      const auto ref = [&] {
        Vec out(xd);
        for (std::size_t i = 0; i < out.size(); ++i) out[i] += table[i];
        return out;
      };
      const auto loss = [&] { return dot(G, ref()); };
      EXPECT_TRUE(all_near(y, ref(), 1e-6));
      EXPECT_TRUE(grad_matches("dx", dx, xd, loss));
      EXPECT_TRUE(grad_matches("grad_weight", pos.grad_weight, table, loss));  // rows >= t: 0
    }
}

TEST(Layers, PositionalEmbeddingAccumulatesAndChecksLength) {
  Rng rng(4);
  PositionalEmbedding pos(4, 2, rng);
  const std::vector<float> G[2] = {random_vector(6, 1), random_vector(8, 2)};
  const int t[2] = {3, 4};
  const auto run = [&](int k) {
    pos.forward(random_vector(G[k].size(), 9), t[k]);
    pos.backward(G[k], t[k]);
  };
  check_accumulates(pos, run, [&] {
    run(0);
    run(1);
  });
  EXPECT_EQ(error_message([&] { pos.forward(random_vector(10, 1), 5); }),
            "PositionalEmbedding: t 5 exceeds max_len 4");
  std::vector<ParamRef> refs;
  pos.params(refs, "pos_embed");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].name, "pos_embed.weight");
  EXPECT_EQ(refs[0].shape, (std::vector<std::int64_t>{4, 2}));
}

// --- names and errors
// -----------------------------------------------------------------------------

TEST(Layers, ParamNamesFollowStateDict) {
  Rng rng(5);
  LayerNorm ln(4);
  Linear head(4, 9, false, rng);
  std::vector<ParamRef> refs;
  ln.params(refs, "enc.0.ln1");
  head.params(refs, "head");
  head.params(refs, "");
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].name, "enc.0.ln1.weight");
  EXPECT_EQ(refs[1].name, "enc.0.ln1.bias");
  EXPECT_EQ(refs[2].name, "head.weight");
  EXPECT_EQ(refs[3].name, "weight");
  EXPECT_EQ(refs[2].shape, (std::vector<std::int64_t>{9, 4}));
  EXPECT_EQ(refs[1].shape, (std::vector<std::int64_t>{4}));
}

TEST(Layers, WrongSizesAreErrors) {
  Rng rng(6);
  Linear lin(3, 2, true, rng);
  Linear::Cache lc;
  EXPECT_EQ(error_message([&] { lin.forward(random_vector(5, 1), 2, lc); }),
            "Linear input x has 5 values, expected t*in = 2*3 = 6");
  EXPECT_EQ(error_message([&] { lin.forward(random_vector(3, 1), 0, lc); }),
            "Linear input x: t 0 must be at least 1");
  EXPECT_EQ(error_message([&] { lin.backward(random_vector(2, 1), lc); }),
            "Linear backward: the cache is empty; run forward with it first");
  lin.forward(random_vector(6, 1), 2, lc);
  EXPECT_EQ(error_message([&] { lin.backward(random_vector(6, 1), lc); }),
            "Linear backward dy has 6 values, expected t*out = 2*2 = 4");
  EXPECT_EQ(error_message([&] { Linear(0, 2, true, rng); }), "Linear in 0 must be at least 1");

  LayerNorm ln(4);
  LayerNorm::Cache nc;
  EXPECT_EQ(error_message([&] { ln.forward(random_vector(7, 1), 2, nc); }),
            "LayerNorm input x has 7 values, expected t*dim = 2*4 = 8");
  EXPECT_EQ(error_message([&] { LayerNorm(4, 0.0f); }),
            "LayerNorm eps 0 must be a positive number");

  Gelu act;
  Gelu::Cache gc;
  act.forward(random_vector(4, 1), gc);
  EXPECT_EQ(error_message([&] { act.backward(random_vector(3, 1), gc); }),
            "Gelu backward dy has 3 values, expected the input's 4");
}

}  // namespace
}  // namespace headscope::test

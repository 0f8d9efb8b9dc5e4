// Cross-entropy against hand-computed values and double-precision finite differences; Adam(W)
// against its formula worked by hand (bias correction, decoupled weight decay, clipping); and two
// tiny fits whose loss must fall by a stated factor.
#include <cmath>

#include "helpers.hpp"
#include "nn/adam.hpp"
#include "nn/layers.hpp"
#include "nn/loss.hpp"

namespace headscope::test {
namespace {

// --- cross-entropy
// ---------------------------------------------------------------------------------

TEST(Loss, CrossEntropyHandComputed) {
  // p = softmax(0, ln 3) = (1/4, 3/4): loss −ln(3/4) = ln(4/3), d = p − onehot(1).
  const std::vector<float> logits = {0.0f, std::log(3.0f)};
  const CrossEntropyResult r = softmax_cross_entropy(logits, 1, 2, std::vector<int>{1});
  EXPECT_NEAR(r.loss, std::log(4.0 / 3.0), 1e-6);
  EXPECT_EQ(r.counted, 1);
  EXPECT_TRUE(all_near(r.d_logits, std::vector<double>{0.25, -0.25}, 1e-6));
}

TEST(Loss, IgnoredRowsAreNotCounted) {
  // 3 classes. Row 0 [0, ln 3, 0], target 1: p = (1/5, 3/5, 1/5), loss ln(5/3). Row 1 ignored.
  // Row 2 [0, 0, 0], target 2: p = 1/3 each, loss ln 3. Mean over the 2 counted rows; each
  // counted row's gradient is (p − onehot) / 2, the ignored row's is 0.
  const float l3 = std::log(3.0f);
  const std::vector<float> logits = {0, l3, 0, 5, 7, 1, 0, 0, 0};
  const CrossEntropyResult r = softmax_cross_entropy(logits, 3, 3, std::vector<int>{1, -1, 2});
  EXPECT_EQ(r.counted, 2);
  EXPECT_NEAR(r.loss, (std::log(5.0 / 3.0) + std::log(3.0)) / 2, 1e-6);
  EXPECT_TRUE(all_near(
      r.d_logits, std::vector<double>{0.1, -0.2, 0.1, 0, 0, 0, 1.0 / 6, 1.0 / 6, -1.0 / 3}, 1e-6));

  // A different ignore index: -100 is skipped, and -1 is then out of range.
  const CrossEntropyResult p =
      softmax_cross_entropy(logits, 3, 3, std::vector<int>{1, -100, 2}, -100);
  EXPECT_NEAR(p.loss, r.loss, 1e-7);
  EXPECT_EQ(error_message([&] {
              softmax_cross_entropy(logits, 3, 3, std::vector<int>{1, -1, 2}, -100);
            }),
            "target -1 at row 1 is out of range [0, classes 3) and is not the ignore index -100");

  // Nothing counted: loss 0, no gradient.
  const CrossEntropyResult none = softmax_cross_entropy(logits, 3, 3, std::vector<int>{-1, -1, -1});
  EXPECT_EQ(none.counted, 0);
  EXPECT_EQ(none.loss, 0.0f);
  EXPECT_EQ(none.d_logits, std::vector<float>(9, 0.0f));
}

TEST(Loss, CrossEntropyIsStableForLargeLogits) {
  const std::vector<float> logits = {1000, 0, -1000, 1000, 0, -1000};
  const CrossEntropyResult r = softmax_cross_entropy(logits, 2, 3, std::vector<int>{0, 1});
  EXPECT_TRUE(std::isfinite(r.loss));
  EXPECT_NEAR(r.loss, 500.0, 1e-3);  // rows: 0 and 1000
  EXPECT_TRUE(all_near(r.d_logits, std::vector<double>{0, 0, 0, 0.5, -0.5, 0}, 1e-6));
}

TEST(Loss, CrossEntropyGradientMatchesFiniteDifferences) {
  for (int classes : {2, 5, 17}) {
    const int n = 4;
    const std::vector<int> targets = {classes - 1, -1, 0, 1};
    std::vector<float> logits = random_vector(std::size_t(n) * classes, classes, 3.0f);
    const CrossEntropyResult r = softmax_cross_entropy(logits, n, classes, targets);
    std::vector<double> z(logits.begin(), logits.end());
    const auto loss = [&] {  // double reference
      double total = 0;
      int counted = 0;
      for (int i = 0; i < n; ++i) {
        if (targets[i] < 0) continue;
        double sum = 0;
        for (int j = 0; j < classes; ++j) sum += std::exp(z[i * classes + j]);
        total += std::log(sum) - z[i * classes + targets[i]];
        ++counted;
      }
      return total / counted;
    };
    EXPECT_NEAR(r.loss, loss(), 1e-5);
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double keep = z[i];
      z[i] = keep + 1e-3;
      const double up = loss();
      z[i] = keep - 1e-3;
      const double down = loss();
      z[i] = keep;
      const double numeric = (up - down) / 2e-3;
      EXPECT_LT(std::abs(r.d_logits[i] - numeric) / std::max(std::abs(numeric), 1e-3), 1e-2)
          << "classes " << classes << " d_logits[" << i << "] " << r.d_logits[i] << " vs "
          << numeric;
    }
  }
}

TEST(Loss, CrossEntropyErrors) {
  const std::vector<float> logits(6, 0.0f);
  EXPECT_EQ(error_message([&] {
              softmax_cross_entropy(logits, 2, 3, std::vector<int>{0, 3});
            }),
            "target 3 at row 1 is out of range [0, classes 3) and is not the ignore index -1");
  EXPECT_EQ(error_message([&] {
              softmax_cross_entropy(logits, 2, 3, std::vector<int>{-2, 0});
            }),
            "target -2 at row 0 is out of range [0, classes 3) and is not the ignore index -1");
  EXPECT_EQ(error_message([&] {
              softmax_cross_entropy(logits, 2, 4, std::vector<int>{0, 0});
            }),
            "cross-entropy logits has 6 values, expected n*classes = 2*4 = 8");
  EXPECT_EQ(error_message([&] { softmax_cross_entropy(logits, 2, 3, std::vector<int>{0}); }),
            "cross-entropy targets has 1 values, expected n = 2");
  std::vector<float> bad = logits;
  bad[4] = NAN;
  EXPECT_EQ(error_message([&] {
              softmax_cross_entropy(bad, 2, 3, std::vector<int>{0, 0});
            }),
            "logits[1, 1] is nan; logits must be finite");
  // A NaN in an ignored row does not matter.
  EXPECT_EQ(softmax_cross_entropy(bad, 2, 3, std::vector<int>{0, -1}).counted, 1);
}

// --- Adam
// -----------------------------------------------------------------------------------------

// One parameter tensor with its gradient, owned by the test.
struct Tensor {
  std::vector<float> value, grad;
  std::vector<std::int64_t> shape;
  ParamRef ref(const std::string& name) { return {name, value, grad, shape}; }
};

TEST(Adam, FirstStepMovesByLrTimesSign) {
  Tensor p{{1.0f, -2.0f, 3.0f, 0.5f}, {0.5f, -0.1f, 0.0f, 1e-3f}, {4}};
  AdamConfig c;
  c.lr = 0.01f;
  Adam opt({p.ref("p")}, c);
  EXPECT_EQ(opt.steps(), 0);
  opt.step();
  EXPECT_EQ(opt.steps(), 1);
  // m̂ = g, v̂ = g²: the update is lr · g / (|g| + eps) = lr · sign(g) (0 for g = 0).
  EXPECT_TRUE(all_near(p.value, std::vector<double>{0.99, -1.99, 3.0, 0.49}, 1e-6));
  EXPECT_EQ(p.grad, (std::vector<float>{0.5f, -0.1f, 0.0f, 1e-3f}));  // not zeroed by step
  opt.zero_grad();
  EXPECT_EQ(p.grad, std::vector<float>(4, 0.0f));
}

TEST(Adam, SecondStepMatchesTheFormula) {
  Tensor p{{1.0f, -1.0f}, {0.2f, -0.4f}, {2}};
  AdamConfig c;
  c.lr = 0.1f;
  c.beta1 = 0.8f;
  c.beta2 = 0.9f;
  Adam opt({p.ref("p")}, c);
  opt.step();
  p.grad = {-0.6f, 0.1f};  // new gradients, same storage
  opt.step();
  // By hand, per element: m1 = 0.2 g1, v1 = 0.1 g1²; m2 = 0.8 m1 + 0.2 g2, v2 = 0.9 v1 + 0.1 g2²;
  // p2 = p1 − 0.1 / (1 − 0.8²) · m2 / (sqrt(v2 / (1 − 0.9²)) + 1e-8), p1 = p0 − 0.1 sign(g1).
  const double g1[2] = {0.2, -0.4}, g2[2] = {-0.6, 0.1}, p0[2] = {1.0, -1.0};
  for (int i = 0; i < 2; ++i) {
    const double m1 = 0.2 * g1[i], v1 = 0.1 * g1[i] * g1[i];
    const double m2 = 0.8 * m1 + 0.2 * g2[i], v2 = 0.9 * v1 + 0.1 * g2[i] * g2[i];
    const double p1 = p0[i] - 0.1 * (g1[i] > 0 ? 1 : -1);
    const double p2 = p1 - 0.1 / (1 - 0.64) * m2 / (std::sqrt(v2 / (1 - 0.81)) + 1e-8);
    EXPECT_NEAR(p.value[i], p2, 1e-6) << i;
    EXPECT_NEAR(opt.first_moments()[0][i], m2, 1e-7);
    EXPECT_NEAR(opt.second_moments()[0][i], v2, 1e-7);
  }
}

TEST(Adam, WeightDecayIsDecoupledAndSkipsVectors) {
  Tensor w{{1.0f, -2.0f, 4.0f, 0.5f}, {0.0f, 0.0f, 0.3f, 0.0f}, {2, 2}};
  Tensor b{{1.0f, -2.0f}, {0.0f, 0.0f}, {2}};
  AdamConfig c;
  c.lr = 0.01f;
  c.weight_decay = 0.1f;
  Adam opt({w.ref("w"), b.ref("b")}, c);
  opt.step();
  // w ← w (1 − lr·wd) − lr·sign(g); the bias (1-D) is not decayed.
  EXPECT_TRUE(
      all_near(w.value, std::vector<double>{0.999, -1.998, 4 * 0.999 - 0.01, 0.4995}, 1e-6));
  EXPECT_EQ(b.value, (std::vector<float>{1.0f, -2.0f}));

  c.decay_vectors = true;
  Adam all({b.ref("b")}, c);
  all.step();
  EXPECT_TRUE(all_near(b.value, std::vector<double>{0.999, -1.998}, 1e-6));
}

TEST(Adam, ClipsTheGlobalGradientNorm) {
  Tensor a{{0.0f, 0.0f}, {3.0f, 0.0f}, {2}};
  Tensor b{{0.0f}, {4.0f}, {1}};
  AdamConfig c;
  c.max_grad_norm = 1.0f;
  Adam opt({a.ref("a"), b.ref("b")}, c);
  EXPECT_NEAR(opt.step(), 5.0, 1e-6);  // the norm before clipping, over both tensors
  EXPECT_TRUE(all_near(a.grad, std::vector<double>{0.6, 0.0}, 1e-6));
  EXPECT_TRUE(all_near(b.grad, std::vector<double>{0.8}, 1e-6));
  EXPECT_NEAR(global_grad_norm(opt.params()), 1.0, 1e-6);
  // Moments hold the clipped gradients.
  EXPECT_NEAR(opt.first_moments()[1][0], 0.1 * 0.8, 1e-7);

  // Below the limit nothing changes.
  EXPECT_NEAR(clip_grad_norm(opt.params(), 2.0f), 1.0, 1e-6);
  EXPECT_TRUE(all_near(b.grad, std::vector<double>{0.8}, 1e-6));
}

TEST(Adam, NonFiniteGradientIsAnErrorAndChangesNothing) {
  Tensor p{{1.0f, 2.0f}, {0.5f, INFINITY}, {2}};
  Adam opt({p.ref("enc.0.ln1.weight")}, {});
  EXPECT_EQ(error_message([&] { opt.step(); }),
            "gradient of enc.0.ln1.weight[1] is inf; gradients must be finite");
  EXPECT_EQ(opt.steps(), 0);
  EXPECT_EQ(p.value, (std::vector<float>{1.0f, 2.0f}));
}

TEST(Adam, BadSettingsAreErrors) {
  Tensor p{{1.0f, 2.0f}, {0.0f, 0.0f}, {2}};
  AdamConfig c;
  c.beta1 = 1.0f;
  EXPECT_EQ(error_message([&] { Adam({p.ref("p")}, c); }), "Adam beta1 1 must be in [0, 1)");
  Tensor wrong{{1.0f, 2.0f}, {0.0f, 0.0f}, {3}};
  EXPECT_EQ(error_message([&] { Adam({wrong.ref("w")}, {}); }),
            "parameter w has 2 values but its shape holds 3");
  Adam opt({p.ref("p")}, {});
  EXPECT_EQ(error_message([&] { opt.set_lr(-1.0f); }),
            "Adam lr -1 must be finite and not negative");
  EXPECT_EQ(error_message([&] {
              opt.load_state(1, {{0.0f}}, {{0.0f, 0.0f}});
            }),
            "Adam first moments[0] has 1 values, expected 2 as p");
}

TEST(Adam, LoadStateResumesExactly) {
  Tensor a{{1.0f, -1.0f}, {0.0f, 0.0f}, {2}}, b = a;
  Adam oa({a.ref("p")}, {}), ob({b.ref("p")}, {});
  const std::vector<float> grads[3] = {{0.3f, -0.2f}, {0.1f, 0.4f}, {-0.5f, 0.2f}};
  for (int s = 0; s < 2; ++s) {
    a.grad = grads[s];
    oa.step();
  }
  b.value = a.value;
  ob.load_state(oa.steps(), oa.first_moments(), oa.second_moments());
  a.grad = b.grad = grads[2];
  oa.step();
  ob.step();
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(ob.steps(), 3);
}

// --- tiny fits
// -------------------------------------------------------------------------------------

TEST(Adam, FitsALinearRegression) {
  // y = 2 a − 3 b + 0.5 on 8 points; mean squared error.
  const std::vector<float> x = random_vector(16, 60);
  std::vector<float> target(8);
  for (int i = 0; i < 8; ++i) target[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5f;
  Rng rng(1);
  Linear lin(2, 1, true, rng);
  std::vector<ParamRef> refs;
  lin.params(refs, "lin");
  AdamConfig c;
  c.lr = 0.05f;
  Adam opt(refs, c);
  const auto mse_step = [&] {
    Linear::Cache cache;
    const auto y = lin.forward(x, 8, cache);
    double loss = 0;
    std::vector<float> dy(8);
    for (int i = 0; i < 8; ++i) {
      loss += (y[i] - target[i]) * (y[i] - target[i]) / 8.0;
      dy[i] = 2 * (y[i] - target[i]) / 8.0f;
    }
    opt.zero_grad();
    lin.backward(dy, cache);
    opt.step();
    return loss;
  };
  const double first = mse_step();
  double last = first;
  for (int s = 1; s < 300; ++s) last = mse_step();
  EXPECT_LT(last, first / 1e4) << "first " << first << ", after 300 steps " << last;
}

TEST(Adam, FitsATinyClassifierThroughEveryLayer) {
  // Token i of 6, at position p, has class (i + p) % 3; position 5 is ignored (target -1).
  // Embedding + positions → LayerNorm → Mlp (residual) → Linear → cross-entropy.
  const int vocab = 6, d = 8, t = 6, classes = 3;
  Rng rng(2);
  Embedding emb(vocab, d, rng);
  PositionalEmbedding pos(t, d, rng);
  LayerNorm ln(d);
  Mlp mlp(d, 16, rng);
  Linear head(d, classes, true, rng);
  std::vector<ParamRef> refs;
  emb.params(refs, "tok");
  pos.params(refs, "pos");
  ln.params(refs, "ln");
  mlp.params(refs, "mlp");
  head.params(refs, "head");
  AdamConfig c;
  c.lr = 0.02f;
  c.weight_decay = 0.01f;
  c.max_grad_norm = 1.0f;
  Adam opt(refs, c);
  const std::vector<int> seqs[2] = {{0, 1, 2, 3, 4, 5}, {5, 3, 1, 4, 2, 0}};
  const auto epoch = [&] {
    opt.zero_grad();
    double loss = 0;
    for (const auto& ids : seqs) {  // a batch of 2: gradients add up
      std::vector<int> targets(t);
      for (int p = 0; p < t; ++p) targets[p] = p == 5 ? -1 : (ids[p] + p) % classes;
      Embedding::Cache ce;
      LayerNorm::Cache cl;
      Mlp::Cache cm;
      Linear::Cache ch;
      const auto x = pos.forward(emb.forward(ids, ce), t);
      auto h = mlp.forward(ln.forward(x, t, cl), t, cm);
      for (int i = 0; i < t * d; ++i) h[i] += x[i];
      const auto r = softmax_cross_entropy(head.forward(h, t, ch), t, classes, targets);
      loss += r.loss / 2;
      std::vector<float> dr(r.d_logits);
      for (float& g : dr) g /= 2;
      const auto dh = head.backward(dr, ch);
      auto dx = ln.backward(mlp.backward(dh, cm), cl);
      for (int i = 0; i < t * d; ++i) dx[i] += dh[i];
      emb.backward(pos.backward(dx, t), ce);
    }
    opt.step();
    return loss;
  };
  const double first = epoch();
  double last = first;
  for (int s = 1; s < 200; ++s) last = epoch();
  EXPECT_LT(last, first / 1000) << "first " << first << ", after 200 steps " << last;
}

}  // namespace
}  // namespace headscope::test

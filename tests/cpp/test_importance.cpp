// Head importance: ablation, gate gradients (against finite differences), pruning, and the
// evaluation sets the page uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/error.hpp"
#include "nn/loss.hpp"
#include "train/importance.hpp"
#include "train/shape_images.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {
namespace {

EncoderConfig tiny_text() {
  EncoderConfig c;
  c.d_model = 8;
  c.num_heads = 2;
  c.num_layers = 2;
  c.mlp_hidden = 8;
  c.max_len = 8;
  c.vocab = 13;
  return c;
}

std::vector<EvalExample> examples() {
  // [CLS] w w w [SEP] with every word scored in turn, plus one example scoring two positions.
  const std::vector<int> ids = {Vocabulary::kCls, 7, 9, 11, Vocabulary::kSep};
  std::vector<EvalExample> out = text_current(ids);
  EvalExample two;
  two.ids = {Vocabulary::kCls, Vocabulary::kMask, 6, Vocabulary::kMask, Vocabulary::kSep};
  two.t = 5;
  two.targets = {kIgnoreIndex, 8, kIgnoreIndex, 12, kIgnoreIndex};
  out.push_back(two);
  return out;
}

// −log softmax(logits)[target], in double, written from the definition.
double nll(const std::vector<float>& logits, int row, int classes, int target) {
  double m = -1e30, s = 0;
  for (int c = 0; c < classes; ++c) m = std::max(m, double(logits[row * classes + c]));
  for (int c = 0; c < classes; ++c) s += std::exp(logits[row * classes + c] - m);
  return -(logits[row * classes + target] - m - std::log(s));
}

// Mean over examples of each example's mean NLL over its scored rows.
double reference_loss(const Encoder& model, const std::vector<EvalExample>& exs,
                      const std::vector<float>& gates, int only = -1) {
  double total = 0;
  int n = 0;
  Encoder::Trace trace;
  for (int e = 0; e < int(exs.size()); ++e) {
    if (only >= 0 && e != only) continue;
    model.forward_ids(exs[e].ids, gates, trace);
    double sum = 0;
    int rows = 0;
    for (int i = 0; i < exs[e].t; ++i)
      if (exs[e].targets[i] != kIgnoreIndex)
        sum += nll(trace.logits, i, model.output_size(), exs[e].targets[i]), ++rows;
    total += sum / rows;
    ++n;
  }
  return total / n;
}

TEST(Importance, EvaluateMatchesTheDefinition) {
  const Encoder model(tiny_text(), 3);
  const auto exs = examples();
  const std::vector<float> gates = {1, 0.5f, 0, 1};
  const EvalResult r = evaluate(model, exs, gates);
  EXPECT_NEAR(r.loss, reference_loss(model, exs, gates), 1e-5);
  EXPECT_EQ(r.scored, 3 + 2);
  EXPECT_GE(r.accuracy, 0.0);
  EXPECT_LE(r.accuracy, 1.0);
}

TEST(Importance, AblationIsTheLossChangeWithTheHeadOff) {
  const Encoder model(tiny_text(), 4);
  const auto exs = examples();
  const std::vector<float> gates = {1, 1, 0, 1};
  const auto a = ablation_importance(model, exs, gates);
  ASSERT_EQ(a.size(), 4u);
  const double base = reference_loss(model, exs, gates);
  EXPECT_NEAR(a[0], reference_loss(model, exs, {0, 1, 0, 1}) - base, 1e-5);
  EXPECT_NEAR(a[3], reference_loss(model, exs, {1, 1, 0, 0}) - base, 1e-5);
  EXPECT_EQ(a[2], 0.0f);  // already off
}

TEST(Importance, GateGradientsMatchFiniteDifferences) {
  Encoder model(tiny_text(), 5);
  const auto exs = examples();
  const std::vector<float> gates = {0.9f, 0.7f, 0.5f, 0.4f};  // inside [0, 1], for ± eps
  const auto g = gradient_importance(model, exs, gates);
  ASSERT_EQ(g.size(), 4u);
  EXPECT_GT(*std::max_element(g.begin(), g.end()), 0.02f);  // large enough to mean something
  const double eps = 1e-2;
  for (int k = 0; k < 4; ++k) {
    double want = 0;
    for (int e = 0; e < int(exs.size()); ++e) {
      std::vector<float> up = gates, down = gates;
      up[k] += float(eps);
      down[k] -= float(eps);
      want += std::abs(reference_loss(model, exs, up, e) - reference_loss(model, exs, down, e)) /
              (2 * eps);
    }
    want /= double(exs.size());
    EXPECT_NEAR(g[k], want, 2e-3 + 1e-2 * want) << "gate " << k;
  }
  // The weights did not change: the loss is what it was.
  EXPECT_NEAR(evaluate(model, exs, gates).loss, reference_loss(model, exs, gates), 1e-6);
}

TEST(Importance, PruningRemovesTheLeastImportantFirst) {
  const Encoder model(tiny_text(), 6);
  const auto exs = examples();
  const std::vector<float> importance = {0.3f, -0.1f, 0.3f, 0.0f};
  const Pruning p = prune_by(model, exs, importance);
  EXPECT_EQ(p.order, (std::vector<int>{1, 3, 0, 2}));
  ASSERT_EQ(p.steps.size(), 5u);
  EXPECT_NEAR(p.steps[0].loss, reference_loss(model, exs, {1, 1, 1, 1}), 1e-5);
  EXPECT_NEAR(p.steps[2].loss, reference_loss(model, exs, {1, 0, 1, 0}), 1e-5);
  EXPECT_NEAR(p.steps[4].loss, reference_loss(model, exs, {0, 0, 0, 0}), 1e-5);
  EXPECT_THROW(prune_by(model, exs, std::vector<float>{1, 2}), Error);
}

TEST(Importance, CurrentTextScoresEachWordWithItMasked) {
  const std::vector<int> ids = {Vocabulary::kCls, 7, Vocabulary::kUnk, 9, Vocabulary::kSep};
  const auto exs = text_current(ids);
  ASSERT_EQ(exs.size(), 2u);  // 7 and 9; not [CLS], [UNK], [SEP]
  EXPECT_EQ(exs[0].ids, (std::vector<int>{Vocabulary::kCls, Vocabulary::kMask, Vocabulary::kUnk, 9,
                                          Vocabulary::kSep}));
  EXPECT_EQ(exs[0].targets, (std::vector<int>{-1, 7, -1, -1, -1}));
  EXPECT_EQ(exs[1].targets, (std::vector<int>{-1, -1, -1, 9, -1}));
}

TEST(Importance, HeldOutSetsAreFixedAndScoreSomething) {
  const Vocabulary vocab(grammar_vocabulary());
  const auto a = text_held_out(vocab, 8), b = text_held_out(vocab, 8);
  ASSERT_EQ(a.size(), 8u);
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_EQ(a[e].ids, b[e].ids);
    EXPECT_EQ(a[e].ids.front(), Vocabulary::kCls);
    int scored = 0;
    for (int t : a[e].targets) scored += t != kIgnoreIndex;
    EXPECT_GE(scored, 1);
  }
  const auto images = image_held_out(3);
  ASSERT_EQ(images.size(), 3u);
  for (const auto& ex : images) {
    EXPECT_EQ(ex.t, kShapeGrid * kShapeGrid);
    EXPECT_EQ(ex.patches.size(), std::size_t(ex.t) * kShapePatch * kShapePatch * 3);
    EXPECT_GE(ex.targets[0], 0);
    EXPECT_LT(ex.targets[0], kShapeClasses);
  }
}

}  // namespace
}  // namespace headscope::train

#include "train/vision_model.hpp"

#include <cstdio>

#include "inputs/patches.hpp"
#include "nn/loss.hpp"
#include "train/head_scores.hpp"
#include "train/recipe.hpp"

namespace headscope::train {

namespace {

constexpr int kPatches = kShapeGrid * kShapeGrid;

struct Eval {
  float loss = 0, accuracy = 0;
};

Eval evaluate(const Encoder& model, const std::vector<ShapeImage>& images) {
  Encoder::Trace trace;
  double loss = 0;
  int right = 0;
  for (const ShapeImage& im : images) {
    model.forward_patches(shape_patches(im), kPatches, {}, trace);
    const int target = im.label;
    loss += softmax_cross_entropy(trace.logits, 1, kShapeClasses, std::span<const int>(&target, 1))
                .loss;
    int best = 0;
    for (int c = 1; c < kShapeClasses; ++c)
      if (trace.logits[c] > trace.logits[best]) best = c;
    right += best == im.label;
  }
  return {float(loss / images.size()), float(right) / float(images.size())};
}

}  // namespace

std::vector<ShapeImage> held_out_images(const VisionTrainOptions& o) {
  return generate_shape_images(o.held_out, o.seed + kHeldOutSeedOffset);
}

VisionTrainOptions default_vision_options() {
  VisionTrainOptions o;
  o.model.d_model = 64;
  o.model.num_heads = 4;
  o.model.num_layers = 2;
  o.model.mlp_hidden = 128;
  return o;
}

std::vector<float> shape_patches(const ShapeImage& image) {
  return patchify(image.rgba, kImageSide, kImageSide, kShapePatch).values;
}

VisionTrainResult train_vision(const VisionTrainOptions& o,
                               const std::function<void(int, int, float)>& progress) {
  EncoderConfig c = o.model;
  c.vocab = 0;
  c.patch_dim = kShapePatch * kShapePatch * 3;
  c.num_classes = kShapeClasses;
  c.max_len = kPatches;
  VisionTrainResult r;
  r.model = std::make_unique<Encoder>(c, o.seed);
  Adam adam(r.model->params(), adam_config(o.lr));
  const std::vector<ShapeImage> held = held_out_images(o);
  r.initial_loss = evaluate(*r.model, held).loss;
  Encoder::Trace trace;
  for (int step = 0; step < o.steps; ++step) {
    adam.set_lr(learning_rate(o.lr, o.warmup, o.steps, step));
    r.model->zero_grad();
    double total = 0;
    for (const ShapeImage& im : generate_shape_images(o.batch, o.seed * 7919 + step)) {
      r.model->forward_patches(shape_patches(im), kPatches, {}, trace);
      const int target = im.label;
      CrossEntropyResult ce =
          softmax_cross_entropy(trace.logits, 1, kShapeClasses, std::span<const int>(&target, 1));
      for (float& g : ce.d_logits) g /= float(o.batch);
      r.model->backward(trace, ce.d_logits);
      total += ce.loss;
    }
    adam.step();
    r.model->sync();
    if (progress) progress(step + 1, o.steps, float(total / o.batch));
  }
  const Eval e = evaluate(*r.model, held);
  r.final_loss = e.loss;
  r.accuracy = e.accuracy;
  return r;
}

std::vector<VisionHeadScores> score_vision_heads(const Encoder& model,
                                                 const std::vector<ShapeImage>& images) {
  const int L = model.config().num_layers, H = model.config().num_heads;
  std::vector<double> other(std::size_t(L) * H, 0.0), shapes(std::size_t(L) * H, 0.0);
  std::vector<double> other_w(other.size(), 0.0), shapes_w(other.size(), 0.0);
  double n_other = 0, n_shapes = 0;
  Encoder::Trace trace;
  for (const ShapeImage& im : images) {
    model.forward_patches(shape_patches(im), kPatches, {}, trace);
    for (int i = 0; i < kPatches; ++i) {
      const int s = i == im.patch[0] ? 0 : i == im.patch[1] ? 1 : -1;
      (s >= 0 ? n_other : n_shapes) += 1;
      for (int l = 0; l < L; ++l)
        for (int h = 0; h < H; ++h) {
          const float* row =
              &trace.layers[l].attn.attention[(std::size_t(h) * kPatches + i) * kPatches];
          const int best = strongest_link(row, kPatches, i);
          if (s >= 0) {
            other[l * H + h] += best == im.patch[1 - s];
            other_w[l * H + h] += row[im.patch[1 - s]];
          } else {
            shapes[l * H + h] += best == im.patch[0] || best == im.patch[1];
            shapes_w[l * H + h] += row[im.patch[0]] + row[im.patch[1]];
          }
        }
    }
  }
  std::vector<VisionHeadScores> out;
  for (int l = 0; l < L; ++l)
    for (int h = 0; h < H; ++h) {
      VisionHeadScores v;
      v.layer = l;
      v.head = h;
      v.other_shape = other[l * H + h] / n_other;
      v.shapes = shapes[l * H + h] / n_shapes;
      v.other_shape_chance = 1.0 / (kPatches - 1);
      v.shapes_chance = 2.0 / (kPatches - 1);
      v.other_shape_weight = other_w[l * H + h] / n_other;
      v.shapes_weight = shapes_w[l * H + h] / n_shapes;
      // A uniform row's weight: the query's own patch counts among the kPatches.
      v.other_shape_weight_chance = 1.0 / kPatches;
      v.shapes_weight_chance = 2.0 / kPatches;
      // Both measures: the strongest links and the weight itself (what the head's view shows).
      const bool o = clearly_above_chance(v.other_shape, v.other_shape_chance) &&
                     clearly_above_chance(v.other_shape_weight, v.other_shape_weight_chance),
                 s = clearly_above_chance(v.shapes, v.shapes_chance) &&
                     clearly_above_chance(v.shapes_weight, v.shapes_weight_chance);
      if (o && (!s || v.other_shape - v.other_shape_chance >= v.shapes - v.shapes_chance))
        v.label = "other shape";
      else if (s)
        v.label = "shapes";
      out.push_back(v);
    }
  return out;
}

std::vector<HeadEvidence> vision_evidence(const std::vector<VisionHeadScores>& heads) {
  std::vector<HeadEvidence> out;
  for (const VisionHeadScores& h : heads)
    out.push_back({h.layer,
                   h.head,
                   h.label,
                   {{"other shape", h.other_shape},
                    {"shapes", h.shapes},
                    {"other shape weight", h.other_shape_weight},
                    {"shapes weight", h.shapes_weight}},
                   {{"other shape", h.other_shape_chance},
                    {"shapes", h.shapes_chance},
                    {"other shape weight", h.other_shape_weight_chance},
                    {"shapes weight", h.shapes_weight_chance}}});
  return out;
}

}  // namespace headscope::train

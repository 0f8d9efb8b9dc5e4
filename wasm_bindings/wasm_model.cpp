#include "wasm_model.hpp"

#include <algorithm>

#include "analysis/attribution.hpp"
#include "base/error.hpp"
#include "convert.hpp"
#include "guard.hpp"

namespace headscope::wasm {

namespace {

Fusion read_fusion(const std::string& name) {
  if (name == "mean") return Fusion::kMean;
  if (name == "max") return Fusion::kMax;
  if (name == "min") return Fusion::kMin;
  fail("fusion '", name, "' must be mean, max or min");
}

// [heads] of one HeadStats field, as a new Float32Array.
val stat_array(const std::vector<HeadStats>& stats, float HeadStats::*field) {
  std::vector<float> v;
  for (const HeadStats& s : stats) v.push_back(s.*field);
  return copy_out(v);
}

val strings_to_js(const std::vector<std::string>& strings) {
  val out = val::array();
  for (const std::string& s : strings) out.call<void>("push", s);
  return out;
}

// RawModelDescriptor (headscope-raw.d.ts).
val descriptor_to_js(const ModelDescriptor& d, int vocab_size) {
  val out = val::object();
  out.set("family", d.family);
  out.set("input", input_name(d.input));
  out.set("output", output_name(d.output));
  val tokenizer = val::object();
  tokenizer.set("kind", tokenizer_name(d.tokenizer));
  tokenizer.set("vocabSize", vocab_size);
  out.set("tokenizer", tokenizer);
  val special = val::object();
  for (const auto& [job, token] : d.special) special.set(job, token);
  out.set("special", special);
  val framing = val::object();
  framing.set("before", strings_to_js(d.frame_before));
  framing.set("after", strings_to_js(d.frame_after));
  out.set("framing", framing);
  val roles = val::array();
  for (const HeadRole& r : d.roles) {
    val role = val::object();
    role.set("label", r.label);
    role.set("description", r.description);
    roles.call<void>("push", role);
  }
  out.set("roles", roles);
  return out;
}

// HeadEvidence[] (web/lib/types.ts): label null for none, score and chance as objects.
val heads_to_js(const std::vector<HeadEvidence>& heads) {
  const auto roles = [](const std::vector<std::pair<std::string, double>>& values) {
    val out = val::object();
    for (const auto& [name, v] : values) out.set(name, v);
    return out;
  };
  val out = val::array();
  for (const HeadEvidence& h : heads) {
    val e = val::object();
    e.set("layer", h.layer);
    e.set("head", h.head);
    e.set("label", h.label.empty() ? val::null() : val(h.label));
    e.set("score", roles(h.score));
    e.set("chance", roles(h.chance));
    out.call<void>("push", e);
  }
  return out;
}

}  // namespace

// A new model replaces the old only once it is built; what referred to the old one goes first
// (the generation holds a reference to it).
bool WasmModel::load(const val& bytes) {
  return guarded([&] {
    auto next = std::make_unique<Model>(Model::from_bytes(read_bytes(bytes, "checkpoint")));
    forget_results();
    model_ = std::move(next);
  });
}

bool WasmModel::randomize(const val& seed) {
  return guarded([&] {
    auto next = std::make_unique<Model>(model().untrained(read_seed(seed, "seed")));
    forget_results();
    model_ = std::move(next);
  });
}

val WasmModel::info() const {
  if (!model_) return val::null();
  const EncoderConfig& c = model_->config();
  const ModelFamily& family = model_->family();
  val out = val::object();
  out.set("kind", input_name(model_->descriptor().input));
  out.set("descriptor", descriptor_to_js(model_->descriptor(), c.vocab));
  out.set("dModel", c.d_model);
  out.set("numHeads", c.num_heads);
  out.set("numKvHeads", c.num_kv_heads ? c.num_kv_heads : c.num_heads);
  out.set("numLayers", c.num_layers);
  out.set("mlpHidden", c.mlp_hidden);
  out.set("maxLen", c.max_len);
  out.set("vocabSize", c.vocab);
  out.set("patchDim", c.patch_dim);
  out.set("numClasses", c.num_classes);
  out.set("ropeBase", c.rope_base);
  out.set("imageSide", family.image_side());
  out.set("patchSize", family.patch_size());
  out.set("outputLabels", strings_to_js(model_->output_labels()));
  val meta = val::object();
  for (const auto& [key, value] : model_->metadata()) meta.set(key, value);
  out.set("metadata", meta);
  out.set("heads", heads_to_js(model_->heads()));
  out.set("kvCache", c.causal ? kv_cache_to_js(c) : val::null());
  return out;
}

void WasmModel::forget_results() {
  generator_.reset();
  generate_left_ = 0;
  run_ = ModelRun{};
  held_out_.reset();
  held_out_set_.reset();
  norms_.clear();
  fused_.clear();
  analysis_.reset();
}

const Model& WasmModel::model() const {
  if (!model_) fail("no model is loaded: call load(bytes) first");
  return *model_;
}

void WasmModel::run(const val& options, const std::function<void(std::span<const float>)>& f) {
  const Model& m = model();
  std::vector<float> gates;
  if (has(options, "gates")) gates = read_floats(options["gates"], "gates");
  const bool attribution = read_bool(options, "attribution", false);
  const bool analysis = read_bool(options, "analysis", false);
  const Fusion fusion = read_fusion(read_string(options, "fusion", "mean"));
  norms_.clear();
  fused_.clear();
  analysis_.reset();
  f(gates);
  if (analysis) analysis_ = analyze(run_.trace, m.config(), run_.grid_w, fusion);
  if (!attribution) return;
  const int H = m.config().num_heads, d = m.config().d_model;
  for (std::size_t l = 0; l < run_.trace.layers.size(); ++l) {
    const auto& layer = run_.trace.layers[l];
    norms_.push_back(contribution_norms(layer.attn, H, d));
    fused_.push_back(fused_attribution(*m.encoder().blocks[l].attn, layer.attn, layer.gates));
  }
}

bool WasmModel::run_text(const std::string& text, const val& options) {
  return guarded([&] {
    run(options, [&](std::span<const float> gates) { model().run_text(text, gates, run_); });
  });
}

bool WasmModel::run_image(const val& rgba, const val& width, const val& height,
                          const val& options) {
  return guarded([&] {
    const std::vector<std::uint8_t> pixels = read_bytes(rgba, "rgba");
    const int w = read_int_arg(width, "image.width"), h = read_int_arg(height, "image.height");
    run(options,
        [&](std::span<const float> gates) { model().run_image(pixels, w, h, gates, run_); });
  });
}

val WasmModel::tokens() const {
  val out = val::array();
  for (const std::string& s : run_.tokens) out.call<void>("push", s);
  return out;
}

val WasmModel::layer_result(int layer, const std::string& name) const {
  if (layer < 0 || std::size_t(layer) >= run_.trace.layers.size()) return val::null();
  const auto& l = run_.trace.layers[std::size_t(layer)];
  if (name == "input") return view(l.h1);
  if (name == "contributionNorms")
    return norms_.empty() ? val::null() : view(norms_[std::size_t(layer)]);
  if (name == "fusedAttribution")
    return fused_.empty() ? val::null() : view(fused_[std::size_t(layer)]);
  return attention_result_view(l.attn, name);
}

val WasmModel::analysis() const {
  if (!analysis_) return val::null();
  val layers = val::array();
  for (const LayerAnalysis& a : analysis_->layers) {
    val layer = val::object();
    layer.set("entropy", stat_array(a.stats, &HeadStats::entropy));
    layer.set("distance", stat_array(a.stats, &HeadStats::distance));
    layer.set("self", stat_array(a.stats, &HeadStats::self));
    layer.set("previous", stat_array(a.stats, &HeadStats::previous));
    layer.set("first", stat_array(a.stats, &HeadStats::first));
    layer.set("jsDistance", copy_out(a.js_distance));
    layer.set("contributionSimilarity", copy_out(a.contribution_similarity));
    val order = val::array();
    for (int h : a.order) order.call<void>("push", h);
    layer.set("order", order);
    layers.call<void>("push", layer);
  }
  val out = val::object();
  out.set("layers", layers);
  out.set("rollout", copy_out(analysis_->rollout));
  return out;
}

val WasmModel::probabilities() const {
  return view(run_.probabilities);
}

val WasmModel::attention_config() const {
  if (!model_) return val::null();
  return config_to_js(model_->encoder().blocks[0].attn->config());
}

bool WasmModel::generate_start(const std::string& text, const val& options) {
  generator_.reset();
  generate_left_ = 0;
  return guarded([&] {
    const Model& m = model();
    const int room = m.config().max_len - m.descriptor().framing_size();
    const int max_tokens = read_int(options, "maxTokens", std::min(20, room));
    if (max_tokens < 1 || max_tokens > room)
      fail("maxTokens ", max_tokens, " must be from 1 to ", room, " (the model's context of ",
           m.config().max_len, " tokens less its framing)");
    std::vector<float> gates;
    if (has(options, "gates")) gates = read_floats(options["gates"], "gates");
    generator_ =
        std::make_unique<Generator>(m, text, read_generate_options(options), std::move(gates));
    generate_left_ = max_tokens;
  });
}

bool WasmModel::generate_can_step() const {
  return generator_ && generate_left_ > 0 && generator_->can_step();
}

val WasmModel::generate_step() {
  return guarded_value(
      [&] {
        if (!generator_) fail("no generation is under way: call generateStart(text) first");
        if (generate_left_ <= 0) fail("the generation has given its maxTokens tokens");
        val out = generated_token_to_js(generator_->step());
        --generate_left_;
        return out;
      },
      val::null());
}

val WasmModel::generate_tokens() const {
  return generator_ ? strings_to_js(generator_->tokens()) : val::array();
}

}  // namespace headscope::wasm

// WasmModel::importance: head importance and pruning (cpp/train/importance.hpp) for the page.
#include <algorithm>

#include "convert.hpp"
#include "error.hpp"
#include "guard.hpp"
#include "importance.hpp"
#include "wasm_model.hpp"

namespace headscope::wasm {

namespace {

using train::EvalExample;
using train::EvalResult;

// Held-out set sizes: enough for stable rankings, small enough to measure in well under a second.
constexpr int kHeldOutPassages = 64, kHeldOutImages = 32;

// Measured on one evaluation set.
struct Measured {
  EvalResult result;
  std::vector<float> ablation, gradient;
};

Measured measure(Model& m, const std::vector<EvalExample>& examples, std::span<const float> gates) {
  return {train::evaluate(m.encoder(), examples, gates),
          train::ablation_importance(m.encoder(), examples, gates),
          train::gradient_importance(m.encoder_for_gradients(), examples, gates)};
}

// { loss, accuracy, scored, ablation, gradient }
val to_js(const Measured& x) {
  val out = val::object();
  out.set("loss", x.result.loss);
  out.set("accuracy", x.result.accuracy);
  out.set("scored", x.result.scored);
  out.set("ablation", copy_out(x.ablation));
  out.set("gradient", copy_out(x.gradient));
  return out;
}

}  // namespace

val WasmModel::importance(const val& options) {
  return guarded_value(
      [&]() -> val {
        if (!model_) fail("no model is loaded: call load(bytes) first");
        if (run_.trace.layers.empty()) fail("there is no run to measure: run text or an image");
        Model& m = *model_;
        std::vector<float> gates;
        if (has(options, "gates")) gates = read_floats(options["gates"], "gates");
        std::vector<EvalExample> current;
        if (m.is_text()) {
          current = train::text_current(m.vocabulary().encode(run_.tokens));
        } else {
          const auto& p = run_.probabilities;
          const int predicted = int(std::max_element(p.begin(), p.end()) - p.begin());
          current = train::image_current(run_.patches, run_.trace.t, predicted);
        }
        if (!held_out_) {
          const std::vector<EvalExample> held =
              m.is_text() ? train::text_held_out(m.vocabulary(), kHeldOutPassages)
                          : train::image_held_out(kHeldOutImages);
          HeldOutImportance h;
          h.examples = int(held.size());
          const Measured x = measure(m, held, {});
          h.result = x.result;
          h.ablation = x.ablation;
          h.gradient = x.gradient;
          h.pruning = train::prune_by(m.encoder(), held, x.ablation);
          held_out_ = std::move(h);
        }
        const HeldOutImportance& h = *held_out_;
        val held = to_js({h.result, h.ablation, h.gradient});
        held.set("examples", h.examples);
        val pruning = val::object();
        val order = val::array();
        for (int k : h.pruning.order) order.call<void>("push", k);
        pruning.set("order", order);
        std::vector<float> loss, accuracy;
        for (const EvalResult& r : h.pruning.steps) {
          loss.push_back(float(r.loss));
          accuracy.push_back(float(r.accuracy));
        }
        pruning.set("loss", copy_out(loss));
        pruning.set("accuracy", copy_out(accuracy));
        held.set("pruning", pruning);
        val out = val::object();
        out.set("current", to_js(measure(m, current, gates)));
        out.set("heldOut", held);
        return out;
      },
      val::null());
}

}  // namespace headscope::wasm

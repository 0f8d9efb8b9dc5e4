// WasmModel::evaluate and ::importance: the model's loss, head importance and pruning
// (cpp/train/importance.hpp) on the last run's input and on a held-out set, for the page.
#include <algorithm>

#include "base/error.hpp"
#include "convert.hpp"
#include "guard.hpp"
#include "train/importance.hpp"
#include "wasm_model.hpp"

namespace headscope::wasm {

namespace {

using train::EvalExample;
using train::EvalResult;

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

// { loss, accuracy, scored }
val result_to_js(const EvalResult& r) {
  val out = val::object();
  out.set("loss", r.loss);
  out.set("accuracy", r.accuracy);
  out.set("scored", r.scored);
  return out;
}

// { loss, accuracy, scored, ablation, gradient }
val to_js(const Measured& x) {
  val out = result_to_js(x.result);
  out.set("ablation", copy_out(x.ablation));
  out.set("gradient", copy_out(x.gradient));
  return out;
}

}  // namespace

std::vector<EvalExample> WasmModel::current_examples() const {
  if (run_.trace.layers.empty()) fail("there is no run to measure: run text or an image");
  return model().family().current_examples(run_);
}

const std::vector<EvalExample>& WasmModel::held_out_examples() {
  if (!held_out_set_) held_out_set_ = model().family().held_out_examples(model().metadata());
  return *held_out_set_;
}

val WasmModel::evaluate(const val& options) {
  return guarded_value(
      [&]() -> val {
        std::vector<float> gates;
        if (has(options, "gates")) gates = read_floats(options["gates"], "gates");
        const bool held_out = read_bool(options, "heldOut", false);
        const Encoder& encoder = model().encoder();
        if (held_out) return result_to_js(train::evaluate(encoder, held_out_examples(), gates));
        return result_to_js(train::evaluate(encoder, current_examples(), gates));
      },
      val::null());
}

val WasmModel::importance(const val& options) {
  return guarded_value(
      [&]() -> val {
        const std::vector<EvalExample> current = current_examples();
        Model& m = *model_;
        std::vector<float> gates;
        if (has(options, "gates")) gates = read_floats(options["gates"], "gates");
        if (!held_out_) {
          const std::vector<EvalExample>& held = held_out_examples();
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

#include "wasm_trainer.hpp"

#include <vector>

#include "base/error.hpp"
#include "convert.hpp"
#include "guard.hpp"

namespace headscope::wasm {

bool WasmTrainer::configure(const val& options) {
  return guarded([&] {
    train::LiveOptions o;
    o.task = read_string(options, "task", o.task);
    o.num_heads = read_int(options, "numHeads", o.num_heads);
    o.d_model = read_int(options, "dModel", o.d_model);
    o.num_layers = read_int(options, "numLayers", o.num_layers);
    o.mlp_hidden = read_int(options, "mlpHidden", o.mlp_hidden);
    o.batch = read_int(options, "batch", o.batch);
    o.lr = float(read_number(options, "lr", o.lr));
    if (has(options, "seed")) o.seed = read_seed(options["seed"], "seed");
    o.validation = read_int(options, "validation", o.validation);
    o.probe = read_int(options, "probe", o.probe);
    trainer_ = std::make_unique<train::LiveTrainer>(o);
  });
}

val WasmTrainer::step(const val& count_value) {
  return guarded_value(
      [&]() -> val {
        if (!trainer_) fail("the trainer is not configured: call configure(options) first");
        const int count = read_int_arg(count_value, "step count");
        if (count < 1 || count > 1000) fail("step count ", count, " must be from 1 to 1000");
        std::vector<float> losses;
        for (int i = 0; i < count; ++i) losses.push_back(trainer_->step());
        return copy_out(losses);
      },
      val::null());
}

val WasmTrainer::validate() const {
  if (!trainer_) return val::null();
  const train::EvalResult r = trainer_->validate();
  val out = val::object();
  out.set("loss", r.loss);
  out.set("accuracy", r.accuracy);
  out.set("scored", r.scored);
  return out;
}

val WasmTrainer::probe() const {
  val out = val::array();
  if (!trainer_) return out;
  for (const train::LayerProbe& p : trainer_->probe()) {
    val layer = val::object();
    layer.set("entropy", copy_out(p.entropy));
    layer.set("jsDistance", copy_out(p.js_distance));
    out.call<void>("push", layer);
  }
  return out;
}

}  // namespace headscope::wasm

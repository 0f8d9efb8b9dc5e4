// One step of the page's default live-training task (LiveTrainer with default LiveOptions: text
// masked-LM, 2 layers, 4 heads, d_model 32, batch 16): a fresh batch, forward, backward and an
// AdamW update, as Trainer.step() runs it in JavaScript.
#include <benchmark/benchmark.h>

#include "kernels/kernels.hpp"
#include "train/live.hpp"

namespace {

void train_step(benchmark::State& state) {
  headscope::train::LiveTrainer trainer{headscope::train::LiveOptions{}};
  trainer.step();  // sizes every buffer
  for (auto _ : state) benchmark::DoNotOptimize(trainer.step());
  state.SetLabel(headscope::kernels::simd_arch_name());
}

BENCHMARK(train_step)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinWarmUpTime(0.05)
    ->MinTime(0.2)
    ->Repetitions(7)
    ->ReportAggregatesOnly(true);

}  // namespace

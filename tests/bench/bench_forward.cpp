// One multi-head self-attention forward (bias on, no mask), single-threaded: weights set once,
// then each iteration runs, into buffers reused across calls (as wasm_bindings/ keeps them):
// - output: MultiHeadAttention::output(), the output alone, as MultiHeadAttention.output() in
//   JavaScript runs it (the native figures of npm run bench);
// - forward: MultiHeadAttention::forward(), every intermediate kept, as the page needs them;
// - backward: attention_backward() from a kept forward, for a fixed dL/d output; its GFLOP/s
//   count 16·t·d² + 8·t²·d, twice the forward's products (each has a weight and an input
//   gradient).
// Inputs are those of scripts/bench/cases.mjs, generated the same way. Reports per size the
// median of the repetitions and GFLOP/s counting 8·t·d² + 4·t²·d per forward.
//   headscope_bench [--benchmark_format=json] [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "attention/attention.hpp"
#include "attention/backward.hpp"
#include "kernels/kernels.hpp"

namespace {

using headscope::AttentionConfig;
using headscope::AttentionResult;
using headscope::AttentionWeights;
using headscope::ForwardInput;
using headscope::MultiHeadAttention;

// cases.mjs's values(): a linear congruential sequence mapped to [-scale, scale).
std::vector<float> values(int n, std::uint32_t seed, double scale) {
  std::vector<float> out(static_cast<std::size_t>(n));
  std::uint32_t s = seed;
  for (float& v : out) {
    s = s * 1664525u + 1013904223u;
    v = static_cast<float>((s / 4294967296.0 - 0.5) * 2 * scale);
  }
  return out;
}

// cases.mjs's makeCase() weights: PyTorch layout [out, in], Xavier-like scale, biases in ±0.1.
AttentionWeights case_weights(int d) {
  const double a = std::sqrt(3.0 / d);
  return {values(d * d, 11, a), values(d * d, 12, a), values(d * d, 13, a), values(d * d, 14, a),
          values(d, 21, 0.1),   values(d, 22, 0.1),   values(d, 23, 0.1),   values(d, 24, 0.1)};
}

// Runs `body(mha, in)` per iteration on the case of state's (t, d_model, heads).
template <typename Body>
void run_case(benchmark::State& state, double flop_factor, Body body) {
  const int t = static_cast<int>(state.range(0));
  const int d = static_cast<int>(state.range(1));
  AttentionConfig config;
  config.d_model = d;
  config.num_heads = static_cast<int>(state.range(2));
  MultiHeadAttention mha(config, headscope::Init::kZeros);
  mha.set_weights(case_weights(d));
  const std::vector<float> x = values(t * d, 7, 1.0);
  ForwardInput in;
  in.x_q = x;
  in.t_q = t;
  body(mha, in);  // sizes the buffers; later calls do not allocate
  for (auto _ : state) {
    body(mha, in);
    benchmark::ClobberMemory();
  }
  const double flops = flop_factor * (8.0 * t * d * d + 4.0 * t * t * d);
  // Per iteration, divided by the (real) time: GFLOP per second.
  state.counters["GFLOPS"] =
      benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(headscope::kernels::simd_arch_name());
}

void output(benchmark::State& state) {
  std::vector<float> out;
  run_case(state, 1.0, [&](const MultiHeadAttention& mha, const ForwardInput& in) {
    mha.output(in, out);
    benchmark::DoNotOptimize(out.data());
  });
}

void forward(benchmark::State& state) {
  AttentionResult result;
  run_case(state, 1.0, [&](const MultiHeadAttention& mha, const ForwardInput& in) {
    mha.forward(in, result);
    benchmark::DoNotOptimize(result.output.data());
  });
}

void backward(benchmark::State& state) {
  AttentionResult result;
  headscope::AttentionGrads grads;
  std::vector<float> d_out;
  run_case(state, 2.0, [&](const MultiHeadAttention& mha, const ForwardInput& in) {
    if (d_out.empty()) {  // the first (untimed) call: the forward it differentiates
      mha.forward(in, result);
      d_out = values(static_cast<int>(result.output.size()), 31, 1.0);
      grads = headscope::AttentionGrads::zeros(mha.config());
    }
    headscope::attention_backward(mha, in, result, d_out, grads);
    benchmark::DoNotOptimize(grads.d_x_q.data());
  });
}

// (t, d_model, heads): the sizes of scripts/bench/cases.mjs.
void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"t", "d", "heads"})
      ->Args({16, 64, 4})
      ->Args({64, 128, 8})
      ->Args({197, 192, 3})
      ->Args({256, 512, 8})
      ->Args({512, 768, 12})
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()  // wall-clock time, as performance.now() measures the JavaScript side
      ->MinWarmUpTime(0.05)
      ->MinTime(0.2)
      ->Repetitions(7)
      ->ReportAggregatesOnly(true);
}
BENCHMARK(output)->Apply(sizes);
BENCHMARK(forward)->Apply(sizes);
BENCHMARK(backward)->Apply(sizes);

}  // namespace

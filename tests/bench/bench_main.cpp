// headscope_bench's entry point: Google Benchmark's, with the SIMD instruction set in the context.
//   headscope_bench [--benchmark_format=json] [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include "kernels/kernels.hpp"

int main(int argc, char** argv) {
  // The instruction set xsimd compiled the core's kernels for (xsimd::default_arch::name()), in
  // the JSON output's context.
  benchmark::AddCustomContext("simd_arch", headscope::kernels::simd_arch_name());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

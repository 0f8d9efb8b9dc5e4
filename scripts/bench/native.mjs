// The native implementations of `npm run bench`: tests/bench/bench_forward.cpp (Google Benchmark)
// built for two instruction sets, each in its own build directory, configured and built on first
// use (cmake --build then only rebuilds what changed). Each binary runs once with the sizes asked
// for; the figures are its medians over repetitions.
//   native-sse   -DHEADSCOPE_MARCH=sse4.2: 128-bit vectors, the width of WebAssembly SIMD128
//   native-best  -DHEADSCOPE_MARCH=native: the widest instruction set this machine has
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILDS = [
  { impl: 'native-sse', dir: 'build/bench-sse', march: 'sse4.2' },
  { impl: 'native-best', dir: 'build/bench-best', march: 'native' },
];
const TIME_UNIT_MS = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 };

/** Runs a command in the repository; stdout 'pipe' is collected and returned, or goes to a file. */
function run(cmd, args, stdout, stderr = stdout) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', stdout, stderr] });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (s) => (out += s));
    child.on('error', (e) => reject(new Error(`could not run ${cmd}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Configures (once) and builds one benchmark binary, logging to `${dir}.log`; returns its path. */
async function build({ impl, dir, march }, log) {
  const logPath = `${dir}.log`;
  const fd = openSync(`${root}/${logPath}`, 'w');
  try {
    if (!existsSync(`${root}/${dir}/CMakeCache.txt`)) {
      log(`${impl}: configuring ${dir} (log: ${logPath})`);
      await run(
        'cmake',
        [
          '-S',
          '.',
          '-B',
          dir,
          '-DCMAKE_BUILD_TYPE=Release',
          '-DHEADSCOPE_BUILD_TESTS=OFF', // only the benchmark: no GoogleTest suite to compile
          '-DHEADSCOPE_BUILD_BENCH=ON',
          `-DHEADSCOPE_MARCH=${march}`, // the core's and the benchmark's instruction set
        ],
        fd,
      );
    }
    log(`${impl}: building ${dir} (log: ${logPath})`);
    const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL ?? String(availableParallelism());
    await run('cmake', ['--build', dir, '--target', 'headscope_bench', '--parallel', jobs], fd);
  } catch (e) {
    const tail = readFileSync(`${root}/${logPath}`, 'utf8').trimEnd().split('\n').slice(-15);
    throw new Error(`${impl}: build failed: ${e.message}; see ${logPath}\n${tail.join('\n')}`);
  } finally {
    closeSync(fd);
  }
  return `${dir}/tests/bench/headscope_bench`;
}

/** The Google Benchmark names of each pass (tests/bench/), and the run-name prefix of a size. */
const PASSES = { forward: 'output', backward: 'backward' };
const prefix = (bench, [t, d, h]) => `${bench}/t:${t}/d:${d}/heads:${h}/`;

/**
 * Builds (if needed) and runs both native benchmarks: the forward (output only) and its backward
 * at `sizes` ([[t, d_model, heads], ...], each registered in tests/bench/bench_forward.cpp), and
 * one step of the default live-training task. Returns one record per pass, size and build:
 * { pass: 'forward' | 'backward' | 'train-step', size: 't,d,heads' ('' for the training step),
 *   impl, ms (median), gflops (null for the training step), arch (xsimd's instruction set) }.
 */
export async function nativeRecords(sizes, { log = () => {} } = {}) {
  const filter = [
    ...Object.values(PASSES).flatMap((bench) => sizes.map((size) => `^${prefix(bench, size)}`)),
    '^train_step/',
  ].join('|');
  const records = [];
  for (const b of BUILDS) {
    const binary = await build(b, log);
    log(`${b.impl}: running ${binary}`);
    const json = await run(
      `${root}/${binary}`,
      ['--benchmark_format=json', `--benchmark_filter=${filter}`],
      'pipe',
      'inherit',
    );
    // Nothing at all when the filter matched no benchmark.
    const { context, benchmarks } = json ? JSON.parse(json) : { benchmarks: [] };
    const median = (start) => {
      const r = benchmarks.find(
        (x) => x.aggregate_name === 'median' && x.run_name.startsWith(start),
      );
      if (!r)
        throw new Error(`${b.impl}: no median for ${start}: is it registered in tests/bench/?`);
      return r;
    };
    const record = (pass, size, r) => ({
      pass,
      size,
      impl: b.impl,
      ms: r.real_time * TIME_UNIT_MS[r.time_unit],
      gflops: r.GFLOPS ?? null,
      arch: context.simd_arch,
    });
    for (const [pass, bench] of Object.entries(PASSES))
      for (const size of sizes)
        records.push(record(pass, size.join(','), median(prefix(bench, size))));
    records.push(record('train-step', '', median('train_step/')));
  }
  return records;
}

// The benchmarks' printed tables: one line per implementation, its median ms, GFLOP/s and how
// many times faster the subject implementation is.

/**
 * Prints `title`, a header naming `subject`, then each row { label, ms, gflops (or null) }; rows
 * other than `base` (the subject's own row) get the ratio row.ms / base.ms. Without a base (it
 * was not measured), no ratios.
 */
export function printTable(title, rows, base, subject, width = 24) {
  console.log(`\n${title}`);
  console.log(
    `  ${'implementation'.padEnd(width)}${'ms'.padStart(10)}${'GFLOP/s'.padStart(10)}  ${subject} is`,
  );
  for (const r of rows) {
    const ratio = !base || r === base ? '' : `${(r.ms / base.ms).toFixed(2)}× as fast`;
    const gflops = r.gflops === null ? '' : r.gflops.toFixed(2);
    console.log(
      `  ${r.label.padEnd(width)}${r.ms.toFixed(4).padStart(10)}${gflops.padStart(10)}  ${ratio}`,
    );
  }
}

// Median and spread of a set of samples. Benchmarks report these, never assert on them.

/** Linear-interpolated quantile of sorted numbers (q in 0..1). */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** { n, median, min, max, q1, q3, p95 } of the samples. */
export function summarize(samples) {
  const sorted = [...samples].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    p95: quantile(sorted, 0.95),
  };
}

/** Runs fn `runs` times (sequentially) and returns the results. */
export async function repeat(runs, fn) {
  const out = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}

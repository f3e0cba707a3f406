/**
 * CPU-bound JS that shares its thread with DuckDB calls: ingest classifies and indexes texts while DuckDB
 * writes on its own threads, which only works if the JS lets the awaited statements' completions through.
 */

/**
 * Calls `work(from, to)` over the indexes [0, total) in slices of `size`, yielding to the event loop after
 * each, and stops early once `cancelled()` turns true.
 */
export async function runInSlices(
  total: number,
  size: number,
  work: (from: number, to: number) => void,
  cancelled: () => boolean = () => false,
): Promise<void> {
  for (let start = 0; start < total && !cancelled(); start += size) {
    work(start, Math.min(start + size, total));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

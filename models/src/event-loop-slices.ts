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

/**
 * Runs `work` while `background` (JS computing in slices) runs alongside it; `work` gets the background's
 * promise to await where it needs the result. When `work` fails, the background is told to stop (its
 * `cancelled` turns true) and is awaited before the error goes on, so nothing keeps computing for a file
 * whose transaction is rolled back.
 */
export async function whileComputing<Background, Result>(
  background: (cancelled: () => boolean) => Promise<Background>,
  work: (computed: Promise<Background>) => Promise<Result>,
): Promise<Result> {
  let failed = false;
  const computed = background(() => failed);
  try {
    return await work(computed);
  } catch (error) {
    failed = true;
    await computed;
    throw error;
  }
}

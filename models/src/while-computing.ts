/**
 * JS work that shares its thread with DuckDB calls: ingest classifies and indexes texts (reading and writing
 * files, database/row-files.ts) while DuckDB writes on its own threads.
 */

/**
 * Runs `work` while `background` runs alongside it; `work` gets the background's promise to await where it
 * needs the result. When `work` fails, the background is told to stop (its `cancelled` turns true) and is
 * awaited before the error goes on, so nothing keeps computing for a file whose transaction is rolled back.
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

/**
 * The large API database: the ingested benchmark database copied and its records replicated until it holds
 * the wanted number of cancellations. Ingesting 10M generated rows in one go needs more memory than the
 * benchmark machine has (22 GiB resident when stopped), and the API figures are about reading many rows,
 * not about where they came from. Each copy's ids get a suffix (`~2`, `~3` …), so copies are distinct
 * customers, requests, offers and answers with the same distribution; verbatims and classifications are
 * shared, as identical texts are in real data. The derived tables are then rebuilt as ingest would leave
 * them.
 */
import { copyFile } from 'node:fs/promises';
import { openDatabase, rebuildDerivedTables } from '@churnlens/models';

/** Rows of the tables keyed by id; text_hash and the other columns are copied as they are. */
const REPLICATED = [
  { table: 'customers', ids: ['id'] },
  { table: 'cancellations', ids: ['id', 'customer_id', 'subscription_id'] },
  { table: 'offers', ids: ['id', 'cancellation_id'] },
  { table: 'survey_responses', ids: ['id', 'customer_id', 'cancellation_id'] },
] as const;

/** Copies `source` (holding `sourceCancellations`) to `target` scaled to `copies` times its records. */
export async function buildScaledDatabase(source: string, target: string, copies: number): Promise<void> {
  await copyFile(source, target);
  const database = await openDatabase(target);
  try {
    for (let copy = 2; copy <= copies; copy++) {
      for (const { table, ids } of REPLICATED) {
        const renamed = ids.map((column) => `${column} || '~${copy}' AS ${column}`).join(', ');
        await database.connection.run(
          `INSERT INTO ${table} SELECT * REPLACE (${renamed}) FROM ${table} WHERE id NOT LIKE '%~%'`,
        );
      }
    }
    await rebuildDerivedTables(database.connection);
    await database.connection.run('CHECKPOINT');
  } finally {
    database.close();
  }
}

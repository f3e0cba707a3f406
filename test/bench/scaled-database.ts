/**
 * The large API database: the ingested benchmark database copied and its records replicated until it holds
 * the wanted number of cancellations. Ingesting 10M generated rows in one go needs more memory than the
 * benchmark machine has (22 GiB resident when stopped), and the API figures are about reading many rows,
 * not about where they came from. Each copy's ids get a suffix (`~2`, `~3` …), so copies are distinct
 * customers, requests, offers and answers with the same distribution; verbatims and classifications are
 * shared, as identical texts are in real data. The derived tables are then rebuilt as ingest would leave
 * them.
 *
 * Exact copies would fall into the very groups their originals do: ten copies of 1M cancellations make as
 * few (day, plan, country, …) cells as the 1M do (0.95M), which flatters any query whose cost follows the
 * number of groups. So each copied customer's whole history moves by its own shift of up to 3.5 days
 * either way (every timestamp of the customer, so their order holds), and each handled request's wait is
 * scaled by up to ±10 %.
 */
import { copyFile } from 'node:fs/promises';
import { rebuildDerivedTables } from '@churnlens/models/database/derived-tables';
import { openDatabase } from '@churnlens/models/database/open-database';
import type { DuckDBConnection } from '@duckdb/node-api';

const HALF_WEEK_SECONDS = 302_400;

/**
 * The SQL copying every original row of each table as the copy `$suffix` (`~2` …) names: ids suffixed,
 * timestamps shifted by the customer's `copy_shift`. Offers reach their customer through their cancellation.
 */
const COPY_SQL = [
  `INSERT INTO customers SELECT * REPLACE (
     id || $suffix AS id, signed_up_at + copy_shift(id, $suffix) AS signed_up_at)
   FROM customers WHERE id NOT LIKE '%~%'`,
  `INSERT INTO cancellations SELECT * REPLACE (
     id || $suffix AS id, customer_id || $suffix AS customer_id, subscription_id || $suffix AS subscription_id,
     requested_at + copy_shift(customer_id, $suffix) AS requested_at,
     requested_at + copy_shift(customer_id, $suffix) + copy_wait(requested_at, handled_at, id || $suffix) AS handled_at,
     effective_at + copy_shift(customer_id, $suffix) AS effective_at,
     reactivated_at + copy_shift(customer_id, $suffix) AS reactivated_at)
   FROM cancellations WHERE id NOT LIKE '%~%'`,
  `INSERT INTO offers SELECT o.* REPLACE (
     o.id || $suffix AS id, o.cancellation_id || $suffix AS cancellation_id,
     o.presented_at + copy_shift(c.customer_id, $suffix) AS presented_at,
     o.accepted_at + copy_shift(c.customer_id, $suffix) AS accepted_at,
     o.churned_at + copy_shift(c.customer_id, $suffix) AS churned_at)
   FROM offers o JOIN cancellations c ON c.id = o.cancellation_id WHERE o.id NOT LIKE '%~%'`,
  `INSERT INTO survey_responses SELECT * REPLACE (
     id || $suffix AS id, customer_id || $suffix AS customer_id, cancellation_id || $suffix AS cancellation_id,
     submitted_at + copy_shift(customer_id, $suffix) AS submitted_at)
   FROM survey_responses WHERE id NOT LIKE '%~%'`,
];

async function defineCopyMacros(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP MACRO copy_shift(customer, suffix) AS
       to_seconds((hash(customer || suffix) % ${2 * HALF_WEEK_SECONDS})::BIGINT - ${HALF_WEEK_SECONDS});
     CREATE OR REPLACE TEMP MACRO copy_wait(requested, handled, key) AS
       to_seconds(round(epoch(handled - requested) * (0.9 + (hash(key) % 21)::DOUBLE / 100))::BIGINT);`,
  );
}

/** Copies `source` to `target` scaled to `copies` times its records. */
export async function buildScaledDatabase(source: string, target: string, copies: number): Promise<void> {
  await copyFile(source, target);
  const database = await openDatabase(target);
  try {
    await defineCopyMacros(database.connection);
    for (let copy = 2; copy <= copies; copy++) {
      for (const sql of COPY_SQL) await database.connection.run(sql, { suffix: `~${copy}` });
    }
    await rebuildDerivedTables(database.connection);
    await database.connection.run('CHECKPOINT');
  } finally {
    database.close();
  }
}

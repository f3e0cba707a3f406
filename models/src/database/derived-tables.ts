/**
 * Keeps the derived tables current (schema migrations 5, 8, 9, 10, 14, 15, 16, 17, 18, 24 and 26):
 * `effective_classifications` (one row per verbatim: the manual label, else the newest model result),
 * `cancellation_facts` (one row per cancellation with customer attributes, tenure bucket, effective reason,
 * USD mrr, wait and its bucket, and follow-up survey answers), `offer_facts` (one row per offer with its
 * cancellation's facts), their month cells (counted per request month and filter value, month-cells.ts; also
 * summed over the filter values: `cancellation_month_totals`, `offer_month_totals`) and
 * `verbatim_documents` (one row per verbatim occurrence, reason text or survey answer, with its
 * cancellation's facts). Their rules live in the `*_source` views; these functions copy
 * the affected rows from those views after every write, inside the writer's transaction, so a reader never
 * sees a write without its facts.
 *
 * Every writer calls one of them: ingest (changed cancellations, customers, offers and survey answers, and
 * new classifications), reclassify, a manual relabel, and anything that inserts rows by hand (test fixtures).
 *
 * NOTE: what the writers keep must equal what rebuildDerivedTables writes from scratch, or a dashboard figure
 * is silently wrong. test/integration/derived-tables-consistency.test.ts checks that after a sequence of
 * every writer; a new writer (or a new way for one to change rows) belongs in that sequence.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  CANCELLATION_MONTH_CELLS,
  CANCELLATION_MONTH_TOTALS,
  CHANNEL_MONTH_CELLS,
  OFFER_MONTH_CELLS,
  OFFER_MONTH_TOTALS,
  recountingCells,
} from './month-cells.ts';
import { refreshVerbatimIndex } from './verbatim-index.ts';

type Params = Record<string, DuckDBValue>;

/** The derived tables, each a copy of the rows of its `<table>_source` view. */
type DerivedTable =
  | 'effective_classifications'
  | 'cancellation_facts'
  | 'cancellation_month_cells'
  | 'cancellation_month_totals'
  | 'channel_month_cells'
  | 'offer_facts'
  | 'offer_month_cells'
  | 'offer_month_totals'
  | 'verbatim_documents';

/**
 * The order the fact tables' rows are written in, so that DuckDB skips whole row groups: date filters on
 * requested_at everywhere, and /api/offers' pass over accepted offers only (migration 13).
 */
const ROW_ORDER: Partial<Record<DerivedTable, string>> = {
  cancellation_facts: 'requested_at',
  cancellation_month_cells: 'requested_month',
  cancellation_month_totals: 'requested_month',
  channel_month_cells: 'requested_month',
  offer_facts: 'accepted, requested_at',
  offer_month_cells: 'requested_month',
  offer_month_totals: 'requested_month',
  verbatim_documents: 'requested_at',
};

/**
 * Replaces the rows of `table` matching `condition` (over columns the table and its source view share) with
 * the source view's, in the table's ROW_ORDER when `ordered`.
 */
async function copyFromSource(
  connection: DuckDBConnection,
  table: DerivedTable,
  condition: string,
  params: Params = {},
  ordered = false,
): Promise<void> {
  await connection.run(`DELETE FROM ${table} WHERE ${condition}`, params);
  const order = ordered && ROW_ORDER[table] ? ` ORDER BY ${ROW_ORDER[table]}` : '';
  await connection.run(
    `INSERT INTO ${table} BY NAME SELECT * FROM ${table}_source WHERE ${condition}${order}`,
    params,
  );
}

export interface FactRefreshOptions {
  /**
   * Awaited after cancellation_facts and offer_facts are written and before verbatim_documents, which joins
   * verbatim_index: ingest writes the index of a file's new verbatims here, having computed it in JS while
   * DuckDB wrote the facts. Called even when no facts needed refreshing.
   */
  beforeDocuments?: () => Promise<void>;
}

/**
 * Recomputes the facts of the cancellations matching any of `conditions`: SQL conditions over the
 * `cancellations` table written by churnlens code (never user input; values go in `params`). The ids are
 * collected first, one query per condition: an OR of IN-subqueries made DuckDB join the whole source view.
 */
export async function refreshCancellationFacts(
  connection: DuckDBConnection,
  conditions: string | readonly string[],
  params: Params = {},
  options: FactRefreshOptions = {},
): Promise<void> {
  const matching = [conditions]
    .flat()
    .map((condition) => `SELECT id FROM cancellations WHERE ${condition}`)
    .join(' UNION ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE refreshed_fact_ids AS ${matching}`, params);
  const counted = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM refreshed_fact_ids`);
  const count = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
  // With nothing to refresh the inserts would still join the whole source views (~0.7 s at 1M rows).
  if (count === 0) {
    await options.beforeDocuments?.();
    await connection.run(`DROP TABLE refreshed_fact_ids`);
    return;
  }
  const ids = await refreshedIds(connection, count);
  const refreshed = ids.condition('id');
  const ofRefreshed = ids.condition('cancellation_id');
  const changing = [
    { cells: CANCELLATION_MONTH_CELLS, condition: refreshed, params: ids.params },
    { cells: CANCELLATION_MONTH_TOTALS, condition: refreshed, params: ids.params },
    { cells: CHANNEL_MONTH_CELLS, condition: refreshed, params: ids.params },
    { cells: OFFER_MONTH_CELLS, condition: ofRefreshed, params: ids.params },
    { cells: OFFER_MONTH_TOTALS, condition: ofRefreshed, params: ids.params },
  ];
  await recountingCells(connection, changing, async () => {
    await copyFromSource(connection, 'cancellation_facts', refreshed, ids.params);
    // Ordered, or the accepted offers of a big file would be spread over all of its row groups.
    await copyFromSource(connection, 'offer_facts', ofRefreshed, ids.params, true);
  });
  await options.beforeDocuments?.();
  await copyFromSource(connection, 'verbatim_documents', ofRefreshed, ids.params);
  await connection.run(`DROP TABLE refreshed_fact_ids`);
}

/**
 * Up to this many refreshed cancellations are named in the copies' conditions, one parameter each. Read
 * through the refreshed_fact_ids table, DuckDB joined every customer, classification and survey answer
 * before keeping the few rows asked for: at 10M cancellations, copying the facts of 10 of them took 2.7 s
 * that way and 0.35 s with their ids as parameters (100 ids 0.6 s, 1,000 0.54 s, 5,000 0.8 s). Larger
 * refreshes (a big file) touch most rows anyway.
 */
const NAMED_IDS_LIMIT = 5_000;

/** The condition "is one of the refreshed cancellations" over a column holding cancellation ids. */
async function refreshedIds(
  connection: DuckDBConnection,
  count: number,
): Promise<{ condition: (column: string) => string; params: Params }> {
  if (count > NAMED_IDS_LIMIT) {
    return { condition: (column) => `${column} IN (SELECT id FROM refreshed_fact_ids)`, params: {} };
  }
  const reader = await connection.runAndReadAll(`SELECT id FROM refreshed_fact_ids`);
  const params: Params = {};
  const names = reader.getRowObjectsJson().map((row, index) => {
    params[`refreshed_id_${index}`] = row.id as string;
    return `$refreshed_id_${index}`;
  });
  return { condition: (column) => `${column} IN (${names.join(', ')})`, params };
}

/**
 * Sets the effective reason of the cancellations matching `condition` (a SQL condition over
 * cancellation_facts written by churnlens code) to `reason`, in their facts, their offers' facts and their
 * theme documents, recounting their cells: for a migration whose new rule changes only the reason of rows
 * it can name. Rewritten in place, the facts keep their places: refreshCancellationFacts deletes and appends
 * them, and on the 10M-cancellation bench database the 924k requests of migration 28, appended out of
 * request order, made every later scan of a few days read their row groups too (a scan of 8 days: 31-39 ms
 * with the facts in request order, 63-66 ms after; /api/summary under load 68.6 -> 42.2 answers/s).
 */
export async function setEffectiveReason(
  connection: DuckDBConnection,
  condition: string,
  reason: string,
): Promise<void> {
  // The ids are taken once, before any write: a condition on the reason itself (migration 29's, "other")
  // no longer holds for the facts it rewrote, and the cells are noted again after the write.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE relabelled_fact_ids AS SELECT id FROM cancellation_facts WHERE ${condition}`,
  );
  const matching = 'id IN (SELECT id FROM relabelled_fact_ids)';
  const ofMatching = 'cancellation_id IN (SELECT id FROM relabelled_fact_ids)';
  const changing = [
    { cells: CANCELLATION_MONTH_CELLS, condition: matching },
    { cells: CANCELLATION_MONTH_TOTALS, condition: matching },
    { cells: OFFER_MONTH_CELLS, condition: ofMatching },
    { cells: OFFER_MONTH_TOTALS, condition: ofMatching },
  ];
  await recountingCells(connection, changing, async () => {
    await connection.run(`UPDATE cancellation_facts SET reason = $reason WHERE ${matching}`, { reason });
    await connection.run(`UPDATE offer_facts SET reason = $reason WHERE ${ofMatching}`, { reason });
  });
  await setDocumentsReason(connection, reason);
  await connection.run('DROP TABLE relabelled_fact_ids');
}

/**
 * The theme documents of the relabelled_fact_ids requests under their new reason. A reason text's document
 * is unexplained by the request's reason (other) or review flag; a survey answer's by its own
 * classification, which a new reason leaves as it was. A survey answer repeating the reason text word for
 * word has a document the update cannot tell from the reason text's, so those requests' documents are
 * written again from the source.
 */
async function setDocumentsReason(connection: DuckDBConnection, reason: string): Promise<void> {
  await connection.run(
    `UPDATE verbatim_documents d SET reason = $reason,
       unexplained = CASE WHEN d.text_id = f.text_id THEN $reason = 'other' OR f.needs_review ELSE d.unexplained END
     FROM cancellation_facts f
     WHERE f.id = d.cancellation_id AND f.id IN (SELECT id FROM relabelled_fact_ids)`,
    { reason },
  );
  await copyFromSource(
    connection,
    'verbatim_documents',
    `cancellation_id IN (
       SELECT s.cancellation_id FROM survey_responses s JOIN cancellation_facts f ON f.id = s.cancellation_id
       WHERE s.text_hash = f.text_hash AND f.id IN (SELECT id FROM relabelled_fact_ids))`,
  );
}

/**
 * Recomputes the offer facts of the offers matching `condition`, a SQL condition over the `id` and
 * `cancellation_id` columns (which offers and offer_facts share) written by churnlens code. An offer whose
 * cancellation has not been loaded yet has no row; it gets one when the cancellation's facts are refreshed.
 */
export async function refreshOfferFacts(connection: DuckDBConnection, condition: string): Promise<void> {
  const changing = [OFFER_MONTH_CELLS, OFFER_MONTH_TOTALS].map((cells) => ({ cells, condition }));
  await recountingCells(connection, changing, () =>
    copyFromSource(connection, 'offer_facts', condition, {}, true),
  );
}

/**
 * The conditions "quotes one of the verbatims `hashesQuery` selects (a query with a `text_hash` column),
 * as its reason text or in a survey answer about it", over cancellations.
 */
export function quotesTextIn(hashesQuery: string): string[] {
  const hashes = `SELECT text_hash FROM (${hashesQuery})`;
  return [
    `text_hash IN (${hashes})`,
    `id IN (SELECT cancellation_id FROM survey_responses WHERE text_hash IN (${hashes}))`,
  ];
}

/** The condition "has one of the survey answers `idsQuery` selects (a query with an `id` column)". */
export function answeredIn(idsQuery: string): string {
  return `id IN (SELECT cancellation_id FROM survey_responses WHERE id IN (SELECT id FROM (${idsQuery})))`;
}

/** After reason_classifications changed for the verbatims `hashesQuery` selects, recomputes their effective row. */
export async function refreshEffectiveClassifications(
  connection: DuckDBConnection,
  hashesQuery: string,
  params: Params = {},
): Promise<void> {
  const affected = `text_hash IN (SELECT text_hash FROM (${hashesQuery}))`;
  await copyFromSource(connection, 'effective_classifications', affected, params);
}

/** Both of the above for a change of classifications alone (reclassify, a manual relabel). */
export async function refreshClassifiedTexts(
  connection: DuckDBConnection,
  hashesQuery: string,
  params: Params = {},
): Promise<void> {
  await refreshEffectiveClassifications(connection, hashesQuery, params);
  await refreshCancellationFacts(connection, quotesTextIn(hashesQuery), params);
}

/**
 * Rebuilds every derived table and the verbatim index from scratch: for rows written outside churnlens's
 * writers, and after bulk repairs. Each table comes after those it is derived from; the fact tables are
 * written in their ROW_ORDER.
 */
export async function rebuildDerivedTables(connection: DuckDBConnection): Promise<void> {
  await refreshVerbatimIndex(connection, 'SELECT text_hash FROM verbatims');
  await copyFromSource(connection, 'effective_classifications', 'TRUE');
  for (const table of [
    'cancellation_facts',
    'cancellation_month_cells',
    'cancellation_month_totals',
    'channel_month_cells',
    'offer_facts',
    'offer_month_cells',
    'offer_month_totals',
    'verbatim_documents',
  ] as const) {
    await copyFromSource(connection, table, 'TRUE', {}, true);
  }
}

/**
 * fx_rates is edited by hand (there is no command for it), so the USD amounts are re-derived whenever a
 * writer opens the database. Only currencies whose amounts differ are rewritten: usually none.
 */
export async function syncFactCurrencies(connection: DuckDBConnection): Promise<void> {
  await refreshCancellationFacts(
    connection,
    `currency IN (SELECT DISTINCT f.currency FROM cancellation_facts f LEFT JOIN fx_rates fx ON fx.currency = f.currency
                  WHERE f.mrr_usd IS DISTINCT FROM f.mrr * fx.usd_per_unit)`,
  );
}

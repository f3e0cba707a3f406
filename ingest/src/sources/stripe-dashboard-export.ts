/**
 * Maps the subscription CSV that Stripe's dashboard exports (Billing → Subscriptions → Export) onto
 * cancellation records, in SQL over the CSV already read into `ingest_stage`. It is told apart by its column
 * names: `id`, `Customer ID`, `Status` and `Canceled At (UTC)`, times suffixed "(UTC)".
 *
 * The mapping follows the Stripe API mapping (stripe-source.ts) column by column:
 * - id, subscription_id = `id`; customer_id = `Customer ID`;
 * - requested_at = `Canceled At (UTC)`; effective_at = `Ended At (UTC)`, else `Cancel At (UTC)`, else
 *   `Current Period End (UTC)` when `Cancel At Period End` is true;
 * - reason_code = `Cancellation Feedback`, reason_text = `Cancellation Comment`, cancellation_trigger =
 *   `Cancellation Reason` (cancellation_requested, payment_failed, payment_disputed);
 * - mrr = `Amount` × `Quantity` per month of `Interval` (× `Interval Count`). The dashboard writes amounts in
 *   major units (49.00); without an `Interval` column the amount is taken as monthly and the run says so;
 * - plan = `Product`, else `Plan`; currency = `Currency`; tenure_days = days from `Start Date (UTC)`,
 *   `Start (UTC)` or `Created (UTC)` to the cancellation (counted by validation, as for any start-date
 *   column); channel = self_serve; outcome = cancelled.
 * A subscription without a cancellation date (active, trialing) is read and skipped with a reason, as in the
 * API mapping. The columns are found by name, in any order and case; the others are listed as not used.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { normalizeHeader } from '../mapping/column-synonyms.ts';
import { decimalExpression } from '../validation/amount-sql.ts';
import { valueOrNull } from '../validation/build-check-query.ts';
import { type StagedSource, stageColumn } from './staged-source.ts';
import {
  EXPORTED_OUTCOME_SQL,
  monthsPerIntervalSql,
  notCancelledSql,
  orStoredSql,
  STRIPE_FIELDS,
  storedCancellationSql,
  stripeStageColumnsSql,
} from './stripe-source.ts';

/** The export's columns churnlens reads, each with the names it has had, normalised (normalizeHeader). */
const EXPORT_COLUMNS = {
  id: ['id'],
  customer: ['customer_id'],
  status: ['status'],
  canceledAt: ['canceled_at_utc'],
  endedAt: ['ended_at_utc'],
  cancelAt: ['cancel_at_utc'],
  cancelAtPeriodEnd: ['cancel_at_period_end'],
  periodEnd: ['current_period_end_utc'],
  start: ['start_date_utc', 'start_utc', 'created_utc'],
  product: ['product', 'product_name'],
  plan: ['plan', 'plan_nickname'],
  quantity: ['quantity'],
  currency: ['currency', 'plan_currency'],
  amount: ['amount', 'plan_amount'],
  interval: ['interval', 'plan_interval'],
  intervalCount: ['interval_count', 'plan_interval_count'],
  feedback: ['cancellation_feedback'],
  comment: ['cancellation_comment'],
  trigger: ['cancellation_reason'],
} as const;

type ExportColumn = keyof typeof EXPORT_COLUMNS;
const IDENTIFYING_COLUMNS: readonly ExportColumn[] = ['id', 'customer', 'status', 'canceledAt'];

/** Index of each export column found among the headers (the first of its names present). */
function findColumns(headers: readonly string[]): Partial<Record<ExportColumn, number>> {
  const normal = headers.map(normalizeHeader);
  const found: Partial<Record<ExportColumn, number>> = {};
  for (const [column, names] of Object.entries(EXPORT_COLUMNS) as [ExportColumn, readonly string[]][]) {
    const index = names.map((name) => normal.indexOf(name)).find((position) => position >= 0);
    if (index !== undefined) found[column] = index;
  }
  return found;
}

export function isStripeDashboardExport(headers: readonly string[]): boolean {
  const found = findColumns(headers);
  return IDENTIFYING_COLUMNS.every((column) => found[column] !== undefined);
}

/** SQL of the staged text of one export column, trimmed, NULL when empty or absent. */
function columnSql(found: Partial<Record<ExportColumn, number>>, column: ExportColumn): string {
  const index = found[column];
  return index === undefined ? 'NULL::VARCHAR' : valueOrNull(stageColumn(index));
}

/** The export column each cancellation field is read from, first present first. */
const FIELD_COLUMNS: Readonly<Record<string, readonly ExportColumn[]>> = {
  id: ['id'],
  customer_id: ['customer'],
  requested_at: ['canceledAt'],
  plan: ['product', 'plan'],
  mrr: ['amount'],
  currency: ['currency'],
  tenure_days: ['start'],
  reason_code: ['feedback'],
  reason_text: ['comment'],
  cancellation_trigger: ['trigger'],
  effective_at: ['endedAt', 'cancelAt', 'periodEnd'],
};

function fieldSources(headers: readonly string[], found: Partial<Record<ExportColumn, number>>) {
  return Object.fromEntries(
    Object.entries(FIELD_COLUMNS).flatMap(([field, columns]) => {
      const index = columns.map((column) => found[column]).find((position) => position !== undefined);
      if (index === undefined) return [];
      const header = headers[index] as string;
      return [[field, field === 'tenure_days' ? { header, daysUntil: 'requested_at' } : { header }]];
    }),
  );
}

/** What the run says the file was recognised by, and how its amounts were read. */
function recognition(found: Partial<Record<ExportColumn, number>>): string {
  const columns =
    "Stripe's dashboard subscription export (columns id, Customer ID, Status, Canceled At (UTC))";
  return found.interval === undefined
    ? `${columns}, without an Interval column: Amount taken as the monthly amount`
    : columns;
}

/**
 * Replaces the CSV's staged rows with the cancellation fields of STRIPE_FIELDS, in file order, keeping the
 * reader's own errors (invalid UTF-8) on their rows.
 */
export async function stageStripeDashboardExport(
  connection: DuckDBConnection,
  staged: StagedSource,
): Promise<StagedSource> {
  const found = findColumns(staged.headers);
  const col = (column: ExportColumn) => columnSql(found, column);
  const amount = decimalExpression(col('amount'));
  const months =
    found.interval === undefined
      ? '1.0'
      : monthsPerIntervalSql(`lower(${col('interval')})`, col('intervalCount'));
  const quantity = `coalesce(try_cast(${col('quantity')} AS DOUBLE), 1)`;
  const periodEnd = `CASE WHEN lower(${col('cancelAtPeriodEnd')}) IN ('true', 'yes', '1') THEN ${col('periodEnd')} END`;
  const mrrProblem = `CASE
      WHEN ${col('amount')} IS NULL THEN 'mrr: the subscription has no Amount'
      WHEN ${amount} IS NULL THEN 'mrr: Amount "' || ${col('amount')} || '" is not a number'
      WHEN ${months} IS NULL THEN 'mrr: Interval "' || coalesce(${col('interval')}, '') || '" is not day, week, month or year'
    END`;
  const stored = storedCancellationSql(col('id'), col('canceledAt'));
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     WITH withdrawals AS (SELECT ingest_stage.rowid AS source_row, ingest_stage.*, ${stored.columns} FROM ingest_stage ${stored.join}),
     checked AS (
       SELECT *, CASE WHEN ${col('canceledAt')} IS NOT NULL OR withdrawn THEN ${mrrProblem} END AS mrr_problem
       FROM withdrawals
     )
     SELECT
       coalesce(__reader_error, mrr_problem) AS __reader_error,
       CASE WHEN __reader_error IS NOT NULL THEN __reader_field WHEN mrr_problem IS NOT NULL THEN 'mrr' END AS __reader_field,
       CASE WHEN ${col('canceledAt')} IS NULL AND NOT withdrawn THEN ${notCancelledSql(col('id'), col('status'))} END AS __skip_reason,
       NULL::BIGINT AS __version,
       ${stripeStageColumnsSql({
         id: col('id'),
         customer_id: col('customer'),
         subscription_id: col('id'),
         requested_at: orStoredSql(col('canceledAt'), 'stored_requested_at'),
         channel: `'self_serve'`,
         plan: `coalesce(${col('product')}, ${col('plan')})`,
         mrr: `round(${amount} * ${quantity} / ${months}, 2)::VARCHAR`,
         currency: `upper(${col('currency')})`,
         tenure_days: col('start'),
         reason_code: orStoredSql(col('feedback'), 'stored_reason_code'),
         reason_text: orStoredSql(col('comment'), 'stored_reason_text'),
         cancellation_trigger: orStoredSql(col('trigger'), 'stored_trigger'),
         outcome: EXPORTED_OUTCOME_SQL,
         effective_at: `coalesce(${col('endedAt')}, ${col('cancelAt')}, ${periodEnd})`,
       })}
     FROM checked ORDER BY source_row`,
  );
  const used = new Set(Object.values(found));
  return {
    ...staged,
    headers: [...STRIPE_FIELDS],
    stripe: recognition(found),
    unusedHeaders: staged.headers.filter((_, index) => !used.has(index)),
    fieldSources: fieldSources(staged.headers, found),
  };
}

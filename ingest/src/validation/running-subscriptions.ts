/**
 * Billing tools (Paddle, Recurly, Chargebee) export every subscription, running or not, with its status in a
 * column that feeds `outcome`. A row whose status says the subscription still runs and that has no
 * cancellation date is no cancellation: it is skipped with its reason and counted, as Stripe's running
 * subscriptions are (stripe-source.ts), rather than rejected as an unknown outcome. `paused` is no such status
 * but in an export whose reader says it is one (Chargebee's): elsewhere it is the outcome of a cancellation the
 * customer turned into a pause, whose missing date is reported, not skipped. A running status beside a
 * cancellation date (a cancellation scheduled for the period's end) is left to validation, whose message
 * names the value and the mapping's "values" that settles it.
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { ColumnPlan } from '../mapping/match-columns.ts';
import { stageColumn } from '../sources/staged-source.ts';
import { identifier } from '../sql/identifier.ts';
import { valueOrNull } from './build-check-query.ts';
import { enumSpellingSql } from './enum-spelling.ts';

/** Statuses of a subscription that still runs, as enum values are matched (enum-spelling.ts). */
const RUNNING_STATUSES = ['active', 'trialing', 'in_trial', 'past_due', 'unpaid', 'future', 'incomplete'];

/** `exportStatuses`: the export's own statuses of a running subscription (StagedSource.runningStatuses). */
export async function skipRunningSubscriptions(
  connection: DuckDBConnection,
  plan: ColumnPlan,
  exportStatuses: readonly string[] = [],
): Promise<void> {
  if (plan.kind !== 'cancellations') return;
  const outcome = plan.matches.find((match) => match.field === 'outcome');
  const requested = plan.matches.find((match) => match.field === 'requested_at');
  if (outcome === undefined || requested === undefined) return;
  // A status the mapping's values give an outcome is the user's to read.
  const mapped = Object.keys(plan.valueSpellings.outcome ?? {});
  const running = [...RUNNING_STATUSES, ...exportStatuses].filter((status) => !mapped.includes(status));
  const status = identifier(stageColumn(outcome.column));
  const date = identifier(stageColumn(requested.column));
  await connection.run(
    `UPDATE ingest_stage
     SET __skip_reason = 'not a cancellation: the subscription is ' || trim(${status}) || ' (column "' || $header || '") and has no ' || $date_header
     WHERE __skip_reason IS NULL AND __reader_error IS NULL AND ${valueOrNull(date)} IS NULL
       AND list_contains($running, ${enumSpellingSql(`trim(${status})`)})`,
    { header: outcome.header, date_header: `"${requested.header}"`, running: listValue(running) },
  );
}

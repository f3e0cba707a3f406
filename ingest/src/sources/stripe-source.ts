/**
 * Maps Stripe exports onto cancellation records, in SQL over the JSON documents already loaded in
 * `ingest_json`. Accepted: a subscription list ({"object":"list","data":[...]}), single subscription
 * objects (also as a JSON array or NDJSON), and customer.subscription.* events.
 *
 * One subscription becomes one cancellation whose id is the subscription id, so a later export or event for
 * the same subscription updates it. Mapping (see docs/ingest.md):
 * - requested_at = canceled_at; effective_at = ended_at, else cancel_at (a cancellation at period end);
 * - reason_code = cancellation_details.feedback, reason_text = cancellation_details.comment,
 *   cancellation_trigger = cancellation_details.reason;
 * - mrr = sum over items.data[] of price.unit_amount × quantity, normalised to one month (yearly ÷ 12,
 *   weekly × 52/12, daily × 365/12, divided by interval_count) and converted from minor units with the
 *   currency's exponent; currency = the subscription's currency (else the first price's);
 * - plan = the first price's nickname, lookup_key, product, or id; channel = self_serve; outcome = cancelled;
 * - tenure_days = days from start_date (else created) to canceled_at.
 * A subscription without canceled_at is not a cancellation: it is counted as unchanged and skipped with a
 * reason, unless an earlier export loaded it as one (storedCancellationSql): that cancellation becomes saved. Other
 * documents (invoices, other events) are skipped the same way.
 */

import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { parameterBinder } from '../sql/parameters.ts';
import { minorUnitsOfSql } from '../validation/amount-sql.ts';
import { RECORD_NUMBER_LOCATOR, type StagedSource, stageColumn } from './staged-source.ts';

const SUBSCRIPTION_EVENTS = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
];

/** The cancellation fields the Stripe mapping fills, in stage column order. */
export const STRIPE_FIELDS = [
  'id',
  'customer_id',
  'subscription_id',
  'requested_at',
  'channel',
  'plan',
  'mrr',
  'currency',
  'tenure_days',
  'reason_code',
  'reason_text',
  'cancellation_trigger',
  'outcome',
  'effective_at',
] as const;

export type StripeField = (typeof STRIPE_FIELDS)[number];

/**
 * The stage columns of the Stripe mappings, each field's SQL under its column in STRIPE_FIELDS order: the
 * headers are STRIPE_FIELDS, so a value written under the wrong position would load as another field.
 */
export function stripeStageColumnsSql(values: Readonly<Record<StripeField, string>>): string {
  return STRIPE_FIELDS.map((field, index) => `${values[field]} AS ${stageColumn(index)}`).join(',\n       ');
}

export async function containsStripeObjects(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ingest_json
     WHERE json_type(json) = 'OBJECT' AND (json ->> 'object') IN ('list', 'subscription', 'event')`,
  );
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

/**
 * Months in one billing interval (`interval`: month, year, week or day; NULL for another) times its count
 * (1 when absent), as SQL. Shared by the API mapping and the dashboard export's (stripe-dashboard-export.ts).
 */
export function monthsPerIntervalSql(interval: string, count: string): string {
  return `(CASE ${interval}
      WHEN 'month' THEN 1.0 WHEN 'year' THEN 12.0 WHEN 'week' THEN 12.0 / 52 WHEN 'day' THEN 12.0 / 365
    END * coalesce(try_cast(${count} AS DOUBLE), 1))`;
}

/** Months in one billing interval of a price's `recurring` (or a legacy plan), as a SQL expression. */
function monthsPerInterval(recurring: string): string {
  return monthsPerIntervalSql(`${recurring} ->> 'interval'`, `${recurring} ->> 'interval_count'`);
}

/** Why a subscription without a cancellation date is skipped, as SQL over its id and status. */
export function notCancelledSql(id: string, status: string): string {
  return `'subscription ' || coalesce(${id}, '?') || ' is not cancelled (status ' || coalesce(${status}, 'unknown') || ')'`;
}

/**
 * The stored cancellation of each subscription, as columns `withdrawn` and `stored_*` to select and the join
 * that gives them. A subscription with no cancellation date that an earlier export loaded as a cancellation
 * is `withdrawn`: its customer scheduled a cancellation (cancel_at_period_end) and withdrew it. It is read as
 * that cancellation, saved: its request time, tenure and reasons as stored (Stripe clears them), the rest
 * from the subscription. Shared with the dashboard export (stripe-dashboard-export.ts).
 */
export function storedCancellationSql(subscriptionId: string, canceledAt: string) {
  return {
    columns: `(${canceledAt}) IS NULL AND stored.id IS NOT NULL AS withdrawn,
      strftime(stored.requested_at, '%Y-%m-%dT%H:%M:%S') AS stored_requested_at,
      stored.tenure_days AS stored_tenure_days, stored.reason_code AS stored_reason_code,
      stored.reason_text AS stored_reason_text, stored.cancellation_trigger AS stored_trigger`,
    join: `LEFT JOIN cancellations stored ON stored.id = (${subscriptionId})`,
  };
}

/** A withdrawn cancellation's stored value where the export has none (stored: a storedCancellationSql column). */
export function orStoredSql(value: string, stored: string): string {
  return `coalesce(${value}, CASE WHEN withdrawn THEN ${stored} END)`;
}

/** The outcome of a cancellation an export shows: saved when withdrawn (storedCancellationSql). */
export const EXPORTED_OUTCOME_SQL = `CASE WHEN withdrawn THEN 'saved' ELSE 'cancelled' END`;

const STORED = storedCancellationSql(`priced.subscription ->> 'id'`, `priced.subscription ->> 'canceled_at'`);

/** Monthly amount of one subscription item in minor units; NULL when it cannot be known. */
const ITEM_MONTHLY_MINOR = `CASE
    WHEN json_type(item -> 'price') = 'OBJECT' THEN
      coalesce(try_cast(item -> 'price' ->> 'unit_amount' AS DOUBLE),
               try_cast(item -> 'price' ->> 'unit_amount_decimal' AS DOUBLE))
      * coalesce(try_cast(item ->> 'quantity' AS DOUBLE), 1) / ${monthsPerInterval(`(item -> 'price' -> 'recurring')`)}
    ELSE try_cast(item -> 'plan' ->> 'amount' AS DOUBLE)
      * coalesce(try_cast(item ->> 'quantity' AS DOUBLE), 1) / ${monthsPerInterval(`(item -> 'plan')`)}
  END`;

const epochToText = (expression: string) =>
  `strftime(make_timestamp(try_cast(${expression} AS BIGINT) * 1000000::BIGINT), '%Y-%m-%dT%H:%M:%S')`;

export async function stageStripe(
  connection: DuckDBConnection,
  format: 'json' | 'ndjson',
): Promise<StagedSource> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stripe_entries AS
     WITH documents AS (SELECT rowid AS document, json FROM ingest_json),
     entries AS (
       SELECT document, 0 AS position, json AS entry FROM documents
       WHERE json IS NULL OR json_type(json) <> 'OBJECT' OR (json ->> 'object') IS DISTINCT FROM 'list'
       UNION ALL
       SELECT document, generate_subscripts(items, 1) AS position, unnest(items) AS entry
       FROM (SELECT document, json_extract(json, '$.data[*]') AS items FROM documents
             WHERE json_type(json) = 'OBJECT' AND (json ->> 'object') = 'list')
     )
     SELECT entry,
       CASE WHEN (entry ->> 'object') = 'event' AND list_contains($events, entry ->> 'type')
            THEN entry -> 'data' -> 'object'
            WHEN (entry ->> 'object') = 'subscription' THEN entry END AS subscription,
       CASE WHEN (entry ->> 'object') = 'event' THEN try_cast(entry ->> 'created' AS BIGINT) END AS event_time
     FROM entries ORDER BY document, position`,
    { events: listValue(SUBSCRIPTION_EVENTS) },
  );
  const { params, param } = parameterBinder();
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     WITH mapped AS (
       SELECT rowid AS entry_number, entry, subscription, event_time,
         json_extract(subscription, '$.items.data[*]') AS items,
         subscription -> 'items' -> 'data' -> 0 AS first_item,
         upper(coalesce(subscription ->> 'currency',
                        subscription -> 'items' -> 'data' -> 0 -> 'price' ->> 'currency')) AS currency_code
       FROM ingest_stripe_entries
     ),
     priced AS (
       SELECT mapped.*, ${minorUnitsOfSql('mapped.currency_code', param)} AS exponent,
         list_transform(items, lambda item: ${ITEM_MONTHLY_MINOR}) AS item_monthly_minor
       FROM mapped
     ),
     withdrawals AS (SELECT priced.*, ${STORED.columns} FROM priced ${STORED.join}),
     checked AS (
       SELECT withdrawals.*,
         ((subscription ->> 'canceled_at') IS NOT NULL OR withdrawn)
           AND coalesce(list_count(item_monthly_minor) < len(items) OR len(items) = 0, true) AS unpriced
       FROM withdrawals
     )
     SELECT
       CASE
         WHEN entry IS NULL THEN 'the record is not valid JSON'
         WHEN unpriced THEN 'mrr: cannot be computed: an item has no price.unit_amount or no recurring interval'
       END AS __reader_error,
       CASE WHEN entry IS NOT NULL AND unpriced THEN 'mrr' END AS __reader_field,
       CASE
         WHEN entry IS NULL THEN NULL
         WHEN subscription IS NULL THEN
           'not a subscription or subscription event (' || coalesce(entry ->> 'type', entry ->> 'object', 'no object') || ')'
         WHEN (subscription ->> 'canceled_at') IS NULL AND NOT withdrawn THEN
           ${notCancelledSql(`subscription ->> 'id'`, `subscription ->> 'status'`)}
       END AS __skip_reason,
       event_time AS __version,
       ${stripeStageColumnsSql({
         id: `subscription ->> 'id'`,
         customer_id: `CASE WHEN json_type(subscription -> 'customer') = 'OBJECT' THEN subscription -> 'customer' ->> 'id'
            ELSE subscription ->> 'customer' END`,
         subscription_id: `subscription ->> 'id'`,
         requested_at: orStoredSql(epochToText(`subscription ->> 'canceled_at'`), 'stored_requested_at'),
         channel: `'self_serve'`,
         plan: `coalesce(first_item -> 'price' ->> 'nickname', first_item -> 'price' ->> 'lookup_key',
                CASE WHEN json_type(first_item -> 'price' -> 'product') = 'OBJECT'
                     THEN first_item -> 'price' -> 'product' ->> 'name'
                     ELSE first_item -> 'price' ->> 'product' END,
                first_item -> 'price' ->> 'id', first_item -> 'plan' ->> 'nickname', first_item -> 'plan' ->> 'id')`,
         mrr: `round(list_sum(item_monthly_minor) / pow(10, exponent), 2)::VARCHAR`,
         currency: 'currency_code',
         tenure_days: orStoredSql(
           `date_diff('day',
           make_timestamp(try_cast(coalesce(subscription ->> 'start_date', subscription ->> 'created') AS BIGINT) * 1000000::BIGINT),
           make_timestamp(try_cast(subscription ->> 'canceled_at' AS BIGINT) * 1000000::BIGINT))::VARCHAR`,
           'stored_tenure_days::VARCHAR',
         ),
         reason_code: orStoredSql(
           `subscription -> 'cancellation_details' ->> 'feedback'`,
           'stored_reason_code',
         ),
         reason_text: orStoredSql(
           `subscription -> 'cancellation_details' ->> 'comment'`,
           'stored_reason_text',
         ),
         cancellation_trigger: orStoredSql(
           `subscription -> 'cancellation_details' ->> 'reason'`,
           'stored_trigger',
         ),
         outcome: EXPORTED_OUTCOME_SQL,
         effective_at: epochToText(`coalesce(subscription ->> 'ended_at', subscription ->> 'cancel_at')`),
       })}
     FROM checked ORDER BY entry_number`,
    params,
  );
  return {
    format,
    headers: [...STRIPE_FIELDS],
    stripe: 'Stripe objects found ("object": list, subscription or event)',
    readerRejects: 0,
    locator: RECORD_NUMBER_LOCATOR,
  };
}

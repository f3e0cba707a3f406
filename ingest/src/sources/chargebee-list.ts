/**
 * Chargebee's API lists subscriptions as `{"list": [{"subscription": {…}, "customer": {…}}, …],
 * "next_offset": "…"}`. The JSON reader unwraps the list (json-source.ts) and reads the keys of each entry's
 * objects as columns (`subscription.cancelled_at`, `customer.email`). For entries whose subscription says
 * `"object": "subscription"`, this reads them as Chargebee writes them:
 * - the cancellation's fields come from the subscription's columns, named here as a mapping would name them
 *   (the user's mapping overrides them): the customer object has an `id`, a `channel` and an `mrr` of its
 *   own, which matched by name alone could feed customer_id, channel or mrr instead;
 * - `subscription.mrr` is in the currency's minor units (4900 for 49.00 USD), read as "mrr_minor_units" is:
 *   loaded as written, every amount would be 100 times too large and nothing would say so;
 * - a subscription of Product Catalog 2.0 has no `plan_id`: its plan is the item price of its item of type
 *   plan (in `subscription_items`, a list no column reads), which is set as its `plan_id`, 1.0's field;
 * - `cancelled_at` is when the subscription ends, or is to end: a cancellation scheduled for the term's end
 *   (status `non_renewing`) has the end of the term there, and the time it was asked for in
 *   `cancel_schedule_created_at`. That time is the request's, `cancelled_at` its effective time; a
 *   subscription cancelled at once has no schedule, and was asked for when it was cancelled, which is set as
 *   its `cancel_schedule_created_at`. A `non_renewing` subscription is a cancellation (outcome "cancelled");
 * - `cancel_reason` says why Chargebee itself cancelled (`not_paid`, `no_card` …): the customer did not ask,
 *   an involuntary cancellation, which churnlens records as Stripe's payment_failed (cancellation_trigger).
 *   The site's own reason codes, which the customer or an agent picked, are in `cancel_reason_code`
 *   (reason_code);
 * - `paused` is a running subscription's status, not churnlens's outcome "paused" (a cancellation the customer
 *   turned into a pause): a paused subscription without a cancellation is skipped, as an active one is.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MRR_MINOR_UNITS_TARGET, TENURE_START_TARGET } from '../mapping/mapping-file.ts';

/** SQL: whether the JSON `entry` is an entry of a Chargebee subscription list. */
function isChargebeeEntrySql(entry: string): string {
  return `coalesce((${entry} -> 'subscription' ->> 'object') = 'subscription', false)`;
}

/** The columns of a Chargebee list and the fields they feed, as a mapping file's `columns` names them. */
const CHARGEBEE_COLUMNS: Readonly<Record<string, string>> = {
  'subscription.id': 'id',
  'subscription.customer_id': 'customer_id',
  'subscription.cancel_schedule_created_at': 'requested_at',
  'subscription.cancelled_at': 'effective_at',
  'subscription.channel': 'channel',
  'subscription.plan_id': 'plan',
  'subscription.mrr': MRR_MINOR_UNITS_TARGET,
  'subscription.currency_code': 'currency',
  'subscription.started_at': TENURE_START_TARGET,
  'subscription.cancel_reason_code': 'reason_code',
  'subscription.cancel_reason': 'cancellation_trigger',
  'subscription.status': 'outcome',
};

/** The values of `cancel_reason`: why Chargebee cancelled a subscription itself (API v2). */
const CANCEL_REASONS = [
  'not_paid',
  'no_card',
  'fraud_review_failed',
  'non_compliant_eu_customer',
  'tax_calculation_failed',
  'currency_incompatible_with_gateway',
  'non_compliant_customer',
];

/** Chargebee's values of the fields of CHARGEBEE_COLUMNS, as a mapping file's `values` names them. */
export const CHARGEBEE_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  outcome: { non_renewing: 'cancelled' },
  // Not every reason is a failed payment (fraud_review_failed, non_compliant_customer), but none is the
  // customer's choice: of the triggers churnlens records, payment_failed is the involuntary one that fits.
  cancellation_trigger: Object.fromEntries(CANCEL_REASONS.map((reason) => [reason, 'payment_failed'])),
};

/** Chargebee's statuses of a subscription that runs, beyond every billing tool's (running-subscriptions.ts). */
export const CHARGEBEE_RUNNING_STATUSES: readonly string[] = ['paused'];

/** What the run says of a Chargebee list. */
export const CHARGEBEE_NOTE =
  'read as Chargebee subscriptions ("object": "subscription"): the fields from the subscription\'s columns, ' +
  'subscription.mrr in minor units, the plan of a subscription without plan_id from its plan item, ' +
  'a cancellation requested at cancel_schedule_created_at (when cancelled at once: cancelled_at) and ' +
  'effective at cancelled_at';

/** The CHARGEBEE_COLUMNS among `headers`. */
export function chargebeeColumns(headers: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(CHARGEBEE_COLUMNS).filter(([header]) => headers.includes(header)));
}

/** Records looked at to recognise Chargebee's entries, as nested objects are found (json-source.ts). */
const RECOGNITION_SAMPLE = 10_000;

/**
 * Whether the records in `ingest_json` are Chargebee list entries; when they are, gives each subscription
 * without a plan_id its plan item's price as one, and each one cancelled at once its cancellation time as the
 * time the cancellation was asked for.
 */
export async function readChargebeeEntries(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n
     FROM (SELECT json FROM ingest_json LIMIT ${RECOGNITION_SAMPLE}) WHERE ${isChargebeeEntrySql('json')}`,
  );
  if (Number(reader.getRowObjectsJson()[0]?.n ?? 0) === 0) return false;
  await connection.run(
    `UPDATE ingest_json
     SET json = json_merge_patch(json, json_object('subscription', json_object('plan_id', plan_item ->> 'item_price_id')))
     FROM (
       SELECT rowid AS record,
         list_filter(json_extract(json, '$.subscription.subscription_items[*]'), item -> (item ->> 'item_type') = 'plan')[1] AS plan_item
       FROM ingest_json
       WHERE ${isChargebeeEntrySql('json')} AND (json -> 'subscription' ->> 'plan_id') IS NULL
     ) plans
     WHERE ingest_json.rowid = plans.record AND (plan_item ->> 'item_price_id') IS NOT NULL`,
  );
  await connection.run(
    `UPDATE ingest_json
     SET json = json_merge_patch(json,
       json_object('subscription', json_object('cancel_schedule_created_at', json -> 'subscription' -> 'cancelled_at')))
     WHERE ${isChargebeeEntrySql('json')} AND (json -> 'subscription' ->> 'status') = 'cancelled'
       AND (json -> 'subscription' ->> 'cancel_schedule_created_at') IS NULL
       AND (json -> 'subscription' ->> 'cancelled_at') IS NOT NULL`,
  );
  return true;
}

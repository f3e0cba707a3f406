/**
 * Chargebee input: the API's subscription list (`{"list": [{"subscription": …, "customer": …}], "next_offset"}`)
 * loads as cancellations through the nested-key columns, with its MRR in cents read as such, the plan of
 * Product Catalog 2.0 read from its plan item, and running subscriptions skipped, every entry accounted for.
 * The entries carry the fields of Chargebee's subscription and customer objects (API v2).
 */
import { ingestFiles } from '@churnlens/ingest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keywordClassifier, type TempDatabase, tempDatabase } from './ingest-fixtures.ts';

const MARCH_1 = 1709287200; // 2024-03-01T10:00:00Z
const DAY = 86400;

type Fields = Record<string, unknown>;

/** A Product Catalog 2.0 subscription as Chargebee's API returns it, cancelled on March 1 after 100 days. */
function subscription(id: string, customerId: string, fields: Fields): Fields {
  return {
    id,
    billing_period: 1,
    billing_period_unit: 'month',
    customer_id: customerId,
    status: 'cancelled',
    current_term_start: MARCH_1 - 10 * DAY,
    current_term_end: MARCH_1 + 20 * DAY,
    created_at: MARCH_1 - 100 * DAY,
    started_at: MARCH_1 - 100 * DAY,
    activated_at: MARCH_1 - 100 * DAY,
    cancelled_at: MARCH_1,
    updated_at: MARCH_1,
    has_scheduled_changes: false,
    channel: 'web',
    resource_version: MARCH_1 * 1000,
    deleted: false,
    object: 'subscription',
    currency_code: 'USD',
    due_invoices_count: 0,
    mrr: 4900,
    exchange_rate: 1.0,
    base_currency_code: 'USD',
    ...fields,
  };
}

function planItem(itemPriceId: string, unitPrice: number, quantity = 1): Fields {
  return {
    item_price_id: itemPriceId,
    item_type: 'plan',
    quantity,
    unit_price: unitPrice,
    amount: unitPrice * quantity,
    free_quantity: 0,
    object: 'subscription_item',
  };
}

function customer(id: string, email: string): Fields {
  return {
    id,
    first_name: 'Ada',
    email,
    auto_collection: 'on',
    net_term_days: 0,
    created_at: MARCH_1 - 101 * DAY,
    taxability: 'taxable',
    deleted: false,
    object: 'customer',
    billing_address: {
      city: 'London',
      country: 'GB',
      validation_status: 'not_validated',
      object: 'billing_address',
    },
    card_status: 'valid',
    promotional_credits: 0,
    preferred_currency_code: 'USD',
    // The customer's own, which must not feed the cancellation's channel and mrr.
    channel: 'app_store',
    mrr: 0,
  };
}

/** A page of Chargebee's List subscriptions response. */
function listPage(entries: Fields[][]): string {
  const list = entries.map(([sub, cus]) => ({ subscription: sub, customer: cus }));
  return JSON.stringify({ list, next_offset: '["1709287200000","230000000006"]' }, null, 2);
}

const CANCELLED_USD = subscription('AzZlGJTgiX0Lm1gA', 'AzZlGJTgiX0Ki1g8', {
  cancel_reason_code: 'Too Expensive',
  subscription_items: [
    planItem('pro-USD-monthly', 4900),
    { ...planItem('extra-seat-USD-monthly', 0), item_type: 'addon' },
  ],
});
const CANCELLED_JPY = subscription('16CHNeTgiX3Rd2kB', '16CHNeTgiX3Qa2k9', {
  billing_period_unit: 'year',
  currency_code: 'JPY',
  base_currency_code: 'JPY',
  started_at: MARCH_1 - 365 * DAY,
  cancel_reason: 'not_paid',
  subscription_items: [planItem('team-JPY-yearly', 58800)],
});
const ACTIVE = subscription('Azq8pXTgiY2Rr3Bk', 'Azq8pXTgiY2Pn3Bi', {
  status: 'active',
  cancelled_at: undefined,
  mrr: 9900,
  subscription_items: [planItem('pro-USD-monthly', 9900)],
});

const PAUSED = subscription('6olfrbTgiYcJd1Vq', '6olfrbTgiYcHa1Vo', {
  status: 'paused',
  cancelled_at: undefined,
  pause_date: MARCH_1 - 5 * DAY,
  subscription_items: [planItem('pro-USD-monthly', 4900)],
});

describe('Chargebee ingest', () => {
  let temp: TempDatabase;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(() => temp.cleanup());
  const ingest = (paths: string[], options = {}) =>
    ingestFiles(temp.db, paths, { classifier: keywordClassifier(), ...options });
  const cancellations = () =>
    temp.rows(
      `SELECT id, customer_id, subscription_id, requested_at::VARCHAR AS requested_at, channel, plan,
         mrr::VARCHAR AS mrr, currency, tenure_days, reason_code, reason_text, outcome
       FROM cancellations ORDER BY mrr`,
    );

  it("loads a page of Chargebee's subscription list as cancellations, its mrr in cents, running subscriptions skipped, paused ones rejected", async () => {
    const page = listPage([
      [CANCELLED_USD, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')],
      [CANCELLED_JPY, customer('16CHNeTgiX3Qa2k9', 'kenji@example.jp')],
      [ACTIVE, customer('Azq8pXTgiY2Pn3Bi', 'grace@example.com')],
      [PAUSED, customer('6olfrbTgiYcHa1Vo', 'linus@example.com')],
    ]);
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      kind: 'cancellations',
      read: 4,
      loaded: 2,
      unchanged: 1,
      skipped: 1,
      rejected: 1,
    });
    expect(await cancellations()).toEqual([
      {
        id: 'AzZlGJTgiX0Lm1gA',
        customer_id: 'AzZlGJTgiX0Ki1g8',
        subscription_id: 'AzZlGJTgiX0Lm1gA',
        requested_at: '2024-03-01 10:00:00',
        channel: 'self_serve',
        plan: 'pro-USD-monthly',
        mrr: '49.00',
        currency: 'USD',
        tenure_days: 100,
        reason_code: 'too_expensive',
        reason_text: null,
        outcome: 'cancelled',
      },
      {
        id: '16CHNeTgiX3Rd2kB',
        customer_id: '16CHNeTgiX3Qa2k9',
        subscription_id: '16CHNeTgiX3Rd2kB',
        requested_at: '2024-03-01 10:00:00',
        channel: 'self_serve',
        plan: 'team-JPY-yearly',
        mrr: '4900.00',
        currency: 'JPY',
        tenure_days: 365,
        reason_code: null,
        reason_text: null,
        outcome: 'cancelled',
      },
    ]);
    // "paused" is an outcome of churnlens's own: a paused subscription without a date is reported, not skipped.
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
      { line: 4, message: 'requested_at (column "subscription.cancelled_at"): is required' },
    ]);
    const [run] = await temp.rows<{ mapping: string; message: string }>(
      `SELECT mapping, message FROM ingest_runs`,
    );
    expect(run?.message).toMatch(/^records read from the "list" array of the JSON document\. /);
    expect(run?.message).toContain(`mrr: column "subscription.mrr" in its currency's minor units`);
    expect(run?.message).toContain(
      'not a cancellation: the subscription is active (column "subscription.status")',
    );
    // Recorded as what it is, so that the recorded mapping reads the next page the same way.
    expect(JSON.parse(run?.mapping ?? '{}').columns).toMatchObject({
      'subscription.mrr': 'mrr_minor_units',
      'subscription.plan_id': 'plan',
    });
  });

  it("reads the plan of Product Catalog 1.0's plan_id, its mrr in cents", async () => {
    const { subscription_items: _items, ...catalog1 } = CANCELLED_USD;
    const page = listPage([
      [{ ...catalog1, plan_id: 'pro-monthly' }, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')],
    ]);
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, rejected: 0 });
    expect(await temp.rows(`SELECT plan, mrr::VARCHAR AS mrr FROM cancellations`)).toEqual([
      { plan: 'pro-monthly', mrr: '49.00' },
    ]);
  });

  it("reads subscription.mrr as the user's mapping says when it names the column", async () => {
    const page = listPage([[{ ...CANCELLED_USD, mrr: 49 }, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')]]);
    const mapping = { columns: { 'Subscription.MRR': 'mrr' }, defaults: {} };
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)], { mapping });
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, rejected: 0 });
    expect(await temp.rows(`SELECT mrr::VARCHAR AS mrr FROM cancellations`)).toEqual([{ mrr: '49.00' }]);
  });
});

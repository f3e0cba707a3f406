/**
 * Chargebee input: the API's subscription list (`{"list": [{"subscription": …, "customer": …}], "next_offset"}`)
 * loads as cancellations through the nested-key columns, with its MRR in cents read as such, the plan of
 * Product Catalog 2.0 read from its plan item, a cancellation scheduled for the term's end (non_renewing) read
 * as the request it is, Chargebee's own cancel_reason as the payment trigger, and running or paused
 * subscriptions skipped, every entry accounted for. The entries carry the fields of Chargebee's subscription and
 * customer objects (API v2).
 */
import { ingestFiles } from '@churnlens/ingest';
import { describe, expect, it } from 'vitest';
import { keywordClassifier, tempDatabasePerTest } from '../support/ingest-fixtures.ts';

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

/** Cancelled at the end of its term, March 21, as the customer asked on February 28. */
const NON_RENEWING = subscription('BTcjUqTgiZ4Kf5Cm', 'BTcjUqTgiZ4Hd5Ck', {
  status: 'non_renewing',
  cancelled_at: MARCH_1 + 20 * DAY,
  cancel_schedule_created_at: MARCH_1 - 2 * DAY,
  cancel_reason_code: 'Missing Features',
  mrr: 9900,
  subscription_items: [planItem('business-USD-monthly', 9900)],
});

describe('Chargebee ingest', () => {
  const temp = tempDatabasePerTest();
  const ingest = (paths: string[], options = {}) =>
    ingestFiles(temp.db, paths, { classifier: keywordClassifier(), ...options });
  const cancellations = () =>
    temp.rows(
      `SELECT id, customer_id, subscription_id, requested_at::VARCHAR AS requested_at,
         effective_at::VARCHAR AS effective_at, channel, plan, mrr::VARCHAR AS mrr, currency, tenure_days,
         reason_code, reason_text, cancellation_trigger, outcome
       FROM cancellations ORDER BY mrr`,
    );

  it("loads a page of Chargebee's subscription list as cancellations, its mrr in cents, a non_renewing one as the request it is, active and paused ones skipped", async () => {
    const page = listPage([
      [CANCELLED_USD, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')],
      [PAUSED, customer('6olfrbTgiYcHa1Vo', 'linus@example.com')],
      [ACTIVE, customer('Azq8pXTgiY2Pn3Bi', 'grace@example.com')],
      [NON_RENEWING, customer('BTcjUqTgiZ4Hd5Ck', 'margaret@example.com')],
    ]);
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    const [file] = report.files;
    expect(file).toMatchObject({
      status: 'ok',
      kind: 'cancellations',
      read: 4,
      loaded: 2,
      updated: 0,
      unchanged: 2,
      skipped: 2,
      rejected: 0,
    });
    // The skipped subscriptions are counted among the unchanged, so every entry read is accounted for once.
    expect((file?.loaded ?? 0) + (file?.updated ?? 0) + (file?.unchanged ?? 0) + (file?.rejected ?? 0)).toBe(
      4,
    );
    expect(await cancellations()).toEqual([
      {
        id: 'AzZlGJTgiX0Lm1gA',
        customer_id: 'AzZlGJTgiX0Ki1g8',
        subscription_id: 'AzZlGJTgiX0Lm1gA',
        requested_at: '2024-03-01 10:00:00',
        effective_at: '2024-03-01 10:00:00',
        channel: 'self_serve',
        plan: 'pro-USD-monthly',
        mrr: '49.00',
        currency: 'USD',
        tenure_days: 100,
        reason_code: 'too_expensive',
        reason_text: null,
        cancellation_trigger: null,
        outcome: 'cancelled',
      },
      {
        id: 'BTcjUqTgiZ4Kf5Cm',
        customer_id: 'BTcjUqTgiZ4Hd5Ck',
        subscription_id: 'BTcjUqTgiZ4Kf5Cm',
        // Asked for on February 28, to end with the term on March 21 (Chargebee's cancelled_at).
        requested_at: '2024-02-28 10:00:00',
        effective_at: '2024-03-21 10:00:00',
        channel: 'self_serve',
        plan: 'business-USD-monthly',
        mrr: '99.00',
        currency: 'USD',
        tenure_days: 98,
        reason_code: 'missing_features',
        reason_text: null,
        cancellation_trigger: null,
        outcome: 'cancelled',
      },
    ]);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([]);
    const [run] = await temp.rows<{ mapping: string; message: string }>(
      `SELECT mapping, message FROM ingest_runs`,
    );
    expect(run?.message).toMatch(/^records read from the "list" array of the JSON document\. /);
    expect(run?.message).toContain(`mrr: column "subscription.mrr" in its currency's minor units`);
    expect(run?.message).toContain(
      '2 skipped as unchanged, e.g. not a cancellation: the subscription is paused (column "subscription.status")',
    );
    expect(run?.message).toContain(
      'not a cancellation: the subscription is active (column "subscription.status")',
    );
    // Recorded as what it is, so that the recorded mapping reads the next page the same way.
    const recorded = JSON.parse(run?.mapping ?? '{}');
    expect(recorded.columns).toMatchObject({
      'subscription.mrr': 'mrr_minor_units',
      'subscription.plan_id': 'plan',
      'subscription.cancel_schedule_created_at': 'requested_at',
      'subscription.cancelled_at': 'effective_at',
    });
    expect(recorded.values).toMatchObject({ outcome: { non_renewing: 'cancelled' } });
  });

  it("records a subscription Chargebee cancelled itself (cancel_reason not_paid) as a failed payment's, the site's reason code kept apart", async () => {
    const page = listPage([
      [CANCELLED_USD, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')],
      [CANCELLED_JPY, customer('16CHNeTgiX3Qa2k9', 'kenji@example.jp')],
    ]);
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 2, loaded: 2, rejected: 0 });
    expect(
      (await cancellations()).map(
        ({ id, mrr, currency, tenure_days, reason_code, cancellation_trigger }) => ({
          id,
          mrr,
          currency,
          tenure_days,
          reason_code,
          cancellation_trigger,
        }),
      ),
    ).toEqual([
      {
        id: 'AzZlGJTgiX0Lm1gA',
        mrr: '49.00',
        currency: 'USD',
        tenure_days: 100,
        reason_code: 'too_expensive',
        cancellation_trigger: null,
      },
      {
        id: '16CHNeTgiX3Rd2kB',
        mrr: '4900.00',
        currency: 'JPY',
        tenure_days: 365,
        reason_code: null,
        cancellation_trigger: 'payment_failed',
      },
    ]);
  });

  it("reads each of Chargebee's own cancel reasons as an involuntary cancellation", async () => {
    const reasons = [
      'not_paid',
      'no_card',
      'fraud_review_failed',
      'non_compliant_eu_customer',
      'tax_calculation_failed',
      'currency_incompatible_with_gateway',
      'non_compliant_customer',
    ];
    const page = listPage(
      reasons.map((reason) => [
        subscription(`sub_${reason}`, `cus_${reason}`, { cancel_reason: reason, plan_id: 'pro-monthly' }),
        customer(`cus_${reason}`, `${reason}@example.com`),
      ]),
    );
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 7, rejected: 0 });
    expect(
      await temp.rows(`SELECT DISTINCT cancellation_trigger, reason_code, reason_text FROM cancellations`),
    ).toEqual([{ cancellation_trigger: 'payment_failed', reason_code: null, reason_text: null }]);
  });

  it('rejects a non_renewing subscription without the time its cancellation was scheduled, rather than take its term end for the request', async () => {
    const page = listPage([
      [CANCELLED_USD, customer('AzZlGJTgiX0Ki1g8', 'ada@example.com')],
      [
        { ...NON_RENEWING, cancel_schedule_created_at: undefined },
        customer('BTcjUqTgiZ4Hd5Ck', 'margaret@example.com'),
      ],
    ]);
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 2, loaded: 1, rejected: 1 });
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
      { line: 2, message: 'requested_at (column "subscription.cancel_schedule_created_at"): is required' },
    ]);
  });

  it("reads non_renewing as the mapping's values say when they name it", async () => {
    const page = listPage([[NON_RENEWING, customer('BTcjUqTgiZ4Hd5Ck', 'margaret@example.com')]]);
    const mapping = { columns: {}, defaults: {}, values: { outcome: { 'Non-Renewing': 'saved' } } };
    const report = await ingest([temp.file('chargebee-subscriptions.json', page)], { mapping });
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, rejected: 0 });
    expect(await temp.rows(`SELECT outcome FROM cancellations`)).toEqual([{ outcome: 'saved' }]);
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

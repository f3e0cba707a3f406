/**
 * Stripe input: Stripe's own public subscription fixture loads, and subscription lists and events map onto
 * cancellations (reason, comment, trigger, monthly MRR in major units) with every record accounted for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keywordClassifier, type TempDatabase, tempDatabase } from './ingest-fixtures.ts';

const FIXTURE = join(import.meta.dirname, '../../../shared/stripe/subscription.json');
const MARCH_1 = 1709287200; // 2024-03-01T10:00:00Z
const DAY = 86400;

function subscription(
  id: string,
  fields: Record<string, unknown>,
  items: unknown[],
): Record<string, unknown> {
  return {
    object: 'subscription',
    id,
    customer: `cus_${id}`,
    status: 'canceled',
    start_date: MARCH_1 - 100 * DAY,
    created: MARCH_1 - 100 * DAY,
    canceled_at: MARCH_1,
    ended_at: MARCH_1,
    cancellation_details: { feedback: null, comment: null, reason: 'cancellation_requested' },
    items: { object: 'list', data: items },
    ...fields,
  };
}

const price = (amount: number, currency: string, interval: string, extra: Record<string, unknown> = {}) => ({
  price: {
    id: `price_${amount}`,
    currency,
    unit_amount: amount,
    recurring: { interval, interval_count: 1 },
    ...extra,
  },
  quantity: 1,
});

describe('Stripe ingest', () => {
  let temp: TempDatabase;
  beforeEach(async () => {
    temp = await tempDatabase();
  });
  afterEach(() => temp.cleanup());
  const ingest = (path: string) => ingestFiles(temp.db, [path], { classifier: keywordClassifier() });

  it("loads Stripe's public subscription fixture as one cancellation", async () => {
    const report = await ingest(FIXTURE);
    expect(report.files[0]).toMatchObject({ status: 'ok', kind: 'stripe', read: 1, loaded: 1, rejected: 0 });
    expect(
      await temp.rows(
        `SELECT id, customer_id, requested_at::VARCHAR AS requested_at, mrr::VARCHAR AS mrr, currency, tenure_days,
           reason_code, reason_text, outcome FROM cancellations`,
      ),
    ).toEqual([
      {
        id: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw',
        customer_id: 'cus_QXg1o8vcGmoR32',
        requested_at: '2009-02-13 23:31:30',
        mrr: '20.00',
        currency: 'USD',
        tenure_days: 0,
        reason_code: null,
        reason_text: null,
        outcome: 'cancelled',
      },
    ]);
  });

  it('maps a subscription list: feedback, comment, trigger, yearly and zero-decimal prices, active ones skipped', async () => {
    const list = {
      object: 'list',
      data: [
        subscription(
          'sub_a',
          {
            cancellation_details: {
              feedback: 'too_expensive',
              comment: 'Mail me at ann@example.com',
              reason: null,
            },
          },
          [{ ...price(1200, 'usd', 'month'), quantity: 3 }],
        ),
        subscription('sub_b', { currency: 'jpy' }, [price(120000, 'jpy', 'year')]),
        subscription(
          'sub_c',
          { cancellation_details: { feedback: null, comment: null, reason: 'payment_failed' } },
          [price(9900, 'eur', 'year'), price(500, 'eur', 'month')],
        ),
        subscription('sub_d', { status: 'active', canceled_at: null, ended_at: null }, [
          price(1000, 'usd', 'month'),
        ]),
        subscription('sub_e', {}, [
          { price: { id: 'price_metered', currency: 'usd', unit_amount: null, recurring: null } },
        ]),
      ],
    };
    const report = await ingest(temp.file('subscriptions.json', JSON.stringify(list)));
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 3, unchanged: 1, skipped: 1, rejected: 1 });
    expect(
      await temp.rows(
        `SELECT id, mrr::VARCHAR AS mrr, currency, tenure_days, reason_code, reason_text, cancellation_trigger
         FROM cancellations ORDER BY id`,
      ),
    ).toEqual([
      {
        id: 'sub_a',
        mrr: '36.00',
        currency: 'USD',
        tenure_days: 100,
        reason_code: 'too_expensive',
        reason_text: 'Mail me at [email]',
        cancellation_trigger: null,
      },
      {
        id: 'sub_b',
        mrr: '10000.00',
        currency: 'JPY',
        tenure_days: 100,
        reason_code: null,
        reason_text: null,
        cancellation_trigger: 'cancellation_requested',
      },
      {
        id: 'sub_c',
        mrr: '13.25',
        currency: 'EUR',
        tenure_days: 100,
        reason_code: null,
        reason_text: null,
        cancellation_trigger: 'payment_failed',
      },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows`)).toEqual([
      {
        line: 5,
        field: 'mrr',
        message: 'mrr: cannot be computed: an item has no price.unit_amount or no recurring interval',
      },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      '1 skipped as unchanged, e.g. subscription sub_d is not cancelled (status active)',
    );
  });

  it('takes the latest customer.subscription event for a subscription and skips other events', async () => {
    const event = (id: string, type: string, created: number, object: unknown) =>
      JSON.stringify({ object: 'event', id, type, created, data: { object } });
    const scheduled = subscription(
      'sub_x',
      { status: 'active', cancel_at_period_end: true, cancel_at: MARCH_1 + 30 * DAY, ended_at: null },
      [price(2000, 'usd', 'month')],
    );
    const ended = subscription(
      'sub_x',
      { cancellation_details: { feedback: 'unused', comment: null, reason: 'cancellation_requested' } },
      [price(2000, 'usd', 'month')],
    );
    const lines = [
      event('evt_2', 'customer.subscription.deleted', MARCH_1 + 30 * DAY, ended),
      event('evt_1', 'customer.subscription.updated', MARCH_1, scheduled),
      event('evt_3', 'invoice.paid', MARCH_1, { object: 'invoice', id: 'in_1' }),
    ];
    const report = await ingest(temp.file('events.ndjson', `${lines.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 1, unchanged: 2, rejected: 0 });
    expect(await temp.rows(`SELECT id, reason_code FROM cancellations`)).toEqual([
      { id: 'sub_x', reason_code: 'unused' },
    ]);
  });

  it('reads the fixture file unchanged from disk', () => {
    expect(JSON.parse(readFileSync(FIXTURE, 'utf8')).items.data[0].plan.currency).toBe('currency');
  });
});

/**
 * Stripe input: Stripe's own public subscription fixture loads, and subscription lists and events map onto
 * cancellations (reason, comment, trigger, monthly MRR in major units) with every record accounted for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { describe, expect, it } from 'vitest';
import { keywordClassifier, tempDatabasePerTest } from '../support/ingest-fixtures.ts';

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
  const temp = tempDatabasePerTest();
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

  it('saves a scheduled cancellation the customer withdrew, keeping its request and reasons', async () => {
    const monthly = [price(4900, 'usd', 'month')];
    // Day 1: cancel at period end, with feedback; day 2: the customer withdrew it and Stripe cleared it all.
    const scheduled = subscription(
      'sub_back',
      {
        status: 'active',
        ended_at: null,
        cancel_at: MARCH_1 + 20 * DAY,
        cancel_at_period_end: true,
        cancellation_details: {
          feedback: 'too_expensive',
          comment: 'Too pricey for now',
          reason: 'cancellation_requested',
        },
      },
      monthly,
    );
    const withdrawn = {
      ...scheduled,
      canceled_at: null,
      cancel_at: null,
      cancel_at_period_end: false,
      cancellation_details: { feedback: null, comment: null, reason: null },
    };
    await ingest(temp.file('day1.json', JSON.stringify(scheduled)));
    const report = await ingest(temp.file('day2.json', JSON.stringify(withdrawn)));
    expect(report.files[0]).toMatchObject({ read: 1, loaded: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect(
      await temp.rows(
        `SELECT outcome, requested_at::VARCHAR AS requested_at, effective_at, reason_code, reason_text, tenure_days
         FROM cancellations`,
      ),
    ).toEqual([
      {
        outcome: 'saved',
        requested_at: '2024-03-01 10:00:00',
        effective_at: null,
        reason_code: 'too_expensive',
        reason_text: 'Too pricey for now',
        tenure_days: 100,
      },
    ]);
    const again = await ingest(temp.file('day3.json', JSON.stringify(withdrawn)));
    expect(again.files[0]).toMatchObject({ read: 1, unchanged: 1, updated: 0 });
    // An active subscription never loaded is still no cancellation.
    const other = await ingest(temp.file('other.json', JSON.stringify({ ...withdrawn, id: 'sub_new' })));
    expect(other.files[0]).toMatchObject({ read: 1, loaded: 0, unchanged: 1 });
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

  describe("Stripe's dashboard subscription export (CSV)", () => {
    const header =
      'id,Customer ID,Customer Email,Product,Quantity,Currency,Interval,Amount,Status,Start (UTC),' +
      'Current Period End (UTC),Canceled At (UTC),Cancel At Period End,Ended At (UTC),Cancellation Reason,' +
      'Cancellation Feedback,Cancellation Comment';
    const exportCsv = (rows: string[]) => `${[header, ...rows].join('\n')}\n`;
    const rows = [
      'sub_a,cus_a,ann@example.com,Pro,1,usd,month,49.00,canceled,2024-01-01 10:00,2024-03-01 10:00,2024-03-01 09:30,false,2024-03-01 09:30,cancellation_requested,too_expensive,Write to ann@example.com',
      'sub_b,cus_b,bob@example.com,Team,3,eur,year,120.00,active,2023-03-01 00:00,2024-06-01 00:00,2024-03-02 12:00,true,,cancellation_requested,switched_service,',
      'sub_c,cus_c,cy@example.com,Pro,1,usd,month,49.00,active,2024-02-01 00:00,2024-04-01 00:00,,false,,,,',
      'sub_d,cus_d,di@example.com,Pro,1,usd,month,forty,canceled,2024-01-01 00:00,2024-03-01 00:00,2024-03-03 00:00,false,2024-03-03 00:00,payment_failed,,',
      'sub_e,cus_e,ed@example.com,Pro,1,usd,month,49.00,canceled,2024-01-01 00:00,2024-03-01 00:00,soon,false,,cancellation_requested,,',
    ];

    it('maps each cancelled subscription onto a cancellation, with monthly MRR from amount, quantity and interval', async () => {
      const report = await ingest(temp.file('subscriptions.csv', exportCsv(rows)));
      expect(report.files[0]).toMatchObject({
        kind: 'stripe',
        read: 5,
        loaded: 2,
        unchanged: 1,
        skipped: 1,
        rejected: 2,
      });
      expect(
        await temp.rows(
          `SELECT id, customer_id, plan, mrr::VARCHAR AS mrr, currency, tenure_days, requested_at::VARCHAR AS requested_at,
             effective_at::VARCHAR AS effective_at, reason_code, reason_text, cancellation_trigger, channel, outcome
           FROM cancellations ORDER BY id`,
        ),
      ).toEqual([
        {
          id: 'sub_a',
          customer_id: 'cus_a',
          plan: 'Pro',
          mrr: '49.00',
          currency: 'USD',
          tenure_days: 60,
          requested_at: '2024-03-01 09:30:00',
          effective_at: '2024-03-01 09:30:00',
          reason_code: 'too_expensive',
          reason_text: 'Write to [email]',
          cancellation_trigger: 'cancellation_requested',
          channel: 'self_serve',
          outcome: 'cancelled',
        },
        {
          id: 'sub_b',
          customer_id: 'cus_b',
          plan: 'Team',
          mrr: '30.00',
          currency: 'EUR',
          tenure_days: 367,
          requested_at: '2024-03-02 12:00:00',
          effective_at: '2024-06-01 00:00:00',
          reason_code: 'switched_service',
          reason_text: null,
          cancellation_trigger: 'cancellation_requested',
          channel: 'self_serve',
          outcome: 'cancelled',
        },
      ]);
      expect(
        await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
      ).toEqual([
        { line: 5, field: 'mrr', message: 'mrr: Amount "forty" is not a number' },
        {
          line: 6,
          field: 'requested_at',
          message: expect.stringContaining('requested_at (column "Canceled At (UTC)")'),
        },
      ]);
      const [run] = await temp.rows<{ message: string; mapping: string }>(
        `SELECT message, mapping FROM ingest_runs`,
      );
      expect(run?.message).toContain("Stripe's dashboard subscription export");
      expect(run?.message).toContain('subscription sub_c is not cancelled (status active)');
      expect(JSON.parse(run?.mapping ?? '{}').columns).toMatchObject({
        'Canceled At (UTC)': 'requested_at',
        Amount: 'mrr',
        'Cancellation Comment': 'reason_text',
      });
    });

    it('lists the columns it does not use: the customer e-mail is not stored', async () => {
      const report = await ingest(temp.file('subscriptions.csv', exportCsv(rows.slice(0, 1))));
      expect(report.files[0]?.ignoredColumns).toEqual(['Customer Email']);
    });

    it('saves a scheduled cancellation that a later export shows withdrawn, keeping its request and reason', async () => {
      await ingest(temp.file('early.csv', exportCsv([rows[1] as string])));
      // sub_b is active again: no Canceled At, no longer cancelling at period end, no reason.
      const withdrawn = (rows[1] as string).replace(
        ',2024-03-02 12:00,true,,cancellation_requested,switched_service,',
        ',,false,,,,',
      );
      const later = await ingest(temp.file('later.csv', exportCsv([withdrawn])));
      expect(later.files[0]).toMatchObject({ read: 1, loaded: 0, updated: 1, unchanged: 0 });
      expect(
        await temp.rows(
          `SELECT outcome, requested_at::VARCHAR AS requested_at, effective_at, reason_code, tenure_days FROM cancellations`,
        ),
      ).toEqual([
        {
          outcome: 'saved',
          requested_at: '2024-03-02 12:00:00',
          effective_at: null,
          reason_code: 'switched_service',
          tenure_days: 367,
        },
      ]);
    });

    it('updates a scheduled cancellation when a later export shows it ended, and adds nothing on a re-run', async () => {
      await ingest(temp.file('early.csv', exportCsv([rows[1] as string])));
      const ended = (rows[1] as string)
        .replace(',active,', ',canceled,')
        .replace(',true,,', ',true,2024-05-15 00:00,');
      const later = await ingest(temp.file('later.csv', exportCsv([ended])));
      expect(later.files[0]).toMatchObject({ read: 1, loaded: 0, updated: 1 });
      const again = await ingest(temp.file('later-again.csv', exportCsv([ended])));
      expect(again.files[0]).toMatchObject({ read: 1, loaded: 0, updated: 0, unchanged: 1 });
      expect(await temp.rows(`SELECT effective_at::VARCHAR AS effective_at FROM cancellations`)).toEqual([
        { effective_at: '2024-05-15 00:00:00' },
      ]);
    });

    it('takes Amount as monthly when the export has no Interval column, and says so', async () => {
      const noInterval = exportCsv(rows.slice(0, 1)).replace(',Interval,', ',').replace(',month,', ',');
      const report = await ingest(temp.file('subscriptions.csv', noInterval));
      expect(report.files[0]?.kindReason).toContain('Amount taken as the monthly amount');
      expect(await temp.rows(`SELECT mrr::VARCHAR AS mrr FROM cancellations`)).toEqual([{ mrr: '49.00' }]);
    });

    it('refuses it as another kind', async () => {
      const report = await ingestFiles(temp.db, [temp.file('subscriptions.csv', exportCsv(rows))], {
        classifier: keywordClassifier(),
        kind: 'offers',
      });
      expect(report.files[0]).toMatchObject({ status: 'failed' });
      expect(report.files[0]?.error).toContain('it holds Stripe subscriptions, not offers');
    });
  });

  it("loads Stripe's dashboard customer export as customers, without a plan and with a blank country, for the subscriptions' countries", async () => {
    const customers =
      'id,Description,Email,Name,Created (UTC),Card ID,Delinquent,Address Line1,Address City,Address Country,Address Zip\n' +
      'cus_a,,ann@example.com,Ann,2023-06-01 10:00:00,card_1,false,1 Main St,Springfield,US,62701\n' +
      'cus_b,Big Co,bob@example.com,Bob,2023-02-01 08:30:00,card_2,false,,,,\n';
    const report = await ingest(temp.file('unified_customers.csv', customers));
    expect(report.files[0]).toMatchObject({ kind: 'customers', read: 2, loaded: 2, rejected: 0 });
    expect(
      await temp.rows(
        `SELECT id, signed_up_at::VARCHAR AS signed_up_at, plan, country FROM customers ORDER BY id`,
      ),
    ).toEqual([
      { id: 'cus_a', signed_up_at: '2023-06-01 10:00:00', plan: null, country: 'US' },
      { id: 'cus_b', signed_up_at: '2023-02-01 08:30:00', plan: null, country: null },
    ]);
    const list = {
      object: 'list',
      data: ['a', 'b'].map((id) => subscription(id, {}, [price(4900, 'usd', 'month')])),
    };
    await ingest(temp.file('subscriptions.json', JSON.stringify(list)));
    expect(await temp.rows(`SELECT id, plan, country FROM cancellation_facts ORDER BY id`)).toEqual([
      { id: 'a', plan: expect.any(String), country: 'US' },
      { id: 'b', plan: expect.any(String), country: null },
    ]);
  });

  it('reads the fixture file unchanged from disk', () => {
    expect(JSON.parse(readFileSync(FIXTURE, 'utf8')).items.data[0].plan.currency).toBe('currency');
  });
});

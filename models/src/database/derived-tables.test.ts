import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  answeredIn,
  refreshCancellationFacts,
  refreshClassifiedTexts,
  refreshOfferFacts,
} from './derived-tables.ts';
import { MIGRATIONS } from './migrations.ts';
import { type ChurnlensDatabase, openDatabase } from './open-database.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'churnlens-facts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function rows(database: ChurnlensDatabase, sql: string): Promise<Record<string, unknown>[]> {
  return (await database.connection.runAndReadAll(sql)).getRowObjectsJson();
}

/**
 * Rows of a month-cells table its migration's source view would not write, and the reverse: the refresh's
 * recount (month-cells.ts) must count as the view does.
 */
async function rowsUnlikeSource(database: ChurnlensDatabase, table: string): Promise<number> {
  const [row] = await rows(
    database,
    `SELECT count(*)::INTEGER AS n FROM (
       (SELECT * FROM ${table} EXCEPT ALL SELECT * FROM ${table}_source)
       UNION ALL
       (SELECT * FROM ${table}_source EXCEPT ALL SELECT * FROM ${table}))`,
  );
  return row?.n as number;
}

const CUSTOMER = `INSERT INTO customers VALUES ('cu', '2024-01-01', 'pro', 'US', 'smb')`;
const CANCELLATION = `INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr,
  currency, tenure_days, reason_code, outcome, text_hash)
  VALUES ('c1', 'cu', 's1', '2024-06-01', 'email', 'pro', 10, 'EUR', 40, 'too_expensive', 'cancelled', 'h1')`;

const OFFER = `INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted)
  VALUES ('o1', 'c1', 'discount', '2024-06-01', false)`;

describe('cancellation_facts as a table', () => {
  it('is filled, with the other derived tables, from the existing rows when a database at schema 4 migrates forward', async () => {
    const path = join(dir, 'v4.duckdb');
    const old = await openDatabase(path, MIGRATIONS.slice(0, 4));
    await old.connection.run(
      `${CUSTOMER}; ${CANCELLATION}; ${OFFER}; INSERT INTO verbatims (text_hash, text) VALUES ('h1', 'Too pricey')`,
    );
    old.close();

    const upgraded = await openDatabase(path);
    const facts = await rows(upgraded, `SELECT id, country, tenure_bucket, reason FROM cancellation_facts`);
    const offerFacts = await rows(upgraded, `SELECT id, offer_type, country, reason FROM offer_facts`);
    const documents = await rows(
      upgraded,
      `SELECT cancellation_id, country, unexplained FROM verbatim_documents`,
    );
    const monthCells = await rows(
      upgraded,
      `SELECT requested_month::VARCHAR AS month, reason, requests::INTEGER AS requests FROM cancellation_month_cells`,
    );
    const offerCells = await rows(
      upgraded,
      `SELECT requested_month::VARCHAR AS month, offer_type, offers::INTEGER AS offers FROM offer_month_cells`,
    );
    upgraded.close();
    expect(monthCells).toEqual([{ month: '2024-06-01', reason: 'too_expensive', requests: 1 }]);
    expect(offerCells).toEqual([{ month: '2024-06-01', offer_type: 'discount', offers: 1 }]);
    expect(documents).toEqual([{ cancellation_id: 'c1', country: 'US', unexplained: false }]);
    expect(facts).toEqual([{ id: 'c1', country: 'US', tenure_bucket: '31-90d', reason: 'too_expensive' }]);
    expect(offerFacts).toEqual([
      { id: 'o1', offer_type: 'discount', country: 'US', reason: 'too_expensive' },
    ]);
  });

  it('numbers each stored verbatim once and carries its number into the index and the theme documents (migration 22)', async () => {
    const path = join(dir, 'v21.duckdb');
    const old = await openDatabase(
      path,
      MIGRATIONS.filter((migration) => migration.version < 22),
    );
    await old.connection.run(
      `${CUSTOMER}; ${CANCELLATION}; ${CANCELLATION.replace("'c1'", "'c2'").replace("'h1'", "'h2'")};
       INSERT INTO verbatims (text_hash, text) VALUES ('h1', 'Too pricey'), ('h2', 'No Slack integration');
       INSERT INTO verbatim_index VALUES ('h1', ' too pricey', []), ('h2', ' no slack integration', []);
       INSERT INTO cancellation_facts SELECT * FROM cancellation_facts_source;
       INSERT INTO verbatim_documents SELECT * FROM verbatim_documents_source;`,
    );
    old.close();

    const upgraded = await openDatabase(path);
    try {
      const documents = await rows(
        upgraded,
        `SELECT d.cancellation_id, v.text FROM verbatim_documents d JOIN verbatims v USING (text_id) ORDER BY ALL`,
      );
      expect(documents).toEqual([
        { cancellation_id: 'c1', text: 'Too pricey' },
        { cancellation_id: 'c2', text: 'No Slack integration' },
      ]);
      const [numbers] = await rows(
        upgraded,
        `SELECT count(DISTINCT v.text_id)::INTEGER AS distinct_ids, count(i.text_hash)::INTEGER AS indexed
         FROM verbatims v LEFT JOIN verbatim_index i USING (text_hash, text_id)`,
      );
      expect(numbers).toEqual({ distinct_ids: 2, indexed: 2 });
      await upgraded.connection.run(`INSERT INTO verbatims (text_hash, text) VALUES ('h3', 'Too slow')`);
      const [next] = await rows(
        upgraded,
        `SELECT (SELECT text_id FROM verbatims WHERE text_hash = 'h3') = max(text_id) + 1 AS next
         FROM verbatims WHERE text_hash <> 'h3'`,
      );
      expect(next).toEqual({ next: true });
    } finally {
      upgraded.close();
    }
  });

  it('follows a new classification of a quoted verbatim, in the offers made too', async () => {
    const database = await openDatabase(':memory:');
    await database.connection.run(`${CUSTOMER}; ${CANCELLATION}; ${OFFER}`);
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    await database.connection.run(
      `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
         secondary_reason, language, needs_review, source) VALUES ('h1', 'm1', 'unused', 0.9, 0, [], NULL, 'en', false, 'model')`,
    );
    await refreshClassifiedTexts(database.connection, `SELECT 'h1' AS text_hash`);
    const facts = await rows(database, `SELECT reason, reason_origin FROM cancellation_facts`);
    const offerFacts = await rows(database, `SELECT id, reason FROM offer_facts`);
    database.close();
    expect(facts).toEqual([{ reason: 'unused', reason_origin: 'classification' }]);
    expect(offerFacts).toEqual([{ id: 'o1', reason: 'unused' }]);
  });

  it('carries the signup month, the wait and its bucket, and the follow-up answers, and follows an answer given later', async () => {
    const database = await openDatabase(':memory:');
    await database.connection.run(`${CUSTOMER}; ${CANCELLATION}`);
    await database.connection.run(`UPDATE cancellations SET handled_at = TIMESTAMP '2024-06-01 00:02:30.5'`);
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    const facts = () =>
      rows(
        database,
        `SELECT signup_month::VARCHAR AS signup_month, wait_seconds, wait_bucket, follow_up_answered,
           follow_up_score_sum, follow_up_score_count FROM cancellation_facts`,
      );
    expect(await facts()).toEqual([
      {
        signup_month: '2024-01-01',
        wait_seconds: 150.5,
        wait_bucket: 151,
        follow_up_answered: false,
        follow_up_score_sum: null,
        follow_up_score_count: 0,
      },
    ]);

    // An exit survey is not a follow-up; a follow-up answer without a score still counts as a response.
    await database.connection.run(
      `INSERT INTO survey_responses (id, customer_id, cancellation_id, survey, submitted_at, question, score) VALUES
         ('r1', 'cu', 'c1', 'follow_up', '2024-06-08', 'How did we do?', 4),
         ('r2', 'cu', 'c1', 'follow_up', '2024-06-09', 'Anything else?', NULL),
         ('r3', 'cu', 'c1', 'exit', '2024-06-01', 'Why?', 1)`,
    );
    await refreshCancellationFacts(database.connection, answeredIn(`SELECT 'r1' AS id`));
    expect(await facts()).toEqual([
      {
        signup_month: '2024-01-01',
        wait_seconds: 150.5,
        wait_bucket: 151,
        follow_up_answered: true,
        follow_up_score_sum: 4,
        follow_up_score_count: 1,
      },
    ]);
    database.close();
  });

  it('writes the accepted offers after the others, each run by request date, so a pass over accepted offers skips the rest', async () => {
    const path = join(dir, 'offers.duckdb');
    const old = await openDatabase(path, MIGRATIONS.slice(0, 12));
    await old.connection.run(
      `${CUSTOMER};
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, outcome)
       VALUES ('late', 'cu', 's1', '2024-07-01', 'email', 'pro', 10, 'USD', 40, 'saved'),
              ('early', 'cu', 's2', '2024-06-01', 'email', 'pro', 10, 'USD', 40, 'saved');
       INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted, accepted_at) VALUES
         ('late-yes', 'late', 'discount', '2024-07-01', true, '2024-07-01'),
         ('late-no', 'late', 'pause', '2024-07-01', false, NULL),
         ('early-yes', 'early', 'discount', '2024-06-01', true, '2024-06-01'),
         ('early-no', 'early', 'pause', '2024-06-01', false, NULL)`,
    );
    // Written in the source view's order, as writers before schema 13 left them (today's writers need the
    // tables of later schemas).
    await old.connection.run(
      `INSERT INTO cancellation_facts SELECT * FROM cancellation_facts_source;
       INSERT INTO offer_facts SELECT * FROM offer_facts_source`,
    );
    old.close();
    const inWrittenOrder = `SELECT list(id ORDER BY rowid) AS ids FROM offer_facts`;
    const ordered = [{ ids: ['early-no', 'late-no', 'early-yes', 'late-yes'] }];

    const upgraded = await openDatabase(path);
    expect(await rows(upgraded, inWrittenOrder)).toEqual(ordered);
    await refreshOfferFacts(upgraded.connection, 'TRUE');
    expect(await rows(upgraded, inWrittenOrder)).toEqual(ordered);
    upgraded.close();
  });

  it('counts the facts per request month and cell, and recounts the cells a changed cancellation left and joined', async () => {
    const database = await openDatabase(':memory:');
    await database.connection.run(
      `${CUSTOMER}; ${CANCELLATION};
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, reason_code, outcome)
       VALUES ('c2', 'cu', 's2', '2024-06-30 18:00', 'email', 'pro', 20, 'USD', 40, 'too_expensive', 'cancelled'),
              ('c3', 'unknown', 's3', '2024-07-02', 'chat', 'pro', 5, 'USD', 400, 'support', 'saved')`,
    );
    await refreshCancellationFacts(database.connection, 'TRUE');
    const cells = () =>
      rows(
        database,
        `SELECT requested_month::VARCHAR AS month, country, reason, outcome, retained,
           requests::INTEGER AS requests, mrr_usd
         FROM cancellation_month_cells ORDER BY month, outcome, reason`,
      );
    const euro = (await rows(database, `SELECT usd_per_unit FROM fx_rates WHERE currency = 'EUR'`))[0]
      ?.usd_per_unit as number;
    const june = {
      month: '2024-06-01',
      country: 'US',
      reason: 'too_expensive',
      outcome: 'cancelled',
      retained: false,
    };
    const unknownCustomer = {
      month: '2024-07-01',
      country: null,
      reason: 'support',
      outcome: 'saved',
      retained: true,
    };
    expect(await cells()).toEqual([
      { ...june, requests: 2, mrr_usd: 10 * euro + 20 },
      { ...unknownCustomer, requests: 1, mrr_usd: 5 },
    ]);

    await database.connection.run(
      `UPDATE cancellations SET requested_at = '2024-07-03', outcome = 'saved' WHERE id = 'c1'`,
    );
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    expect(await cells()).toEqual([
      { ...june, requests: 1, mrr_usd: 20 },
      { ...unknownCustomer, requests: 1, mrr_usd: 5 },
      { ...june, month: '2024-07-01', outcome: 'saved', retained: true, requests: 1, mrr_usd: 10 * euro },
    ]);
    expect(await rowsUnlikeSource(database, 'cancellation_month_cells')).toBe(0);
    expect(await rowsUnlikeSource(database, 'cancellation_month_totals')).toBe(0);
    database.close();
  });

  it('rounds each wait to a bucket at most 0.5 % away, in steps of 1, 2 or 5 in its third digit', async () => {
    const database = await openDatabase(':memory:');
    const buckets = await rows(
      database,
      `SELECT list(wait_bucket_of(seconds) ORDER BY i) AS buckets
       FROM (SELECT unnest([0, 0.123, 7.5, 9.5, 99.96, 150.5, 199.6, 311, 5460, 17090, NULL]) AS seconds,
               generate_subscripts([0, 0.123, 7.5, 9.5, 99.96, 150.5, 199.6, 311, 5460, 17090, NULL], 1) AS i)`,
    );
    expect(buckets).toEqual([{ buckets: [0, 0.12, 7.5, 9.5, 100, 151, 200, 312, 5450, 17100, null] }]);
    database.close();
  });

  it('counts handled requests per month, channel, agent and wait bucket, and recounts the cells a new wait moved', async () => {
    const database = await openDatabase(':memory:');
    await database.connection.run(
      `${CUSTOMER}; ${CANCELLATION};
       UPDATE cancellations SET agent_id = 'a1', handled_at = TIMESTAMP '2024-06-01 00:05:11';
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, reason_code, outcome, agent_id, handled_at)
       VALUES ('c2', 'cu', 's2', '2024-06-02', 'email', 'pro', 20, 'USD', 40, 'support', 'saved', 'a1',
         TIMESTAMP '2024-06-02 00:05:12')`,
    );
    await refreshCancellationFacts(database.connection, 'TRUE');
    const cells = () =>
      rows(
        database,
        `SELECT requested_month::VARCHAR AS month, agent_id, wait_bucket, requests::INTEGER AS requests,
           retained::INTEGER AS retained
         FROM channel_month_cells ORDER BY ALL`,
      );
    // 311 and 312 seconds share the bucket 312.
    expect(await cells()).toEqual([
      { month: '2024-06-01', agent_id: 'a1', wait_bucket: 312, requests: 2, retained: 1 },
    ]);

    await database.connection.run(`UPDATE cancellations SET handled_at = NULL WHERE id = 'c1'`);
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    expect(await cells()).toEqual([
      { month: '2024-06-01', agent_id: 'a1', wait_bucket: 312, requests: 1, retained: 1 },
      { month: '2024-06-01', agent_id: 'a1', wait_bucket: null, requests: 1, retained: 0 },
    ]);
    expect(await rowsUnlikeSource(database, 'channel_month_cells')).toBe(0);
    database.close();
  });

  it('recounts the offer cells an offer left and joined: accepted, its request moved a month, its customer churned, its request cancelled', async () => {
    const database = await openDatabase(':memory:');
    // c1 saved, so that the offer accepted on it keeps the customer until the steps below say otherwise.
    await database.connection.run(
      `${CUSTOMER}; ${CANCELLATION}; ${OFFER};
       UPDATE cancellations SET outcome = 'saved' WHERE id = 'c1';
       INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted)
       VALUES ('o2', 'c1', 'pause', '2024-06-01', false)`,
    );
    await refreshCancellationFacts(database.connection, 'TRUE');
    const cells = () =>
      rows(
        database,
        `SELECT requested_month::VARCHAR AS month, offer_type, accepted, accepted_month::VARCHAR AS accepted_month,
           kept_days, churned, offers::INTEGER AS offers
         FROM offer_month_cells ORDER BY ALL`,
      );
    const notAccepted = { accepted: false, accepted_month: null, kept_days: null, churned: null, offers: 1 };
    expect(await cells()).toEqual([
      { month: '2024-06-01', offer_type: 'discount', ...notAccepted },
      { month: '2024-06-01', offer_type: 'pause', ...notAccepted },
    ]);

    await database.connection.run(
      `UPDATE offers SET accepted = true, accepted_at = '2024-06-01' WHERE id = 'o1'`,
    );
    await refreshOfferFacts(database.connection, `id = 'o1'`);
    const kept = { accepted: true, accepted_month: '2024-06-01', kept_days: 90, churned: false, offers: 1 };
    expect(await cells()).toEqual([
      { month: '2024-06-01', offer_type: 'discount', ...kept },
      { month: '2024-06-01', offer_type: 'pause', ...notAccepted },
    ]);

    await database.connection.run(`UPDATE cancellations SET requested_at = '2024-05-31' WHERE id = 'c1'`);
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    expect(await cells()).toEqual([
      { month: '2024-05-01', offer_type: 'discount', ...kept },
      { month: '2024-05-01', offer_type: 'pause', ...notAccepted },
    ]);

    await database.connection.run(`UPDATE offers SET churned_at = '2024-07-16' WHERE id = 'o1'`);
    await refreshOfferFacts(database.connection, `id = 'o1'`);
    expect(await cells()).toEqual([
      { month: '2024-05-01', offer_type: 'discount', ...kept, kept_days: 30, churned: true },
      { month: '2024-05-01', offer_type: 'pause', ...notAccepted },
    ]);

    // A later export cancels the request: the offer kept the customer at no horizon.
    await database.connection.run(`UPDATE cancellations SET outcome = 'cancelled' WHERE id = 'c1'`);
    await refreshCancellationFacts(database.connection, `id = 'c1'`);
    expect(await cells()).toEqual([
      { month: '2024-05-01', offer_type: 'discount', ...kept, kept_days: 0, churned: true },
      { month: '2024-05-01', offer_type: 'pause', ...notAccepted },
    ]);
    expect(await rowsUnlikeSource(database, 'offer_month_cells')).toBe(0);
    expect(await rowsUnlikeSource(database, 'offer_month_totals')).toBe(0);
    database.close();
  });

  it('refreshes a few cancellations named one by one and many through a table of ids alike', async () => {
    const database = await openDatabase(':memory:');
    // 6,000 requests: more than refreshCancellationFacts names as parameters.
    await database.connection.run(
      `${CUSTOMER};
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, reason_code, outcome)
       SELECT 'c' || i, 'cu', 's' || i, TIMESTAMP '2024-01-01' + i * INTERVAL 1 HOUR, 'email', 'pro', 10, 'USD', 40,
         'too_expensive', CASE WHEN i % 3 = 0 THEN 'saved' ELSE 'cancelled' END
       FROM range(6000) t(i);
       INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted)
       SELECT 'o' || i, 'c' || i, 'discount', TIMESTAMP '2024-01-01' + i * INTERVAL 1 HOUR, i % 3 = 0
       FROM range(6000) t(i)`,
    );
    const unlike = async () =>
      Promise.all(
        [
          'cancellation_facts',
          'offer_facts',
          'cancellation_month_cells',
          'cancellation_month_totals',
          'offer_month_cells',
          'offer_month_totals',
          'channel_month_cells',
        ].map((table) => rowsUnlikeSource(database, table)),
      );
    await refreshCancellationFacts(database.connection, 'TRUE');
    expect(await unlike()).toEqual([0, 0, 0, 0, 0, 0, 0]);

    await database.connection.run(
      `UPDATE cancellations SET outcome = 'paused', mrr = 30 WHERE id IN ('c1', 'c2')`,
    );
    await refreshCancellationFacts(database.connection, `id IN ('c1', 'c2')`);
    expect(await unlike()).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const [paused] = await rows(
      database,
      `SELECT sum(requests)::INTEGER AS requests, sum(mrr_usd) AS mrr_usd FROM cancellation_month_cells
       WHERE outcome = 'paused'`,
    );
    expect(paused).toEqual({ requests: 2, mrr_usd: 60 });
    database.close();
  });

  it('converts amounts with the fx_rates of the time the database is opened', async () => {
    const path = join(dir, 'fx.duckdb');
    const first = await openDatabase(path);
    await first.connection.run(`${CUSTOMER}; ${CANCELLATION}`);
    await refreshCancellationFacts(first.connection, `id = 'c1'`);
    await first.connection.run(`UPDATE fx_rates SET usd_per_unit = 1.5 WHERE currency = 'EUR'`);
    first.close();

    const reopened = await openDatabase(path);
    const facts = await rows(reopened, `SELECT mrr_usd FROM cancellation_facts`);
    reopened.close();
    expect(facts).toEqual([{ mrr_usd: 15 }]);
  });
});

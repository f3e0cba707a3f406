import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildDerivedTables } from '../database/derived-tables.ts';
import { type ChurnlensDatabase, openDatabase } from '../database/open-database.ts';
import { TENURE_BUCKETS, tenureBucket } from '../tenure.ts';

// The source view freezes the tenure buckets and the effective-reason rule in SQL; these tests keep both in
// step with the TypeScript definitions, reading the facts table the way the API does after a rebuild.
describe('cancellation_facts', () => {
  let database: ChurnlensDatabase;
  beforeAll(async () => {
    database = await openDatabase(':memory:');
    await database.connection.run(`
      INSERT INTO fx_rates VALUES ('XTS', 2) ON CONFLICT DO NOTHING;
      INSERT INTO customers VALUES ('cu', '2024-01-01', 'pro', 'US', 'smb');
      INSERT INTO verbatims (text_hash, text) VALUES ('h-model', 'a'), ('h-manual', 'b'), ('h-na', 'n/a'),
        ('h-manual-other', 'c'), ('h-cancel', 'Please cancel my subscription. Thanks, Rosa'),
        ('h-personal', 'Personal reasons'), ('h-manual-na', 'N/A'), ('h-cancel-pricey', 'Please cancel, too pricey');
      INSERT INTO reason_classifications VALUES
        ('h-model', 'v1', 'unused', 0.9, 0, [], NULL, 'en', false, 'model', '2024-01-01'),
        ('h-manual', 'v9', 'unused', 0.9, 0, [], NULL, 'en', true, 'model', '2024-02-01'),
        ('h-manual', 'manual', 'too_complex', 1, 0, [], NULL, 'en', false, 'manual', '2024-01-01'),
        ('h-na', 'v1', 'other', 0.125, 0, [], NULL, 'en', false, 'model', '2024-01-01'),
        ('h-manual-other', 'manual', 'other', 1, 0, [], NULL, 'en', false, 'manual', '2024-01-01'),
        ('h-cancel', 'v1', 'other', 0.2, 0, [], NULL, 'en', false, 'model', '2024-01-01'),
        ('h-personal', 'v1', 'other', 0.3, 0, [], NULL, 'en', true, 'model', '2024-01-01'),
        ('h-manual-na', 'manual', 'other', 1, 0, [], NULL, 'en', false, 'manual', '2024-01-01'),
        ('h-cancel-pricey', 'v1', 'too_expensive', 0.8, 0, [], NULL, 'en', false, 'model', '2024-01-01');
    `);
  });
  afterAll(() => database.close());

  async function facts(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await database.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson();
  }

  it('buckets every tenure boundary exactly like tenureBucket()', async () => {
    const days = TENURE_BUCKETS.flatMap((bucket) => [bucket.min, Math.min(bucket.max, 5000)]);
    for (const [index, tenure] of days.entries()) {
      await database.connection.run(
        `INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
           tenure_days, outcome) VALUES ($id, 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', $tenure, 'cancelled')`,
        { id: `t${index}`, tenure },
      );
    }
    await rebuildDerivedTables(database.connection);
    const rows = await facts(`SELECT tenure_days, tenure_bucket FROM cancellation_facts WHERE id LIKE 't%'`);
    expect(rows).toHaveLength(days.length);
    for (const row of rows) expect(row.tenure_bucket).toBe(tenureBucket(Number(row.tenure_days)));
  });

  it('takes the reason from the classification, else the reason code, else other, and no_reason_given without a verbatim', async () => {
    await database.connection.run(`
      INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
        tenure_days, reason_code, outcome, text_hash) VALUES
        ('r1', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'too_expensive', 'saved', 'h-model'),
        ('r2', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'too_expensive', 'saved', 'h-manual'),
        ('r3', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'too_expensive', 'saved', NULL),
        ('r4', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'abandoned', 'h-unclassified'),
        ('r5', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'cancelled', NULL)`);
    await rebuildDerivedTables(database.connection);
    const rows = await facts(
      `SELECT id, reason, reason_origin, needs_review, retained, mrr_usd FROM cancellation_facts WHERE id LIKE 'r%' ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 'r1',
        reason: 'unused',
        reason_origin: 'classification',
        needs_review: false,
        retained: true,
        mrr_usd: 20,
      },
      {
        id: 'r2',
        reason: 'too_complex',
        reason_origin: 'classification',
        needs_review: false,
        retained: true,
        mrr_usd: 20,
      },
      {
        id: 'r3',
        reason: 'too_expensive',
        reason_origin: 'reason_code',
        needs_review: false,
        retained: true,
        mrr_usd: 20,
      },
      {
        id: 'r4',
        reason: 'other',
        reason_origin: 'default',
        needs_review: false,
        retained: false,
        mrr_usd: 20,
      },
      {
        id: 'r5',
        reason: 'no_reason_given',
        reason_origin: 'default',
        needs_review: false,
        retained: false,
        mrr_usd: 20,
      },
    ]);
  });

  it('keeps the picked reason when the verbatim only gets the fallback reason, unless a person chose it', async () => {
    await database.connection.run(`
      INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
        tenure_days, reason_code, outcome, text_hash) VALUES
        ('o1', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'too_expensive', 'cancelled', 'h-na'),
        ('o2', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'other', 'cancelled', 'h-na'),
        ('o3', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'cancelled', 'h-na'),
        ('o4', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'unused', 'cancelled', 'h-manual-other')`);
    await rebuildDerivedTables(database.connection);
    const rows = await facts(
      `SELECT id, reason, reason_origin, confidence FROM cancellation_facts WHERE id LIKE 'o%' ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'o1', reason: 'too_expensive', reason_origin: 'reason_code', confidence: 0.125 },
      { id: 'o2', reason: 'other', reason_origin: 'classification', confidence: 0.125 },
      { id: 'o3', reason: 'other', reason_origin: 'classification', confidence: 0.125 },
      { id: 'o4', reason: 'other', reason_origin: 'classification', confidence: 1 },
    ]);
  });

  it('counts a typed answer that names no reason under no_reason_given, unless the customer picked one or a person relabelled it', async () => {
    await database.connection.run(`
      INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
        tenure_days, reason_code, reason_text, outcome, text_hash) VALUES
        ('a1', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL,
          'Please cancel my subscription. Thanks, Rosa', 'cancelled', 'h-cancel'),
        ('a2', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'Personal reasons', 'cancelled', 'h-personal'),
        ('a3', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'unused',
          'Please cancel my subscription. Thanks, Rosa', 'cancelled', 'h-cancel'),
        ('a4', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, 'other',
          'Please cancel my subscription. Thanks, Rosa', 'cancelled', 'h-cancel'),
        ('a5', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'N/A', 'cancelled', 'h-manual-na'),
        ('a6', 'cu', 's', '2024-06-01', 'email', 'pro', 10, 'XTS', 5, NULL, 'Please cancel, too pricey', 'cancelled',
          'h-cancel-pricey')`);
    await rebuildDerivedTables(database.connection);
    const rows = await facts(
      `SELECT id, reason, reason_origin, confidence FROM cancellation_facts WHERE id LIKE 'a%' ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'a1', reason: 'no_reason_given', reason_origin: 'classification', confidence: 0.2 },
      { id: 'a2', reason: 'other', reason_origin: 'classification', confidence: 0.3 },
      { id: 'a3', reason: 'unused', reason_origin: 'reason_code', confidence: 0.2 },
      { id: 'a4', reason: 'other', reason_origin: 'classification', confidence: 0.2 },
      { id: 'a5', reason: 'other', reason_origin: 'classification', confidence: 1 },
      { id: 'a6', reason: 'too_expensive', reason_origin: 'classification', confidence: 0.8 },
    ]);
  });
});

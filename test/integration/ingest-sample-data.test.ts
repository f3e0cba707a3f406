/**
 * The sample-data generator's output for all four kinds loads completely: every generated row is read and
 * loaded, and aggregates a person would check (MRR per currency, saved requests, accepted offers, answers
 * with free text) match what the generated files themselves say.
 */
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordClassifier, type TempDatabase, tempDatabase } from '../support/ingest-fixtures.ts';

const CUSTOMERS = 1500;

describe.each(['csv', 'ndjson'] as const)('ingesting generated %s sample data', (format) => {
  let temp: TempDatabase;
  let generated: Awaited<ReturnType<typeof generateSampleData>>;
  let report: Awaited<ReturnType<typeof ingestFiles>>;

  beforeAll(async () => {
    temp = await tempDatabase();
    const outDir = join(temp.dir, 'sample');
    generated = await generateSampleData({ customers: CUSTOMERS, outDir, seed: 7, format });
    report = await ingestFiles(temp.db, [outDir], { classifier: keywordClassifier() });
  });
  afterAll(() => temp.cleanup());

  it('reads and loads every generated row of the four kinds, rejecting none', () => {
    const byKind = Object.fromEntries(report.files.map((file) => [file.kind, file]));
    const expected = {
      customers: generated.counts.customers,
      cancellations: generated.counts.cancellations,
      offers: generated.counts.offers,
      surveys: generated.counts.survey_responses,
    };
    for (const [kind, count] of Object.entries(expected)) {
      expect(byKind[kind], kind).toMatchObject({ status: 'ok', read: count, loaded: count, rejected: 0 });
    }
    expect(report.files.map((file) => file.kind)).toEqual([
      'customers',
      'cancellations',
      'offers',
      'surveys',
    ]);
  });

  it('stores the same totals the generated files hold', async () => {
    const read = format === 'csv' ? 'read_csv' : 'read_json_auto';
    const file = (name: string) =>
      generated.files[name as keyof typeof generated.files].replaceAll("'", "''");
    const fromFiles = await temp.rows(
      `SELECT
         (SELECT round(sum(mrr::DECIMAL(14, 2)), 2)::VARCHAR FROM ${read}('${file('cancellations')}') WHERE currency = 'EUR') AS eur_mrr,
         (SELECT count(*) FROM ${read}('${file('cancellations')}') WHERE outcome = 'saved')::INTEGER AS saved,
         (SELECT count(*) FROM ${read}('${file('offers')}') WHERE accepted::BOOLEAN)::INTEGER AS accepted,
         (SELECT count(free_text) FROM ${read}('${file('survey_responses')}'))::INTEGER AS answers_with_text`,
    );
    const fromDatabase = await temp.rows(
      `SELECT
         (SELECT round(sum(mrr), 2)::VARCHAR FROM cancellations WHERE currency = 'EUR') AS eur_mrr,
         (SELECT count(*) FROM cancellations WHERE outcome = 'saved')::INTEGER AS saved,
         (SELECT count(*) FROM offers WHERE accepted)::INTEGER AS accepted,
         (SELECT count(free_text) FROM survey_responses)::INTEGER AS answers_with_text`,
    );
    expect(fromDatabase).toEqual(fromFiles);
    expect(Number(fromDatabase[0]?.saved)).toBeGreaterThan(0);
  });

  it('gives every stored free text a verbatim and a classification', async () => {
    const [row] = await temp.rows(
      `SELECT
         (SELECT count(*) FROM cancellations WHERE reason_text IS NOT NULL AND text_hash IS NULL)::INTEGER AS missing_hash,
         (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
         (SELECT count(*) FROM verbatims WHERE text_hash NOT IN (SELECT text_hash FROM reason_classifications))::INTEGER AS unclassified`,
    );
    expect(row).toMatchObject({ missing_hash: 0, unclassified: 0 });
    expect(Number(row?.verbatims)).toBeGreaterThan(100);
  });
});

import type { RecordKind } from '@churnlens/models';
import { FIELD_RULES } from '@churnlens/models/schema/field-rules';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { buildCheckQuery, type FieldSource } from './build-check-query.ts';
import { createRunRejectedIds } from './run-rejected-ids.ts';

/** Runs the generated check over one staged customers row and returns the converted values and message. */
async function checkCustomer(values: Record<string, string | null>, headers: Record<string, string> = {}) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const fields = Object.keys(values);
    const columns = fields.map((_, index) => `$v${index}::VARCHAR AS c${index + 1}`).join(', ');
    const params = Object.fromEntries(fields.map((field, index) => [`v${index}`, values[field] ?? null]));
    await connection.run(
      `CREATE TEMP TABLE ingest_stage AS SELECT NULL::VARCHAR AS __reader_error, NULL::VARCHAR AS __reader_field,
         NULL::VARCHAR AS __skip_reason, NULL::BIGINT AS __version, ${columns}`,
      params,
    );
    const sources = new Map<string, FieldSource>(
      fields.map((field, index) => [field, { column: `c${index + 1}`, header: headers[field] ?? field }]),
    );
    const query = buildCheckQuery('customers', sources);
    const reader = await connection.runAndReadAll(
      `SELECT * EXCLUDE (__pos, __version), signed_up_at::VARCHAR AS signed_up_at FROM (${query.sql})`,
      query.params,
    );
    return reader.getRowObjectsJson()[0];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The joins in DuckDB's plan of the check over a staged file holding every field of `kind`. DuckDB turns an
 * IN of five or more constants into a join with those constants, and every join adds a hash table and
 * pipelines to the statement: 40 of its 100 CPU-ms for a 200-row cancellations file, whatever the row count.
 */
async function checkPlanJoins(kind: RecordKind): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const fields = FIELD_RULES[kind].map((rule) => rule.field);
    const columns = fields.map((_, index) => `NULL::VARCHAR AS c${index + 1}`).join(', ');
    await connection.run(
      `CREATE TEMP TABLE ingest_stage AS SELECT NULL::VARCHAR AS __reader_error, NULL::VARCHAR AS __reader_field,
         NULL::VARCHAR AS __skip_reason, NULL::BIGINT AS __version, ${columns}`,
    );
    await connection.run(`CREATE TABLE cancellations (id VARCHAR)`);
    await createRunRejectedIds(connection);
    const sources = new Map<string, FieldSource>(
      fields.map((field, index) => [field, { column: `c${index + 1}`, header: field }]),
    );
    const query = buildCheckQuery(kind, sources);
    const plan = await connection.runAndReadAll(`EXPLAIN ${query.sql}`, query.params);
    const text = plan
      .getRowObjectsJson()
      .map((row) => String(row.explain_value))
      .join('\n');
    return text.match(/_JOIN/g)?.length ?? 0;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const valid = { id: 'cus_1', signed_up_at: '2024-03-01', plan: 'pro', country: 'de', segment: null };

describe('buildCheckQuery', () => {
  it.each([
    { kind: 'customers', joins: 0 },
    { kind: 'cancellations', joins: 0 },
    // The cancellation each names, and the run's rejected ids (run-rejected-ids.ts).
    { kind: 'offers', joins: 2 },
    { kind: 'surveys', joins: 2 },
  ] as const)(
    'checks a $kind file joining no table but those its references name',
    async ({ kind, joins }) => {
      expect(await checkPlanJoins(kind)).toBe(joins);
    },
  );

  it.each([
    ['2024-03-01', '2024-03-01 00:00:00'],
    ['2024-03-01T10:00:00Z', '2024-03-01 10:00:00'],
    ['2024-03-01T10:00:00+02:00', '2024-03-01 08:00:00'],
    ['2024-03-01 10:00:00-0530', '2024-03-01 15:30:00'],
    ['2024-03-01 10:00:00 +0100', '2024-03-01 09:00:00'],
    ['2024-03-01 10:00:00 -05', '2024-03-01 15:00:00'],
    ['2024-03-01 10:00:00 -0500 EST', '2024-03-01 15:00:00'],
    ['2024-03-01 10:00 UTC', '2024-03-01 10:00:00'],
  ])('reads the timestamp %s as %s UTC', async (input, expected) => {
    expect(await checkCustomer({ ...valid, signed_up_at: input })).toMatchObject({
      signed_up_at: expected,
      __message: '',
    });
  });

  it.each([
    ['2026-W49', 'is an ISO week date, which churnlens does not read: write the calendar day (2026-11-30)'],
    ['2026-W49-1', 'is an ISO week date, which churnlens does not read: write the calendar day (2026-11-30)'],
    [
      '2026-11-30 10:00 CET',
      'ends in the time zone abbreviation "CET", which churnlens does not read, since an abbreviation may stand for several zones (CST is US Central and China Standard Time): write the time with its UTC offset (2026-11-30 10:00+01:00)',
    ],
    [
      '2026-11-30 9:30 PM EST',
      'ends in the time zone abbreviation "EST", which churnlens does not read, since an abbreviation may stand for several zones (CST is US Central and China Standard Time): write the time with its UTC offset (2026-11-30 10:00+01:00)',
    ],
  ])('says why %s is not read as a date', async (input, problem) => {
    expect((await checkCustomer({ ...valid, signed_up_at: input }))?.__message).toBe(
      `signed_up_at: "${input}" ${problem}`,
    );
  });

  it('upper-cases codes and trims values', async () => {
    expect(await checkCustomer({ ...valid, id: '  cus_9 ', country: ' fr' })).toMatchObject({
      id: 'cus_9',
      country: 'FR',
    });
  });

  it('names every problem of a row and the fields at fault', async () => {
    expect(
      await checkCustomer({ ...valid, id: ' ', signed_up_at: 'yesterday', country: 'Atlantis' }),
    ).toMatchObject({
      __message:
        'id: is required; signed_up_at: "yesterday" is not a valid date (use ISO 8601, e.g. 2024-03-01 or ' +
        '2024-03-01T14:30:00Z); country: "Atlantis" is not a two-letter ISO 3166 country code or a country name',
      __fields: 'id, signed_up_at, country',
    });
  });

  it.each(['XX', 'AA', 'ZZ', 'EU'])('refuses %s, two letters that name no country', async (code) => {
    expect((await checkCustomer({ ...valid, country: code }))?.__message).toBe(
      `country: "${code}" is not a two-letter ISO 3166 country code or a country name`,
    );
  });

  it('says which column a field came from when the header has another name', async () => {
    const result = await checkCustomer({ ...valid, country: 'Narnia' }, { country: 'Land' });
    expect(result?.__message).toBe(
      'country (column "Land"): "Narnia" is not a two-letter ISO 3166 country code or a country name',
    );
  });

  it.each([
    ['Germany', 'DE'],
    ['deutschland', 'DE'],
    ['Royaume-Uni', 'GB'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['España', 'ES'],
    ['fr', 'FR'],
    ['Viet Nam', 'VN'],
    ['Korea, Republic of', 'KR'],
    ["Côte d'Ivoire", 'CI'],
    ['Czech Republic', 'CZ'],
    ['Turkey', 'TR'],
    ['Hong Kong', 'HK'],
    ['The Netherlands', 'NL'],
    ['UAE', 'AE'],
  ])('reads the country %s as %s', async (input, expected) => {
    expect(await checkCustomer({ ...valid, country: input })).toMatchObject({
      country: expected,
      __message: '',
    });
  });
});

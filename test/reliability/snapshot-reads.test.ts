/**
 * One answer, one snapshot: an endpoint that runs several statements must not mix data from before and
 * after a write that commits between them (an ingest finishing while the dashboard loads). The race is made
 * certain here: the write is committed right after the endpoint's first statement. concurrent-reads.test.ts
 * shows the same guarantee over HTTP, where hitting the gap is a matter of luck.
 */
import type { ApiDatabase } from '@churnlens/api/db';
import { queryOffers } from '@churnlens/api/queries/offer-effectiveness';
import { querySummary } from '@churnlens/api/queries/summary';
import { queryVerbatims } from '@churnlens/api/queries/verbatims';
import { createFixtureDatabase, type FixtureDatabase } from '@churnlens/api/testing/churn-fixture';
import { refreshCancellationFacts } from '@churnlens/models/database/derived-tables';
import { inTransaction } from '@churnlens/models/database/open-database';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** A later copy of every cancellation, with its facts: moves the data end date and changes every aggregate. */
async function addLaterCopies(connection: DuckDBConnection): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run(`INSERT INTO cancellations
      SELECT * REPLACE ('late-' || id AS id, requested_at + INTERVAL 40 DAY AS requested_at) FROM cancellations`);
    await refreshCancellationFacts(connection, `id LIKE 'late-%'`);
  });
}

/** The same database, except that `write` is committed once, right after the first statement of a read. */
function committingAfterFirstStatement(
  db: ApiDatabase,
  write: (connection: DuckDBConnection) => Promise<void>,
): ApiDatabase {
  let written = false;
  const intercept = (connection: DuckDBConnection): DuckDBConnection =>
    new Proxy(connection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'runAndReadAll') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<DuckDBConnection['runAndReadAll']>) => {
          const result = await target.runAndReadAll(...args);
          if (!written) {
            written = true;
            await db.write(write);
          }
          return result;
        };
      },
    });
  return { ...db, read: (work) => db.read((connection) => work(intercept(connection))) };
}

const ENDPOINTS: [string, (db: ApiDatabase) => Promise<unknown>][] = [
  ['summary (default period)', (db) => querySummary(db, {}, 'USD')],
  ['verbatims (total and page)', (db) => queryVerbatims(db, {})],
  [
    'offers (data end date and counts)',
    (db) => queryOffers(db, {}, { byReason: true, rankBy: 'savedAt30', currency: 'USD' }),
  ],
];

describe('a read that runs several statements while a write commits', () => {
  let fixture: FixtureDatabase;
  beforeEach(async () => {
    fixture = await createFixtureDatabase();
  });
  afterEach(() => fixture.cleanup());

  it.each(ENDPOINTS)('%s answers from before the write or after it, not a mixture', async (_name, query) => {
    const before = await query(fixture.db);
    const during = await query(committingAfterFirstStatement(fixture.db, addLaterCopies));
    const after = await query(fixture.db);
    expect(after).not.toEqual(before);
    expect([before, after]).toContainEqual(during);
  });
});

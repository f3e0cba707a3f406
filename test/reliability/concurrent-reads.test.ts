/**
 * Reads during an ingest: while the server ingests a large uploaded file (POST /api/ingest), dashboard reads
 * keep succeeding, and every answer is the one the database gives before the file or after it, never a
 * mixture of both (DuckDB's snapshots plus one transaction per file).
 */
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models/database/open-database';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordClassifier } from '../support/ingest-fixtures.ts';
import {
  ADMIN_TOKEN,
  bearer,
  startTestServer,
  type TestServer,
  VIEWER_TOKEN,
} from '../support/test-server.ts';

const CANCELLATIONS = 12_000;
const LOADED_BEFORE = 2_000;
const WINDOW = 'from=2020-01-01&to=2030-12-31';
const READS = [
  `/api/summary?${WINDOW}`,
  `/api/reasons?${WINDOW}`,
  `/api/channels?${WINDOW}`,
  `/api/cohorts?${WINDOW}`,
  `/api/offers?${WINDOW}`,
  // Themes reads without a snapshot (api/src/db.ts ReadOptions); its default periods follow the data end date.
  `/api/themes?${WINDOW}`,
  '/api/themes',
  '/api/ingest/runs',
];

/** Splits a generated cancellations file into the rows loaded up front and the rows uploaded later. */
async function splitCancellations(path: string, directory: string): Promise<{ first: string; rest: string }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const first = join(directory, 'cancellations-first.csv');
  const rest = join(directory, 'cancellations-rest.csv');
  try {
    await connection.run(`CREATE TABLE rows AS SELECT * FROM read_csv($path, all_varchar = true)`, { path });
    await connection.run(
      `COPY (SELECT * FROM rows ORDER BY id LIMIT ${LOADED_BEFORE}) TO '${first}' (HEADER)`,
    );
    await connection.run(
      `COPY (SELECT * FROM rows ORDER BY id OFFSET ${LOADED_BEFORE}) TO '${rest}' (HEADER)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { first, rest };
}

async function read(server: TestServer, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { headers: bearer(VIEWER_TOKEN) });
  return { status: response.status, body: await response.json() };
}

describe('API reads while the server ingests a large file', () => {
  let server: TestServer;
  let upload: string;

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (dbPath, directory) => {
        const generated = await generateSampleData({
          customers: CANCELLATIONS,
          cancellations: CANCELLATIONS,
          outDir: join(directory, 'data'),
          seed: 9,
          format: 'csv',
        });
        const { first, rest } = await splitCancellations(generated.files.cancellations, directory);
        upload = rest;
        const db = await openDatabase(dbPath);
        try {
          const report = await ingestFiles(db, [generated.files.customers, first], {
            classifier: keywordClassifier(),
          });
          expect(report.totals.rejected).toBe(0);
        } finally {
          db.close();
        }
      },
    });
  });
  afterAll(() => server.close());

  it('all succeed and each answers with the numbers from before or after the file, never in between', async () => {
    const before = new Map<string, unknown>();
    for (const path of READS) before.set(path, (await read(server, path)).body);

    const form = new FormData();
    form.append('file', new File([await openAsBlob(upload)], 'cancellations-rest.csv', { type: 'text/csv' }));
    let ingesting = true;
    const ingest = fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: bearer(ADMIN_TOKEN),
      body: form,
    })
      .then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { totals: Record<string, number> },
      }))
      .finally(() => {
        ingesting = false;
      });

    const during: { path: string; status: number; body: unknown }[] = [];
    // Two clients, each cycling through the dashboard's reads until the upload has been answered.
    const client = async (offset: number) => {
      for (let index = offset; ingesting; index++) {
        const path = READS[index % READS.length] as string;
        during.push({ path, ...(await read(server, path)) });
      }
    };
    await Promise.all([client(0), client(3)]);
    const ingested = await ingest;

    expect(ingested.status).toBe(200);
    expect(ingested.body.totals).toMatchObject({
      read: CANCELLATIONS - LOADED_BEFORE,
      loaded: CANCELLATIONS - LOADED_BEFORE,
      rejected: 0,
    });
    const after = new Map<string, unknown>();
    for (const path of READS) after.set(path, (await read(server, path)).body);
    expect((before.get(READS[0] as string) as { cancelRequests: number }).cancelRequests).toBe(LOADED_BEFORE);
    expect((after.get(READS[0] as string) as { cancelRequests: number }).cancelRequests).toBe(CANCELLATIONS);

    expect(during.length).toBeGreaterThanOrEqual(READS.length);
    for (const answer of during) {
      expect(answer.status, answer.path).toBe(200);
      expect([before.get(answer.path), after.get(answer.path)], answer.path).toContainEqual(answer.body);
    }
  });
});

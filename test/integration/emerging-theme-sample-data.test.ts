/**
 * The sample-data generator plants an AI-assistant theme in the last four weeks (docs/sample-data.md);
 * /api/themes must surface it from generated, ingested data — first among emerging phrases and as the
 * largest cluster of unexplained verbatims.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@churnlens/api';
import { createApiDatabase } from '@churnlens/api/db';
import { ingestFiles } from '@churnlens/ingest';
import { EMERGING_THEME_PATTERN, generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models/database/open-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('GET /api/themes on generated sample data', () => {
  const directory = mkdtempSync(join(tmpdir(), 'churnlens-themes-sample-'));
  let app: ReturnType<typeof createApp>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const sample = await generateSampleData({ customers: 6000, outDir: directory, seed: 7, format: 'csv' });
    const database = await openDatabase(join(directory, 'sample.duckdb'));
    await ingestFiles(database, Object.values(sample.files));
    const db = createApiDatabase(database);
    app = createApp({ db, log: () => {} });
    close = () => db.close();
  });
  afterAll(async () => {
    await close?.();
    rmSync(directory, { recursive: true, force: true });
  });

  it('ranks the planted theme first among emerging phrases, with examples that mention it', async () => {
    const response = await app.request('/api/themes');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      emerging: { phrase: string; current: number; previous: number; examples: string[] }[];
      candidateReasons: { phrase: string; size: number }[];
    };
    const [top] = body.emerging;
    expect(top?.phrase).toMatch(EMERGING_THEME_PATTERN);
    expect(top?.current).toBeGreaterThan(3 * (top?.previous ?? 0));
    for (const example of top?.examples ?? []) expect(example).toMatch(EMERGING_THEME_PATTERN);
    expect(body.candidateReasons[0]?.phrase).toMatch(EMERGING_THEME_PATTERN);
  });
});

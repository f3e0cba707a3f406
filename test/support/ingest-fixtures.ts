/**
 * What the integration and reliability tests ingest with: a fresh churnlens database in a temp dir, small
 * files written next to it, one-line queries, a keyword classifier and valid cancellation rows to vary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReasonClassification, ReasonClassifier } from '@churnlens/models/classifier/index';
import type { ChurnlensDatabase } from '@churnlens/models/database/open-database';
import { openNewDatabase } from '@churnlens/models/testing/new-database';
import { afterEach, beforeEach } from 'vitest';

export interface TempDatabase {
  db: ChurnlensDatabase;
  dir: string;
  /** Writes `content` to a file in the temp dir and returns its path. */
  file(name: string, content: string | Uint8Array): string;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  cleanup(): void;
}

export async function tempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'churnlens-ingest-'));
  const db = await openNewDatabase(join(dir, 'test.duckdb'));
  return {
    db,
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async rows<T>(sql: string) {
      const reader = await db.connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh temp database for each test of the describe block it is called in, deleted after the test. The
 * object it returns stands for the running test's database, so the block can keep it in a const.
 */
export function tempDatabasePerTest(): Readonly<Omit<TempDatabase, 'cleanup'>> {
  let current: TempDatabase | undefined;
  beforeEach(async () => {
    current = await tempDatabase();
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  const running = (): TempDatabase => {
    if (!current) throw new Error('the temp database exists only while a test runs');
    return current;
  };
  return {
    get db() {
      return running().db;
    },
    get dir() {
      return running().dir;
    },
    file: (name, content) => running().file(name, content),
    rows: (sql) => running().rows(sql),
  };
}

/**
 * A deterministic stand-in for the reason model where a test is about ingest, not about classification
 * quality: "expensive"/"price" → too_expensive, anything else → other. It counts its calls so tests can
 * check that each distinct verbatim is classified once. The CLI tests (ingest-cli.test.ts) run the real model.
 */
export function keywordClassifier(version = 'keywords-1'): ReasonClassifier<string> & { calls: string[] } {
  const calls: string[] = [];
  return {
    version,
    reasons: ['too_expensive', 'other'],
    calls,
    classify(text: string): ReasonClassification<string> {
      calls.push(text);
      const expensive = /expensive|price/i.test(text);
      const reason = expensive ? 'too_expensive' : 'other';
      return {
        reason,
        confidence: expensive ? 0.9 : 0.4,
        alternatives: [{ reason, score: expensive ? 0.9 : 0.4 }],
        secondaryReason: null,
        sentiment: -0.5,
        evidence: expensive ? ['expensive'] : [],
        language: 'en',
        needsReview: !expensive,
      };
    },
  };
}

export const CANCELLATION_HEADER =
  'id,customer_id,subscription_id,requested_at,channel,plan,mrr,currency,tenure_days,reason_code,reason_text,outcome';

/** One valid cancellation's fields as text; override fields by name. */
export function cancellationRecord(
  id: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    id,
    customer_id: `cus_${id}`,
    subscription_id: `sub_${id}`,
    requested_at: '2024-03-01T10:00:00Z',
    channel: 'self_serve',
    plan: 'pro',
    mrr: '49.00',
    currency: 'USD',
    tenure_days: '120',
    reason_code: '',
    reason_text: 'Too expensive for our team',
    outcome: 'cancelled',
    ...overrides,
  };
}

/** One valid cancellations CSV row; override fields by name. */
export function cancellationRow(id: string, overrides: Record<string, string> = {}): string {
  const values = cancellationRecord(id, overrides);
  return CANCELLATION_HEADER.split(',')
    .map((field) => values[field] ?? '')
    .join(',');
}

export function cancellationsCsv(rows: string[]): string {
  return `${CANCELLATION_HEADER}\n${rows.join('\n')}\n`;
}

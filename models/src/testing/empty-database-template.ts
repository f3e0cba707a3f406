/**
 * Vitest global setup: builds one empty, fully migrated database per test run, for openNewDatabase to copy.
 * Running every migration takes about 0.5 s, copying the file and opening it about 40 ms, and the suites
 * open hundreds of new databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../database/open-database.ts';

/** The key tests inject the template's path by. */
export const EMPTY_DATABASE_TEMPLATE = 'emptyDatabaseTemplate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An empty database file at the current schema version; copy it, never open it. */
    emptyDatabaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'churnlens-template-'));
  const path = join(folder, 'empty.duckdb');
  (await openDatabase(path)).close();
  project.provide(EMPTY_DATABASE_TEMPLATE, path);
  return () => rmSync(folder, { recursive: true, force: true });
}

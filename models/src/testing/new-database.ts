/** A new, empty churnlens database for a test: a copy of the run's template (empty-database-template.ts). */
import { constants, copyFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type ChurnlensDatabase, openDatabase } from '../database/open-database.ts';
import { EMPTY_DATABASE_TEMPLATE } from './empty-database-template.ts';

/** Opens a new database at `path`, at the current schema version; fails if a file is there already. */
export async function openNewDatabase(path: string): Promise<ChurnlensDatabase> {
  copyFileSync(inject(EMPTY_DATABASE_TEMPLATE), path, constants.COPYFILE_EXCL);
  return openDatabase(path);
}

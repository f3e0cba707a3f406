import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reclassifyCommand } from './reclassify.ts';
import { trainCommand } from './train.ts';

describe('commands that update an existing database', () => {
  const directory = mkdtempSync(join(tmpdir(), 'churnlens-missing-db-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('refuse a --db that names no file instead of creating an empty database and reporting nothing', async () => {
    const missing = join(directory, 'typo', 'churnlens.duckdb');
    const message = `the database ${missing} does not exist (set --db or CHURNLENS_DB)`;
    await expect(reclassifyCommand.run(['--db', missing])).rejects.toThrow(message);
    await expect(
      trainCommand.run(['--with-feedback', '--db', missing, '--out', join(directory, 'model.json')]),
    ).rejects.toThrow(message);
    expect(existsSync(join(directory, 'typo'))).toBe(false);
  });
});

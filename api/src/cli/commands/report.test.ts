import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFixtureDatabase } from '../../testing/churn-fixture.ts';
import { UsageError } from '../command.ts';
import { reportCommand } from './report.ts';

describe('churnlens report', () => {
  let directory: string;
  let db: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'churnlens-report-cli-'));
    db = join(directory, 'fixture.duckdb');
    await writeFixtureDatabase(db);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ code: number; stdout: string }> {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await reportCommand.run(['--db', db, ...args]);
      return { code, stdout: write.mock.calls.map(([chunk]) => String(chunk)).join('') };
    } finally {
      write.mockRestore();
    }
  }

  it('writes the report for the period and filters in the format of the output file', async () => {
    const out = join(directory, 'june-pro.md');
    const { code, stdout } = await run([
      '--from',
      '2024-06-01',
      '--to',
      '2024-06-30',
      '--plan',
      'pro',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Wrote ${out} \\(md, \\d+ KB\\) in \\d+\\.\\d s\\n$`));
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('Period: 2024-06-01 to 2024-06-30 (30 days)');
    expect(markdown).toContain('Filters: Plan: pro');
    // June on the pro plan: c01, c03, c08.
    expect(markdown).toContain('| Cancellation requests | 3 |');
  });

  it('lets --format win over the extension and writes CSV tables as a zip', async () => {
    const out = join(directory, 'tables.bin');
    const { code } = await run([
      '--format',
      'csv',
      '--reason',
      'too_expensive',
      '--reason',
      'unused',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('rejects bad filters and a missing database as usage errors that name the option', async () => {
    await expect(run(['--tenure', '3y'])).rejects.toThrow(/^--tenure: must be one of 0-30d/);
    await expect(run(['--from', '2024-07-01', '--to', '2024-06-01'])).rejects.toThrow(
      '--from: must not be after to (2024-06-01)',
    );
    await expect(run(['--format', 'docx'])).rejects.toThrow(
      '--format must be one of pdf, xlsx, csv, md, got "docx"',
    );
    await expect(run(['--server', 'localhost 8787'])).rejects.toThrow(
      new UsageError('--server must be a URL such as http://localhost:8787'),
    );
    await expect(run(['--server', 'http://127.0.0.1:1', '--currency', 'EUR'])).rejects.toThrow(
      new UsageError(
        '--currency cannot be used with --server: the server reports in its own currency (churnlens serve --currency)',
      ),
    );
    await expect(run(['--currency', 'dollars'])).rejects.toThrow(
      new UsageError('--currency must be an ISO 4217 code, got "dollars"'),
    );
    await expect(run(['--currency', 'xxx'])).rejects.toThrow(
      new UsageError(`--currency XXX has no row in the fx_rates table of ${db}`),
    );
    await expect(reportCommand.run(['--db', join(directory, 'missing.duckdb')])).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});

/**
 * `churnlens runs` as a user runs it after an ingest: the runs with their counts, and a run's rejected rows
 * as CSV, from the database file or from a running server.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '@churnlens/api/cli/command';
import { runsCommand } from '@churnlens/api/cli/commands/runs';
import { ingestFiles } from '@churnlens/ingest';
import { MIGRATIONS, type Migration } from '@churnlens/models/database/migrations';
import { openDatabase } from '@churnlens/models/database/open-database';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabase,
} from '../support/ingest-fixtures.ts';
import { serveDatabase } from '../support/test-server.ts';

/** Runs the command as the `churnlens` dispatcher does: exit code, and what it wrote. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')].map((spy) =>
    spy.mockImplementation(() => true),
  );
  try {
    const code = await runCommand(runsCommand, args);
    const text = (spy: typeof stdout) => spy?.mock.calls.map(([chunk]) => String(chunk)).join('') ?? '';
    return { code, stdout: text(stdout), stderr: text(stderr) };
  } finally {
    stdout?.mockRestore();
    stderr?.mockRestore();
  }
}

describe('churnlens runs', () => {
  let dir: string;
  let db: string;
  let csv: string;
  beforeAll(async () => {
    const temp = await tempDatabase();
    dir = temp.dir;
    db = join(dir, 'test.duckdb');
    csv = temp.file(
      'cancellations.csv',
      cancellationsCsv([
        cancellationRow('c1'),
        cancellationRow('c2', { mrr: '-5' }),
        cancellationRow('c3', { channel: 'fax' }),
      ]),
    );
    const customers = temp.file('customers.csv', 'id,signed_up_at,plan,country\ncus_9,2023-01-05,pro,DE\n');
    await ingestFiles(temp.db, [customers, csv], { classifier: keywordClassifier() });
    temp.db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the runs newest first with their counts', async () => {
    const { code, stdout } = await run(['--db', db]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^run +started \(UTC\) +kind +status +read +loaded +updated +unchanged +rejected +file$/,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^ +2 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +cancellations +succeeded +3 +1 +0 +0 +2 +${csv}$`,
      ),
    );
    expect(lines[2]).toMatch(/ customers +succeeded +1 +1 +0 +0 +0 +.*customers\.csv$/);
    expect(lines).toHaveLength(3);
  });

  it('says how many older runs --limit leaves out, and prints the API shape with --json', async () => {
    expect((await run(['--db', db, '--limit', '1'])).stdout).toContain('1 older runs not shown (--limit)');
    const { total, runs } = JSON.parse((await run(['--db', db, '--json', '--limit', '1'])).stdout);
    expect(total).toBe(2);
    expect(runs).toMatchObject([
      { id: 2, kind: 'cancellations', rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 },
    ]);
  });

  it('counts the runs without listing them with --limit 0, as GET /api/ingest/runs?limit=0 does', async () => {
    expect(await run(['--db', db, '--limit', '0'])).toMatchObject({
      code: 0,
      stdout: '2 ingest runs, none listed (--limit 0)\n',
    });
    expect(JSON.parse((await run(['--db', db, '--limit', '0', '--json'])).stdout)).toEqual({
      total: 2,
      runs: [],
    });
  });

  it.each(['1001', '-1', '2.5', 'ten', ''])(
    'refuses --limit=%j as usage, naming the option and the range the API takes',
    async (limit) => {
      expect(await run([`--limit=${limit}`, '--db', db])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          `churnlens runs: --limit must be a whole number from 0 to 1000, got "${limit}"\n`,
        ),
      });
    },
  );

  it("writes a run's rejected rows as CSV: line, field, message and the record as it was read", async () => {
    const out = join(dir, 'rejected.csv');
    const { code, stdout } = await run(['2', '--rejected', '--out', out, '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toBe(`Wrote ${out} (2 rejected rows of run 2)\n`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('file,line,field,message,raw');
    expect(lines[1]).toMatch(new RegExp(`^${csv},3,mrr,"mrr: ""-5"" must not be negative"`));
    expect(lines[2]).toMatch(new RegExp(`^${csv},4,channel,`));
    expect(lines[2]).toContain('""channel"":""fax""');
  });

  it('says in one line that a run does not exist, exit 1, and refuses a bad run number as usage', async () => {
    expect(await run(['9', '--rejected', '--db', db])).toMatchObject({
      code: 1,
      stderr: `churnlens runs: there is no ingest run 9 in ${db}\n`,
    });
    const usage = (message: RegExp) => ({ code: 2, stderr: expect.stringMatching(message) });
    expect(await run(['two', '--rejected', '--db', db])).toMatchObject(
      usage(/--rejected needs one run number/),
    );
    expect(await run(['2', '--db', db])).toMatchObject(usage(/a run number goes with --rejected/));
  });

  it('says on stderr that opening upgrades a database an older churnlens made, once', async () => {
    const old = join(dir, 'older.duckdb');
    (await openDatabase(old, MIGRATIONS.slice(0, -1))).close();
    const latest = MIGRATIONS.at(-1) as Migration;
    expect(await run(['--db', old])).toMatchObject({
      code: 0,
      stderr: `upgrading ${old} to schema ${latest.version} (${latest.description}); a large database takes a while\n`,
    });
    expect(await run(['--db', old])).toMatchObject({ code: 0, stderr: '' });
  });

  it('asks a running server the same, while the server holds the database', async () => {
    const server = await serveDatabase(db);
    try {
      const listed = await run(['--server', server.url, '--json']);
      expect(JSON.parse(listed.stdout).runs.map((entry: { id: number }) => entry.id)).toEqual([2, 1]);
      expect((await run(['--server', server.url, '--limit', '0'])).stdout).toBe(
        '2 ingest runs, none listed (--limit 0)\n',
      );
      const out = join(dir, 'from-server.csv');
      expect((await run(['2', '--rejected', '--out', out, '--server', server.url])).stdout).toBe(
        `Wrote ${out} (2 rejected rows of run 2)\n`,
      );
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'rejected.csv'), 'utf8'));
      expect(await run(['9', '--rejected', '--server', server.url])).toMatchObject({
        code: 1,
        stderr: `churnlens runs: ${server.url}/api/ingest/runs/9/rejected.csv answered 404: id: there is no ingest run 9\n`,
      });
    } finally {
      await server.close();
    }
  });
});

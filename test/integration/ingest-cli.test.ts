/**
 * `churnlens ingest` as a user runs it: --json output, exit codes, what it says under each file (warnings,
 * ignored columns, the first rejected rows), the one-sentence message when a server holds the database, and
 * --server submitting the file to POST /api/ingest with the bearer token and printing the same report.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { UsageError } from '@churnlens/api/cli/command';
import { ingestCommand, parseMemoryLimit } from '@churnlens/api/cli/commands/ingest';
import type { IngestUploadResult } from '@churnlens/api/schemas/ingest-upload';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CANCELLATION_HEADER,
  cancellationRecord,
  cancellationRow,
  cancellationsCsv,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';
import { serveDatabase } from '../support/test-server.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Runs the command in this process and returns its exit code and what it wrote to stdout and stderr. */
async function runIngest(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks: string[] = [];
  const errorChunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    errorChunks.push(String(chunk));
    return true;
  });
  try {
    const code = await ingestCommand.run(args);
    return { code, stdout: chunks.join(''), stderr: errorChunks.join('') };
  } finally {
    write.mockRestore();
    errors.mockRestore();
  }
}

function runProcess(
  command: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...command], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: string;
  url?: string;
}

/**
 * A stand-in for `churnlens serve`: GET /api/health tells `maxUploadBytes`; each POST is recorded and
 * answered with `answer(body)`.
 */
async function fakeIngestServer(maxUploadBytes: number, answer: (body: string) => unknown) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.method === 'GET' && request.url === '/api/health') {
      response.end(JSON.stringify({ status: 'ok', schemaVersion: 18, dataEndDate: null, maxUploadBytes }));
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body, url: request.url });
      response.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
}

type UploadedFile = IngestUploadResult['files'][number];

/** A file as POST /api/ingest reports it: one row read and loaded, unless `report` says otherwise. */
function uploadedFile(name: string, report: Partial<UploadedFile> = {}): UploadedFile {
  return {
    name,
    kind: 'cancellations',
    status: 'ok',
    runId: null,
    read: 1,
    loaded: 1,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    error: null,
    ignoredColumns: [],
    nestedColumns: [],
    warnings: [],
    rejections: [],
    newVerbatims: 0,
    classified: 0,
    ...report,
  };
}

/** The report a server gives for a request's files: each read and loaded one row. */
function loadedOneRowEach(body: string): IngestUploadResult {
  const names = [...body.matchAll(/name="file"; filename="([^"]+)"/g)].map((match) => match[1] ?? '');
  const files = names.map((name) => uploadedFile(name));
  return {
    files,
    totals: { read: files.length, loaded: files.length, updated: 0, unchanged: 0, rejected: 0 },
  };
}

describe('churnlens ingest', () => {
  const temp = tempDatabasePerTest();
  let databasePath: string;
  beforeEach(() => {
    temp.db.close();
    databasePath = join(temp.dir, 'test.duckdb');
  });

  it('prints only the JSON report with --json and exits 0 even with rejected rows', async () => {
    const path = temp.file(
      'c.csv',
      cancellationsCsv([cancellationRow('c1'), cancellationRow('c2', { mrr: 'lots' })]),
    );
    const { code, stdout } = await runIngest([
      path,
      '--db',
      databasePath,
      '--json',
      '--kind',
      'cancellations',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      files: [
        {
          path,
          runId: 1,
          kind: 'cancellations',
          read: 2,
          loaded: 1,
          updated: 0,
          unchanged: 0,
          rejected: 1,
          status: 'ok',
          ignoredColumns: [],
          nestedColumns: [],
          warnings: [],
        },
      ],
      totals: { read: 2, loaded: 1, updated: 0, unchanged: 0, rejected: 1 },
    });
  });

  it('names the columns it did not load under the file, so a free-text column under an unknown header is not lost unseen', async () => {
    const header = `${CANCELLATION_HEADER.replace('reason_text', 'Kommentar')},Notiz`;
    const path = temp.file('c.csv', `${header}\n${cancellationRow('c1')},call back\n`);
    const text = await runIngest([path, '--db', databasePath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '    ignored columns, no cancellations field reads them (map them with --mapping): Kommentar, Notiz\n',
    );
    const json = await runIngest([path, '--db', databasePath, '--json']);
    expect(JSON.parse(json.stdout).files[0].ignoredColumns).toEqual(['Kommentar', 'Notiz']);
  });

  it('says of an ignored column that names a field which field it names and which column feeds that field', async () => {
    const header = `${CANCELLATION_HEADER},cancelled_at`;
    const path = temp.file('c.csv', `${header}\n${cancellationRow('c1')},2026-03-02\n`);
    const label = 'cancelled_at (also names requested_at, read from "requested_at")';
    const text = await runIngest([path, '--db', databasePath]);
    expect(text.stdout).toContain(
      `    ignored columns, no cancellations field reads them (map them with --mapping): ${label}\n`,
    );
    const json = await runIngest([path, '--db', databasePath, '--json']);
    expect(JSON.parse(json.stdout).files[0].ignoredColumns).toEqual([label]);
  });

  it('says under the file and in --json which column repeats a header name, in the words of the file', async () => {
    // DuckDB's reader renames the second "comment" comment_1, a name the file does not have.
    const header = `${CANCELLATION_HEADER.replace('reason_text', 'comment')},comment`;
    const path = temp.file('c.csv', `${header}\n${cancellationRow('c1')},we moved to a rival\n`);
    const warning =
      'column 13 "comment" repeats the name of column 11: read as "comment_1", which no field reads; ' +
      'reason_text is read from column 11, and the two differ in 1 of 1 row (map "comment_1" with --mapping to use it)';
    const text = await runIngest([path, '--db', databasePath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`    warning: ${warning}\n`);
    expect(text.stdout).toContain(
      '    ignored columns, no cancellations field reads them (map them with --mapping): comment_1 (the second "comment")\n',
    );
    const json = await runIngest([path, '--db', databasePath, '--json']);
    expect(JSON.parse(json.stdout).files[0]).toMatchObject({
      ignoredColumns: ['comment_1 (the second "comment")'],
      warnings: [warning],
    });
  });

  it('takes a header really named comment_1 beside comment for a column of its own, not a repeat', async () => {
    const header = `${CANCELLATION_HEADER.replace('reason_text', 'comment')},comment_1,comment`;
    const path = temp.file('c.csv', `${header}\n${cancellationRow('c1')},call back,we moved to a rival\n`);
    const json = await runIngest([path, '--db', databasePath, '--json']);
    expect(JSON.parse(json.stdout).files[0]).toMatchObject({
      status: 'ok',
      ignoredColumns: ['comment_1', 'comment_1_1 (the second "comment")'],
      warnings: [
        'column 14 "comment" repeats the name of column 11: read as "comment_1_1", which no field reads; ' +
          'reason_text is read from column 11, and the two differ in 1 of 1 row (map "comment_1_1" with --mapping to use it)',
      ],
    });
  });

  it('names the JSON columns of lists or objects apart, as no field reads them, instead of saying to map them', async () => {
    const record = {
      ...cancellationRecord('c1'),
      Notiz: 'call back',
      notes: [{ author: 'agt_3', body: 'Offered 20% off; declined.' }],
    };
    const path = temp.file('c.ndjson', `${JSON.stringify(record)}\n`);
    const text = await runIngest([path, '--db', databasePath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '    ignored columns, no cancellations field reads them (map them with --mapping): Notiz\n',
    );
    expect(text.stdout).toContain('    nested columns (lists or objects), which no field reads: notes\n');
    expect(text.stdout).not.toMatch(/--mapping\): .*notes/);
    const json = await runIngest([path, '--db', databasePath, '--json']);
    expect(JSON.parse(json.stdout).files[0]).toMatchObject({
      ignoredColumns: ['Notiz', 'notes'],
      nestedColumns: ['notes'],
    });
  });

  it('warns under the file and in --json when a column whose name says cents is mapped to plain mrr', async () => {
    const header = CANCELLATION_HEADER.replace('mrr', 'mrr_cents');
    const path = temp.file('c.csv', `${header}\n${cancellationRow('c1', { mrr: '4900' })}\n`);
    const mapping = temp.file('map.json', JSON.stringify({ columns: { mrr_cents: 'mrr' } }));
    const warning =
      'mrr: column "mrr_cents" is read as written, but its name says minor units: if 4900 in it means 49.00, ' +
      'map it to "mrr_minor_units" instead ({"columns": {"mrr_cents": "mrr_minor_units"}})';
    const json = await runIngest([path, '--db', databasePath, '--mapping', mapping, '--json']);
    expect(JSON.parse(json.stdout).files[0]).toMatchObject({ status: 'ok', loaded: 1, warnings: [warning] });
    const text = await runIngest([path, '--db', databasePath, '--mapping', mapping]);
    expect(text.stdout).toContain(`    warning: ${warning}\n`);
  });

  it('exits 1 when a file cannot be read, still reporting the others', async () => {
    const path = temp.file('c.csv', cancellationsCsv([cancellationRow('c1')]));
    const missing = join(temp.dir, 'missing.csv');
    const { code, stdout } = await runIngest([path, missing, '--db', databasePath, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.files).toContainEqual(expect.objectContaining({ path: missing, status: 'failed' }));
    expect(report.totals.loaded).toBe(1);
  });

  it('refuses a file whose first line is 10 MB without a line break in one sentence naming the file and line 1, and exits 1', async () => {
    // A binary file or a JSON document renamed .csv: its one line is read as a header of one 10 MB name.
    const path = temp.file('blob.csv', 'x'.repeat(10 * 1024 * 1024));
    const started = performance.now();
    const { code, stdout } = await runIngest([path, '--db', databasePath]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `✗ ${path}: cannot be read as csv: line 1 is not a header: it runs past 1,048,576 bytes without a line break (a binary file, ` +
        'a JSON document or a CSV without line breaks read as CSV has such a line)\n',
    );
    // Matching the name against every field's names took 16 s and more before such a name was refused.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses a file whose first line splits into half a million fields, before the CSV sniffer reads it', async () => {
    // DuckDB's sniffer did not finish such a 1 MB line in a minute, and ran out of memory on 10 MB.
    const path = temp.file('commas.csv', `${'a,'.repeat(500_000)}a\n`);
    const started = performance.now();
    const { code, stdout } = await runIngest([path, '--db', databasePath]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `✗ ${path}: cannot be read as csv: line 1 is not a header: it splits into 500,001 fields at ",", and a file may have at most ` +
        '10,000 columns\n',
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses a data file given as --db in one sentence, instead of loading it into a database that is not kept', async () => {
    const path = temp.file('c.csv', cancellationsCsv([cancellationRow('c1')]));
    const { code, stdout, stderr } = await runProcess(['api/src/cli/main.ts', 'ingest', path, '--db', path]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `churnlens ingest: Cannot use ${path} as the database: DuckDB reads this file as data, so nothing written to it would be kept (to load a data file, pass it to \`churnlens ingest\`; --db names the database file).`,
    );
  });

  it('treats an unknown kind or date order, a broken mapping file or a memory limit that is no size as a usage error', async () => {
    await expect(runIngest(['x.csv', '--kind', 'invoices'])).rejects.toThrow(UsageError);
    await expect(runIngest(['x.csv', '--date-order', 'ymd'])).rejects.toThrow(
      '--date-order must be dmy or mdy, got "ymd"',
    );
    await expect(
      runIngest(['x.csv', '--memory-limit', "1GB'; DROP TABLE cancellations; --"]),
    ).rejects.toThrow(/--memory-limit must be auto, none or a size such as 1GB/);
    const mapping = temp.file('map.json', '{"columns": {"A": 5}}');
    await expect(runIngest(['x.csv', '--mapping', mapping])).rejects.toThrow(
      /map\.json is invalid: columns\.A/,
    );
  });

  it('exits 2 naming the field when a mapping lists a field no kind has, reading no file', async () => {
    const path = temp.file('churned.csv', 'customer_id,cancelled_at\nc1,2026-10-01\n');
    const mapping = temp.file('map.json', '{"columns": {"customer_id": ["customer_id", "idd"]}}');
    const { code, stdout, stderr } = await runProcess([
      'api/src/cli/main.ts',
      'ingest',
      path,
      '--db',
      databasePath,
      '--mapping',
      mapping,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `churnlens ingest: mapping file ${mapping} is invalid: columns.customer_id: no kind has a field idd\n`,
    );
  });

  it('says to raise --memory-limit when a file does not fit in it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) =>
      cancellationRow(`c${index}`, { reason_text: `Too expensive for team ${index}` }),
    );
    const path = temp.file('big.csv', cancellationsCsv(rows));
    const { code, stdout } = await runIngest([
      path,
      '--db',
      databasePath,
      '--json',
      '--memory-limit',
      '16MB',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).files[0].error).toMatch(
      /; nothing of this file was written: rerun it with a larger --memory-limit, or --memory-limit none$/,
    );
  });

  it("gives each file a memory budget unless --memory-limit names a size, or none for DuckDB's own", () => {
    expect(parseMemoryLimit(undefined)).toEqual({ budgetMemoryPerFile: true });
    expect(parseMemoryLimit('auto')).toEqual({ budgetMemoryPerFile: true });
    expect(parseMemoryLimit('2GB')).toEqual({ memoryLimit: '2GB', budgetMemoryPerFile: false });
    expect(parseMemoryLimit('none')).toEqual({ budgetMemoryPerFile: false });
    expect(() => parseMemoryLimit('lots')).toThrow(/--memory-limit must be auto, none or a size such as 1GB/);
  });

  it('reads the answer of a server from before warnings and rejections were reported, instead of refusing it', async () => {
    const server = await fakeIngestServer(512 * 1024 * 1024, () => {
      const { nestedColumns, warnings, rejections, ...older } = uploadedFile('c.csv', {
        runId: 3,
        read: 2,
        loaded: 1,
        rejected: 1,
      });
      return { files: [older], totals: { read: 2, loaded: 1, updated: 0, unchanged: 0, rejected: 1 } };
    });
    try {
      const path = temp.file('c.csv', cancellationsCsv([cancellationRow('c1')]));
      const { code, stdout } = await runIngest([path, '--server', server.url, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).files).toEqual([
        expect.objectContaining({ status: 'ok', read: 2, loaded: 1, rejected: 1, runId: 3, warnings: [] }),
      ]);
    } finally {
      server.close();
    }
  });

  it('submits the files of a directory to a server with --server in one request, with the token, mapping and date order', async () => {
    const server = await fakeIngestServer(512 * 1024 * 1024, () => ({
      files: [
        uploadedFile('c.csv', { runId: 7, ignoredColumns: ['Notiz'] }),
        uploadedFile('offers.csv', { kind: 'offers', runId: 8, read: 2, loaded: 2 }),
      ],
      totals: { read: 3, loaded: 3, updated: 0, unchanged: 0, rejected: 0 },
    }));
    const { requests } = server;
    vi.stubEnv('CHURNLENS_TOKEN', 'secret-token');
    try {
      // The exports in a folder of their own: the mapping file beside them would be sent too.
      const exports = join(dirname(temp.file('notes.txt', '')), 'exports');
      mkdirSync(exports);
      const path = join(exports, 'c.csv');
      writeFileSync(path, cancellationsCsv([cancellationRow('c1')]));
      writeFileSync(join(exports, 'offers.csv'), 'id,cancellation_id,offer_type,presented_at,accepted\n');
      writeFileSync(join(exports, 'README.txt'), 'exported by the billing system');
      const mapping = {
        columns: { Notiz: null },
        defaults: {},
        values: { reason_code: { teuer: 'too_expensive' } },
      };
      const mappingPath = temp.file('map.json', JSON.stringify(mapping));
      const { code, stdout, stderr } = await runIngest([
        exports,
        '--server',
        server.url,
        '--mapping',
        mappingPath,
        '--date-order',
        'dmy',
        '--json',
      ]);
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.files.map((file: { path: string }) => file.path)).toEqual([
        path,
        join(exports, 'offers.csv'),
      ]);
      expect(report.files[0].ignoredColumns).toEqual(['Notiz']);
      // The directory's other files are named, as a local ingest names them.
      expect(stderr).toContain(`churnlens ingest: ${exports}: ${join(exports, 'README.txt')}: not read (`);
      expect(report.totals).toEqual({
        read: 3,
        loaded: 3,
        updated: 0,
        unchanged: 0,
        rejected: 0,
      });
      expect(requests).toHaveLength(1);
      expect(requests[0]?.url).toBe('/api/ingest');
      expect(requests[0]?.headers.authorization).toBe('Bearer secret-token');
      expect(requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(requests[0]?.body).toContain('name="file"; filename="c.csv"');
      expect(requests[0]?.body).toContain('name="file"; filename="offers.csv"');
      expect(requests[0]?.body.match(/name="file"/g)).toHaveLength(2);
      expect(requests[0]?.body).toContain(cancellationRow('c1'));
      expect(requests[0]?.body).toMatch(/name="kind"\r\n\r\nauto\r\n/);
      expect(requests[0]?.body).toContain(`name="mapping"\r\n\r\n${JSON.stringify(mapping)}\r\n`);
      expect(requests[0]?.body).toMatch(/name="dateOrder"\r\n\r\ndmy\r\n/);
    } finally {
      vi.unstubAllEnvs();
      server.close();
    }
  });

  it('prints through --server what a local ingest prints under the file: warnings, ignored columns, the first ten rejected rows', async () => {
    const header = `${CANCELLATION_HEADER.replace('mrr', 'price_cents')},Notiz`;
    const rows = Array.from({ length: 12 }, (_, index) =>
      cancellationRow(`c${index}`, { mrr: '4900', channel: index === 0 ? 'email' : 'fax' }),
    );
    const path = temp.file('bad.csv', `${header}\n${rows.map((row) => `${row},call back`).join('\n')}\n`);
    const mapping = temp.file('map.json', JSON.stringify({ columns: { price_cents: 'mrr' } }));
    const local = await runIngest([path, '--db', databasePath, '--mapping', mapping]);
    const lines = local.stdout.split('\n');
    expect(lines[1]).toMatch(/^ {4}warning: mrr: column "price_cents" is read as written, but its name says/);
    expect(lines[2]).toBe(
      '    ignored columns, no cancellations field reads them (map them with --mapping): Notiz',
    );
    expect(lines.slice(3, 13)).toEqual(
      Array.from({ length: 10 }, (_, index) =>
        expect.stringMatching(new RegExp(`^ {4}line ${index + 3}: channel: "fax"`)),
      ),
    );
    expect(lines[13]).toBe('    … 1 more: churnlens runs 1 --rejected writes them all as CSV');

    const server = await serveDatabase(join(temp.dir, 'server.duckdb'));
    try {
      const remote = await runIngest([path, '--server', server.url, '--mapping', mapping]);
      // The same lines, but for the time taken and the run being the server's.
      const untimed = (stdout: string) => stdout.replace(/ in \d+\.\ds\n/, '\n');
      expect(untimed(remote.stdout)).toBe(
        untimed(local.stdout).replace('runs 1 --rejected', `runs 1 --rejected --server ${server.url}`),
      );
    } finally {
      await server.close();
    }
  });

  it("splits --server files into requests that fit the server's upload limit, and reports a file that never could", async () => {
    const exports = join(dirname(temp.file('notes.txt', '')), 'split');
    mkdirSync(exports);
    const sizes: [string, number][] = [
      ['a-customers.csv', 33_000],
      ['b-cancellations.csv', 33_000],
      ['c-huge.csv', 70_000],
      ['d-offers.csv', 10_000],
    ];
    for (const [name, bytes] of sizes) writeFileSync(join(exports, name), 'x'.repeat(bytes));
    const server = await fakeIngestServer(64 * 1024, loadedOneRowEach);
    try {
      const { code, stdout, stderr } = await runIngest([exports, '--server', server.url, '--json']);
      expect(code).toBe(1);
      const sent = server.requests.map((request) =>
        [...request.body.matchAll(/filename="([^"]+)"/g)].map((match) => match[1]),
      );
      expect(sent).toEqual([['a-customers.csv'], ['b-cancellations.csv', 'd-offers.csv']]);
      const report = JSON.parse(stdout);
      expect(report.files.map((file: { path: string; status: string }) => [file.path, file.status])).toEqual([
        [join(exports, 'c-huge.csv'), 'failed'],
        [join(exports, 'a-customers.csv'), 'ok'],
        [join(exports, 'b-cancellations.csv'), 'ok'],
        [join(exports, 'd-offers.csv'), 'ok'],
      ]);
      expect(report.files[0].error).toBe(
        'it is 68.4 KiB, more than the server takes in one upload (64 KiB): restart the server with a larger --max-upload-size, or stop it and ingest without --server',
      );
      expect(stderr).toContain(
        `churnlens ingest: sending 2 files (42 KiB) to ${server.url} (request 2 of 2)`,
      );
    } finally {
      server.close();
    }
  });

  it('says in one sentence that a running process holds the database, without DuckDB lock errors, to ingest and to a second serve', async () => {
    const path = temp.file('c.csv', cancellationsCsv([cancellationRow('c1', { reason_text: 'hold on' })]));
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'ingest-child.ts'), databasePath, path],
      { cwd: ROOT, env: { ...process.env, STALL_IN_CLASSIFIER: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (chunk: Buffer) => chunk.includes('classifying') && resolve()),
      );
      const result = await runProcess(['api/src/cli/main.ts', 'ingest', path, '--db', databasePath]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toBe(
        `churnlens ingest: The database ${databasePath} is in use by another churnlens process (probably \`churnlens serve\`); stop it, or send the work to that server with --server URL.`,
      );
      const serve = await runProcess(['api/src/cli/main.ts', 'serve', '--db', databasePath, '--port', '0']);
      expect(serve.code).toBe(1);
      expect(serve.stderr.trim()).toBe(
        `churnlens serve: The database ${databasePath} is in use by another churnlens process (probably \`churnlens serve\`); one server owns a database at a time: stop that process first, or use it, whose API and dashboard are served already.`,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

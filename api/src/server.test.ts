import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '@churnlens/models/database/migrations';
import { openDatabase } from '@churnlens/models/database/open-database';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from './cli/command.ts';
import { serveCommand, tokensFileWarning } from './cli/commands/serve.ts';
import { isLoopback, ListenError, startServer } from './server.ts';
import { writeFixtureDatabase } from './testing/churn-fixture.ts';
import { readJson } from './testing/test-app.ts';
import { requestTimeoutMs } from './upload/upload-limit.ts';

describe('startServer', () => {
  let directory: string;
  let dbPath: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'churnlens-server-'));
    dbPath = join(directory, 'churn.duckdb');
    await writeFixtureDatabase(dbPath);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const base = {
    host: '127.0.0.1',
    port: 0,
    reportingCurrency: 'USD',
    queryTimeoutMs: 5000,
    log: () => {},
    notice: () => {},
  };

  it('serves the API over HTTP, says the dashboard is missing and warns that it is open', async () => {
    const notices: string[] = [];
    const server = await startServer({
      ...base,
      dbPath,
      tokens: [],
      dashboardDir: join(directory, 'no-build'),
      notice: (message) => notices.push(message),
    });
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(await readJson(health)).toEqual({
        status: 'ok',
        schemaVersion: expect.any(Number),
        dataEndDate: '2024-06-30',
        maxUploadBytes: 512 * 1024 * 1024,
      });
      const first = await fetch(`${server.url}/api/summary`);
      expect(first.headers.get('x-churnlens-cache')).toBe('miss');
      expect((await readJson(first)).cancelRequests).toBe(12);
      const again = await fetch(`${server.url}/api/summary`);
      expect(again.headers.get('x-churnlens-cache')).toBe('hit');
      expect((await readJson(again)).cancelRequests).toBe(12);
      expect((await fetch(`${server.url}/`)).status).toBe(404);
      expect(notices.join('\n')).toMatch(/the API is open/);
      expect(notices.join('\n')).toMatch(/dashboard: no build at .*no-build/);
    } finally {
      await server.close();
    }
  });

  it('says that it upgrades a database an older churnlens made, then serves it at the latest schema', async () => {
    const olderPath = join(directory, 'older.duckdb');
    (await openDatabase(olderPath, MIGRATIONS.slice(0, -1))).close();
    const notices: string[] = [];
    const server = await startServer({
      ...base,
      dbPath: olderPath,
      tokens: [],
      notice: (message) => notices.push(message),
    });
    try {
      const health = await readJson(await fetch(`${server.url}/api/health`));
      expect(health.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(notices).toContain(
        `upgrading ${olderPath} to schema ${LATEST_SCHEMA_VERSION} (${MIGRATIONS.at(-1)?.description}); a large database takes a while`,
      );
    } finally {
      await server.close();
    }
  });

  it('says that it created the database when --db named no file', async () => {
    const newPath = join(directory, 'typo.duckdb');
    const notices: string[] = [];
    const server = await startServer({
      ...base,
      dbPath: newPath,
      tokens: [],
      notice: (m) => notices.push(m),
    });
    await server.close();
    const again: string[] = [];
    const reopened = await startServer({
      ...base,
      dbPath: newPath,
      tokens: [],
      notice: (m) => again.push(m),
    });
    await reopened.close();
    const sentence = `database: ${newPath} did not exist, so an empty one was created there (check --db or CHURNLENS_DB if you meant another)`;
    expect(notices).toContain(sentence);
    expect(again).not.toContain(sentence);
  });

  it('warns of a tokens file other users may read', () => {
    expect(tokensFileWarning('/etc/churnlens/tokens', 0o100644)).toBe(
      "warning: --tokens-file /etc/churnlens/tokens can be read by other users of this machine (mode 644); make it the server user's alone: chmod 600 /etc/churnlens/tokens",
    );
    expect(tokensFileWarning('/etc/churnlens/tokens', 0o100600)).toBeUndefined();
  });

  it('says in one sentence that the port is taken, and `churnlens serve` exits 1 with it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const sentence = `127.0.0.1:${port} is already in use (another churnlens serve?): stop that process, or choose another port with --port`;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const attempt = startServer({ ...base, dbPath, port, tokens: [] });
      await expect(attempt).rejects.toBeInstanceOf(ListenError);
      await expect(attempt).rejects.toThrow(sentence);
      expect(await serveCommand.run(['--db', dbPath, '--port', String(port)])).toBe(1);
      expect(stderr.mock.calls.map(([text]) => String(text))).toContain(`churnlens serve: ${sentence}\n`);
    } finally {
      stderr.mockRestore();
      taken.close();
    }
  });

  it('refuses to serve an open API beyond loopback', async () => {
    await expect(startServer({ ...base, dbPath, host: '0.0.0.0', tokens: [] })).rejects.toThrow(
      /refusing to serve an open API on 0.0.0.0/,
    );
  });

  it('refuses a reporting currency without an fx rate, and releases the database', async () => {
    await expect(startServer({ ...base, dbPath, tokens: [], reportingCurrency: 'XXX' })).rejects.toThrow(
      '--currency XXX has no row in the fx_rates table',
    );
    const server = await startServer({ ...base, dbPath, tokens: [] });
    await server.close();
  });

  it('tells anyone the upload limit it was started with, as --server clients need it', async () => {
    const server = await startServer({ ...base, dbPath, tokens: [], maxUploadBytes: 2 * 1024 * 1024 });
    try {
      const health = await readJson(await fetch(`${server.url}/api/health`));
      expect(health.maxUploadBytes).toBe(2_097_152);
    } finally {
      await server.close();
    }
  });

  it('waits for an upload of the largest allowed size sent at 128 KiB/s, where Node would cut it off after 5 minutes', async () => {
    const server = await startServer({ ...base, dbPath, tokens: [], maxUploadBytes: 512 * 1024 * 1024 });
    try {
      expect(server.requestTimeoutMs).toBe(4_096_000);
    } finally {
      await server.close();
    }
    expect(requestTimeoutMs(2 * 1024 * 1024)).toBe(300_000);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.5', '::', 'example.com'].some(isLoopback)).toBe(false);
  });
});

describe('churnlens serve', () => {
  it.each([
    [['--port', 'http'], '--port must be 0…65535, got "http"'],
    [['--host', '0.0.0.0', '--db', ':memory:'], 'refusing to serve an open API on 0.0.0.0'],
    [['--currency', 'dollars'], '--currency must be an ISO 4217 code, got "dollars"'],
    [['--max-upload-size', '2000'], '--max-upload-size must be a size such as 2GB or 512MB, got "2000"'],
    [['--tokens-file', '/nonexistent/tokens.txt'], '--tokens-file /nonexistent/tokens.txt does not exist'],
    [['--verbose'], "Unknown option '--verbose'"],
  ])('rejects %j with a usage error', async (args, message) => {
    const saved = process.env.CHURNLENS_TOKENS;
    delete process.env.CHURNLENS_TOKENS;
    try {
      const error = await serveCommand.run(args).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(message);
    } finally {
      if (saved !== undefined) process.env.CHURNLENS_TOKENS = saved;
    }
  });
});

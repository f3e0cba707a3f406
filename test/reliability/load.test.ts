/**
 * A bounded load test on loopback: 100 concurrent keep-alive clients cycle through the dashboard's reads for
 * a few seconds against a server in its own process. Every request must succeed, and the server's memory
 * after garbage collection must be where it was before the load (a leak per request would show as growth).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixtureDatabase } from '@churnlens/api/testing/churn-fixture';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, VIEWER_TOKEN } from '../support/test-server.ts';

const SERVER_PROCESS = join(import.meta.dirname, 'support', 'server-process.ts');
const CONNECTIONS = 100;
const LOAD_SECONDS = 10;
const MIB = 2 ** 20;
// Allocator and JIT noise after a warm-up stays well below these. A run alone makes about 7,000 requests,
// so a leak of 3 KB per request would pass the heap margin and of 7 KB the RSS margin.
const HEAP_MARGIN_MIB = 16;
const RSS_MARGIN_MIB = 48;
const READS = [
  '/api/summary',
  '/api/reasons?by=plan',
  '/api/channels',
  '/api/cohorts',
  '/api/offers',
  '/api/verbatims?limit=20',
  '/api/summary?from=2024-03-01&to=2024-06-30',
];

interface ServerProcess {
  url: string;
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

async function startServerProcess(dbPath: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', SERVER_PROCESS, dbPath],
    {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}: ${errors}`)));
  });
  return {
    url,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (usage) => resolve(usage as NodeJS.MemoryUsage));
        child.send('memory');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

function load(url: string, options: { connections: number; duration?: number; amount?: number }) {
  return autocannon({
    url,
    ...options,
    timeout: 30,
    headers: bearer(VIEWER_TOKEN),
    requests: READS.map((path) => ({ method: 'GET', path })),
  });
}

/**
 * Waits until the server has answered everything it was sent: requests still queued when autocannon stopped
 * are answered in order before this health check (the reader pool serves callers first come, first served).
 */
async function drained(url: string): Promise<void> {
  const response = await fetch(`${url}/api/health`);
  expect(response.status).toBe(200);
}

describe(`${CONNECTIONS} concurrent clients for ${LOAD_SECONDS} s on loopback`, () => {
  let directory: string;
  let server: ServerProcess;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'churnlens-load-'));
    const dbPath = join(directory, 'churnlens.duckdb');
    await writeFixtureDatabase(dbPath);
    server = await startServerProcess(dbPath);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('get every answer without an error and leave the server memory flat', async () => {
    // A warm-up as long and as wide as the measured run: connection pools, sockets, JIT and DuckDB caches
    // reach their working size for 100 clients first. After 70 requests from 10 clients, the measured run's
    // RSS still grew by the memory of that working size (56 and 64 MiB alone, 102 MiB on a machine busy with
    // the rest of the suite); five 10 s runs in a row then stayed within 11 MiB of each other.
    const warmUp = await load(server.url, { connections: CONNECTIONS, duration: LOAD_SECONDS });
    expect(warmUp.errors + warmUp.non2xx).toBe(0);
    await drained(server.url);
    const before = await server.memory();

    const result = await load(server.url, { connections: CONNECTIONS, duration: LOAD_SECONDS });
    await drained(server.url);
    const after = await server.memory();

    // The server really was under load (requests still in flight when the time is up are not counted; on a
    // 2-core machine busy with other tests it answers a few dozen per second).
    expect(result.requests.total).toBeGreaterThanOrEqual(CONNECTIONS / 2);
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
    });
    expect(result['2xx']).toBe(result.requests.total);
    expect((after.heapUsed - before.heapUsed) / MIB).toBeLessThan(HEAP_MARGIN_MIB);
    expect((after.rss - before.rss) / MIB).toBeLessThan(RSS_MARGIN_MIB);
    console.info(
      `load: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms; ` +
        `heap ${(before.heapUsed / MIB).toFixed(1)} → ${(after.heapUsed / MIB).toFixed(1)} MiB, rss ${(before.rss / MIB).toFixed(1)} → ${(after.rss / MIB).toFixed(1)} MiB`,
    );
  });
});

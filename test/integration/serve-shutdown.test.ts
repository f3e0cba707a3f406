/**
 * `churnlens serve` stopped as systemd or a container runtime stops it, while an upload is being ingested:
 * SIGTERM lets the upload finish and exits 0; a second signal stops at once, the file rolled back whole, and
 * sending it again completes it. The server runs as the real command in a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { openDatabase } from '@churnlens/models/database/open-database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  type TempDatabase,
  tempDatabase,
} from '../support/ingest-fixtures.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'api', 'src', 'cli', 'main.ts');
const ROWS = 20_000;

interface ServeChild {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `churnlens serve` on a free port with its own TMPDIR; resolves once it listens. */
function serve(databasePath: string, tmp: string): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'serve', '--db', databasePath, '--port', '0', '--dashboard', tmp],
    { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /churnlens serving (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exited });
    });
    void exited.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
  });
}

/** Resolves once an ingest has begun writing its row files, inside the file's transaction. */
async function untilIngesting(tmp: string): Promise<void> {
  while (!readdirSync(tmp).some((name) => name.startsWith('churnlens-rows-'))) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function upload(url: string, path: string): Promise<Response> {
  const body = new FormData();
  body.append('file', new Blob([readFileSync(path)]), 'cancellations.csv');
  return fetch(`${url}/api/ingest`, { method: 'POST', body });
}

describe('churnlens serve stopped during an upload', () => {
  let temp: TempDatabase;
  let databasePath: string;
  let tmp: string;
  let csv: string;
  beforeEach(async () => {
    temp = await tempDatabase();
    temp.db.close();
    databasePath = join(temp.dir, 'test.duckdb');
    tmp = join(temp.dir, 'tmp');
    mkdirSync(tmp);
    const rows = Array.from({ length: ROWS }, (_, index) =>
      cancellationRow(`c${index}`, { reason_text: `"Too expensive for us, case ${index % 4000}"` }),
    );
    csv = temp.file('cancellations.csv', cancellationsCsv(rows));
  });
  afterEach(() => temp.cleanup());

  const stored = async () => {
    const db = await openDatabase(databasePath);
    temp.db = db;
    const reader = await db.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
         (SELECT coalesce(list(status ORDER BY id), []) FROM ingest_runs) AS runs`,
    );
    return reader.getRowObjectsJson()[0];
  };

  it('finishes the upload on SIGTERM, says so, exits 0 and records the run as succeeded', async () => {
    const server = await serve(databasePath, tmp);
    const answer = upload(server.url, csv);
    await untilIngesting(tmp);
    server.child.kill('SIGTERM');

    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { files: { status: string; loaded: number }[] };
    expect(body.files).toMatchObject([{ status: 'ok', loaded: ROWS }]);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toContain(
      "churnlens serve: stopping (SIGTERM): taking no new requests and finishing those in progress, an upload's ingest included",
    );
    expect(server.stderr()).toContain('churnlens serve: stopped\n');
    expect(await stored()).toEqual({ cancellations: ROWS, runs: ['succeeded'] });
  });

  it('stops at once on a second signal, leaves no trace of the file, and sending it again completes it', async () => {
    const server = await serve(databasePath, tmp);
    const answer = upload(server.url, csv).catch((error: Error) => error);
    await untilIngesting(tmp);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill('SIGINT');

    expect(await server.exited).toEqual({ code: 130, signal: null });
    expect(server.stderr()).toContain('churnlens serve: stopping at once (SIGINT)');
    expect(await answer).toBeInstanceOf(Error);
    expect(await stored()).toEqual({ cancellations: 0, runs: [] });

    const rerun = await ingestFiles(temp.db, [csv], { classifier: keywordClassifier() });
    expect(rerun.files[0]).toMatchObject({ status: 'ok', read: ROWS, loaded: ROWS });
  });
});

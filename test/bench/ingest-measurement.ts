/**
 * Ingest + classify throughput, measured in a child process (ingest-process.ts) per run, and the baseline it
 * is compared with: DuckDB reading the same CSV file into a table with nothing else around it.
 */
import { spawn } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IngestProcessResult } from './ingest-process.ts';
import { seconds } from './run-statistics.ts';

const INGEST_PROCESS = new URL('./ingest-process.ts', import.meta.url).pathname;

/** Ingests `timed` into a new database at `dbPath` in a fresh process, then `also` (untimed). */
export function ingestInChildProcess(
  dbPath: string,
  timed: string,
  also: readonly string[] = [],
): Promise<IngestProcessResult> {
  const args = ['--import', 'tsx', INGEST_PROCESS, '--db', dbPath, '--timed', timed];
  for (const file of also) args.push('--also', file);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as IngestProcessResult);
      else reject(new Error(`ingest of ${timed} exited with code ${code}: ${errors || output}`));
    });
  });
}

/** Seconds DuckDB takes to read the whole CSV file into an in-memory table (types sniffed as usual). */
export async function timeBareReadCsv(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const startedAt = performance.now();
    await connection.run(`CREATE TABLE rows AS SELECT * FROM read_csv($path)`, { path });
    return seconds(startedAt);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

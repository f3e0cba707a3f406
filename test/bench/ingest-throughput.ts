/**
 * Ingest throughput: one generated cancellations CSV (the sample-data generator's, default 1,000,000
 * rows) ingested into a fresh database with the real reason model, against DuckDB's bare
 * `CREATE TABLE AS SELECT * FROM read_csv(...)` of the same file in the same run. Prints wall time, rows/s,
 * MB/s, time per phase, peak RSS and the ratio to the bare load. The generated file is cached in the temp
 * dir between runs (generation takes longer than the ingest).
 *
 *   node --import tsx test/bench/ingest-throughput.ts [--rows 1000000] [--seed 42]
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestPhase } from '@churnlens/ingest';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models/database/open-database';
import { DuckDBInstance } from '@duckdb/node-api';

const { values } = parseArgs({ options: { rows: { type: 'string' }, seed: { type: 'string' } } });
const ROWS = Number(values.rows ?? 1_000_000);
const SEED = Number(values.seed ?? 42);

async function sampleCancellations(): Promise<string> {
  const directory = join(tmpdir(), `churnlens-bench-ingest-${ROWS}-${SEED}`);
  const path = join(directory, 'cancellations.csv');
  if (existsSync(path)) return path;
  process.stderr.write(`generating ${ROWS} customers and cancellations into ${directory} …\n`);
  await generateSampleData({
    customers: ROWS,
    cancellations: ROWS,
    outDir: directory,
    seed: SEED,
    format: 'csv',
  });
  return path;
}

function freshDirectory(name: string): string {
  const directory = join(tmpdir(), name);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  return directory;
}

async function timeIngest(path: string) {
  const directory = freshDirectory('churnlens-bench-ingest-db');
  const database = await openDatabase(join(directory, 'bench.duckdb'));
  const phases = new Map<IngestPhase, number>();
  let phase: IngestPhase | undefined;
  let phaseStarted = 0;
  const started = performance.now();
  const report = await ingestFiles(database, [path], {}, (event) => {
    if (event.type !== 'progress' && event.type !== 'file-done') return;
    const now = performance.now();
    if (phase && (event.type === 'file-done' || event.phase !== phase)) {
      phases.set(phase, (phases.get(phase) ?? 0) + now - phaseStarted);
    }
    if (event.type === 'progress' && event.phase !== phase) {
      phase = event.phase;
      phaseStarted = now;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const verbatims = await database.connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
       (SELECT count(*) FROM reason_classifications)::INTEGER AS classified`,
  );
  database.close();
  rmSync(directory, { recursive: true, force: true });
  return { report, seconds, peakRssMb, phases, counts: verbatims.getRowObjectsJson()[0] };
}

async function timeBareLoad(path: string): Promise<number> {
  const directory = freshDirectory('churnlens-bench-bare-db');
  const instance = await DuckDBInstance.create(join(directory, 'bare.duckdb'));
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path)`, { path });
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  rmSync(directory, { recursive: true, force: true });
  return seconds;
}

const path = await sampleCancellations();
const megabytes = statSync(path).size / 1_000_000;
const ingest = await timeIngest(path);
const bareSeconds = await timeBareLoad(path);
const [file] = ingest.report.files;
if (file?.status !== 'ok') throw new Error(`ingest failed: ${file?.error}`);

const lines = [
  `file                 ${path} (${megabytes.toFixed(1)} MB, ${file.read} rows)`,
  `counts               loaded ${file.loaded}, rejected ${file.rejected}; verbatims ${ingest.counts?.verbatims}, classified ${ingest.counts?.classified}`,
  `ingest + classify    ${ingest.seconds.toFixed(2)} s wall, ${Math.round(file.read / ingest.seconds)} rows/s, ${(megabytes / ingest.seconds).toFixed(1)} MB/s`,
  `  phases             ${[...ingest.phases].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}`,
  `peak RSS             ${ingest.peakRssMb.toFixed(0)} MB`,
  `bare DuckDB CTAS     ${bareSeconds.toFixed(2)} s (CREATE TABLE AS SELECT * FROM read_csv)`,
  `ratio                ${(ingest.seconds / bareSeconds).toFixed(2)}× the bare load`,
];
process.stdout.write(`${lines.join('\n')}\n`);

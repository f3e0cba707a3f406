/**
 * Export throughput: GET /api/export's file writing (`writeExportFile`, the step between the query and the
 * download) timed per format on an existing database, such as the one `churnlens demo` ingests (200,000
 * generated cancellations). Prints each run's wall time, the median, the file size and rows/s; the peak
 * RSS printed at the end is the whole process's, so measure one format per process to read it for that
 * format.
 *
 *   node --import tsx test/bench/export-throughput.ts --db churnlens.duckdb \
 *     [--dataset cancellations] [--formats xlsx,csv] [--runs 3]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openApiDatabase } from '@churnlens/api/db';
import { writeExportFile } from '@churnlens/api/queries/export-datasets';
import {
  EXPORT_DATASETS,
  EXPORT_FORMATS,
  type ExportDataset,
  type ExportFormat,
} from '@churnlens/api/schemas/export';
import { median, repeat, seconds } from './run-statistics.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    dataset: { type: 'string' },
    formats: { type: 'string' },
    runs: { type: 'string' },
  },
});
if (!values.db) throw new Error('--db FILE is required (a database such as `churnlens demo` builds)');
const dataset: ExportDataset = (() => {
  const known = EXPORT_DATASETS.find((name) => name === (values.dataset ?? 'cancellations'));
  if (!known) throw new Error(`--dataset must be one of ${EXPORT_DATASETS.join(', ')}`);
  return known;
})();
const formats = (values.formats ?? 'xlsx,csv').split(',').map((name) => {
  const format = EXPORT_FORMATS.find((known) => known === name);
  if (!format) throw new Error(`--formats: ${name} is not one of ${EXPORT_FORMATS.join(', ')}`);
  return format;
});
const RUNS = Number(values.runs ?? 3);

const database = await openApiDatabase(values.db);
const scratch = mkdtempSync(join(tmpdir(), 'churnlens-bench-export-'));

async function timeExport(format: ExportFormat, run: number) {
  const path = join(scratch, `${dataset}-${run}.${format}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { rows } = await writeExportFile(database, { dataset, format, filters: {}, path });
  const elapsed = seconds(started);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const bytes = statSync(path).size;
  rmSync(path);
  process.stdout.write(`${format} run ${run + 1}: ${elapsed.toFixed(2)} s, CPU ${cpuSeconds.toFixed(2)} s\n`);
  return { rows, elapsed, cpuSeconds, bytes };
}

try {
  for (const format of formats) {
    const runs = await repeat(RUNS, (run) => timeExport(format, run));
    const wall = median(runs.map((run) => run.elapsed));
    const cpu = median(runs.map((run) => run.cpuSeconds));
    const { rows, bytes } = runs[0] as { rows: number; bytes: number };
    process.stdout.write(
      `${dataset} ${format}: ${rows.toLocaleString('en-US')} rows, median ${wall.toFixed(2)} s of ${RUNS} ` +
        `(${runs.map((run) => run.elapsed.toFixed(2)).join(', ')}), ` +
        `${Math.round(rows / wall).toLocaleString('en-US')} rows/s, CPU median ${cpu.toFixed(2)} s ` +
        `(all threads: JS, DuckDB, zlib), ${(bytes / 1e6).toFixed(1)} MB\n`,
    );
  }
  process.stdout.write(
    `peak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
  );
} finally {
  await database.close();
  rmSync(scratch, { recursive: true, force: true });
}

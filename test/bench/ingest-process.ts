/**
 * One benchmark ingest in its own process, so that its peak RSS (process.resourceUsage().maxRSS) is the
 * ingest's alone. Ingests the --timed file into --db with the committed classifier, reads the peak RSS at
 * that point, then ingests any --also files untimed (to complete a database for later steps), and prints one
 * JSON line: IngestProcessResult.
 *
 *   node --import tsx test/bench/ingest-process.ts --db FILE --timed cancellations.csv [--also offers.csv]...
 */
import { parseArgs } from 'node:util';
import { ingestFiles } from '@churnlens/ingest';
import { openDatabase } from '@churnlens/models/database/open-database';
import { seconds } from './run-statistics.ts';

export interface IngestProcessResult {
  seconds: number;
  /** CPU time (user + system, all threads) of this process for the timed file: unaffected by other work on the machine. */
  cpuSeconds: number;
  read: number;
  loaded: number;
  rejected: number;
  newVerbatims: number;
  classified: number;
  /** Peak resident set size of this process after the timed file, in bytes. */
  peakRssBytes: number;
  alsoSeconds: number;
}

const { values } = parseArgs({
  options: { db: { type: 'string' }, timed: { type: 'string' }, also: { type: 'string', multiple: true } },
});
if (!values.db || !values.timed)
  throw new Error('usage: ingest-process.ts --db FILE --timed FILE [--also FILE]...');

const db = await openDatabase(values.db);
try {
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  // With the memory budget `churnlens ingest` gives each file by default: the figures are a user's run's.
  const report = await ingestFiles(db, [values.timed], { budgetMemoryPerFile: true });
  const timedSeconds = seconds(startedAt);
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const file = report.files[0];
  if (file?.status !== 'ok') throw new Error(`${values.timed}: ingest failed: ${file?.error}`);

  const alsoStartedAt = performance.now();
  const rest = await ingestFiles(db, values.also ?? [], { budgetMemoryPerFile: true });
  const failed = rest.files.find((other) => other.status !== 'ok');
  if (failed) throw new Error(`${failed.path}: ingest failed: ${failed.error}`);

  const result: IngestProcessResult = {
    seconds: timedSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    read: file.read,
    loaded: file.loaded,
    rejected: file.rejected,
    newVerbatims: file.newVerbatims,
    classified: file.classified,
    peakRssBytes,
    alsoSeconds: seconds(alsoStartedAt),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  db.close();
}

/**
 * `churnlens demo`: the README's first command. Generates a sample business (once per size and seed),
 * ingests it and serves the API and dashboard — by running the same commands a user would, in order.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, parseCommandArgs, positiveInteger, seedOption } from '../command.ts';
import { generateCommand } from './generate.ts';
import { ingestCommand } from './ingest.ts';
import { serveCommand } from './serve.ts';

const DEFAULT_CANCELLATIONS = 200_000;
const DEFAULT_SEED = 1;

const help = `Usage: churnlens demo [--cancellations N] [--seed S] [--port 8787] [--host 127.0.0.1] [--db FILE]

Generates sample data (skipped when ./data/sample-<seed>-<N>/ is already complete), ingests it into the
database (idempotent: a second demo run finds every row unchanged) and serves the API and dashboard.

Options:
  --cancellations N   Size of the sample business (default ${DEFAULT_CANCELLATIONS.toLocaleString('en-US')})
  --seed S            Generator seed, a non-negative integer (default ${DEFAULT_SEED})
  --port N            Port to serve on (default 8787)
  --host HOST         Address to bind (default 127.0.0.1)

Example:
  churnlens demo --cancellations 100000 --port 3000`;

const COMPLETE_MARKER = '.generated';

async function ensureSampleData(dir: string, cancellations: number, seed: number): Promise<number> {
  if (existsSync(join(dir, COMPLETE_MARKER))) {
    process.stderr.write(`demo: reusing sample data in ${dir}\n`);
    return 0;
  }
  const args = ['--cancellations', String(cancellations), '--out', dir, '--seed', String(seed)];
  const code = await generateCommand.run(args);
  // Written last so an interrupted generation is redone rather than ingested half-written.
  if (code === 0) writeFileSync(join(dir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  return code;
}

export const demoCommand: Command = {
  name: 'demo',
  help,
  async run(args) {
    const { values, db } = parseCommandArgs(args, {
      cancellations: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    });
    const cancellations = positiveInteger(values.cancellations, 'cancellations', DEFAULT_CANCELLATIONS);
    const seed = seedOption(values.seed, DEFAULT_SEED);
    const sampleDir = join('data', `sample-${seed}-${cancellations}`);

    const generated = await ensureSampleData(sampleDir, cancellations, seed);
    if (generated !== 0) return generated;
    const ingested = await ingestCommand.run([sampleDir, '--db', db]);
    if (ingested !== 0) return ingested;
    return serveCommand.run([
      '--db',
      db,
      '--port',
      values.port ?? '8787',
      '--host',
      values.host ?? '127.0.0.1',
    ]);
  },
};

/** `churnlens generate`: writes a realistic, reproducible sample data set to a directory. */
import {
  DEFAULT_END_DATE,
  DEFAULT_SEED,
  dataWindow,
  generateSampleData,
  SAMPLE_FILES,
  type SampleFormat,
} from '@churnlens/ingest/sample-data/index';
import { type Command, parseCommandArgs, positiveInteger, seedOption, UsageError } from '../command.ts';

const HELP = `Usage: churnlens generate --customers N --out DIR [options]

Writes customers, cancellations, offers and survey_responses files (columns exactly the fields churnlens
imports) describing a subscription business over the 18 months up to --end-date: reason mixes by plan,
tenure and country, retention offers, agents, surveys and planted signals (see docs/sample-data.md).
The same options always produce byte-identical files; the current date plays no part.

Options:
  --customers N       Number of customers (default: --cancellations)
  --cancellations N   Number of cancellation requests, filed by some of the customers
                      (default: --customers; may not exceed it)
  --out DIR           Output directory, created if missing; existing sample files are overwritten
  --seed S            Random seed, a non-negative integer (default ${DEFAULT_SEED})
  --format F          csv or ndjson (default csv)
  --end-date DATE     Last day of data, YYYY-MM-DD (default ${DEFAULT_END_DATE})

Progress is shown on stderr when it is a terminal.

Examples:
  churnlens generate --customers 20000 --out ./sample
  churnlens generate --cancellations 1000000 --out ./bench-data --format ndjson --seed 7`;

const OPTIONS = {
  customers: { type: 'string' },
  cancellations: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  'end-date': { type: 'string' },
} as const;

function formatOption(value: string | undefined): SampleFormat {
  if (value === undefined || value === 'csv' || value === 'ndjson') return value ?? 'csv';
  throw new UsageError(`--format must be csv or ndjson, got "${value}"`);
}

function endDateOption(value: string | undefined): string {
  const endDate = value ?? DEFAULT_END_DATE;
  try {
    dataWindow(endDate);
  } catch (error) {
    throw new UsageError(`--end-date: ${(error as Error).message}`);
  }
  return endDate;
}

function sizeOptions(values: { customers?: string; cancellations?: string }) {
  if (values.customers === undefined && values.cancellations === undefined) {
    throw new UsageError('give --customers or --cancellations');
  }
  const cancellations =
    values.cancellations === undefined
      ? undefined
      : positiveInteger(values.cancellations, 'cancellations', 1);
  const customers = positiveInteger(values.customers, 'customers', cancellations ?? 1);
  if (cancellations !== undefined && cancellations > customers) {
    throw new UsageError(`--cancellations (${cancellations}) may not exceed --customers (${customers})`);
  }
  return { customers, cancellations };
}

function progressReporter(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
    process.stderr.write(
      `\rgenerating… ${percent}% (${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} cancellations)`,
    );
  };
}

export const generateCommand: Command = {
  name: 'generate',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, OPTIONS);
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    const options = {
      ...sizeOptions(values),
      outDir: values.out,
      seed: seedOption(values.seed, DEFAULT_SEED),
      format: formatOption(values.format),
      endDate: endDateOption(values['end-date']),
    };
    const onProgress = progressReporter();
    const started = performance.now();
    try {
      const result = await generateSampleData({ ...options, onProgress });
      if (onProgress) process.stderr.write('\n');
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      for (const file of SAMPLE_FILES) {
        process.stdout.write(`${result.files[file]}  ${result.counts[file].toLocaleString('en-US')} rows\n`);
      }
      process.stdout.write(
        `generated in ${seconds}s (seed ${options.seed}, data up to ${options.endDate})\n`,
      );
      return 0;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      if (!failure.code || !failure.path) throw error;
      process.stderr.write(`churnlens generate: cannot write ${failure.path}: ${failure.code}\n`);
      return 1;
    }
  },
};

/**
 * The contract every `churnlens` subcommand implements, and the shared argument parsing that gives all of
 * them `--help`, `--db FILE` (env CHURNLENS_DB) and usage errors with exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const DEFAULT_DB_PATH = './data/churnlens.duckdb';

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text: usage line, options, examples. */
  help: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad arguments; the dispatcher prints the message and the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS_HELP = `Global options:
  --db FILE     DuckDB database file (default ${DEFAULT_DB_PATH}, env CHURNLENS_DB)
  -h, --help    Show this help`;

/**
 * Parses a subcommand's arguments strictly: an unknown flag is a UsageError naming it, not silently ignored.
 */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    const db = (parsed.values.db as string | undefined) ?? process.env.CHURNLENS_DB ?? DEFAULT_DB_PATH;
    return { values: parsed.values, positionals: parsed.positionals, db, help: parsed.values.help === true };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses a positive integer option, naming the option when it is not one. */
export function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`--${option} must be a positive integer, got "${value}"`);
  return parsed;
}

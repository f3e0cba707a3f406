/**
 * The contract every `churnlens` subcommand implements, and the shared argument parsing that gives all of
 * them `--help`, `--db FILE` (env CHURNLENS_DB) and usage errors with exit code 2.
 */
import { existsSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  type ChurnlensDatabase,
  DatabaseLockedError,
  DatabaseOpenError,
  type OpenDatabaseOptions,
  openDatabase,
  upgradeNotice,
} from '@churnlens/models/database/open-database';

export const DEFAULT_DB_PATH = './data/churnlens.duckdb';

/** Opens the database at `path` for a command, saying on stderr when opening upgrades its schema. */
export function openCommandDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): Promise<ChurnlensDatabase> {
  const onUpgrade: OpenDatabaseOptions['onUpgrade'] = (migration) =>
    process.stderr.write(`${upgradeNotice(path, migration)}\n`);
  return openDatabase(path, undefined, { ...options, onUpgrade });
}

/**
 * Opens the database at `path` for a command that reads or updates an existing one, refusing a --db that
 * names no file: opening it would create an empty one, and a run over nothing hides a mistake in the path.
 */
export async function openExistingDatabase(path: string): Promise<ChurnlensDatabase> {
  if (!existsSync(path))
    throw new UsageError(`the database ${path} does not exist (set --db or CHURNLENS_DB)`);
  return openCommandDatabase(path);
}

export interface Command {
  name: string;
  /** Full `--help` text: usage line, options, examples. */
  help: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad arguments; the dispatcher prints the message and the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Thrown for a failure the command states in one sentence (a server's answer, a run that does not exist);
 * the dispatcher prints it, exit code 1.
 */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of `T`'s options (spelled out: parseArgs cannot infer them through a generic). */
export type OptionValues<T extends Options> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' }
    ? T[K] extends { multiple: true }
      ? boolean[]
      : boolean
    : T[K] extends { multiple: true }
      ? string[]
      : string;
};

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
    const common = parsed.values as { db?: string; help?: boolean };
    const db = common.db ?? process.env.CHURNLENS_DB ?? DEFAULT_DB_PATH;
    return {
      values: parsed.values as OptionValues<T>,
      positionals: parsed.positionals,
      db,
      help: common.help === true,
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses a positive integer option, naming the option when it is not one. */
export function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new UsageError(`--${option} must be a positive integer, got "${value}"`);
  return parsed;
}

/** Parses --seed: the generator takes any non-negative integer, 0 included, so demo and generate agree. */
export function seedOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be a non-negative integer, got "${value}"`);
  }
  return seed;
}

/**
 * Parses --currency, the currency money is reported in: an ISO 4217 code in any case, USD when absent.
 * Whether the database can convert to it is a separate question (hasFxRate), asked once it is open.
 */
export function currencyOption(value: string | undefined): string {
  const currency = (value ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new UsageError(`--currency must be an ISO 4217 code, got "${value}"`);
  return currency;
}

/** Runs a command as `churnlens` does: its help, or its exit code, with usage errors and failures told in words. */
export async function runCommand(command: Command, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n\n${GLOBAL_OPTIONS_HELP}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`churnlens ${command.name}: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    if (
      error instanceof CommandFailure ||
      error instanceof DatabaseLockedError ||
      error instanceof DatabaseOpenError
    ) {
      process.stderr.write(`churnlens ${command.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

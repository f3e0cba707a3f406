/** `churnlens serve`: the API and the dashboard on one port, owning the database while it runs. */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseByteSize } from '@churnlens/models/byte-size';
import { DatabaseLockedError } from '@churnlens/models/database/open-database';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../app.ts';
import { DEFAULT_QUERY_TIMEOUT_MS } from '../../db.ts';
import { type ApiToken, parseTokens } from '../../http/auth.ts';
import { ListenError, ServerConfigError, startServer } from '../../server.ts';
import { EXPANSION_FACTOR } from '../../upload/upload-limit.ts';
import { type Command, currencyOption, parseCommandArgs, positiveInteger, UsageError } from '../command.ts';

const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../../dashboard/build', import.meta.url));

const help = `Usage: churnlens serve [--db FILE] [--port 8787] [--host 127.0.0.1] [--dashboard DIR] [options]

Serves the churnlens API (/api/*, docs at /docs, /openapi.json) and the dashboard's static build on one port.
While it runs this process owns the database: other commands send their work to it with --server URL.

Options:
  --port N             Port to listen on (default 8787; 0 picks a free one)
  --host HOST          Address to bind (default 127.0.0.1). Without tokens only loopback addresses are allowed.
  --dashboard DIR      Dashboard build to serve (default dashboard/build of this checkout)
  --tokens-file FILE   Bearer tokens, one "viewer:TOKEN" or "admin:TOKEN" per line (default: env
                       CHURNLENS_TOKENS="viewer:TOKEN1,admin:TOKEN2"). Without tokens the API is open.
  --cors ORIGIN        Allow browser requests from ORIGIN (repeatable); CORS is off by default
  --currency CODE      Reporting currency for money amounts (default USD; needs a row in fx_rates)
  --query-timeout S    Stop queries running longer than S seconds with a 503 (default ${DEFAULT_QUERY_TIMEOUT_MS / 1000})
  --max-upload-size SIZE
                       The most one upload to POST /api/ingest may hold, such as 2GB (default
                       ${DEFAULT_MAX_UPLOAD_BYTES / 1024 ** 2}MB); 'churnlens ingest --server' splits its files into requests
                       that fit. A gzip or ZIP file in an upload may expand to ${EXPANSION_FACTOR} times it
  --no-response-cache  Compute every aggregate answer, instead of answering repeated requests from memory while
                       the data is unchanged (for measuring query times)

Environment:
  CHURNLENS_DB         The database, when --db is not given
  CHURNLENS_TOKENS     The tokens, when --tokens-file is not given
  TMPDIR               Where uploads and an ingest's row files are written while they are ingested (default /tmp)

Stopping: SIGTERM or SIGINT stops taking requests and finishes those in progress, an upload's ingest included,
then exits 0; a second signal stops at once (exit 130 or 143), the file being ingested rolled back whole.
A database DuckDB can no longer use (a write the full disk refused) stops the server with exit 1.

Examples:
  churnlens serve --db ./data/churnlens.duckdb
  CHURNLENS_TOKENS="viewer:$(openssl rand -hex 16),admin:$(openssl rand -hex 16)" churnlens serve --host 0.0.0.0`;

/** The warning for a tokens file that users other than its owner may read, or undefined. */
export function tokensFileWarning(path: string, mode: number): string | undefined {
  if ((mode & 0o044) === 0) return undefined;
  return `warning: --tokens-file ${path} can be read by other users of this machine (mode ${(mode & 0o777).toString(8)}); make it the server user's alone: chmod 600 ${path}`;
}

function readTokensFile(path: string): ApiToken[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(
      code === 'ENOENT'
        ? `--tokens-file ${path} does not exist`
        : `--tokens-file ${path} cannot be read: ${message}`,
    );
  }
  const warning = tokensFileWarning(path, statSync(path).mode);
  if (warning) process.stderr.write(`${warning}\n`);
  return parseTokens(text, path);
}

function readTokens(tokensFile: string | undefined): ApiToken[] {
  try {
    if (tokensFile !== undefined) return readTokensFile(tokensFile);
    const fromEnv = process.env.CHURNLENS_TOKENS;
    return fromEnv ? parseTokens(fromEnv, 'CHURNLENS_TOKENS') : [];
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

function port(value: string | undefined): number {
  if (value === undefined) return 8787;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65_535) throw new UsageError(`--port must be 0…65535, got "${value}"`);
  return parsed;
}

function maxUploadBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_UPLOAD_BYTES;
  const bytes = parseByteSize(value);
  if (bytes === undefined)
    throw new UsageError(`--max-upload-size must be a size such as 2GB or 512MB, got "${value}"`);
  return bytes;
}

/**
 * Resolves on the first SIGINT or SIGTERM, saying that the requests in progress finish first. A second one
 * stops the process at once: an ingest it cuts short is rolled back whole, as after a kill.
 */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write(
        `churnlens serve: stopping (${signal}): taking no new requests and finishing those in progress, an upload's ingest included; SIGINT or SIGTERM again stops at once, and a file being ingested is then rolled back, to be sent again\n`,
      );
      const now = (again: NodeJS.Signals) => {
        process.stderr.write(`churnlens serve: stopping at once (${again})\n`);
        process.exit(again === 'SIGINT' ? 130 : 143);
      };
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * The database failing beyond use while the server runs (DuckDB invalidates it after a write the disk
 * refused): every answer would be a 500 from then on, so the server says why and stops, for its supervisor
 * to start it again; opening the file anew recovers everything that committed.
 */
function databaseInvalidation() {
  let tell: (error: unknown) => void = () => undefined;
  const told = new Promise<void>((resolve) => {
    tell = (error) => {
      process.stderr.write(
        `churnlens serve: the database can no longer be used and the server is stopping; start it again once the cause is fixed (what committed is kept). DuckDB: ${String(error)}\n`,
      );
      resolve();
    };
  });
  return { tell: (error: unknown) => tell(error), told };
}

export const serveCommand: Command = {
  name: 'serve',
  help,
  async run(args) {
    const { values, db } = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      dashboard: { type: 'string' },
      'tokens-file': { type: 'string' },
      cors: { type: 'string', multiple: true },
      currency: { type: 'string' },
      'query-timeout': { type: 'string' },
      'no-response-cache': { type: 'boolean' },
      'max-upload-size': { type: 'string' },
    });
    const currency = currencyOption(values.currency);
    const invalidation = databaseInvalidation();
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        dbPath: db,
        host: values.host ?? '127.0.0.1',
        port: port(values.port),
        tokens: readTokens(values['tokens-file']),
        dashboardDir: values.dashboard ?? DEFAULT_DASHBOARD_DIR,
        corsOrigin: values.cors,
        reportingCurrency: currency,
        responseCache: values['no-response-cache'] !== true,
        maxUploadBytes: maxUploadBytes(values['max-upload-size']),
        queryTimeoutMs:
          positiveInteger(values['query-timeout'], 'query-timeout', DEFAULT_QUERY_TIMEOUT_MS / 1000) * 1000,
        onDatabaseInvalidated: invalidation.tell,
      });
    } catch (error) {
      if (error instanceof ServerConfigError) throw new UsageError(error.message);
      // --server is the other commands' way past the lock; a second server has none.
      if (error instanceof DatabaseLockedError)
        throw new DatabaseLockedError(
          error.path,
          'one server owns a database at a time: stop that process first, or use it, whose API and dashboard are served already',
        );
      if (!(error instanceof ListenError)) throw error;
      process.stderr.write(`churnlens serve: ${error.message}\n`);
      return 1;
    }
    process.stdout.write(
      `churnlens serving ${server.url} (database ${db}; API docs at ${server.url}/docs)\n`,
    );
    const code = await Promise.race([stopSignal().then(() => 0), invalidation.told.then(() => 1)]);
    // A database DuckDB invalidated may fail to close as well; that changes nothing about the exit.
    await server.close().catch((error: unknown) => {
      if (code === 0) throw error;
    });
    process.stderr.write('churnlens serve: stopped\n');
    return code;
  },
};

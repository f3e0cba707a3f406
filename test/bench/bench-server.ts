/**
 * `churnlens serve` as a child process for the API benchmark, with the query timeout raised: on large
 * databases an aggregate over the whole data window can run longer than the default 10 s, and the benchmark
 * measures how long it takes rather than the 503. (test/e2e/support/churnlens-server.ts starts the server
 * with its defaults.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const START_TIMEOUT_MS = 120_000;

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

export async function startBenchServer(dbPath: string, queryTimeoutSeconds: number): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'api/src/cli/main.ts',
      'serve',
      '--db',
      dbPath,
      '--port',
      '0',
      '--query-timeout',
      String(queryTimeoutSeconds),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', CHURNLENS_TOKENS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The request log goes to stderr: keep only its tail, for the error message.
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`churnlens serve printed no URL: ${errors}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /churnlens serving (http:\/\/\S+)/.exec(output);
        if (!match?.[1]) return;
        clearTimeout(timer);
        resolve(match[1]);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`churnlens serve exited with ${code}: ${errors}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

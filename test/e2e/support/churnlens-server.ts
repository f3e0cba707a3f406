/**
 * Runs `churnlens serve` as a child process, exactly as a user starts it, on a port the OS picks, and stops
 * it again. The URL is read from the line the command prints once it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  dbPath: string;
  /** CHURNLENS_TOKENS, e.g. "viewer:…,admin:…". */
  tokens?: string;
  /** Extra `churnlens serve` options. */
  serveArgs?: string[];
  startTimeoutMs?: number;
}

export async function startChurnlensServer(options: ServerOptions): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'api/src/cli/main.ts',
      'serve',
      '--db',
      options.dbPath,
      '--port',
      '0',
      ...(options.serveArgs ?? []),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', CHURNLENS_TOKENS: options.tokens ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // Request log lines go to stderr; keep only the tail for error messages.
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  try {
    const url = await waitForUrl(
      child,
      () => output,
      () => errors,
      options.startTimeoutMs ?? 60_000,
    );
    await waitForHealth(url, 30_000);
    return { url, stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function waitForUrl(
  child: ChildProcess,
  output: () => string,
  errors: () => string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`churnlens serve printed no URL within ${timeoutMs} ms; stderr: ${errors()}`));
    }, timeoutMs);
    const check = () => {
      const match = /churnlens serving (http:\/\/\S+)/.exec(output());
      if (!match?.[1]) return;
      finish();
      resolve(match[1]);
    };
    const exited = (code: number | null) => {
      finish();
      reject(new Error(`churnlens serve exited with code ${code} before listening; stderr: ${errors()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.on('exit', exited);
    check();
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/api/health did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

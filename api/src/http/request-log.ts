/** One JSON line per request (on stderr by default), written after the response is known. */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

export interface RequestLogLine {
  time: string;
  level: 'info' | 'warn' | 'error';
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  role: string | null;
}

export type RequestLogger = (line: RequestLogLine) => void;

/**
 * Longer paths are cut to this many characters: a path no route matched is whatever a client sent, and Node
 * takes request lines of up to 16 KB, so unmatched probes could fill the log with a few requests.
 */
export const MAX_LOGGED_PATH_LENGTH = 256;

function loggedPath(path: string): string {
  return path.length <= MAX_LOGGED_PATH_LENGTH ? path : `${path.slice(0, MAX_LOGGED_PATH_LENGTH)}…`;
}

export const stderrRequestLogger: RequestLogger = (line) => {
  process.stderr.write(`${JSON.stringify(line)}\n`);
};

export function requestLog(log: RequestLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('X-Request-Id', requestId);
    const status = c.res.status;
    log({
      time: new Date().toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      requestId,
      method: c.req.method,
      // The path only: query strings may carry search text users would not expect in logs.
      path: loggedPath(c.req.path),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      role: c.var.role ?? null,
    });
  };
}

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
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      role: c.var.role ?? null,
    });
  };
}

/**
 * Sends files to a running churnlens server instead of opening its database (DuckDB allows one writer):
 * `POST {server}/api/ingest` as multipart form data with fields `file`, `kind` and, when given, `mapping`
 * and `dateOrder`. An optional bearer token comes from the caller (env CHURNLENS_TOKEN in the CLI). The
 * server answers with per-file counts. Redaction and memory are the server's: the endpoint has no switch.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { type FileReport, failedFileReport } from '../ingest-report.ts';
import type { ColumnMapping, IngestKind } from '../mapping/mapping-file.ts';
import type { DateOrder } from '../validation/date-order.ts';

export interface SubmitOptions {
  kind: IngestKind | 'auto';
  mapping?: ColumnMapping;
  dateOrder?: DateOrder;
  token?: string;
}

const count = z.coerce.number().int().nonnegative();
const remoteFileSchema = z.object({
  kind: z.string(),
  status: z.enum(['ok', 'failed']).default('ok'),
  read: count,
  loaded: count,
  updated: count,
  unchanged: count,
  rejected: count,
  error: z.string().nullish(),
  runId: z.number().int().nullish(),
  ignoredColumns: z.array(z.string()).default([]),
});
const remoteReportSchema = z.object({ files: z.array(remoteFileSchema) });

async function describeFailure(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    return `the server answered ${response.status}: ${message ?? text}`;
  } catch {
    return `the server answered ${response.status}: ${text.slice(0, 200)}`;
  }
}

/** Submits one file; a server or network failure becomes a failed report naming the server. */
export async function submitToServer(
  server: string,
  path: string,
  options: SubmitOptions,
): Promise<FileReport[]> {
  const started = performance.now();
  const form = new FormData();
  try {
    form.append('file', await openAsBlob(path), basename(path));
  } catch (error) {
    return [failedFileReport(path, 'unknown', `cannot read the file: ${(error as Error).message}`)];
  }
  form.append('kind', options.kind);
  if (options.mapping) form.append('mapping', JSON.stringify(options.mapping));
  if (options.dateOrder) form.append('dateOrder', options.dateOrder);
  const url = new URL('/api/ingest', server);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: form,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    return [failedFileReport(path, 'unknown', `cannot reach the server at ${url.origin}: ${cause}`)];
  }
  if (!response.ok) return [failedFileReport(path, 'unknown', await describeFailure(response))];
  const parsed = remoteReportSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    return [
      failedFileReport(
        path,
        'unknown',
        `the server at ${url.origin} sent a report this CLI does not understand`,
      ),
    ];
  const seconds = (performance.now() - started) / 1000;
  return parsed.data.files.map(({ error, runId, kind, ...counts }) => ({
    ...counts,
    path,
    kind: kind as FileReport['kind'],
    skipped: 0,
    ...(error ? { error } : {}),
    ...(runId === null || runId === undefined ? {} : { runId }),
    rejections: [],
    newVerbatims: 0,
    classified: 0,
    seconds,
  }));
}

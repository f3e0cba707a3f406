/**
 * Sends files to a running churnlens server instead of opening its database (DuckDB allows one writer):
 * `POST {server}/api/ingest` as multipart form data with fields `file`, `kind` and, when given, `mapping`
 * and `dateOrder`. An optional bearer token comes from the caller (env CHURNLENS_TOKEN in the CLI). The
 * server answers with the per-file report of its own schema (counts, warnings, the first rejected rows),
 * read here as a local ingest's. Redaction and memory are the server's: the endpoint has no switch.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { ColumnMapping, IngestKind } from '@churnlens/ingest';
import { type FileReport, failedFileReport } from '@churnlens/ingest/ingest-report';
import type { DateOrder } from '@churnlens/ingest/validation/date-order';
import { z } from 'zod';
import { ingestUploadResultSchema, uploadedFileReportSchema } from '../schemas/ingest-upload.ts';

export interface SubmitOptions {
  kind: IngestKind | 'auto';
  mapping?: ColumnMapping;
  dateOrder?: DateOrder;
  token?: string;
}

/**
 * The upload answer as this CLI reads it. A server of an older churnlens leaves out what it did not report
 * yet (warnings, nested columns, the first rejections); its files are reported without them rather than
 * refused, as the CLI and the server are upgraded separately.
 */
const uploadAnswerSchema = ingestUploadResultSchema.extend({
  files: z.array(
    uploadedFileReportSchema.extend({
      nestedColumns: uploadedFileReportSchema.shape.nestedColumns.default([]),
      warnings: uploadedFileReportSchema.shape.warnings.default([]),
      rejections: uploadedFileReportSchema.shape.rejections.default([]),
    }),
  ),
});

/** What a failed upload answer says, for the run report: the server's own message where it gives one. */
export async function describeFailure(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    // churnlens answers {"error": "forbidden", "message": "this route needs an admin token"}: the message says why.
    const message = body.message ?? (typeof body.error === 'string' ? body.error : body.error?.message);
    const hint = response.status === 401 ? ' (give the token in env CHURNLENS_TOKEN)' : '';
    return `the server answered ${response.status}: ${message ?? text}${hint}`;
  } catch {
    return `the server answered ${response.status}: ${text.slice(0, 200)}`;
  }
}

export interface NamedFile {
  path: string;
  /** How the user named it, as reports show it. */
  name: string;
}

/** The files of one request: the server takes at most this many. */
export const FILES_PER_SUBMISSION = 20;

/** What a request adds to its files' bytes, generously: the kind and date-order fields, and each part's headers. */
const FORM_BYTES = 1024;
const PART_BYTES = 512;

export interface SizedFile extends NamedFile {
  bytes: number;
}

export interface SubmissionPlan<File extends SizedFile> {
  /** The files of each request, in the order given. */
  requests: File[][];
  /** Files larger than a request may be, alone. */
  tooLarge: File[];
}

/**
 * The files, in order, in as few requests as hold at most FILES_PER_SUBMISSION files and `maxBytes` each
 * (the server's upload limit, with `fieldBytes` of mapping besides; unknown when undefined).
 */
export function planSubmissions<File extends SizedFile>(
  files: readonly File[],
  maxBytes: number | undefined,
  fieldBytes = 0,
): SubmissionPlan<File> {
  const plan: SubmissionPlan<File> = { requests: [], tooLarge: [] };
  const room = (maxBytes ?? Number.POSITIVE_INFINITY) - FORM_BYTES - fieldBytes;
  let current: File[] = [];
  let used = 0;
  for (const file of files) {
    const size = file.bytes + PART_BYTES;
    if (size > room) {
      plan.tooLarge.push(file);
      continue;
    }
    if (current.length === FILES_PER_SUBMISSION || used + size > room) {
      plan.requests.push(current);
      [current, used] = [[], 0];
    }
    current.push(file);
    used += size;
  }
  if (current.length > 0) plan.requests.push(current);
  return plan;
}

const healthSchema = z.object({ maxUploadBytes: z.number().int().positive().optional() });

/**
 * The most one request to the server may hold (GET /api/health, which needs no token), or undefined when the
 * server does not say; a server that cannot be reached fails the submission itself, with its own message.
 */
export async function serverUploadLimit(server: string): Promise<number | undefined> {
  try {
    const response = await fetch(new URL('/api/health', server), { signal: AbortSignal.timeout(10_000) });
    const parsed = healthSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.maxUploadBytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local name of a file the server reports: the server names a file by the base name it was sent under,
 * and an archive's entries `<base name>/<entry>`. A base name two files share stays as the server wrote it.
 */
function localNames(files: readonly NamedFile[]): (reported: string) => string {
  const byBase = new Map<string, NamedFile[]>();
  for (const file of files)
    byBase.set(basename(file.path), [...(byBase.get(basename(file.path)) ?? []), file]);
  return (reported) => {
    const slash = reported.indexOf('/');
    const base = slash < 0 ? reported : reported.slice(0, slash);
    const [only, other] = byBase.get(base) ?? [];
    if (!only || other) return reported;
    return slash < 0 ? only.name : `${only.name}${reported.slice(slash)}`;
  };
}

/**
 * Submits files in one request, so that the server reads them in dependency order (cancellations before the
 * offers made on them). A server or network failure becomes a failed report for each file, naming the server.
 */
export async function submitToServer(
  server: string,
  files: readonly NamedFile[],
  options: SubmitOptions,
): Promise<FileReport[]> {
  const started = performance.now();
  const failAll = (error: string) => files.map((file) => failedFileReport(file.name, 'unknown', error));
  const form = new FormData();
  for (const file of files) {
    try {
      form.append('file', await openAsBlob(file.path), basename(file.path));
    } catch (error) {
      return failAll(`cannot read ${file.name}: ${(error as Error).message}`);
    }
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
    return failAll(`cannot reach the server at ${url.origin}: ${cause}`);
  }
  if (!response.ok) return failAll(await describeFailure(response));
  const parsed = uploadAnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    return failAll(`the server at ${url.origin} sent a report this CLI does not understand`);
  const seconds = (performance.now() - started) / 1000;
  const localName = localNames(files);
  return parsed.data.files.map(({ name, error, runId, kind, rejections, ...report }) => ({
    ...report,
    path: localName(name),
    kind: kind as FileReport['kind'],
    skipped: 0,
    ...(error === null ? {} : { error }),
    ...(runId === null ? {} : { runId }),
    // The server leaves out the records of the rows it rejected: `churnlens runs ID --rejected` has them.
    rejections: rejections.map((rejection) => ({ ...rejection, raw: null })),
    seconds,
  }));
}

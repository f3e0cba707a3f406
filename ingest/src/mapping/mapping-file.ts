/**
 * The --mapping file: tells ingest how to read headers it does not recognise, and supplies constant values
 * for fields a file lacks. Example:
 *   { "kind": "cancellations",
 *     "columns": { "Kündigungsgrund": "reason_text", "Internal note": null },
 *     "defaults": { "currency": "EUR", "channel": "self_serve" },
 *     "values": { "reason_code": { "Zu teuer": "too_expensive" } } }
 * A column mapped to null is ignored. `values` reads a file's own spellings of a field with a fixed list of
 * values (reason codes, channels, outcomes) as churnlens's. Field names and values are checked against the
 * kind's fields when a file is read. A survey export with one column per question names those columns in
 * `questions` (see question-columns.ts).
 */
import { readFile } from 'node:fs/promises';
import { RECORD_KINDS } from '@churnlens/models';
import { z } from 'zod';
import { DATE_ORDERS } from '../validation/date-order.ts';

export const INGEST_KINDS = [...RECORD_KINDS, 'stripe'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** The survey response field a question column's answers feed (question-columns.ts). */
export const QUESTION_FIELDS = ['choice', 'score', 'free_text'] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export const columnMappingSchema = z
  .object({
    kind: z.enum(INGEST_KINDS).optional(),
    columns: z.record(z.string(), z.string().min(1).nullable()).default({}),
    defaults: z.record(z.string(), z.string()).default({}),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    /** The sheet of an Excel workbook to read, by name; without it, the first. */
    sheet: z.string().min(1).optional(),
    /** How numeric dates (3/1/2024) read, day or month first; without it the file's dates settle it if they can. */
    dateOrder: z.enum(DATE_ORDERS).optional(),
    /** A survey export's question columns, one per question, and the field their answers feed. */
    questions: z.record(z.string().min(1), z.enum(QUESTION_FIELDS)).optional(),
  })
  .strict();

export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const EMPTY_MAPPING: ColumnMapping = { columns: {}, defaults: {} };

/** Thrown when a mapping file is missing or malformed; the message names the file and the problem. */
export class MappingFileError extends Error {
  override name = 'MappingFileError';
}

export async function readMappingFile(path: string): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MappingFileError(`cannot read mapping file ${path}: ${(error as Error).message}`);
  }
  return parseMapping(text, `mapping file ${path}`);
}

/** A mapping given as JSON text; `origin` names where it came from in error messages ("mapping file x.json"). */
export function parseMapping(text: string, origin: string): ColumnMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingFileError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new MappingFileError(`${origin} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

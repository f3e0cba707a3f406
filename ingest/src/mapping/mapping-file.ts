/**
 * The --mapping file: tells ingest how to read headers it does not recognise, and supplies constant values
 * for fields a file lacks. Example:
 *   { "kind": "cancellations",
 *     "columns": { "Kündigungsgrund": "reason_text", "customer_id": ["customer_id", "id"], "Internal note": null },
 *     "defaults": { "currency": "EUR", "channel": "self_serve" },
 *     "values": { "reason_code": { "Zu teuer": "too_expensive" } } }
 * A column mapped to null is ignored; one mapped to a list of fields feeds each of them (an export whose one
 * identifier is both the customer's and the cancellation's). `values` reads a file's own spellings of a
 * field with a fixed list of values (reason codes, channels, outcomes) as churnlens's. A `columns` target
 * no kind has makes the mapping invalid; `values` are checked against each file's kind when it is read. A
 * survey export with one column per question names those columns in `questions` (see question-columns.ts).
 */
import { readFile } from 'node:fs/promises';
import { RECORD_KINDS } from '@churnlens/models';
import { FIELD_RULES } from '@churnlens/models/schema/field-rules';
import { z } from 'zod';
import { DATE_ORDERS } from '../validation/date-order.ts';

export const INGEST_KINDS = [...RECORD_KINDS, 'stripe'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** The survey response field a question column's answers feed (question-columns.ts). */
export const QUESTION_FIELDS = ['choice', 'score', 'free_text'] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

/**
 * A mapping target that is no field: a cancellations column holding the subscription's start date, from
 * which tenure_days is counted (as for the TENURE_START_HEADERS).
 */
export const TENURE_START_TARGET = 'tenure_start';

/**
 * A mapping target that is no field: a cancellations column holding the MRR in its currency's minor units
 * (cents), read as mrr divided by 10^(the currency's minor units), as for the MRR_MINOR_UNITS_HEADERS.
 */
export const MRR_MINOR_UNITS_TARGET = 'mrr_minor_units';

/**
 * Mapping targets that are no field, each with the date field it completes: a column holding the time of day
 * of that field's date column ("requested_at_time" for a "Cancel Time" beside "Cancel Date"), as CRMs and
 * help desks export a date and a time in two columns.
 */
export const TIME_OF_DAY_TARGETS: ReadonlyMap<string, string> = new Map(
  RECORD_KINDS.flatMap((kind) =>
    FIELD_RULES[kind]
      .filter((rule) => rule.type === 'timestamp')
      .map((rule) => [`${rule.field}_time`, rule.field] as const),
  ),
);

/**
 * What `columns` may send a header to: a field of any kind (each file uses those of its own kind, so one
 * mapping can serve a run of several kinds) or one of the targets above.
 */
export const MAPPING_TARGETS: ReadonlySet<string> = new Set([
  ...RECORD_KINDS.flatMap((kind) => FIELD_RULES[kind].map((rule) => rule.field)),
  TENURE_START_TARGET,
  MRR_MINOR_UNITS_TARGET,
  ...TIME_OF_DAY_TARGETS.keys(),
]);

/** A header's target, or its list of targets when its column feeds several fields. */
const columnTargetsSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .nullable()
  .superRefine((targets, context) => {
    // A misspelt field would leave its column unread without a word.
    const unknown = columnTargets(targets).filter((target) => !MAPPING_TARGETS.has(target));
    if (unknown.length)
      context.addIssue({ code: 'custom', message: `no kind has a field ${unknown.join(', ')}` });
  });

/** The targets a `columns` entry names, as a list: none for null (an ignored column). */
export function columnTargets(targets: string | readonly string[] | null): readonly string[] {
  if (targets === null) return [];
  return typeof targets === 'string' ? [targets] : targets;
}

export const columnMappingSchema = z
  .object({
    kind: z.enum(INGEST_KINDS).optional(),
    columns: z.record(z.string(), columnTargetsSchema).default({}),
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

/**
 * The four sample files' row shapes and their CSV / NDJSON encodings. Columns come from the models zod
 * schemas, so a generated file always has exactly the fields churnlens imports.
 */
import {
  type Cancellation,
  type Customer,
  cancellationSchema,
  customerSchema,
  type Offer,
  offerSchema,
  type SurveyResponse,
  surveyResponseSchema,
} from '@churnlens/models';

/** A record as written to a file: timestamps are ISO 8601 strings, everything else as in the schema. */
export type Serialized<T> = {
  [K in keyof T]: T[K] extends Date ? string : Date extends T[K] ? string | null : T[K];
};

export type CustomerRow = Serialized<Customer>;
export type CancellationRow = Serialized<Cancellation>;
export type OfferRow = Serialized<Offer>;
export type SurveyRow = Serialized<SurveyResponse>;

export const SAMPLE_FILES = ['customers', 'cancellations', 'offers', 'survey_responses'] as const;
export type SampleFile = (typeof SAMPLE_FILES)[number];

export const SAMPLE_COLUMNS = {
  customers: Object.keys(customerSchema.shape) as (keyof CustomerRow)[],
  // The files stand for a cancel-flow tool's export, which has no Stripe cancellation trigger.
  cancellations: (Object.keys(cancellationSchema.shape) as (keyof CancellationRow)[]).filter(
    (column) => column !== 'cancellation_trigger',
  ),
  offers: Object.keys(offerSchema.shape) as (keyof OfferRow)[],
  survey_responses: Object.keys(surveyResponseSchema.shape) as (keyof SurveyRow)[],
} as const;

export type SampleFormat = 'csv' | 'ndjson';

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: unknown): string {
  if (typeof value === 'string') return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  return value === null || value === undefined ? '' : String(value);
}

/** RFC 4180: fields with commas, quotes or line breaks are quoted; null is an empty field. */
export function csvLine<T>(row: T, columns: readonly (keyof T)[]): string {
  let line = csvField(row[columns[0] as keyof T]);
  for (let index = 1; index < columns.length; index++) line += `,${csvField(row[columns[index] as keyof T])}`;
  return `${line}\n`;
}

export function csvHeader(columns: readonly PropertyKey[]): string {
  return `${columns.join(',')}\n`;
}

/** One JSON object per line with the keys in schema order; null stays null. */
export function ndjsonLine<T>(row: T, columns: readonly (keyof T)[]): string {
  return `${JSON.stringify(row, columns as readonly PropertyKey[] as string[])}\n`;
}

export function encodeRow<T>(format: SampleFormat, row: T, columns: readonly (keyof T)[]): string {
  return format === 'csv' ? csvLine(row, columns) : ndjsonLine(row, columns);
}

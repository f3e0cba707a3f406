/**
 * What of a rejected row loses its personal data before rejected_rows keeps it (the API and the dashboard
 * list it, and it is downloaded as CSV). The rule is the loaded tables': what they keep as written stays as
 * written, so the row can be found in its file by its id even when the id is an e-mail address (many
 * billing tools key customers so); free text is redacted as its verbatim is.
 * - a column read into any field but the verbatim (ids, customer ids, dates, plans, amounts): as written;
 * - the verbatim's column (reason_text, free_text), and a column no field reads (a `Customer Email` or a
 *   `Notes` the loaded tables never hold, whose content nothing vouches for): redacted;
 * - a line the reader could not split into fields: redacted whole, as no value in it can be told apart;
 * - the message, which quotes the value at fault: as written when every field at fault is kept so.
 */
import { FIELD_RULES, verbatimField } from '@churnlens/models/schema/field-rules';
import type { ColumnPlan } from '../mapping/match-columns.ts';
import { redactPii } from './redact-pii.ts';

export interface RejectionRedaction {
  /** The value of the staged column `column` (0-based) as rejected_rows keeps it. */
  value(column: number, value: string): string;
  /** The message as kept, given the fields at fault as the check lists them (`mrr, channel`), if any. */
  message(fields: string | null, message: string): string;
  /** A record the reader could not split into fields (a CSV line with a field too many), as kept. */
  line(text: string): string;
}

/** `--no-redact`: the rejected row is kept as written, as its verbatim is. */
export const NO_REDACTION: RejectionRedaction = {
  value: (_column, value) => value,
  message: (_fields, message) => message,
  line: (text) => text,
};

export function rejectionRedaction(plan: ColumnPlan): RejectionRedaction {
  const freeText = verbatimField(plan.kind);
  const freeTextColumns = new Set(
    plan.matches.filter((match) => match.field === freeText).map((match) => match.column),
  );
  const keptColumns = new Set(
    plan.matches.map((match) => match.column).filter((column) => !freeTextColumns.has(column)),
  );
  const keptFields = new Set(
    FIELD_RULES[plan.kind].map((rule) => rule.field).filter((field) => field !== freeText),
  );
  return {
    value: (column, value) => (keptColumns.has(column) ? value : redactPii(value)),
    message: (fields, message) =>
      fields?.split(', ').every((field) => keptFields.has(field)) ? message : redactPii(message),
    line: redactPii,
  };
}

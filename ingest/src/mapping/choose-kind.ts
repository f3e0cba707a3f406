/**
 * Decides what a staged file holds and how its columns feed fields: Stripe objects, the kind given with
 * --kind or the mapping file, or the best-covered kind (--kind auto). An ambiguous "reason" column is settled
 * from its values here, since that is the one decision that needs the data.
 */
import type { RecordKind } from '@churnlens/models';
import { REASON_CODES } from '@churnlens/models';
import { FIELD_RULES } from '@churnlens/models/schema/field-rules';
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { FileProblem } from '../file-problem.ts';
import type { IngestOptions } from '../ingest-report.ts';
import type { HeaderRecognition } from '../sources/csv-source.ts';
import { type RenamedHeader, renamedHeaderLabel } from '../sources/repeated-headers.ts';
import { type StagedSource, stageColumn } from '../sources/staged-source.ts';
import { isStripeDashboardExport } from '../sources/stripe-dashboard-export.ts';
import type { SheetPlacement } from '../sources/workbook-sheet.ts';
import { identifier } from '../sql/identifier.ts';
import { type FieldSource, valueOrNull } from '../validation/build-check-query.ts';
import { enumSpellingSql } from '../validation/enum-spelling.ts';
import { findHeader } from './column-synonyms.ts';
import {
  type ColumnMapping,
  EMPTY_MAPPING,
  type IngestKind,
  MRR_MINOR_UNITS_TARGET,
  TENURE_START_TARGET,
} from './mapping-file.ts';
import {
  type ColumnMatch,
  type ColumnPlan,
  centsColumnsHint,
  detectKind,
  planColumns,
} from './match-columns.ts';

export interface KindChoice {
  kind: IngestKind;
  recordKind: RecordKind;
  plan: ColumnPlan;
  reason: string;
}

/** The kind given with --kind or by the mapping file; undefined for auto. */
export function requestedKind(options: IngestOptions): IngestKind | undefined {
  return options.kind === undefined || options.kind === 'auto' ? options.mapping?.kind : options.kind;
}

/**
 * How many of a CSV header's names feed a field of the requested kind, else of the best-covered kind: what
 * tells the header apart from title lines above it (csv-source.ts).
 */
export function headerRecognition(options: IngestOptions): HeaderRecognition {
  return (headers) => headerPlan(headers, options).matches.length;
}

/** How a header's names feed the fields of the requested kind, else of the best-covered kind. */
function headerPlan(headers: readonly string[], options: IngestOptions): ColumnPlan {
  const mapping = options.mapping ?? EMPTY_MAPPING;
  const requested = requestedKind(options);
  return requested === undefined || requested === 'stripe'
    ? detectKind(headers, mapping).plan
    : planColumns(requested, headers, mapping);
}

/** Whether a header covers every required field of the requested kind, else of the best-covered one. */
function headerPlaces(headers: readonly string[], options: IngestOptions): boolean {
  const requested = requestedKind(options);
  if (isStripeDashboardExport(headers))
    return requested === undefined || requested === 'stripe' || requested === 'cancellations';
  if (requested === 'stripe') return false;
  // A form's export is placed by its question columns, which no field's name matches (question-columns.ts).
  const questions = Object.keys(options.mapping?.questions ?? {});
  if (questions.some((question) => findHeader(headers, question) >= 0)) return true;
  return headerPlan(headers, options).missing.length === 0;
}

/**
 * Whether the top rows of a workbook sheet hold a header the run can place as a kind, taken as a CSV's is
 * below title lines (csv-source.ts): the first row that names a field, else the first row.
 */
export function sheetPlacement(options: IngestOptions): SheetPlacement {
  const recognised = headerRecognition(options);
  return (rows) => {
    const header = rows.find((row) => recognised(row) > 0) ?? rows[0];
    return header !== undefined && headerPlaces(header, options);
  };
}

/**
 * The mapping a file is read with: the user's, over the columns and values its reader knows how to read
 * (StagedSource.knownColumns, knownValues); a column the user's mapping names, in any spelling, is read as it
 * says, and so is a value it maps.
 */
function readingMapping(staged: StagedSource, mapping: ColumnMapping): ColumnMapping {
  const userHeaders = Object.keys(mapping.columns);
  const known = Object.entries(staged.knownColumns ?? {}).filter(
    ([header]) => findHeader(userHeaders, header) < 0,
  );
  const columns = known.length ? { ...Object.fromEntries(known), ...mapping.columns } : mapping.columns;
  const knownValues = Object.entries(staged.knownValues ?? {});
  if (knownValues.length === 0) return { ...mapping, columns };
  // Spellings are matched in order, so the user's, last, win over the reader's.
  const values = { ...mapping.values };
  for (const [field, spellings] of knownValues) values[field] = { ...spellings, ...values[field] };
  return { ...mapping, columns, values };
}

export function chooseKind(staged: StagedSource, options: IngestOptions): KindChoice {
  const mapping = readingMapping(staged, options.mapping ?? EMPTY_MAPPING);
  const requested = requestedKind(options);
  if (staged.stripe) {
    if (requested !== undefined && requested !== 'stripe' && requested !== 'cancellations') {
      throw new FileProblem(`it holds Stripe subscriptions, not ${requested}`);
    }
    const plan = planColumns('cancellations', staged.headers, EMPTY_MAPPING);
    const sources = staged.fieldSources ?? {};
    return {
      kind: 'stripe',
      recordKind: 'cancellations',
      plan: {
        ...plan,
        matches: plan.matches.map((match) => ({ ...match, ...sources[match.field] })),
        unmatched: staged.unusedHeaders ?? [],
      },
      reason: `${staged.stripe}; mapped onto cancellations`,
    };
  }
  if (requested === 'stripe') {
    throw new FileProblem(
      'no Stripe subscription, subscription list or customer.subscription.* event found in it, nor the ' +
        "columns of Stripe's dashboard subscription export (id, Customer ID, Status, Canceled At (UTC))",
    );
  }
  if (requested !== undefined) {
    return {
      kind: requested,
      recordKind: requested,
      plan: planColumns(requested, staged.headers, mapping, staged.nestedColumns),
      reason: options.kind === requested ? 'given with --kind' : 'given by the mapping file',
    };
  }
  const decision = detectKind(staged.headers, mapping, staged.nestedColumns);
  return {
    kind: decision.plan.kind,
    recordKind: decision.plan.kind,
    plan: decision.plan,
    reason: decision.reason,
  };
}

/** Every spelling a reason_code value may have in this file: the codes, their other names, the mapping's. */
function reasonCodeSpellings(plan: ColumnPlan): string[] {
  const rule = FIELD_RULES.cancellations.find((candidate) => candidate.field === 'reason_code');
  return [
    ...REASON_CODES,
    ...Object.keys(rule?.spellings ?? {}),
    ...Object.keys(plan.valueSpellings.reason_code ?? {}),
  ];
}

/**
 * A "reason" column feeds reason_code when every value is a known code and reason_code is free. Otherwise it
 * feeds reason_text, unless every value is a system code such as Chargebee's `not_paid` or `no_card` (one
 * word, or words joined by "_"): those are not the customer's words, and classified as free text they would
 * override the reason the customer picked. Such a column is left unread, among the file's ignored columns.
 */
export async function resolveAmbiguousReason(
  connection: DuckDBConnection,
  plan: ColumnPlan,
): Promise<ColumnPlan> {
  const ambiguous = plan.ambiguousReason;
  if (!ambiguous) return plan;
  const column = identifier(stageColumn(ambiguous.column));
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS filled,
       count(*) FILTER (WHERE NOT list_contains($codes, ${enumSpellingSql(`trim(${column})`)}))::INTEGER AS free_text,
       count(*) FILTER (WHERE NOT regexp_full_match(trim(${column}), '[a-z0-9]+(_[a-z0-9]+)+'))::INTEGER AS words
     FROM ingest_stage WHERE ${valueOrNull(column)} IS NOT NULL`,
    { codes: listValue(reasonCodeSpellings(plan)) },
  );
  const counts = reader.getRowObjectsJson()[0] as { filled: number; free_text: number; words: number };
  const codes = counts.filled > 0 && counts.free_text === 0;
  const field = codes && ambiguous.fields.includes('reason_code') ? 'reason_code' : 'reason_text';
  const rest = { ...plan, ambiguousReason: undefined };
  if (field === 'reason_text' && counts.filled > 0 && counts.words === 0)
    return { ...rest, unmatched: [...plan.unmatched, ambiguous.header] };
  const match = { field, column: ambiguous.column, header: ambiguous.header, via: 'synonym' as const };
  return { ...rest, matches: [...plan.matches, match] };
}

export function fieldSources(plan: ColumnPlan): Map<string, FieldSource> {
  const sources = new Map<string, FieldSource>();
  for (const { field, column, header, daysUntil, minorUnits, filled, timeZone, timeOfDay } of plan.matches) {
    sources.set(field, {
      column: stageColumn(column),
      header,
      ...(daysUntil ? { daysUntil } : {}),
      ...(minorUnits ? { minorUnits } : {}),
      ...(filled ? { filled } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(timeOfDay
        ? { timeOfDay: { column: stageColumn(timeOfDay.column), header: timeOfDay.header } }
        : {}),
    });
  }
  if (plan.customerSignupTenure)
    sources.set('tenure_days', { customerSignupOf: 'customer_id', daysUntil: 'requested_at' });
  for (const [field, value] of Object.entries(plan.defaults)) sources.set(field, { constant: value });
  return sources;
}

/**
 * The mapping target a match is recorded as: a start date or an amount in cents as what it is, so that the
 * recorded mapping reads the file the same way when it is used again.
 */
function recordedTarget(match: ColumnMatch): string {
  if (match.daysUntil) return TENURE_START_TARGET;
  return match.minorUnits ? MRR_MINOR_UNITS_TARGET : match.field;
}

/**
 * The `columns` a run records: each header with its target, or its list of targets when its column feeds
 * several fields (`{"customer_id": ["customer_id", "id"]}`). Fields derived from another's column (filled,
 * shared) are left out, as the same plan derives them again.
 */
function recordedColumns(matches: readonly ColumnMatch[]): Record<string, string | string[]> {
  const targets = new Map<string, string[]>();
  for (const match of matches.filter((candidate) => !candidate.filled && !candidate.sharedWith)) {
    targets.set(match.header, [...(targets.get(match.header) ?? []), recordedTarget(match)]);
    if (match.timeOfDay) targets.set(match.timeOfDay.header, [`${match.field}_time`]);
  }
  return Object.fromEntries(
    [...targets].map(([header, list]) => [header, list.length === 1 ? (list[0] as string) : list]),
  );
}

export function effectiveMapping(choice: KindChoice) {
  return {
    kind: choice.kind,
    columns: recordedColumns(choice.plan.matches),
    defaults: choice.plan.defaults,
    ...(Object.keys(choice.plan.valueSpellings).length ? { values: choice.plan.valueSpellings } : {}),
    ignored: choice.plan.unmatched,
  };
}

/**
 * Required fields an export often leaves out because they are the same for every row (a business that
 * bills in one currency), with an example value for the hint that says how to supply one.
 */
const CONSTANT_EXAMPLES: Readonly<Record<string, string>> = {
  currency: 'USD',
  channel: 'self_serve',
  outcome: 'cancelled',
  survey: 'exit',
};

/**
 * Form tools (Typeform, Google Forms) export one column per question, and their headers are the questions
 * themselves: no field name matches them, and whichever kind comes closest misleads ("lacks country").
 */
function questionColumnsHint(unmatchedHeaders: readonly string[]): string {
  const questions = unmatchedHeaders.filter((header) => header.trim().endsWith('?'));
  if (questions.length === 0) return '';
  const [columns, look] =
    questions.length > 1
      ? ['columns', 'look like survey questions']
      : ['column', 'looks like a survey question'];
  return (
    `. Its ${columns} ${questions.map((header) => `"${header}"`).join(', ')} ${look}: ` +
    `a form's export loads as surveys with the mapping file's "questions" ` +
    '(docs/ingest.md, "Survey exports with one column per question")'
  );
}

/**
 * A cancellations file with neither a cancellation nor a subscription id but a customer column (one row per
 * churned customer): its customer id can be the id too, which then also serves as subscription_id
 * (SHARED_COLUMN_FIELDS). Said as the mapping that does it, with the file's own header.
 */
function customerIdAsIdHint(plan: ColumnPlan): string {
  const customer = plan.matches.find((match) => match.field === 'customer_id');
  if (!customer || !plan.missing.includes('id') || !plan.missing.includes('subscription_id')) return '';
  return (
    ' (a file with one row per customer can use its customer id as the id, which serves as subscription_id ' +
    `too: {"columns": {${JSON.stringify(customer.header)}: ["customer_id", "id"]}})`
  );
}

/**
 * A cancellations file whose every column feeds a field, with its requests' ids but neither their customer nor
 * their date (`id,outcome`): a correction of some stored rows' fields. Defaults would let it in by writing one
 * value over each row's stored one (docs/ingest.md, "Daily and overlapping exports"), so it is told to send
 * the rows whole instead. A file with columns of its own is rather another kind of export.
 */
function isCorrectionShaped(choice: KindChoice): boolean {
  const { missing, unmatched } = choice.plan;
  return (
    choice.recordKind === 'cancellations' &&
    unmatched.length === 0 &&
    !missing.includes('id') &&
    missing.includes('customer_id') &&
    missing.includes('requested_at')
  );
}

const CORRECTION_HINT =
  '. To correct stored requests, ingest their rows whole, as a newer export writes them: a file of only some columns is not read as a correction, and a "defaults" value would be written over each row\'s stored one';

/** The mapping file's "defaults" for the missing fields one value often fills, each with an example value. */
function defaultsHint(missing: readonly string[]): string {
  const examples = missing
    .filter((field) => Object.hasOwn(CONSTANT_EXAMPLES, field))
    .map((field) => `"${field}": "${CONSTANT_EXAMPLES[field]}"`);
  if (examples.length === 0) return '';
  return `, or give every row one value with the mapping file's "defaults" ({"defaults": {${examples.join(', ')}}})`;
}

/**
 * Refuses a file whose mapping's values do not fit its kind or whose columns miss a required field. The
 * headers it lists are the file's own words: a blank or repeated header as the ignored columns name it.
 */
export function assertPlanUsable(
  choice: KindChoice,
  headers: readonly string[],
  renamed: readonly RenamedHeader[] = [],
): void {
  const { plan, recordKind } = choice;
  if (plan.valueProblems.length) throw new FileProblem(`the mapping's ${plan.valueProblems.join('; ')}`);
  if (plan.missing.length) {
    throw new FileProblem(
      `no column for required ${recordKind} field(s) ${plan.missing.join(', ')} ` +
        `(headers: ${headers.map((header) => renamedHeaderLabel(renamed, header)).join(', ') || 'none'}); ` +
        'name them so or map them with --mapping' +
        customerIdAsIdHint(plan) +
        (isCorrectionShaped(choice) ? CORRECTION_HINT : defaultsHint(plan.missing)) +
        questionColumnsHint(plan.unmatched) +
        (plan.missing.includes('mrr') ? centsColumnsHint(headers) : ''),
    );
  }
}

/**
 * Matches a file's headers to the fields of a record kind (mapping file first, then the exact field name,
 * then a synonym) and, for --kind auto, picks the kind whose fields the headers cover best. Pure: the one
 * decision that needs the data (an ambiguous "reason" column) is left to the caller.
 */
import { RECORD_KINDS, type RecordKind } from '@churnlens/models';
import { FIELD_RULES, KNOWN_CURRENCY_CODES } from '@churnlens/models/schema/field-rules';
import type { Nesting } from '../sources/staged-source.ts';
import type { DateOrderChoice } from '../validation/date-order.ts';
import { enumSpelling } from '../validation/enum-spelling.ts';
import type { ColumnTimeZone } from '../validation/time-zones.ts';
import {
  AMBIGUOUS_REASON_HEADERS,
  COLUMN_SYNONYMS,
  FILLED_FIELDS,
  findHeader,
  headerNames,
  MRR_MINOR_UNITS_HEADERS,
  normalizeHeader,
  SHARED_COLUMN_FIELDS,
  TENURE_START_HEADERS,
} from './column-synonyms.ts';
import {
  type ColumnMapping,
  columnTargets,
  MAPPING_TARGETS,
  MRR_MINOR_UNITS_TARGET,
  TENURE_START_TARGET,
  TIME_OF_DAY_TARGETS,
} from './mapping-file.ts';

export type MatchSource = 'mapping' | 'name' | 'synonym';

export interface ColumnMatch {
  field: string;
  /** Index of the header in the file. */
  column: number;
  header: string;
  via: MatchSource;
  /** The column holds a start date; the field is the days from it to this field's date. */
  daysUntil?: string;
  /**
   * The column holds the amount in its currency's minor units (4900 for 49.00 USD): the field is it divided by
   * 10^(the minor units of the row's currency).
   */
  minorUnits?: true;
  /** The field is whether the column has a value (FILLED_FIELDS: accepted from accepted_at). */
  filled?: true;
  /** The column is that of another field, which holds the same value (SHARED_COLUMN_FIELDS). */
  sharedWith?: string;
  /** The zone the export names for the column's times without an offset (settleTimeZones). */
  timeZone?: ColumnTimeZone;
  /** The column holding the time of day of this date field's dates ("Cancel Time" beside "Cancel Date"). */
  timeOfDay?: { column: number; header: string };
}

/** A column naming a field another column feeds: the field, and the header it is read from. */
export interface SecondColumn {
  field: string;
  readFrom: string;
}

export interface ColumnPlan {
  kind: RecordKind;
  matches: ColumnMatch[];
  /** Constant values for fields without a column, from the mapping file. */
  defaults: Record<string, string>;
  /**
   * A "reason"-like column (AMBIGUOUS_REASON_HEADERS) when reason_text is still free: the caller decides from
   * its values which of `fields` it feeds, if any (resolveAmbiguousReason).
   */
  ambiguousReason?: { column: number; header: string; fields: ('reason_code' | 'reason_text')[] };
  /** Headers that feed no field. */
  unmatched: string[];
  /**
   * Those of `unmatched` that name a field another column already feeds (`Churn Reason` beside
   * `cancel_reason`), by header: the field and the header it is read from. Only one column can feed a field.
   */
  secondColumns?: ReadonlyMap<string, SecondColumn>;
  /** The file's columns that hold lists or objects, by header: among `unmatched` whatever their name. */
  nestedColumns: ReadonlyMap<string, Nesting>;
  /** Required fields with neither a column nor a default. */
  missing: string[];
  /** Headers the mapping file's `columns` names that this file does not have (a misspelt header, or another file's). */
  absentMappedHeaders: string[];
  /**
   * The file's own spellings of the values of fields with a fixed list (reason codes, channels), from the
   * mapping file's `values`: per field, each spelling as enums are matched (enumSpelling) and its value.
   */
  valueSpellings: Record<string, Record<string, string>>;
  /** What in the mapping file's `values` this kind cannot use, one sentence each. */
  valueProblems: string[];
  /** How numeric dates (3/25/2024) are read, once the file's values settle it (date-order.ts). */
  dateOrder?: DateOrderChoice;
  /**
   * A cancellations file with neither a tenure nor a start date: tenure_days is the days from the customer's
   * signed_up_at (a customers file ingested before) to requested_at.
   */
  customerSignupTenure?: true;
}

const EXACT_PRIORITY: Record<MatchSource, number> = { mapping: 0, name: 1, synonym: 2 };

/** A header's name with the zone exports add to UTC times ("Canceled At (UTC)") taken off. */
const UTC_SUFFIX = /_(utc|gmt)$/;

interface CandidateField {
  field: string;
  via: MatchSource;
  /**
   * The synonym's place in its field's list (0 for the field's own name): a field's synonyms are listed best
   * first, so of "Customer" and "Customer ID" in one customers file the id column is the customer's id.
   */
  rank: number;
}

function candidateField(kind: RecordKind, header: string): CandidateField | undefined {
  const fields = FIELD_RULES[kind].map((rule) => rule.field);
  const synonyms = COLUMN_SYNONYMS[kind];
  for (const normalized of headerNames(header)) {
    const name = normalized.replace(UTC_SUFFIX, '');
    if (fields.includes(name)) return { field: name, via: 'name', rank: 0 };
    const field = fields.find((candidate) => synonyms[candidate]?.includes(name));
    if (field) return { field, via: 'synonym', rank: synonyms[field]?.indexOf(name) ?? 0 };
  }
  return undefined;
}

/** Whether one of the header's names (headerNames) is in `names`. */
function isNamedAs(header: string, names: readonly string[]): boolean {
  return headerNames(header).some((name) => names.includes(name));
}

/**
 * The targets the mapping file's `columns` sends `header` to (none for an ignored column), or undefined when
 * it does not name the header.
 */
function mappedTargets(mapping: ColumnMapping, header: string): readonly string[] | undefined {
  const keys = Object.keys(mapping.columns);
  const key = keys[findHeader(keys, header)];
  return key === undefined ? undefined : columnTargets(mapping.columns[key] ?? null);
}

/** A field given in another form than its own: how a column of that form is read as the field. */
type FieldForm = Pick<ColumnMatch, 'field' | 'daysUntil' | 'minorUnits'>;

/**
 * Cancellations fields a file may give in another form, each with the mapping target that names a column
 * of that form and the headers that say so (read when no column gives the field itself): the tenure as the
 * subscription's start date, the MRR in cents.
 */
const OTHER_FORMS: readonly { target: string; names: readonly string[]; form: FieldForm }[] = [
  {
    target: TENURE_START_TARGET,
    names: TENURE_START_HEADERS,
    form: { field: 'tenure_days', daysUntil: 'requested_at' },
  },
  {
    target: MRR_MINOR_UNITS_TARGET,
    names: MRR_MINOR_UNITS_HEADERS,
    form: { field: 'mrr', minorUnits: true },
  },
];

/** The form a mapping target that is no field stands for in a cancellations file. */
function targetForm(target: string): FieldForm | undefined {
  return OTHER_FORMS.find((other) => other.target === target)?.form;
}

/** A header with a word that says minor units: `price_cents`, `Amount (in cents)`, `amount_minor`. */
const SAYS_MINOR_UNITS = /(^|_)(cents?|minor)(_|$)/;

function saysMinorUnits(header: string): boolean {
  return SAYS_MINOR_UNITS.test(normalizeHeader(header));
}

/** The mapping file's `columns` entry that reads `header` in minor units, as the messages show it. */
function minorUnitsMapping(header: string): string {
  return `{"columns": {${JSON.stringify(header)}: "${MRR_MINOR_UNITS_TARGET}"}}`;
}

/**
 * For a file refused for lacking mrr: the columns whose header says cents, which a mapping to
 * "mrr_minor_units" reads when they hold a monthly amount (a price in cents may be per year, so such headers
 * are not read as MRR unasked).
 */
export function centsColumnsHint(headers: readonly string[]): string {
  const cents = headers.filter(saysMinorUnits);
  const [first] = cents;
  if (first === undefined) return '';
  return (
    `. ${cents.map((header) => `"${header}"`).join(', ')} says cents: if it holds the monthly amount, map it ` +
    `to "${MRR_MINOR_UNITS_TARGET}" (${minorUnitsMapping(first)})`
  );
}

/**
 * Warnings, one sentence each, for a column read as mrr as written whose header says it holds cents: most
 * likely every amount is 100 times too large, and nothing else would say so. Loaded as written all the
 * same, since the mapping chose it and the amounts may be right.
 */
export function centsReadAsWrittenWarnings(matches: readonly ColumnMatch[]): string[] {
  return matches
    .filter((match) => match.field === 'mrr' && !match.minorUnits && saysMinorUnits(match.header))
    .map(
      ({ header }) =>
        `mrr: column "${header}" is read as written, but its name says minor units: if 4900 in it means 49.00, ` +
        `map it to "${MRR_MINOR_UNITS_TARGET}" instead (${minorUnitsMapping(header)})`,
    );
}

/** The first column not used yet whose header is one of `names`. */
function unusedColumnNamed(
  headers: readonly string[],
  names: readonly string[],
  used: Set<number>,
  ignored: Set<number>,
): { column: number; header: string } | undefined {
  const column = headers.findIndex(
    (header, index) => !used.has(index) && !ignored.has(index) && isNamedAs(header, names),
  );
  const header = headers[column];
  return header === undefined ? undefined : { column, header };
}

/**
 * The name a date column's time column goes by: the header's one word "date" as "time" ("Cancel Date" →
 * cancel_time, "Date" → time); none for a header without that word, or with it twice.
 */
function timeColumnName(dateHeader: string): string | undefined {
  const words = normalizeHeader(dateHeader).replace(UTC_SUFFIX, '').split('_');
  if (words.filter((word) => word === 'date').length !== 1) return undefined;
  return words.map((word) => (word === 'date' ? 'time' : word)).join('_');
}

/**
 * The column holding the times of day of a date column's dates, when its header pairs with the date's
 * unambiguously: the one unused column named as timeColumnName says ("Cancel Time" for "Cancel Date").
 */
function pairedTimeColumn(
  headers: readonly string[],
  dateHeader: string,
  used: Set<number>,
  unusable: Set<number>,
): { column: number; header: string } | undefined {
  const name = timeColumnName(dateHeader);
  if (name === undefined) return undefined;
  const paired = headers.flatMap((header, column) =>
    !used.has(column) && !unusable.has(column) && normalizeHeader(header).replace(UTC_SUFFIX, '') === name
      ? [{ column, header }]
      : [],
  );
  return paired.length === 1 ? paired[0] : undefined;
}

/**
 * The matches with the column holding each date field's time of day, if it has one: the one the mapping
 * names for it (`timeTargets`), else the one whose header pairs with the date's (pairedTimeColumn). Marks
 * the time columns used.
 */
function withTimesOfDay(
  kind: RecordKind,
  matches: readonly ColumnMatch[],
  headers: readonly string[],
  mapped: ReadonlyMap<string, { column: number; header: string }>,
  columns: { used: Set<number>; unusable: Set<number> },
): ColumnMatch[] {
  const dateFields = new Set(
    FIELD_RULES[kind].filter((rule) => rule.type === 'timestamp').map((rule) => rule.field),
  );
  return matches.map((match) => {
    if (!dateFields.has(match.field)) return match;
    const timeOfDay =
      mapped.get(match.field) ?? pairedTimeColumn(headers, match.header, columns.used, columns.unusable);
    if (timeOfDay === undefined) return match;
    columns.used.add(timeOfDay.column);
    return { ...match, timeOfDay };
  });
}

/**
 * The mapping file's `values` for this kind: the spellings it can use and what it cannot. Fields of other
 * kinds only are left to their files.
 */
function planValueSpellings(
  kind: RecordKind,
  mapping: ColumnMapping,
): Pick<ColumnPlan, 'valueSpellings' | 'valueProblems'> {
  const valueSpellings: ColumnPlan['valueSpellings'] = {};
  const valueProblems: string[] = [];
  for (const [field, spellings] of Object.entries(mapping.values ?? {})) {
    const rule = FIELD_RULES[kind].find((candidate) => candidate.field === field);
    if (!rule && MAPPING_TARGETS.has(field)) continue;
    const allowed = rule?.type === 'currency' ? KNOWN_CURRENCY_CODES : rule?.values;
    if (!rule || !allowed) {
      valueProblems.push(
        `values.${field}: ${rule ? `${field} has no fixed list of values to map to` : `no kind has a field ${field}`}`,
      );
      continue;
    }
    const usable: Record<string, string> = {};
    for (const [spelling, value] of Object.entries(spellings)) {
      if (allowed.includes(enumSpelling(spelling))) {
        valueProblems.push(
          `values.${field}: "${spelling}" is already one of the ${field} values and cannot be remapped`,
        );
      } else if (!allowed.includes(value)) {
        valueProblems.push(
          `values.${field}: "${spelling}" maps to "${value}", which is not one of ${allowed.join(', ')}`,
        );
      } else usable[enumSpelling(spelling)] = value;
    }
    valueSpellings[field] = usable;
  }
  return { valueSpellings, valueProblems };
}

/**
 * Matches `headers` to the fields of `kind`. A column in `nestedColumns` (lists or objects, whose staged
 * value is JSON text) feeds no field, not even one the mapping names: its text is no value of any field, and
 * as a verbatim ("notes": a list of agent notes) it would override the reason the customer picked.
 */
export function planColumns(
  kind: RecordKind,
  headers: readonly string[],
  mapping: ColumnMapping,
  nestedColumns: ReadonlyMap<string, Nesting> = new Map(),
): ColumnPlan {
  const fields = new Set(FIELD_RULES[kind].map((rule) => rule.field));
  const candidates: (ColumnMatch & { rank?: number })[] = [];
  const mappedTimes = new Map<string, { column: number; header: string }>();
  const ignored = new Set<number>();
  const nested = new Set(headers.flatMap((header, column) => (nestedColumns.has(header) ? [column] : [])));
  headers.forEach((header, column) => {
    if (nested.has(column)) return;
    const targets = mappedTargets(mapping, header);
    if (targets?.length === 0) ignored.add(column);
    if (targets !== undefined) {
      // A list feeds each of its fields from this one column, as SHARED_COLUMN_FIELDS do.
      for (const target of targets) {
        if (fields.has(target)) candidates.push({ field: target, column, header, via: 'mapping' });
        const form = targetForm(target);
        if (form && kind === 'cancellations') candidates.push({ ...form, column, header, via: 'mapping' });
        const dateField = TIME_OF_DAY_TARGETS.get(target);
        if (dateField && fields.has(dateField)) mappedTimes.set(dateField, { column, header });
      }
      return;
    }
    const candidate = candidateField(kind, header);
    if (candidate) candidates.push({ ...candidate, column, header });
  });
  candidates.sort(
    (a, b) =>
      EXACT_PRIORITY[a.via] - EXACT_PRIORITY[b.via] || (a.rank ?? 0) - (b.rank ?? 0) || a.column - b.column,
  );

  let matches: ColumnMatch[] = [];
  const seconds = new Map<string, SecondColumn>();
  for (const { rank: _rank, ...candidate } of candidates) {
    const first = matches.find((match) => match.field === candidate.field);
    if (!first) matches.push(candidate);
    else if (first.column !== candidate.column && !seconds.has(candidate.header))
      seconds.set(candidate.header, { field: candidate.field, readFrom: first.header });
  }
  // Nested columns are never used, and stay among the unmatched, the ignored columns the run lists.
  const used = new Set(matches.map((match) => match.column));
  const unusable = new Set([...ignored, ...nested]);
  let ambiguousReason: ColumnPlan['ambiguousReason'];
  const taken = (field: string) => matches.some((match) => match.field === field);
  if (kind === 'cancellations') {
    const column = headers.findIndex(
      (header, index) =>
        !used.has(index) && !unusable.has(index) && isNamedAs(header, AMBIGUOUS_REASON_HEADERS),
    );
    const header = headers[column];
    if (header !== undefined) {
      const free = (['reason_code', 'reason_text'] as const).filter((field) => !taken(field));
      if (free.includes('reason_text')) ambiguousReason = { column, header, fields: [...free] };
      else if (free.length > 0) matches.push({ field: 'reason_code', column, header, via: 'synonym' });
      if (free.length > 0) used.add(column);
      if (free.length > 0) noteOtherReasonColumns(headers, column, free.join(' or '), seconds);
    }
  }
  for (const { names, form } of kind === 'cancellations' ? OTHER_FORMS : []) {
    const named = taken(form.field) ? undefined : unusedColumnNamed(headers, names, used, unusable);
    if (!named) continue;
    matches.push({ ...form, ...named, via: 'synonym' });
    used.add(named.column);
  }
  matches = withTimesOfDay(kind, matches, headers, mappedTimes, { used, unusable });
  const defaults = Object.fromEntries(
    Object.entries(mapping.defaults).filter(([field]) => fields.has(field) && !taken(field)),
  );
  for (const [field, source] of Object.entries(FILLED_FIELDS[kind] ?? {})) {
    const sourceMatch = matches.find((match) => match.field === source);
    if (sourceMatch && !taken(field) && !Object.hasOwn(defaults, field))
      matches.push({ ...sourceMatch, field, via: 'synonym', filled: true });
  }
  for (const [field, source] of Object.entries(SHARED_COLUMN_FIELDS[kind] ?? {})) {
    const sourceMatch = matches.find((match) => match.field === source && !match.sharedWith);
    if (sourceMatch && !taken(field) && !Object.hasOwn(defaults, field))
      matches.push({ ...sourceMatch, field, via: 'synonym', sharedWith: source });
  }
  matches.sort((a, b) => a.column - b.column);

  const customerSignupTenure =
    kind === 'cancellations' &&
    !taken('tenure_days') &&
    !Object.hasOwn(defaults, 'tenure_days') &&
    taken('customer_id');
  const missing = FIELD_RULES[kind]
    .filter((rule) => rule.required && !taken(rule.field) && !Object.hasOwn(defaults, rule.field))
    .filter((rule) => !(customerSignupTenure && rule.field === 'tenure_days'))
    .map((rule) => rule.field);
  const unmatched = headers.filter((_, index) => !used.has(index) && !ignored.has(index));
  const secondColumns = new Map([...seconds].filter(([header]) => unmatched.includes(header)));
  return {
    kind,
    matches,
    defaults,
    ambiguousReason,
    unmatched,
    ...(secondColumns.size > 0 ? { secondColumns } : {}),
    nestedColumns: new Map([...nestedColumns].filter(([header]) => headers.includes(header))),
    missing,
    absentMappedHeaders: Object.keys(mapping.columns).filter((name) => findHeader(headers, name) < 0),
    ...planValueSpellings(kind, mapping),
    ...(customerSignupTenure ? { customerSignupTenure } : {}),
  };
}

/** The reason-like columns after the one read (`Churn Reason` beside `cancel_reason`) as second columns. */
function noteOtherReasonColumns(
  headers: readonly string[],
  read: number,
  field: string,
  seconds: Map<string, SecondColumn>,
): void {
  headers.forEach((header, column) => {
    if (column > read && isNamedAs(header, AMBIGUOUS_REASON_HEADERS) && !seconds.has(header))
      seconds.set(header, { field, readFrom: headers[read] ?? '' });
  });
}

/**
 * Where a plan without missing fields finds its required fields: the matched columns, and for the rest the
 * customers' signups or the mapping's defaults, so that the counts add up.
 */
function requiredFieldsFound(plan: ColumnPlan): string {
  const required = FIELD_RULES[plan.kind].filter((rule) => rule.required).map((rule) => rule.field);
  const matched = plan.matches.map((match) => match.field);
  const defaulted = required.filter(
    (field) => !matched.includes(field) && Object.hasOwn(plan.defaults, field),
  );
  return [
    `all ${required.length} required ${plan.kind} fields found: ${matched.length} matched (${matched.join(', ')})`,
    plan.customerSignupTenure ? "tenure_days from the customers' signed_up_at" : undefined,
    defaulted.length > 0 ? `${defaulted.join(', ')} from the mapping's defaults` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

export interface KindDecision {
  plan: ColumnPlan;
  /** One sentence saying which kind was chosen and why, for the log. */
  reason: string;
}

function requiredCoverage(plan: ColumnPlan): number {
  const required = FIELD_RULES[plan.kind].filter((rule) => rule.required).length;
  return (required - plan.missing.length) / required;
}

/** The optional customers fields that say who the customer is, beside the id and signup date it requires. */
const CUSTOMER_DESCRIPTION_FIELDS = ['plan', 'country', 'segment'];

/**
 * A customers plan with an id and a signup date but no column saying who the customer is. Customers require
 * only those two, and most exports have an id and a date (a ticket's created_at): such a file is not taken
 * for customers unless --kind says so.
 */
function isUndescribedCustomers(plan: ColumnPlan): boolean {
  return (
    plan.kind === 'customers' &&
    plan.missing.length === 0 &&
    !plan.matches.some((match) => CUSTOMER_DESCRIPTION_FIELDS.includes(match.field))
  );
}

/** requiredCoverage as detection ranks it: none for customers that nothing describes. */
function detectionCoverage(plan: ColumnPlan): number {
  return isUndescribedCustomers(plan) ? 0 : requiredCoverage(plan);
}

/**
 * The fields only a record of that kind carries: the event, what was said or decided. Customers have none.
 * A file with two of them is about those events even when, lacking a required field, a customers plan
 * covers it better: a cancellations export without an outcome column (every row a cancelled subscription)
 * still has a plan, a country and a signup date, and loaded as customers its cancellation dates, reasons
 * and comments would be ignored without a word.
 */
const EVENT_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  customers: [],
  cancellations: ['requested_at', 'reason_code', 'reason_text', 'outcome'],
  offers: ['offer_type', 'presented_at', 'accepted'],
  surveys: ['submitted_at', 'question', 'free_text', 'score'],
};

function matchedEventFields(plan: ColumnPlan): string[] {
  const fields = plan.matches.map((match) => match.field);
  // A "reason" column whose field its values decide later is a reason either way.
  if (plan.ambiguousReason) fields.push('reason_code');
  return fields.filter((field) => EVENT_FIELDS[plan.kind].includes(field));
}

/**
 * Picks the kind whose required fields the headers cover best (ties go to the kind with more matches),
 * except that a kind whose event fields (EVENT_FIELDS) the file lacks gives way to the best kind with two.
 */
export function detectKind(
  headers: readonly string[],
  mapping: ColumnMapping,
  nestedColumns?: ReadonlyMap<string, Nesting>,
): KindDecision {
  const plans = RECORD_KINDS.map((kind) => planColumns(kind, headers, mapping, nestedColumns)).sort(
    (a, b) => detectionCoverage(b) - detectionCoverage(a) || b.matches.length - a.matches.length,
  );
  const covering = plans[0] as ColumnPlan;
  const eventful = plans.find((plan) => matchedEventFields(plan).length >= 2);
  if (eventful && eventful !== covering && matchedEventFields(covering).length < 2) {
    const fields = matchedEventFields(eventful).join(', ');
    const reason =
      `its ${fields} columns are ${eventful.kind} data, which ${covering.kind} would ignore` +
      (eventful.missing.length ? `; as ${eventful.kind} it lacks ${eventful.missing.join(', ')}` : '');
    return { plan: eventful, reason };
  }
  const [best, runnerUp] = plans as [ColumnPlan, ColumnPlan, ...ColumnPlan[]];
  const matched = best.matches.map((match) => match.field).join(', ');
  const reason =
    best.missing.length === 0
      ? `${requiredFieldsFound(best)}; next best ${runnerUp.kind} covers ` +
        `${Math.round(requiredCoverage(runnerUp) * 100)}% of its required fields`
      : `closest match is ${best.kind} (${matched || 'no field'}), but it lacks ${best.missing.join(', ')}` +
        (plans.some(isUndescribedCustomers)
          ? '; it has the id and signup date customers need, but no plan, country or segment to tell it is customers (pass --kind customers to load it as such)'
          : '');
  return { plan: best, reason };
}

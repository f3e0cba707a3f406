/**
 * Builds the one SQL statement that validates and converts every staged row of a file, from the field rules
 * in models (FIELD_RULES). Each field gets a typed value (`TRY_CAST` and friends) and an error message when
 * the value is missing or cannot be converted; the row's messages are joined so a person sees every problem
 * at once. Identifiers in the SQL come only from FIELD_RULES and generated stage column names; headers,
 * defaults and enum lists travel as parameters.
 *
 * NOTE: a value is looked up in a list of constants with list_contains, never with IN. DuckDB plans an IN of
 * five or more constants as a join with them, with a hash table and pipelines of its own: the four such INs of
 * a cancellations file's check took 40 of its 100 CPU-ms, whatever the file's size. Both are NULL for a NULL
 * value, and the constants are never NULL, so a CASE reads them alike.
 */
import type { RecordKind } from '@churnlens/models';
import { COUNTRY_CODE_ALIASES, countryCodes, countryNames } from '@churnlens/models/schema/country-names';
import { CURRENCY_SIGNS } from '@churnlens/models/schema/currencies';
import { DATE_RANGE } from '@churnlens/models/schema/date-range';
import { FIELD_RULES, type FieldRule, KNOWN_CURRENCY_CODES } from '@churnlens/models/schema/field-rules';
import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';
import { type Bind, parameterBinder } from '../sql/parameters.ts';
import {
  ambiguousAmountCase,
  amountExpression,
  decimalExpression,
  majorUnitsExpression,
  minorUnitsCases,
  minorUnitsExpression,
  otherCurrencyCase,
  parenthesizedAmountCase,
  wholeNumberExpression,
} from './amount-sql.ts';
import { type DateOrder, NUMERIC_DATE_PATTERN } from './date-order.ts';
import { enumSpellingSql } from './enum-spelling.ts';
import { RUN_REJECTED_IDS } from './run-rejected-ids.ts';
import { type ColumnTimeZone, isKnownZone } from './time-zones.ts';
import { inTimeZoneExpression, localTimeCondition, timestampExpression } from './timestamp-sql.ts';

/**
 * Where a field's text comes from: a stage column (`c3`) or a constant default from the mapping file. A
 * column with `daysUntil` holds a start date, and the field is the days from it to that field's date (a
 * tenure from the subscription's start); `customerSignupOf` takes that start date from the customers table,
 * the signed_up_at of the customer this field names. A `minorUnits` column holds an amount in its currency's
 * minor units (cents), and the field is it in major units. A `filled` column makes a boolean field of whether
 * it has a value (an offer's acceptance from its acceptance time).
 */
export type FieldSource =
  | {
      column: string;
      header: string;
      daysUntil?: string;
      minorUnits?: true;
      filled?: true;
      /** The zone the column's times without an offset are in (time-zones.ts). */
      timeZone?: ColumnTimeZone;
      /** The stage column holding the time of day of this date column's dates, and its header. */
      timeOfDay?: { column: string; header: string };
    }
  | { constant: string }
  | { customerSignupOf: string; daysUntil: string };

/** The customers joined for a tenure from the customer's signup (FieldSource `customerSignupOf`). */
const SIGNUP_ALIAS = 'customer_signup';

export interface CheckQuery {
  sql: string;
  params: Record<string, DuckDBValue>;
  /** Fields the checked table has, in FIELD_RULES order. */
  fields: string[];
}

const UNSETTLED_DATE =
  'is a numeric date whose day/month order the file does not settle: pass --date-order dmy or mdy ' +
  '(or "dateOrder" in the mapping file)';

/** The currency signs that stand for one currency only (`€`, `£`, `R$`; not `$` or `kr`), with it. */
const ONE_CURRENCY_SIGNS = Object.entries(CURRENCY_SIGNS).flatMap(([sign, codes]) =>
  codes.length === 1 ? [[sign, codes[0] as string] as const] : [],
);

/** The case of a currency column holding a sign of several currencies (`$`, `kr`). */
function severalCurrenciesCase(
  value: string,
  typed: string,
  shownValue: string,
  param: (value: DuckDBValue) => string,
) {
  const signs = Object.entries(CURRENCY_SIGNS).filter(([, codes]) => codes.length > 1);
  const keys = param(listValue(signs.map(([sign]) => sign)));
  const meanings = param(listValue(signs.map(([, codes]) => codes.join(', '))));
  return `WHEN ${typed} IS NULL AND list_contains(${keys}, ${value})
    THEN ${shownValue} || 'stands for several currencies (' || ${meanings}[list_position(${keys}, ${value})] || ${param(
      '): write the ISO code, or map it with "values" in the mapping file',
    )}`;
}

/** Said after an unknown enum value: a file's own spellings can be named once instead of fixed row by row. */
const ENUM_HINT = '(map other spellings with "values" in the mapping file)';

const TYPE_PROBLEM: Record<FieldRule['type'], string> = {
  id: 'is not a valid identifier',
  text: 'is not valid text',
  verbatim: 'is not valid text',
  timestamp: 'is not a valid date (use ISO 8601, e.g. 2024-03-01 or 2024-03-01T14:30:00Z)',
  decimal: 'is not a number',
  integer: 'is not a whole number',
  boolean: 'is not true or false (yes/no, 1/0, accepted/declined)',
  enum: 'is not one of ',
  currency: 'is not a known ISO 4217 currency code',
  country: 'is not a two-letter ISO 3166 country code or a country name',
};

/** A staged text as validation reads it: trimmed, and NULL when blank (null markers are the readers'). */
export function valueOrNull(input: string): string {
  return `nullif(trim(${input}), '')`;
}

/**
 * A field's text as validation reads it from the staged row `s` (valueOrNull). A date with its time of day in
 * another column is read as the two written together ("2026-12-06 14:32"), so that it is read, checked and
 * put in its zone as a date-time written in one column is.
 */
export function stagedFieldText(source: FieldSource, param: (value: DuckDBValue) => string): string {
  if ('customerSignupOf' in source) return `${SIGNUP_ALIAS}.signed_up_at::VARCHAR`;
  const input = 'column' in source ? `s.${identifier(source.column)}` : `${param(source.constant)}::VARCHAR`;
  if (!('timeOfDay' in source) || source.timeOfDay === undefined) return valueOrNull(input);
  // A missing date stays missing whatever the time; a missing time leaves the date alone.
  return `${valueOrNull(input)} || coalesce(' ' || ${timeOfDayText(source.timeOfDay)}, '')`;
}

/** The staged text of a date's time-of-day column (valueOrNull). */
function timeOfDayText(timeOfDay: { column: string }): string {
  return valueOrNull(`s.${identifier(timeOfDay.column)}`);
}

/** How a message names a field: with the header it was read from when that differs. */
function fieldLabel(field: string, source: FieldSource): string {
  if ('customerSignupOf' in source) return `${field} (days since the customer's signed_up_at)`;
  if (!('header' in source)) return field;
  if (source.daysUntil) return `${field} (days since column "${source.header}")`;
  if (source.minorUnits) return `${field} (minor units in column "${source.header}")`;
  if (source.timeOfDay) return `${field} (columns "${source.header}" and "${source.timeOfDay.header}")`;
  return source.header !== field ? `${field} (column "${source.header}")` : field;
}

/** The raw text of the field holding an amount's currency, when the rule names one and the file has it. */
function currencyText(rule: FieldRule, sources: ReadonlyMap<string, FieldSource>): string | undefined {
  return rule.currencyField && sources.has(rule.currencyField)
    ? `v_${identifier(rule.currencyField)}`
    : undefined;
}

/** How a file writes values that validation reads: its numeric dates' order, its own enum spellings. */
export interface FileConventions {
  /** How the file's numeric dates read (date-order.ts); without it they are rejected, saying how to settle it. */
  dateOrder?: DateOrder;
  /** Per enum field, the file's spellings (as enumSpelling writes them) and the values they stand for. */
  valueSpellings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function typedExpression(
  rule: FieldRule,
  value: string,
  param: (value: DuckDBValue) => string,
  currency: string | undefined,
  conventions: FileConventions,
): string {
  const { dateOrder } = conventions;
  switch (rule.type) {
    case 'id':
    case 'text':
    case 'verbatim':
      return value;
    case 'timestamp':
      return timestampExpression(value, param, dateOrder);
    case 'decimal':
      return currency ? amountExpression(value, currency, param) : decimalExpression(value);
    case 'integer': {
      if (rule.max === undefined) return wholeNumberExpression(value);
      // Survey tools write a score with its scale ("8/10", "8 out of 10"), read only when the scale is the
      // field's own maximum.
      return `coalesce(${wholeNumberExpression(value)}, CASE
        WHEN regexp_full_match(${value}, ${param(`[0-9]+\\s*(/|out of)\\s*${rule.max}`)})
          THEN TRY_CAST(regexp_extract(${value}, '^[0-9]+') AS INTEGER) END)`;
    }
    case 'boolean':
      // Offer exports often say what happened to the offer rather than true or false; pandas writes a 0/1
      // column with gaps as floats (1.0), as it does whole numbers. list_contains, not IN (file header).
      return `CASE WHEN list_contains(['true', 't', 'yes', 'y', '1', '1.0', 'accepted'], lower(${value})) THEN true
                   WHEN list_contains(['false', 'f', 'no', 'n', '0', '0.0', 'declined', 'rejected'], lower(${value})) THEN false END`;
    case 'enum': {
      // Most files already spell the values as stored; the regular expression (for "Self Serve",
      // "agent-chat") then runs only for the others: 290 → 170 ms for three enum columns of 1M rows.
      const values = param(listValue([...(rule.values ?? [])]));
      const normalized = enumSpellingSql(value);
      const fileSpellings = Object.entries(conventions.valueSpellings?.[rule.field] ?? {});
      return `CASE WHEN list_contains(${values}, ${value}) THEN ${value}
        WHEN list_contains(${values}, ${normalized}) THEN ${normalized}
        ${lookupCase(fileSpellings, normalized, param)}
        ${lookupCase(Object.entries(rule.spellings ?? {}), normalized, param)} END`;
    }
    case 'currency': {
      // A spreadsheet's currency column may hold the sign ("€"); a sign of one currency only reads as it.
      const fileSpellings = Object.entries(conventions.valueSpellings?.[rule.field] ?? {});
      return `CASE WHEN list_contains(${param(listValue([...KNOWN_CURRENCY_CODES]))}, upper(${value})) THEN upper(${value})
        ${lookupCase(fileSpellings, enumSpellingSql(value), param)}
        ${lookupCase(ONE_CURRENCY_SIGNS, value, param)} END`;
    }
    case 'country':
      // CRM exports often write the country's name ("Germany", "Deutschland") rather than its code.
      return `CASE ${lookupCase(Object.entries(COUNTRY_CODE_ALIASES), `upper(${value})`, param)}
        WHEN list_contains(${param(listValue([...countryCodes()]))}, upper(${value})) THEN upper(${value})
        ${lookupCase([...countryNames()], `lower(${value})`, param)} END`;
  }
}

/**
 * The case of a value found among the keys of `entries`, read as the key's value: an enum's other spellings
 * ("canceled"), a country's name. Empty without entries.
 */
function lookupCase(
  entries: readonly (readonly [string, string])[],
  key: string,
  param: (value: DuckDBValue) => string,
): string {
  if (entries.length === 0) return '';
  const keys = param(listValue(entries.map(([entry]) => entry)));
  const values = param(listValue(entries.map(([, value]) => value)));
  return `WHEN list_contains(${keys}, ${key}) THEN ${values}[list_position(${keys}, ${key})]`;
}

function boundProblem(rule: FieldRule): string | undefined {
  if (rule.min !== undefined && rule.max !== undefined) return `must be between ${rule.min} and ${rule.max}`;
  if (rule.min === 0) return 'must not be negative';
  if (rule.min !== undefined) return `must be at least ${rule.min}`;
  if (rule.max !== undefined) return `must be at most ${rule.max}`;
  return undefined;
}

function boundCondition(rule: FieldRule, typed: string): string | undefined {
  const conditions = [
    rule.min === undefined ? undefined : `${typed} < ${Number(rule.min)}`,
    rule.max === undefined ? undefined : `${typed} > ${Number(rule.max)}`,
  ].filter((condition) => condition !== undefined);
  return conditions.length ? conditions.join(' OR ') : undefined;
}

/**
 * How a field made from another typed value is read (days since a start date, an amount in cents): the
 * column's own value is read once, as `s_<field>` beside the typed values, and the field's value and the
 * checks are made from it and the typed values it needs (the date the days run to, the currency).
 */
interface StepwiseReading {
  /** The column's own value (a start date as a TIMESTAMP, a whole number of cents), from the staged values. */
  first: string;
  /** The field's value, from `s_<field>` and the typed values. */
  value: string;
  cases: string[];
  /** A table the first value is read from. */
  join?: string;
}

/** A field read from another form of it (FieldSource `daysUntil`, `minorUnits`), with how messages show it. */
interface StepwiseField {
  field: string;
  rule: FieldRule;
  source: FieldSource;
  label: string;
  shown: string;
}

/** A field counted in days from a start date, with the rule of the field whose date the days run to. */
interface DaysSinceField extends StepwiseField {
  until: FieldRule;
}

/** Why a start date from the customers table is missing: the customer is not there, or has no signup date. */
function missingCustomerCase(
  field: string,
  customerId: string,
  param: (value: DuckDBValue) => string,
): string {
  return `WHEN v_${field} IS NULL THEN ${param(`${field}: no customer "`)} || coalesce(${customerId}, '') || ${param(
    '" with a signup date has been ingested (load the customers file first, or give tenure_days, or the subscription\'s start date: a column such as start_date, or one mapped to "tenure_start" in a mapping file)',
  )}`;
}

/**
 * A field counted in days from a start date to another field's date (tenure_days from a subscription's start,
 * or from the customer's signup): the start must be a date, and not after the other.
 */
function daysSinceReading(
  check: DaysSinceField,
  sources: ReadonlyMap<string, FieldSource>,
  param: (value: DuckDBValue) => string,
  conventions: FileConventions,
): StepwiseReading {
  const { field, until } = check;
  const { dateOrder } = conventions;
  const value = `v_${field}`;
  const shownValue = `${check.label} || ': ' || ${check.shown}`;
  const start = `s_${field}`;
  const end = `t_${identifier(until.field)}`;
  const customerField = 'customerSignupOf' in check.source ? check.source.customerSignupOf : undefined;
  const customer = customerField === undefined ? undefined : sources.get(customerField);
  const missing = customerField
    ? missingCustomerCase(field, `v_${identifier(customerField)}`, param)
    : `WHEN ${value} IS NULL THEN ${check.label} || ': is required'`;
  return {
    first: timestampExpression(value, param, dateOrder),
    value: `date_diff('day', ${start}::DATE, ${end}::DATE)::INTEGER`,
    cases: [
      check.rule.required ? missing : '',
      dateOrder ? '' : unsettledDateCase(value, start, shownValue, param),
      ...unreadDateCases(value, start, shownValue, param),
      `WHEN ${value} IS NOT NULL AND ${start} IS NULL THEN ${shownValue} || ${param(TYPE_PROBLEM.timestamp)}`,
      twoDigitYearCase(value, start, shownValue, param),
      outOfRangeCase(start, shownValue, param),
      `WHEN ${start} > ${end} THEN ${shownValue} || ${param(`is after ${until.field}`)}`,
    ].filter(Boolean),
    ...(customer
      ? {
          join: `LEFT JOIN (SELECT id, signed_up_at FROM customers) ${SIGNUP_ALIAS} ON ${SIGNUP_ALIAS}.id = ${stagedFieldText(customer, param)}`,
        }
      : {}),
  };
}

/**
 * An amount in its currency's minor units (mrr from a column of cents): a whole number, not negative, divided
 * by 10^(the minor units of the row's typed currency). A row whose currency is unknown is rejected for that.
 */
function minorUnitsReading(
  check: StepwiseField,
  sources: ReadonlyMap<string, FieldSource>,
  param: (value: DuckDBValue) => string,
): StepwiseReading {
  const { field, rule } = check;
  // Not a file's problem: a field in minor units needs its currency, which every such rule requires, so a
  // plan without one has been refused before.
  if (!rule.currencyField || !sources.has(rule.currencyField))
    throw new Error(
      `${field} is read in minor units but the file gives no ${rule.currencyField ?? 'currency'}`,
    );
  const [value, minor] = [`v_${field}`, `s_${field}`];
  const currency = `t_${identifier(rule.currencyField)}`;
  const major = majorUnitsExpression(minor, currency, param);
  const shownValue = `${check.label} || ': ' || ${check.shown}`;
  const bound = boundCondition(rule, minor);
  const boundText = boundProblem(rule);
  return {
    first: minorUnitsExpression(value),
    value: major,
    cases: [
      rule.required ? `WHEN ${value} IS NULL THEN ${check.label} || ': is required'` : '',
      ...minorUnitsCases({ value, minor, major, currency }, shownValue, param),
      `WHEN ${value} IS NOT NULL AND ${minor} IS NULL THEN ${shownValue} || ${param(TYPE_PROBLEM.decimal)}`,
      bound && boundText ? `WHEN ${bound} THEN ${shownValue} || ${param(boundText)}` : '',
    ].filter(Boolean),
  };
}

/** How a field given in another form is read (days since a start date, minor units), if it is. */
function stepwiseReading(
  kind: RecordKind,
  check: StepwiseField,
  sources: ReadonlyMap<string, FieldSource>,
  param: (value: DuckDBValue) => string,
  conventions: FileConventions,
): StepwiseReading | undefined {
  const { source } = check;
  const daysUntil = 'daysUntil' in source ? source.daysUntil : undefined;
  const until = FIELD_RULES[kind].find((candidate) => candidate.field === daysUntil);
  if (until) return daysSinceReading({ ...check, until }, sources, param, conventions);
  if ('minorUnits' in source && source.minorUnits) return minorUnitsReading(check, sources, param);
  return undefined;
}

/**
 * The case of an identifier that a spreadsheet turned into a number in scientific notation: Excel shows a
 * number of 12 digits or more as 1.23457E+11 and saves a CSV as it shows it, so the id has lost its last
 * digits, and different customers or cancellations would share one id. Not loaded: the digits cannot be had
 * back from the file.
 */
function scientificIdCase(value: string, shownValue: string, param: Bind): string {
  // Every id of every row passes here: the plain test first makes it a third of the regular expression's cost
  // (3M ids, one thread: 0.1 s against 0.3 s).
  return `WHEN contains(${value}, 'E+') AND regexp_full_match(${value}, '[0-9](\\.[0-9]+)?E\\+[0-9]{1,3}')
    THEN ${shownValue} || ${param('is a number a spreadsheet shortened to scientific notation, which has lost its last digits: format the column as text (or as a number without decimals) in the sheet and save it again')}`;
}

/**
 * The case of an enum value that says the row's value is not decided yet (an outcome "pending"): the generic
 * message would suggest mapping it, and a request mapped to an outcome is counted as one.
 */
function undecidedCase(words: readonly string[], field: string, shownValue: string, param: Bind): string {
  return `WHEN t_${field} IS NULL AND list_contains(${param(listValue([...words]))}, ${enumSpellingSql(`v_${field}`)})
    THEN ${shownValue} || ${param(`says the request is still open, and a request is loaded once it has an ${field}: ingest it from a later export that has one (mapping it to an ${field} with "values" would count it as that ${field})`)}`;
}

/**
 * The case of a date written with a two-digit year ("06/12/26", "6-Dec-26"): DuckDB reads its year as 26 AD
 * (or 6), which the range check would reject with a message that hides why. Which century is meant is not
 * guessed: 12/06/26 could also be read with its day or month last.
 */
function twoDigitYearCase(value: string, typed: string, shownValue: string, param: Bind): string {
  return `WHEN year(${typed}) < 100 AND NOT regexp_matches(${value}, '[0-9]{4}')
    THEN ${shownValue} || ${param('has a two-digit year, whose century churnlens does not guess: write years with four digits (2026-12-06; in a spreadsheet, a date format with yyyy)')}`;
}

/**
 * The case of an ISO 8601 week date ("2026-W49", "2026-W49-1"): a week, or a day named by its week, which
 * DuckDB does not read; the generic message would call ISO 8601 what the value already is.
 */
function weekDateCase(value: string, typed: string, shownValue: string, param: Bind): string {
  return `WHEN ${typed} IS NULL AND regexp_full_match(${value}, '[0-9]{4}-?W[0-9]{2}(-?[1-7])?')
    THEN ${shownValue} || ${param('is an ISO week date, which churnlens does not read: write the calendar day (2026-11-30)')}`;
}

/**
 * The case of a time followed by a zone abbreviation ("10:00 CET", "9:30 PM EST"): not read, because an
 * abbreviation names no one zone (CST is US Central and China Standard Time, IST India, Israel and Ireland).
 * UTC and GMT are read, and AM/PM is no zone.
 */
function zoneAbbreviationCase(value: string, typed: string, shownValue: string, param: Bind): string {
  const abbreviation = `regexp_extract(${value}, '[0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(\\s*[AaPp][Mm])?\\s+([A-Z]{2,5})$', 4)`;
  // list_contains, not NOT IN (file header).
  return `WHEN ${typed} IS NULL AND NOT list_contains(['', 'AM', 'PM', 'UTC', 'GMT'], ${abbreviation})
    THEN ${shownValue} || ${param('ends in the time zone abbreviation "')} || ${abbreviation}
      || ${param('", which churnlens does not read, since an abbreviation may stand for several zones (CST is US Central and China Standard Time): write the time with its UTC offset (2026-11-30 10:00+01:00)')}`;
}

/**
 * The case of a date column holding spreadsheet serial numbers (46362, or 46362.75 with a time: days since
 * 1899-12-30), as a sheet saves date cells formatted as numbers. Not read: a workbook may count from 1904
 * instead (older Mac Excel), four years later, and a five-digit number in a date column may be another number.
 * The message says which date Excel would show, so that the column is recognised.
 */
function spreadsheetSerialCase(value: string, typed: string, shownValue: string, param: Bind): string {
  const excelDate = `strftime(DATE '1899-12-30' + floor(TRY_CAST(${value} AS DOUBLE))::INTEGER, '%Y-%m-%d')`;
  return `WHEN ${typed} IS NULL AND regexp_full_match(${value}, '[0-9]{5}(\\.[0-9]+)?')
    THEN ${shownValue} || ${param('is a number, not a date: a spreadsheet date serial (')} || ${excelDate}
      || ${param(' as Excel counts)? Format the column as dates in the sheet (yyyy-mm-dd) and save it again')}`;
}

/** The cases of a date written in a way churnlens recognises but does not read, each saying what to write. */
function unreadDateCases(value: string, typed: string, shownValue: string, param: Bind): string[] {
  return [
    spreadsheetSerialCase(value, typed, shownValue, param),
    weekDateCase(value, typed, shownValue, param),
    zoneAbbreviationCase(value, typed, shownValue, param),
  ];
}

/**
 * The case of a date outside DATE_RANGE: a placeholder such as 9999-12-31, or Excel's day zero (1899-12-30),
 * which would otherwise become the data's newest or oldest day, or a tenure of 45,000 days.
 */
function outOfRangeCase(typed: string, shownValue: string, param: (value: DuckDBValue) => string): string {
  const [earliest, latest] = [param(DATE_RANGE.earliest), param(DATE_RANGE.latest)];
  return `WHEN NOT (${typed})::DATE BETWEEN ${earliest}::DATE AND ${latest}::DATE
    THEN ${shownValue} || 'must be between ' || ${earliest} || ' and ' || ${latest}`;
}

/**
 * The case of a time without an offset in a column whose zone churnlens does not know: rejected rather than
 * read in a guessed zone, as a numeric date of an unsettled order is.
 */
function unknownZoneCase(
  value: string,
  zone: ColumnTimeZone | undefined,
  shownValue: string,
  param: (value: DuckDBValue) => string,
): string | undefined {
  if (zone === undefined || isKnownZone(zone)) return undefined;
  return `WHEN ${localTimeCondition(value, param)} THEN ${shownValue} || ${param(
    `has no UTC offset and its column's time zone, "${zone.written}" (as ${zone.namedIn} says), is not one churnlens knows: name it by its IANA name (America/Denver) or its offset (-07:00) there, or write the times with their offset`,
  )}`;
}

/** A time of day as a time column holds one: 14:32, 14:32:05, 09:05:00.250, 2:32 PM. */
const TIME_OF_DAY = '([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?(\\s*[AaPp][Mm])?';

/**
 * The case of a date whose time column holds no time of day (`w_<field>`, FieldSource `timeOfDay`): said of
 * that column's value, since the date itself may be right.
 */
function timeOfDayCase(field: string, label: string, timeHeader: string, param: Bind): string {
  return `WHEN t_${field} IS NULL AND w_${field} IS NOT NULL AND NOT regexp_full_match(w_${field}, ${param(TIME_OF_DAY)})
    THEN ${label} || ': "' || left(w_${field}, 80) || ${param(`" in column "${timeHeader}" is not a time of day (14:32, 14:32:05 or 2:32 PM)`)}`;
}

/** The case of a numeric date (3/1/2024) in a file that does not settle its day and month order. */
function unsettledDateCase(
  value: string,
  typed: string,
  shownValue: string,
  param: (value: DuckDBValue) => string,
): string {
  return `WHEN ${typed} IS NULL AND regexp_matches(${value}, ${param(NUMERIC_DATE_PATTERN)})
    THEN ${shownValue} || ${param(UNSETTLED_DATE)}`;
}

/** The check query's parts, one entry per field in each, put together by assembleCheckSql. */
interface CheckParts {
  /** The staged text of each field (v_), and whether a referenced record exists (found_). */
  raw: string[];
  /** Each field converted to its type (t_), or the first step of a stepwise reading (s_). */
  typed: string[];
  /** Values made from typed ones (days since a start date), beside the checks. */
  derived: string[];
  /** Each field's problems in words (e_), NULL when it has none. */
  errors: string[];
  /** Each field's name when it has a problem. */
  faults: string[];
  joins: string[];
}

/** The cases of a field read in one step: required, each way its value may fail its type, its bounds. */
function typedFieldCases(
  rule: FieldRule,
  field: string,
  message: {
    label: string;
    shownValue: string;
    currency: string | undefined;
    zone?: ColumnTimeZone;
    timeHeader?: string;
  },
  conventions: FileConventions,
  param: Bind,
): (string | undefined)[] {
  const { label, shownValue, currency, zone, timeHeader } = message;
  const problem =
    rule.type === 'enum'
      ? param(`${TYPE_PROBLEM.enum}${(rule.values ?? []).join(', ')} ${ENUM_HINT}`)
      : param(TYPE_PROBLEM[rule.type]);
  const cases = [
    rule.required ? `WHEN v_${field} IS NULL THEN ${label} || ': is required'` : undefined,
    rule.type === 'id' ? scientificIdCase(`v_${field}`, shownValue, param) : undefined,
    rule.type === 'decimal' ? ambiguousAmountCase(`v_${field}`, `t_${field}`, shownValue) : undefined,
    rule.type === 'integer'
      ? ambiguousAmountCase(`v_${field}`, `t_${field}`, shownValue, 'whole')
      : undefined,
    rule.type === 'decimal' ? parenthesizedAmountCase(`v_${field}`, `t_${field}`, shownValue) : undefined,
    rule.type === 'currency'
      ? severalCurrenciesCase(`v_${field}`, `t_${field}`, shownValue, param)
      : undefined,
    currency ? otherCurrencyCase(`v_${field}`, `t_${field}`, currency, shownValue, param) : undefined,
    rule.type === 'timestamp' && !conventions.dateOrder
      ? unsettledDateCase(`v_${field}`, `t_${field}`, shownValue, param)
      : undefined,
    unknownZoneCase(`v_${field}`, zone, shownValue, param),
    ...(rule.type === 'timestamp' ? unreadDateCases(`v_${field}`, `t_${field}`, shownValue, param) : []),
    timeHeader === undefined ? undefined : timeOfDayCase(field, label, timeHeader, param),
    rule.undecided ? undecidedCase(rule.undecided, field, shownValue, param) : undefined,
    `WHEN v_${field} IS NOT NULL AND t_${field} IS NULL THEN ${shownValue} || ${problem}`,
  ];
  if (rule.type === 'timestamp') {
    cases.push(
      twoDigitYearCase(`v_${field}`, `t_${field}`, shownValue, param),
      outOfRangeCase(`t_${field}`, shownValue, param),
    );
  }
  if (rule.maxLength !== undefined) {
    const most = Number(rule.maxLength);
    cases.push(
      `WHEN length(v_${field}) > ${most} THEN ${shownValue} || 'is ' || format('{:,}', length(v_${field})) || ${param(` characters long; at most ${most.toLocaleString('en-US')} are accepted`)}`,
    );
  }
  const bound = boundCondition(rule, `t_${field}`);
  const boundText = boundProblem(rule);
  if (bound && boundText) cases.push(`WHEN ${bound} THEN ${shownValue} || ${param(boundText)}`);
  return cases;
}

/** A field that names another table's record: the join that finds it, and the case when none is found. */
function referenceCheck(
  rule: FieldRule & { references: string },
  field: string,
  text: string,
  label: string,
  param: Bind,
): { join: string; found: string; case: string } {
  const table = identifier(rule.references);
  const noun = param(table.replace(/s$/, ''));
  const hint = param(`has been ingested (load the ${table} file first)`);
  const rejectedHint = param(
    ' earlier in this run (see its rejected rows), so it is not in the database: ingest this file again once it is loaded',
  );
  const rejectedIn = `(SELECT id, min(file) AS file FROM ${RUN_REJECTED_IDS} WHERE record_table = ${param(rule.references)} GROUP BY id)`;
  const missing = `t_${field} IS NOT NULL AND NOT found_${field}`;
  return {
    join: `LEFT JOIN (SELECT id FROM ${table}) ref_${field} ON ref_${field}.id = ${text}
      LEFT JOIN ${rejectedIn} rej_${field} ON rej_${field}.id = ${text}`,
    found: `ref_${field}.id IS NOT NULL AS found_${field}, rej_${field}.file AS rejected_in_${field}`,
    case: `WHEN ${missing} AND rejected_in_${field} IS NOT NULL
        THEN ${label} || ': ' || ${noun} || ' "' || t_${field} || '" was rejected in ' || rejected_in_${field} || ${rejectedHint}
      WHEN ${missing} THEN ${label} || ': no ' || ${noun} || ' "' || t_${field} || '" ' || ${hint}`,
  };
}

/** Adds one field's reading and checks to `parts`: a filled flag, a stepwise reading or a typed value. */
function addFieldChecks(
  parts: CheckParts,
  kind: RecordKind,
  rule: FieldRule,
  sources: ReadonlyMap<string, FieldSource>,
  conventions: FileConventions,
  param: Bind,
): void {
  const field = identifier(rule.field);
  const source = sources.get(rule.field) as FieldSource;
  const text = stagedFieldText(source, param);
  parts.raw.push(`${text} AS v_${field}`);
  if ('filled' in source && source.filled) {
    parts.typed.push(`(v_${field} IS NOT NULL) AS t_${field}`);
    parts.errors.push(`NULL::VARCHAR AS e_${field}`);
    parts.faults.push('NULL');
    return;
  }
  const label = param(fieldLabel(field, source));
  const currency = currencyText(rule, sources);
  const shown = `'"' || left(v_${field}, 80) || '" '`;
  parts.faults.push(`CASE WHEN e_${field} IS NOT NULL THEN '${field}' END`);
  const reading = stepwiseReading(kind, { field, rule, source, label, shown }, sources, param, conventions);
  if (reading) {
    parts.typed.push(`${reading.first} AS s_${field}`);
    parts.derived.push(`${reading.value} AS t_${field}`);
    if (reading.join) parts.joins.push(reading.join);
    parts.errors.push(`CASE ${reading.cases.join(' ')} END AS e_${field}`);
    return;
  }
  const zone = 'timeZone' in source ? source.timeZone : undefined;
  const typed = typedExpression(rule, `v_${field}`, param, currency, conventions);
  parts.typed.push(`${inTimeZoneExpression(typed, `v_${field}`, zone, param)} AS t_${field}`);
  // The field and its value, as each message starts: mrr (column "MRR"): "-5".
  const shownValue = `${label} || ': ' || ${shown}`;
  const timeOfDay = 'timeOfDay' in source ? source.timeOfDay : undefined;
  if (timeOfDay) parts.raw.push(`${timeOfDayText(timeOfDay)} AS w_${field}`);
  const message = { label, shownValue, currency, zone, timeHeader: timeOfDay?.header };
  const cases = typedFieldCases(rule, field, message, conventions, param);
  if (rule.references) {
    const reference = referenceCheck({ ...rule, references: rule.references }, field, text, label, param);
    parts.joins.push(reference.join);
    parts.raw.push(reference.found);
    cases.push(reference.case);
  }
  parts.errors.push(`CASE ${cases.filter(Boolean).join(' ')} END AS e_${field}`);
}

/** The check query from its parts: raw texts, then typed values, then derived values and problems. */
function assembleCheckSql(fields: readonly string[], parts: CheckParts): string {
  const errorNames = fields.map((field) => `e_${field}`);
  return `
    SELECT __pos, __version,
      ${fields.map((field) => `t_${field} AS ${field}`).join(', ')},
      -- A record the reader could not make sense of is reported for that alone, not for every empty field.
      coalesce(__reader_error, concat_ws('; ', ${errorNames.join(', ')})) AS __message,
      CASE WHEN __reader_error IS NOT NULL THEN __reader_field ELSE concat_ws(', ', ${parts.faults.join(', ')}) END AS __fields
    FROM (
      SELECT *, ${[...parts.derived, ...parts.errors].join(',\n        ')}
      FROM (
        SELECT *, ${parts.typed.join(',\n          ')}
        FROM (
          SELECT s.rowid AS __pos, s.__version, s.__reader_error, s.__reader_field,
            ${parts.raw.join(',\n            ')}
          FROM ingest_stage s
          ${parts.joins.join('\n          ')}
          WHERE s.__skip_reason IS NULL
        )
      )
    )`;
}

/**
 * SELECT producing `ingest_checked`: rowid as `__pos`, each present field converted, `__message` (all
 * problems, '' when valid), `__fields` (the fields at fault) and `__version`. Rows the reader marked as
 * skipped are left out; `references` rules join the referenced table.
 */
export function buildCheckQuery(
  kind: RecordKind,
  sources: ReadonlyMap<string, FieldSource>,
  conventions: FileConventions = {},
): CheckQuery {
  const { params, param } = parameterBinder();
  const rules = FIELD_RULES[kind].filter((rule) => sources.has(rule.field));
  const parts: CheckParts = { raw: [], typed: [], derived: [], errors: [], faults: [], joins: [] };
  for (const rule of rules) addFieldChecks(parts, kind, rule, sources, conventions, param);
  const fields = rules.map((rule) => rule.field);
  return { sql: assembleCheckSql(fields, parts), params, fields };
}

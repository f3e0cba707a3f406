/**
 * The SQL that reads a date or date-time from a staged value: ISO 8601 (with a UTC offset, also after a
 * space), numeric dates in the file's day/month order (date-order.ts), and the other spellings exports use
 * whose reading is not in doubt: Unix time in seconds or milliseconds, compact dates (20240301) and dates
 * with an English month name. Used by build-check-query.ts; formats travel as parameters.
 */
import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { type DateOrder, NUMERIC_DATE_PATTERN, numericDateFormats } from './date-order.ts';
import type { ColumnTimeZone } from './time-zones.ts';

/**
 * Dates with words in them: a month name, as people type them into spreadsheets ("March 1, 2024",
 * "1 Mar 2024", "Mar 1, 2024 10:00 PM") and BI tools export them ("March 1, 2024, 10:00 AM"), as e-mail and
 * HTTP headers write them ("Fri, 01 Mar 2024 10:00:00 GMT"), and ISO times marked GMT.
 */
const MONTH_NAME_FORMATS = [
  '%B %d, %Y',
  '%b %d, %Y',
  '%b %d %Y',
  '%d %B %Y',
  '%d %b %Y',
  '%B %d, %Y %I:%M %p',
  '%b %d, %Y %I:%M %p',
  '%B %d, %Y %H:%M',
  '%b %d, %Y %H:%M',
  '%d %b %Y %H:%M',
  '%d %b %Y %H:%M:%S',
  '%a, %d %b %Y %H:%M:%S GMT',
  // Metabase and other BI tools export "March 1, 2024, 10:00 AM".
  '%B %d, %Y, %I:%M %p',
  '%b %d, %Y, %I:%M %p',
  '%B %d, %Y, %I:%M:%S %p',
  '%b %d, %Y, %I:%M:%S %p',
  '%b %d, %Y %I:%M:%S %p',
  // Oracle, SAS and Excel's "dd-mmm-yyyy": 04-Mar-2026.
  '%d-%b-%Y',
  '%d-%b-%Y %H:%M',
  '%d-%b-%Y %H:%M:%S',
  // An ISO time followed by GMT, as some exports write UTC; DuckDB reads " UTC" itself, but only after seconds.
  '%Y-%m-%d %H:%M:%S GMT',
  '%Y-%m-%d %H:%M GMT',
  '%Y-%m-%d %H:%M UTC',
];

/**
 * Year-first dates with a 12-hour clock, as Google Forms downloads its Timestamp column ("2026/03/02
 * 2:01:07 AM"), with or without a " GMT+1" offset (OFFSET_FORMATS); the year first leaves no day/month doubt.
 */
const TWELVE_HOUR_FORMATS = [
  '%Y/%m/%d %I:%M:%S %p',
  '%Y/%m/%d %I:%M %p',
  '%Y-%m-%d %I:%M:%S %p',
  '%Y-%m-%d %I:%M %p',
];
const OFFSET_FORMATS = TWELVE_HOUR_FORMATS.map((format) => `${format} %z`);
/** " GMT+1", " GMT-10": the offset Google Forms writes after a time, which strptime reads as "+01:00". */
const GMT_OFFSET = ' GMT([+-])([0-9]{1,2})$';

/** ISO 8601, with a UTC offset honoured when it has one. */
function isoExpression(value: string): string {
  // A UTC offset after the date (+02:00, -0530) needs the slower TIMESTAMPTZ parse to be honoured; the
  // ingest connection runs in UTC, so its result is UTC. Dates, naive times and "Z" parse as TIMESTAMP.
  // Ruby and Rails exports write the offset after a space ("2024-03-01 10:00:00 +0100"), Go's time.String()
  // follows it with the zone's abbreviation ("… -0500 EST"), which the offset makes redundant, and an offset of
  // whole hours may have two digits ("… -05"). DuckDB reads all three only with the offset unspaced and alone.
  const spacedOffset = `regexp_replace(${value}, '\\s+([+-][0-9]{2}(:?[0-9]{2})?)(\\s+[A-Za-z]{2,5})?$', '\\1')`;
  return `CASE WHEN contains(substr(${value}, 11), '+') OR contains(substr(${value}, 11), '-')
    THEN TRY_CAST(coalesce(TRY_CAST(${value} AS TIMESTAMPTZ), TRY_CAST(${spacedOffset} AS TIMESTAMPTZ)) AS TIMESTAMP)
    ELSE TRY_CAST(${value} AS TIMESTAMP) END`;
}

/**
 * The spellings other than ISO, tried only for values ISO does not read. Ten digits are Unix seconds
 * (2001–2286) and thirteen milliseconds, as databases and event pipelines export time; eight digits are a
 * compact date. None of these lengths is a number a date column would otherwise hold. Seconds may have a
 * fraction (Python's time.time(), and pandas writes a column of them with gaps as floats: 1709287200.0).
 */
function otherFormsExpression(value: string, param: (value: DuckDBValue) => string): string {
  const offset = `regexp_replace(${value}, '${GMT_OFFSET}', '') || ' ' || regexp_extract(${value}, '${GMT_OFFSET}', 1)
    || lpad(regexp_extract(${value}, '${GMT_OFFSET}', 2), 2, '0') || ':00'`;
  return `CASE WHEN regexp_full_match(${value}, '[0-9]{10}') THEN make_timestamp(${value}::BIGINT * 1000000)
    WHEN regexp_full_match(${value}, '[0-9]{13}') THEN make_timestamp(${value}::BIGINT * 1000)
    WHEN regexp_full_match(${value}, '[0-9]{10}\\.[0-9]{1,6}')
      THEN make_timestamp((${value}::DECIMAL(22, 6) * 1000000)::BIGINT)
    WHEN regexp_full_match(${value}, '[0-9]{8}') THEN try_strptime(${value}, '%Y%m%d')
    WHEN regexp_matches(${value}, '${GMT_OFFSET}')
      THEN TRY_CAST(try_strptime(${offset}, ${param(listValue(OFFSET_FORMATS))}) AS TIMESTAMP)
    WHEN regexp_matches(${value}, '[A-Za-z]{3}') THEN try_strptime(${value}, ${param(listValue(MONTH_NAME_FORMATS))})
    WHEN regexp_matches(${value}, '[0-9] ?[AaPp][Mm]$') THEN try_strptime(${value}, ${param(listValue(TWELVE_HOUR_FORMATS))}) END`;
}

/**
 * A staged value as a TIMESTAMP, NULL when it is no date. Numeric dates (3/1/2024) read only with the
 * file's `dateOrder`; without one the caller rejects them, saying how to settle it.
 */
export function timestampExpression(
  value: string,
  param: (value: DuckDBValue) => string,
  dateOrder: DateOrder | undefined,
): string {
  const otherForms = otherFormsExpression(value, param);
  const fallback = dateOrder
    ? `CASE WHEN regexp_matches(${value}, ${param(NUMERIC_DATE_PATTERN)})
        THEN try_strptime(${value}, ${param(listValue(numericDateFormats(dateOrder)))}) ELSE ${otherForms} END`
    : otherForms;
  return `coalesce(${isoExpression(value)}, ${fallback})`;
}

/** How a value ends when it says its own zone: "Z", an offset ("+01:00", "-0530", " GMT+1"), "UTC" or "GMT". */
const OWN_ZONE_SUFFIX = '(z|[+-][0-9]{2}(:?[0-9]{2})?|\\butc|\\bgmt([+-][0-9]{1,2})?)$';

/**
 * Whether a staged value is a time of day without a zone of its own: a clock time ("10:05", "10:05:33 PM")
 * and no offset, "Z", UTC or GMT. A date alone stays its day; Unix time is an instant already.
 */
export function localTimeCondition(value: string, param: (value: DuckDBValue) => string): string {
  return `(regexp_matches(${value}, '[0-9]:[0-9]{2}') AND NOT regexp_matches(lower(${value}), ${param(OWN_ZONE_SUFFIX)}))`;
}

/**
 * A typed TIMESTAMP read from `value` as the UTC time it stands for when `value` is a local time in `zone`
 * (localTimeCondition); NULL in a zone churnlens does not know, which the caller rejects. Unchanged without a
 * zone, and for a value that says its own.
 */
export function inTimeZoneExpression(
  typed: string,
  value: string,
  zone: ColumnTimeZone | undefined,
  param: (value: DuckDBValue) => string,
): string {
  if (zone === undefined) return typed;
  return `CASE WHEN ${localTimeCondition(value, param)} THEN ${utcOfLocal(typed, zone, param)} ELSE ${typed} END`;
}

/** A local time in `zone` as the UTC time it stands for; NULL in a zone churnlens does not know. */
function utcOfLocal(typed: string, zone: ColumnTimeZone, param: (value: DuckDBValue) => string): string {
  // ICU applies the zone's offset on that date, daylight saving time included.
  if (zone.name !== undefined) return `timezone(${param(zone.name)}, ${typed})::TIMESTAMP`;
  if (zone.offsetMinutes !== undefined) return `${typed} - to_minutes(${param(zone.offsetMinutes)}::INTEGER)`;
  return 'NULL::TIMESTAMP';
}

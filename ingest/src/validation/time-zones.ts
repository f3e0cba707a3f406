/**
 * Some exports write their times without an offset and name, outside the cells, the time zone they are in:
 * Qualtrics' ImportId row says `{"ImportId":"recordedDate","timeZone":"America/Denver"}` over
 * `2024-03-31 20:00:00`. Read as UTC such a time lands hours off, on the next day (and month) for an evening
 * in the Americas. The zone named for a date field's column is settled here, once per file: an IANA name
 * DuckDB's ICU knows (its daylight saving time included) or a fixed offset; build-check-query reads the
 * column's times without an offset in it, and rejects them when the zone is unknown rather than guess.
 */
import { FIELD_RULES } from '@churnlens/models/schema/field-rules';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnMatch, ColumnPlan } from '../mapping/match-columns.ts';
import type { ColumnTimeZones } from '../sources/staged-source.ts';

/** The zone a column's times without an offset are in, as the export names it and as it is read. */
export interface ColumnTimeZone {
  /** As the export writes it: "America/Denver", "+01:00", "Z". */
  written: string;
  /** Where the export names it, as the run says it ("its ImportId row"). */
  namedIn: string;
  /** The IANA name ICU knows it by; unset for a fixed offset or an unknown zone. */
  name?: string;
  /** A fixed offset's minutes east of UTC; unset for a named or an unknown zone. */
  offsetMinutes?: number;
}

/** "Z", "+01:00", "-0530", "+01": an offset from UTC, which holds all year. */
const FIXED_OFFSET = /^(?:Z|([+-])([0-9]{2})(?::?([0-9]{2}))?)$/i;

/** The minutes east of UTC of a zone written as a fixed offset, undefined for any other zone. */
export function fixedOffsetMinutes(zone: string): number | undefined {
  const parts = FIXED_OFFSET.exec(zone.trim());
  if (!parts) return undefined;
  const [, sign, hours, minutes] = parts;
  if (sign === undefined) return 0;
  const total = Number(hours) * 60 + Number(minutes ?? 0);
  return sign === '-' ? -total : total;
}

/** The name ICU knows a zone by ("america/denver" is America/Denver), undefined when it knows none. */
async function knownZoneName(connection: DuckDBConnection, zone: string): Promise<string | undefined> {
  // A lookup rather than a trial timezone() call: an error would abort the file's transaction.
  const reader = await connection.runAndReadAll(
    `SELECT min(name) AS name FROM pg_timezone_names() WHERE lower(name) = lower($zone)`,
    { zone: zone.trim() },
  );
  const name = reader.getRowObjectsJson()[0]?.name;
  return typeof name === 'string' ? name : undefined;
}

async function columnTimeZone(
  connection: DuckDBConnection,
  written: string,
  namedIn: string,
): Promise<ColumnTimeZone> {
  const offsetMinutes = fixedOffsetMinutes(written);
  if (offsetMinutes !== undefined) return { written, namedIn, offsetMinutes };
  const name = await knownZoneName(connection, written);
  return name === undefined ? { written, namedIn } : { written, namedIn, name };
}

/** Whether churnlens can read times in the zone: a fixed offset or a name ICU knows. */
export function isKnownZone(zone: ColumnTimeZone): boolean {
  return zone.name !== undefined || zone.offsetMinutes !== undefined;
}

/**
 * The plan with the zone the export names for each date field's column (ColumnMatch `timeZone`); unchanged
 * when it names none.
 */
export async function settleTimeZones(
  connection: DuckDBConnection,
  plan: ColumnPlan,
  named: ColumnTimeZones | undefined,
): Promise<ColumnPlan> {
  if (named === undefined) return plan;
  const dateFields = new Set(
    FIELD_RULES[plan.kind].filter((rule) => rule.type === 'timestamp').map((rule) => rule.field),
  );
  const matches: ColumnMatch[] = [];
  for (const match of plan.matches) {
    const written = named.zones[match.header];
    const read = dateFields.has(match.field) && !match.daysUntil && written !== undefined;
    matches.push(
      read ? { ...match, timeZone: await columnTimeZone(connection, written, named.namedIn) } : match,
    );
  }
  return { ...plan, matches };
}

/** What the run says of a date field read in its column's zone, or warns of one whose zone is unknown. */
export function timeZoneNote(match: ColumnMatch): string | undefined {
  const { timeZone } = match;
  if (timeZone === undefined || !isKnownZone(timeZone)) return undefined;
  return `${match.field}: column "${match.header}" read in ${timeZone.name ?? timeZone.written}, as ${timeZone.namedIn} says`;
}

export function unknownTimeZoneWarning(match: ColumnMatch): string | undefined {
  const { timeZone } = match;
  if (timeZone === undefined || isKnownZone(timeZone)) return undefined;
  return `${match.field}: column "${match.header}" is in "${timeZone.written}", as ${timeZone.namedIn} says, a time zone churnlens does not know; its times without a UTC offset are rejected`;
}

/**
 * The period a summary covers and the one it is compared with (docs/metrics.md, "Summary period"):
 * without dates, the last 30 days up to the data's end date; the previous period has the same length and
 * ends the day before the current one starts.
 */

export const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both inclusive, as YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

export interface ComparedPeriods {
  current: Period;
  previous: Period;
}

/** `dataEndDate` is the day of the newest requested_at (null for an empty database: today is used). */
export function comparedPeriods(
  requested: { from?: string; to?: string },
  dataEndDate: string | null,
  today: string = new Date().toISOString().slice(0, 10),
): ComparedPeriods {
  const defaultTo = dataEndDate ?? today;
  let to = requested.to ?? defaultTo;
  if (requested.to === undefined && requested.from !== undefined && requested.from > to) to = requested.from;
  const from = requested.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const lengthDays = daysBetween(from, to) + 1;
  const previousTo = addDays(from, -1);
  return {
    current: { from, to },
    previous: { from: addDays(previousTo, -(lengthDays - 1)), to: previousTo },
  };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

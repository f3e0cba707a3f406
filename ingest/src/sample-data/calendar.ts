/**
 * Time arithmetic for the sample data: the fixed data window (never the current clock, so output is
 * reproducible), ISO 8601 UTC formatting and monthly billing dates. Times are epoch milliseconds (UTC).
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const DEFAULT_END_DATE = '2026-10-31';
export const WINDOW_MONTHS = 18;

export interface DataWindow {
  /** First instant of the window: WINDOW_MONTHS calendar months before `endMs`. */
  startMs: number;
  /** Exclusive end: midnight UTC after the last data day. Nothing observed happens at or after it. */
  endMs: number;
  /** Number of whole days in the window. */
  days: number;
}

/** The window of WINDOW_MONTHS months that ends with the given last data day (YYYY-MM-DD, inclusive). */
export function dataWindow(endDate: string): DataWindow {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  const endMs = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1) : Number.NaN;
  if (!match || Number.isNaN(endMs) || new Date(endMs - DAY_MS).toISOString().slice(0, 10) !== endDate) {
    throw new RangeError(`end date must be a calendar date written YYYY-MM-DD, got "${endDate}"`);
  }
  const startMs = addMonths(endMs, -WINDOW_MONTHS);
  return { startMs, endMs, days: Math.round((endMs - startMs) / DAY_MS) };
}

/** Truncates to a whole second so that every comparison matches what the formatted timestamps show. */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
/** `HH:MM:SSZ` for every second of a day, and `YYYY-MM-DDT` per epoch day: formatting is two lookups. */
const TIMES_OF_DAY = Array.from(
  { length: 86_400 },
  (_, second) =>
    `${TWO_DIGITS[Math.floor(second / 3_600)]}:${TWO_DIGITS[Math.floor((second % 3_600) / 60)]}:${TWO_DIGITS[second % 60]}Z`,
);
const CACHED_DAYS = 40_000;
const datePrefixes = new Array<string | undefined>(CACHED_DAYS).fill(undefined);

/** `2026-03-04T10:15:00Z`: ISO 8601 UTC to the second, as churnlens expects in imports. */
export function isoTimestamp(ms: number): string {
  const seconds = Math.floor(ms / SECOND_MS);
  const day = Math.floor(seconds / 86_400);
  // The cache covers 1970–2079; other days are formatted without it.
  let prefix = day >= 0 ? datePrefixes[day] : undefined;
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (day >= 0 && day < CACHED_DAYS) datePrefixes[day] = prefix;
  }
  return prefix + TIMES_OF_DAY[seconds - day * 86_400];
}

/** Year, zero-based month and day of month of each epoch day, cached because billing dates need them often. */
const civilDays = new Array<number | undefined>(CACHED_DAYS).fill(undefined);

function civilDay(day: number): { year: number; month: number; date: number } {
  let packed = day >= 0 ? civilDays[day] : undefined;
  if (packed === undefined) {
    const at = new Date(day * DAY_MS);
    packed = at.getUTCFullYear() * 10_000 + at.getUTCMonth() * 100 + at.getUTCDate();
    if (day >= 0 && day < CACHED_DAYS) civilDays[day] = packed;
  }
  return { year: Math.floor(packed / 10_000), month: Math.floor(packed / 100) % 100, date: packed % 100 };
}

/** Adds calendar months in UTC; a day past the end of the target month clamps to its last day. */
export function addMonths(ms: number, months: number): number {
  const day = Math.floor(ms / DAY_MS);
  const { year, month, date } = civilDay(day);
  const lastDay = civilDay(Math.floor(Date.UTC(year, month + months + 1, 0) / DAY_MS)).date;
  return Date.UTC(year, month + months, Math.min(date, lastDay)) + (ms - day * DAY_MS);
}

/** The first renewal strictly after `afterMs` of a subscription billed every `periodMonths` from `anchorMs`. */
export function nextRenewal(anchorMs: number, afterMs: number, periodMonths: number): number {
  const anchor = civilDay(Math.floor(anchorMs / DAY_MS));
  const after = civilDay(Math.floor(afterMs / DAY_MS));
  const elapsedMonths = (after.year - anchor.year) * 12 + after.month - anchor.month;
  let periods = Math.max(0, Math.floor(elapsedMonths / periodMonths));
  let renewal = addMonths(anchorMs, periods * periodMonths);
  while (renewal <= afterMs) {
    periods++;
    renewal = addMonths(anchorMs, periods * periodMonths);
  }
  return renewal;
}

/** Zero-based month index of a time (0 = January). */
export function monthOf(ms: number): number {
  return new Date(ms).getUTCMonth();
}

/** Day of week of a time (0 = Sunday). */
export function weekdayOf(ms: number): number {
  return new Date(ms).getUTCDay();
}

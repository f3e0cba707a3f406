/**
 * Turns validated insight filters into a SQL condition on the filter columns `cancellation_facts` and its
 * month-cell tables share. Values only ever travel as $named parameters; the column names are fixed here, so
 * no user input reaches the SQL text.
 */
import type { InsightFilters } from '@churnlens/models/insight-filters';

export interface FilterSql {
  /** A boolean SQL expression ('TRUE' when there are no filters), ready for `WHERE ${sql}`. */
  sql: string;
  params: Record<string, string>;
}

export interface FilterSqlOptions {
  /** Table alias of cancellation_facts in the caller's query (default: unqualified columns). */
  alias?: string;
  /** Prefix of the parameter names, so one query can hold two filter sets (default 'filter_'). */
  paramPrefix?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Filters on free text from the source files ("pro", "Pro"), matched without regard to case: a user who types
 * a plan as the billing system shows it finds it, where an exact match found nothing and said nothing.
 */
const CASE_BLIND_FILTERS: ReadonlySet<string> = new Set(['plan', 'segment']);

/** Columns of cancellation_facts each equality filter compares with. */
const EQUALITY_COLUMNS = {
  plan: 'plan',
  country: 'country',
  channel: 'channel',
  segment: 'segment',
  tenure: 'tenure_bucket',
} as const;

/** The columns besides requested_at that `filters` compare. */
export function filteredColumns(filters: InsightFilters): string[] {
  const columns: string[] = Object.entries(EQUALITY_COLUMNS)
    .filter(([key]) => filters[key as keyof typeof EQUALITY_COLUMNS] !== undefined)
    .map(([, name]) => name);
  return filters.reason !== undefined && filters.reason.length > 0 ? [...columns, 'reason'] : columns;
}

export function buildFilterSql(filters: InsightFilters, options: FilterSqlOptions = {}): FilterSql {
  const alias = options.alias ?? '';
  const prefix = options.paramPrefix ?? 'filter_';
  if (alias !== '' && !IDENTIFIER.test(alias)) throw new Error(`invalid SQL alias "${alias}"`);
  if (!IDENTIFIER.test(prefix)) throw new Error(`invalid parameter prefix "${prefix}"`);
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const conditions: string[] = [];
  const params: Record<string, string> = {};

  if (filters.from !== undefined) {
    params[`${prefix}from`] = filters.from;
    conditions.push(`${column('requested_at')} >= CAST($${prefix}from AS DATE)`);
  }
  if (filters.to !== undefined) {
    // `to` is a whole day, inclusive: everything before the next midnight.
    params[`${prefix}to`] = filters.to;
    conditions.push(`${column('requested_at')} < CAST($${prefix}to AS DATE) + INTERVAL 1 DAY`);
  }
  for (const [key, name] of Object.entries(EQUALITY_COLUMNS) as [keyof typeof EQUALITY_COLUMNS, string][]) {
    const value = filters[key];
    if (value === undefined) continue;
    params[`${prefix}${key}`] = value;
    conditions.push(
      CASE_BLIND_FILTERS.has(key)
        ? `lower(${column(name)}) = lower($${prefix}${key})`
        : `${column(name)} = $${prefix}${key}`,
    );
  }
  if (filters.reason !== undefined && filters.reason.length > 0) {
    const names = filters.reason.map((reason, index) => {
      params[`${prefix}reason_${index}`] = reason;
      return `$${prefix}reason_${index}`;
    });
    conditions.push(`${column('reason')} IN (${names.join(', ')})`);
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params };
}

/**
 * GET /api/filter-values: the plans, countries and segments the data holds, for a filter form to offer.
 * Plan and segment are free text in the source files ("pro", "Pro plan"), and the filters match them whole (in
 * any case), so a form that guesses a spelling finds nothing. Counted from the month cells: the same values as the facts,
 * in far fewer rows.
 */
import type { ApiDatabase } from '../db.ts';
import type { FilterValues } from '../schemas/filter-values.ts';

const FILTER_VALUES_SQL = `
  SELECT field, value, requests FROM (
    SELECT 'plan' AS field, plan AS value, sum(requests)::INTEGER AS requests
    FROM cancellation_month_cells GROUP BY plan
    UNION ALL
    SELECT 'country', country, sum(requests)::INTEGER FROM cancellation_month_cells GROUP BY country
    UNION ALL
    SELECT 'segment', segment, sum(requests)::INTEGER FROM cancellation_month_cells GROUP BY segment
  )
  WHERE value IS NOT NULL
  ORDER BY field, requests DESC, value`;

export async function queryFilterValues(db: ApiDatabase): Promise<FilterValues> {
  const rows = await db.query<{ field: keyof FilterValues; value: string; requests: number }>(
    FILTER_VALUES_SQL,
  );
  const values: FilterValues = { plan: [], country: [], segment: [] };
  for (const { field, value, requests } of rows) values[field].push({ value, requests });
  return values;
}

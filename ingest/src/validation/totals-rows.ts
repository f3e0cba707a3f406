/**
 * Reports saved from spreadsheets and BI tools often end with a totals row (`Total,,,,,,1234.50`): its first
 * cell names it, and it has no value in the fields a record needs. Read as a record it was rejected field by
 * field ("customer_id: is required; subscription_id: is required; …"), which hides what it is; it is skipped
 * with its reason and counted, as an empty row is. A row whose first cell says "Total" but that has every
 * required field is a record (a customer id "total" is possible) and is validated as any other.
 */
import { FIELD_RULES } from '@churnlens/models/schema/field-rules';
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { ColumnPlan } from '../mapping/match-columns.ts';
import { stageColumn } from '../sources/staged-source.ts';
import { identifier } from '../sql/identifier.ts';
import { valueOrNull } from './build-check-query.ts';
import { enumSpellingSql } from './enum-spelling.ts';

/** How a totals row names itself, as enum values are matched (enum-spelling.ts), a trailing colon dropped. */
const TOTAL_LABELS = [
  'total',
  'totals',
  'grand_total',
  'sum',
  'summe',
  'gesamt',
  'gesamtsumme',
  'totaal',
  'totale',
  'total_général',
];

/** Marks the rows of ingest_stage whose first column says "Total" and that lack a required field as skipped. */
export async function skipTotalsRows(
  connection: DuckDBConnection,
  plan: ColumnPlan,
  headers: readonly string[],
): Promise<void> {
  const [firstHeader] = headers;
  const required = new Set(FIELD_RULES[plan.kind].filter((rule) => rule.required).map((rule) => rule.field));
  const requiredColumns = new Set(
    plan.matches.filter((match) => required.has(match.field) && !match.filled).map((match) => match.column),
  );
  if (firstHeader === undefined || requiredColumns.size === 0) return;
  const first = identifier(stageColumn(0));
  const lacksField = [...requiredColumns]
    .map((column) => `${valueOrNull(identifier(stageColumn(column)))} IS NULL`)
    .join(' OR ');
  await connection.run(
    `UPDATE ingest_stage
     SET __skip_reason = 'a totals row ("' || trim(${first}) || '" in column "' || $header || '")'
     WHERE __skip_reason IS NULL AND __reader_error IS NULL
       AND list_contains($labels, rtrim(${enumSpellingSql(first)}, ':')) AND (${lacksField})`,
    { header: firstHeader, labels: listValue(TOTAL_LABELS) },
  );
}

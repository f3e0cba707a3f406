/**
 * Compares a database whose derived tables the writers kept current with a copy of it rebuilt from scratch
 * (rebuildDerivedTables), table by table and answer by answer, and says which rows or fields differ: the
 * derived tables are only worth their speed if they never drift from the rows they summarize.
 */
import { copyFileSync } from 'node:fs';
import { type ApiDatabase, openApiDatabase } from '@churnlens/api/db';
import { rebuildDerivedTables } from '@churnlens/models/database/derived-tables';
import { inTransaction } from '@churnlens/models/database/open-database';

/**
 * Every table rebuildDerivedTables writes, read in full. verbatim_index gathers each text's phrase ids with
 * list() in no set order, and /api/themes reads them as a set, so they are compared sorted.
 */
const DERIVED_TABLE_READS = {
  effective_classifications: 'SELECT * FROM effective_classifications',
  cancellation_facts: 'SELECT * FROM cancellation_facts',
  cancellation_month_cells: 'SELECT * FROM cancellation_month_cells',
  cancellation_month_totals: 'SELECT * FROM cancellation_month_totals',
  channel_month_cells: 'SELECT * FROM channel_month_cells',
  offer_facts: 'SELECT * FROM offer_facts',
  offer_month_cells: 'SELECT * FROM offer_month_cells',
  offer_month_totals: 'SELECT * FROM offer_month_totals',
  verbatim_documents: 'SELECT * FROM verbatim_documents',
  verbatim_index: 'SELECT * REPLACE (list_sort(phrase_ids) AS phrase_ids) FROM verbatim_index',
} as const;

type DerivedTable = keyof typeof DERIVED_TABLE_READS;

type Row = Record<string, unknown>;

/** A table's rows, and which of its columns are floating point (sums a recount may add in another order). */
interface TableRows {
  rows: Row[];
  floatColumns: Set<string>;
}

export type DerivedTableSnapshot = Record<DerivedTable, TableRows>;

/** Rows shown per side of a table that differs: enough to see the pattern, few enough to read. */
const SHOWN_ROWS = 5;

/**
 * Equal values; floating-point ones this close count as equal (the same facts summed in another order), lists
 * and objects by their JSON.
 */
function nearlyEqual(left: unknown, right: unknown): boolean {
  if (typeof left !== 'number' || typeof right !== 'number')
    return JSON.stringify(left) === JSON.stringify(right);
  return Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(left), Math.abs(right));
}

/** Every row of every derived table of `db`, with which columns are compared within a tolerance. */
export async function snapshotDerivedTables(db: ApiDatabase): Promise<DerivedTableSnapshot> {
  const snapshot: Partial<DerivedTableSnapshot> = {};
  for (const [table, read] of Object.entries(DERIVED_TABLE_READS) as [DerivedTable, string][]) {
    const columns = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE ${table}`);
    const floatColumns = columns.filter(({ column_type }) => /^(DOUBLE|FLOAT|REAL)$/.test(column_type));
    snapshot[table] = {
      rows: await db.query(read),
      floatColumns: new Set(floatColumns.map(({ column_name }) => column_name)),
    };
  }
  return snapshot as DerivedTableSnapshot;
}

/** A row's exactly compared columns, as the text rows are grouped by. */
function exactPart(row: Row, floatColumns: Set<string>): string {
  return JSON.stringify(Object.entries(row).filter(([column]) => !floatColumns.has(column)));
}

function groupByExactPart(table: TableRows): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of table.rows) {
    const key = exactPart(row, table.floatColumns);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const rows of groups.values()) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return groups;
}

function sameFloats(left: Row, right: Row, floatColumns: Set<string>): boolean {
  return [...floatColumns].every((column) => nearlyEqual(left[column], right[column]));
}

/** The rows of `table` in one snapshot and not the other: [only in `left`, only in `right`]. */
function unmatchedRows(left: TableRows, right: TableRows): [Row[], Row[]] {
  const leftGroups = groupByExactPart(left);
  const rightGroups = groupByExactPart(right);
  const onlyLeft: Row[] = [];
  const onlyRight: Row[] = [];
  for (const key of new Set([...leftGroups.keys(), ...rightGroups.keys()])) {
    const leftRows = leftGroups.get(key) ?? [];
    const rightRows = rightGroups.get(key) ?? [];
    const paired = leftRows.length === rightRows.length;
    if (paired && leftRows.every((row, index) => sameFloats(row, rightRows[index] ?? {}, left.floatColumns)))
      continue;
    onlyLeft.push(...leftRows);
    onlyRight.push(...rightRows);
  }
  // Sorted by their columns in order, so that the rows shown for each side are those of the same ids.
  const byColumns = (a: Row, b: Row) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return [onlyLeft.sort(byColumns), onlyRight.sort(byColumns)];
}

/** The first column's value of each row, when no other row of `rows` has it. */
function byUniqueFirstColumn(rows: Row[]): Map<string, Row> {
  const counted = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(Object.values(row)[0]);
    counted.set(key, [...(counted.get(key) ?? []), row]);
  }
  return new Map(
    [...counted].flatMap(([key, group]) => (group.length === 1 ? [[key, group[0] as Row]] : [])),
  );
}

/** The columns in which two rows differ, as `column: kept value, rebuilt value`. */
function changedColumns(kept: Row, rebuilt: Row): string {
  return Object.keys(kept)
    .filter((column) => !nearlyEqual(kept[column], rebuilt[column]))
    .map(
      (column) =>
        `${column}: ${JSON.stringify(kept[column])} kept, ${JSON.stringify(rebuilt[column])} rebuilt`,
    )
    .join('; ');
}

/**
 * The first differing rows of a table: a row both sides have under the same id (first column) as the columns
 * that differ, the others whole.
 */
function shownRows(onlyKept: Row[], onlyRebuilt: Row[]): string[] {
  const kept = byUniqueFirstColumn(onlyKept);
  const rebuilt = byUniqueFirstColumn(onlyRebuilt);
  const paired = [...kept.keys()].filter((key) => rebuilt.has(key));
  const pairedRows = new Set(paired.flatMap((key) => [kept.get(key), rebuilt.get(key)]));
  const whole = (label: string, rows: Row[]) =>
    rows
      .filter((row) => !pairedRows.has(row))
      .slice(0, SHOWN_ROWS)
      .map((row) => `  ${label} ${JSON.stringify(row)}`);
  return [
    ...paired
      .slice(0, SHOWN_ROWS)
      .map((key) => `  ${key}: ${changedColumns(kept.get(key) as Row, rebuilt.get(key) as Row)}`),
    ...whole('only kept:   ', onlyKept),
    ...whole('only rebuilt:', onlyRebuilt),
  ];
}

/**
 * One message per derived table whose rows differ between the two snapshots, naming the table and showing
 * the first differing rows; empty when every table holds the same rows (in any order).
 */
export function derivedTableDifferences(
  incremental: DerivedTableSnapshot,
  rebuilt: DerivedTableSnapshot,
): string[] {
  return (Object.keys(DERIVED_TABLE_READS) as DerivedTable[]).flatMap((table) => {
    const [onlyIncremental, onlyRebuilt] = unmatchedRows(incremental[table], rebuilt[table]);
    if (onlyIncremental.length === 0 && onlyRebuilt.length === 0) return [];
    return [
      [
        `${table}: ${onlyIncremental.length} rows only as kept by the writers, ${onlyRebuilt.length} only after a rebuild`,
        ...shownRows(onlyIncremental, onlyRebuilt),
      ].join('\n'),
    ];
  });
}

/** Differences listed per answer: the first few show where it went wrong. */
const SHOWN_DIFFERENCES = 10;

/** A value as a difference shows it, cut short when it is a long list or object. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The paths (`.reasons.3.count`) at which two JSON answers differ, numbers compared as nearlyEqual, each with
 * both values.
 */
export function jsonDifferences(kept: unknown, rebuilt: unknown): string[] {
  const differences: string[] = [];
  const visit = (left: unknown, right: unknown, at: string): void => {
    if (differences.length >= SHOWN_DIFFERENCES) return;
    const objects = typeof left === 'object' && left !== null && typeof right === 'object' && right !== null;
    const sameShape =
      objects &&
      Array.isArray(left) === Array.isArray(right) &&
      (!Array.isArray(left) || left.length === (right as unknown[]).length);
    if (!sameShape) {
      if (objects || !nearlyEqual(left, right))
        differences.push(`${at || '(body)'}: ${shown(left)} kept, ${shown(right)} rebuilt`);
      return;
    }
    const [leftRecord, rightRecord] = [left as Record<string, unknown>, right as Record<string, unknown>];
    for (const key of new Set([...Object.keys(leftRecord), ...Object.keys(rightRecord)]))
      visit(leftRecord[key], rightRecord[key], `${at}.${key}`);
  };
  visit(kept, rebuilt, '');
  return differences;
}

/**
 * A copy of `db`'s file at `copyPath` with every derived table rebuilt from scratch, opened as a second API
 * database. The writer's work is checkpointed first, so the file alone holds all of it.
 */
export async function rebuiltCopy(db: ApiDatabase, copyPath: string): Promise<ApiDatabase> {
  await db.write((connection) => connection.run('CHECKPOINT'));
  copyFileSync(db.path, copyPath);
  const copy = await openApiDatabase(copyPath);
  await copy.write((connection) => inTransaction(connection, rebuildDerivedTables));
  return copy;
}

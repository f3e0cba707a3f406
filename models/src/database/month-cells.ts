/**
 * The month cells (schema migrations 14, 15, 16, 17 and 26): a fact table counted per request month and every
 * value the insight filters and groupings read, so that queries over whole months sum cells instead of rows
 * (api/src/queries/month-cells.ts reads them, with the facts of a window's partial months). They are kept
 * current cell by cell: recountingCells notes the cells a write's facts were in before and after it, and
 * recounts those cells from the facts.
 */
import { type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api';

export interface MonthCellTable {
  table:
    | 'cancellation_month_cells'
    | 'cancellation_month_totals'
    | 'offer_month_cells'
    | 'offer_month_totals'
    | 'channel_month_cells';
  /** The fact table counted; it has a requested_at column. */
  facts: 'cancellation_facts' | 'offer_facts';
  /** The columns identifying a cell besides its requested_month, as in the migration's source view. */
  keys: readonly string[];
  /** The cell's aggregates over its facts, as in the migration's source view. */
  measures: string;
  /** The columns those aggregates are stored in. */
  measureColumns: readonly string[];
  /** One fact as a cell of its own: the measure columns as expressions over a single fact row. */
  oneFactAsCell: string;
}

/** The facts' columns that the common filters plan, country, channel, segment and tenure read. */
const FILTER_VALUE_KEYS = ['plan', 'country', 'channel', 'segment', 'tenure_bucket'] as const;

/** `cells` without the keys `dropped`, as table `table`: the same measures summed over those keys' values. */
function summedOver(
  cells: MonthCellTable,
  table: MonthCellTable['table'],
  dropped: readonly string[],
): MonthCellTable {
  return { ...cells, table, keys: cells.keys.filter((key) => !dropped.includes(key)) };
}

/** Migration 14's cancellation_month_cells_source, which a test keeps this in step with. */
export const CANCELLATION_MONTH_CELLS: MonthCellTable = {
  table: 'cancellation_month_cells',
  facts: 'cancellation_facts',
  keys: [...FILTER_VALUE_KEYS, 'signup_month', 'reason', 'outcome', 'retained', 'needs_review'],
  measures: `count(*) AS requests, sum(mrr_usd) AS mrr_usd, sum(sentiment) AS sentiment_sum,
    count(sentiment) AS sentiment_count`,
  measureColumns: ['requests', 'mrr_usd', 'sentiment_sum', 'sentiment_count'],
  oneFactAsCell: `1::BIGINT AS requests, mrr_usd, sentiment AS sentiment_sum,
    (sentiment IS NOT NULL)::BIGINT AS sentiment_count`,
};

/**
 * Migration 26's cancellation_month_totals_source: the cancellation cells without the filter values and the
 * signup month, which /api/summary and /api/reasons read when no filter or breakdown names one. At 10M
 * cancellations the benchmark window's 900k cells are 1.6k totals.
 */
export const CANCELLATION_MONTH_TOTALS = summedOver(CANCELLATION_MONTH_CELLS, 'cancellation_month_totals', [
  ...FILTER_VALUE_KEYS,
  'signup_month',
]);

/**
 * Migration 17's offer_month_cells_source (first made by migration 15), likewise: accepted offers are also
 * counted per acceptance month, kept days and churn, from which /api/offers reads the save rates of offers
 * old enough to judge at every horizon.
 */
export const OFFER_MONTH_CELLS: MonthCellTable = {
  table: 'offer_month_cells',
  facts: 'offer_facts',
  keys: [...FILTER_VALUE_KEYS, 'reason', 'offer_type', 'accepted', 'accepted_month', 'kept_days', 'churned'],
  measures: 'count(*) AS offers, sum(mrr_usd) AS mrr_usd',
  measureColumns: ['offers', 'mrr_usd'],
  oneFactAsCell: '1::BIGINT AS offers, mrr_usd',
};

/**
 * Migration 26's offer_month_totals_source: the offer cells without the filter values, which /api/offers
 * reads when no filter names one. At 10M cancellations the benchmark window's 740k offer cells are 5.6k
 * totals: the offers of every plan, country, channel, segment and tenure summed.
 */
export const OFFER_MONTH_TOTALS = summedOver(OFFER_MONTH_CELLS, 'offer_month_totals', FILTER_VALUE_KEYS);

/**
 * Migration 16's channel_month_cells_source: /api/channels' counts per channel and agent, with the waits as a
 * histogram of wait buckets (each wait rounded by at most 0.5 %, the macro `wait_bucket_of`) from which the
 * API reads the percentiles.
 */
export const CHANNEL_MONTH_CELLS: MonthCellTable = {
  table: 'channel_month_cells',
  facts: 'cancellation_facts',
  keys: ['channel', 'agent_id', 'wait_bucket'],
  measures: `count(*) AS requests, count(*) FILTER (WHERE retained) AS retained,
    count(*) FILTER (WHERE follow_up_answered) AS follow_up_answered,
    sum(follow_up_score_sum)::BIGINT AS follow_up_score_sum,
    sum(follow_up_score_count)::BIGINT AS follow_up_score_count`,
  measureColumns: [
    'requests',
    'retained',
    'follow_up_answered',
    'follow_up_score_sum',
    'follow_up_score_count',
  ],
  oneFactAsCell: `1::BIGINT AS requests, retained::BIGINT AS retained,
    follow_up_answered::BIGINT AS follow_up_answered, follow_up_score_sum::BIGINT AS follow_up_score_sum,
    follow_up_score_count::BIGINT AS follow_up_score_count`,
};

/** A fact's request month, the time key of its cell; the API's queries put partial months' facts in it too. */
export const MONTH_OF_REQUEST = `date_trunc('month', requested_at)::DATE`;

/**
 * Facts about to change: those of `cells.facts` matching `condition` (SQL written by churnlens code). Entries
 * with the same facts and condition are read once, with the first one's params.
 */
export interface ChangingFacts {
  cells: MonthCellTable;
  condition: string;
  params?: Record<string, DuckDBValue>;
}

function touchedTable(cells: MonthCellTable): string {
  return `touched_${cells.table}`;
}

/** Cells are matched on every key; country, segment, tenure and signup month can be NULL. */
function sameCell(cells: MonthCellTable, left: string, right: string): string {
  return ['requested_month', ...cells.keys]
    .map((key) => `${left}.${key} IS NOT DISTINCT FROM ${right}.${key}`)
    .join(' AND ');
}

/**
 * Adds the cells the changing facts are in now to their touched tables. Cell tables counting the same facts
 * share one read of them: finding a few changing rows scans the whole fact table (170 ms at 10M
 * cancellations for 10 of them), so each fact table is read once into a scratch table of every key.
 */
async function noteTouchedCells(
  connection: DuckDBConnection,
  changing: readonly ChangingFacts[],
): Promise<void> {
  const reads = new Map<string, ChangingFacts[]>();
  for (const facts of changing) {
    const read = `${facts.cells.facts} WHERE ${facts.condition}`;
    reads.set(read, [...(reads.get(read) ?? []), facts]);
  }
  for (const [read, group] of reads) {
    const keys = new Set(group.flatMap(({ cells }) => cells.keys));
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE changing_facts AS
       SELECT ${MONTH_OF_REQUEST} AS requested_month, ${[...keys].join(', ')} FROM ${read}`,
      group[0]?.params ?? {},
    );
    for (const { cells } of group) {
      await connection.run(
        `INSERT INTO ${touchedTable(cells)}
         SELECT DISTINCT requested_month, ${cells.keys.join(', ')} FROM changing_facts`,
      );
    }
    await connection.run('DROP TABLE changing_facts');
  }
}

/**
 * Recounts the touched cells from the facts and forgets them. Only the facts of those cells are grouped, and
 * only the months they span are read: grouping the source view instead groups every fact first (1.4 s at
 * 10M cancellations against 0.35 s).
 */
async function recountTouchedCells(connection: DuckDBConnection, cells: MonthCellTable): Promise<void> {
  const touched = touchedTable(cells);
  const bounds = await connection.runAndReadAll(
    `SELECT min(requested_month)::VARCHAR AS first, max(requested_month)::VARCHAR AS last FROM ${touched}`,
  );
  const { first, last } = bounds.getRowObjectsJson()[0] as { first: string | null; last: string | null };
  if (first !== null && last !== null) {
    await connection.run(
      `DELETE FROM ${cells.table} c USING ${touched} t WHERE ${sameCell(cells, 'c', 't')}`,
    );
    await connection.run(
      `INSERT INTO ${cells.table} BY NAME
       SELECT requested_month, ${cells.keys.join(', ')}, ${cells.measures}
       FROM (SELECT *, ${MONTH_OF_REQUEST} AS requested_month FROM ${cells.facts}
             WHERE requested_at >= CAST($first AS DATE) AND requested_at < CAST($last AS DATE) + INTERVAL 1 MONTH) f
       SEMI JOIN ${touched} t ON ${sameCell(cells, 'f', 't')}
       GROUP BY ALL`,
      { first, last },
    );
  }
  await connection.run(`DROP TABLE ${touched}`);
}

/**
 * The entries of `changing` whose cell table the database has. A migration's populate step runs today's
 * writers on the schema of its own version: migration 19 recounts facts before migration 26 creates
 * offer_month_totals, which that migration then fills from its source view.
 */
async function withExistingCells(
  connection: DuckDBConnection,
  changing: readonly ChangingFacts[],
): Promise<ChangingFacts[]> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND list_contains($tables, table_name)`,
    { tables: listValue(changing.map(({ cells }) => cells.table)) },
  );
  const existing = new Set(reader.getRowObjectsJson().map((row) => row.table_name));
  return changing.filter(({ cells }) => existing.has(cells.table));
}

/**
 * Runs `write`, which changes the facts `changing` describes, and recounts the month cells those facts were
 * in before it and are in after it (a fact that moved month or outcome leaves one cell and joins another).
 */
export async function recountingCells(
  connection: DuckDBConnection,
  changingFacts: readonly ChangingFacts[],
  write: () => Promise<void>,
): Promise<void> {
  const changing = await withExistingCells(connection, changingFacts);
  for (const { cells } of changing) {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${touchedTable(cells)} AS
       SELECT ${MONTH_OF_REQUEST} AS requested_month, ${cells.keys.join(', ')} FROM ${cells.facts} LIMIT 0`,
    );
  }
  await noteTouchedCells(connection, changing);
  await write();
  await noteTouchedCells(connection, changing);
  for (const { cells } of changing) await recountTouchedCells(connection, cells);
}

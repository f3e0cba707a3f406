/**
 * GET /api/themes: key phrases rising in the period (the most frequent ones when it cannot be compared with
 * the previous period), and clusters of verbatims no reason fits (docs/api.md, "Themes"). Each stored
 * verbatim's 1–3-word phrases were listed at ingest (models/src/database/verbatim-index.ts); DuckDB counts
 * them per period and JS only scores the few hundred candidates (models/src/metrics/emerging-phrases.ts) and
 * names the best ones' facets under the theme they belong to (theme-facets.ts).
 *
 * A document is one verbatim occurrence: a filtered cancellation's reason text, or a survey free-text answer
 * given about a filtered cancellation. Both are dated by the cancellation's requested_at.
 */
import type { InsightFilters } from '@churnlens/models/insight-filters';
import {
  type PeriodSizes,
  type PhraseCounts,
  phraseComparisonGap,
  rankEmergingPhrases,
  rankFrequentPhrases,
} from '@churnlens/models/metrics/emerging-phrases';
import {
  type ReasonMix,
  reasonSpecificPhrases,
  tellsReasonsApart,
} from '@churnlens/models/metrics/reason-specific-phrases';
import { foldFacets, type PhraseOverlap } from '@churnlens/models/metrics/theme-facets';
import { comparedPeriodsGap } from '@churnlens/models/report/period-change';
import { comparedPeriods } from '@churnlens/models/reporting-period';
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { ApiDatabase, SqlParams } from '../db.ts';
import type { EmergingTheme, Themes } from '../schemas/themes.ts';
import { readDataSpan } from './data-end.ts';
import { buildFilterSql } from './filter-sql.ts';

/**
 * Phrases pre-selected in SQL by share rise (by documents when the periods are not compared); JS re-scores
 * them with the rarity weight and merges overlaps.
 */
const CANDIDATE_LIMIT = 400;
/**
 * Ranked phrases checked for facets of one theme per place asked for: the places a facet would have taken go
 * to the next phrases of this shortlist.
 */
const SHORTLIST_PER_PLACE = 3;
const EXAMPLES_PER_GROUP = 3;
/** A phrase, or a cluster, seen in fewer documents than this is an anecdote rather than a theme. */
const DEFAULT_MIN_DOCUMENTS = 3;
/** A cluster is labelled with its longest phrase shared by at least this share of its members. */
const CLUSTER_LABEL_COVER = 0.7;
/**
 * A phrase seeds or labels a cluster only when it is at least this many times as frequent among the period's
 * unexplained documents as among its explained ones. A phrase found as often whatever the reason ("call",
 * "need", "company" on the sample data) tells nothing about why those customers left, yet being widespread it
 * won the most members.
 */
const CLUSTER_PHRASE_CONTRAST = 2;
const MAX_CLUSTERS = 10;
/** Per-connection scratch table holding one request's documents; dropped before the connection is released. */
const DOCUMENTS_TABLE = 'theme_documents';
/** Likewise, one row per distinct text of the documents, numbered. */
const TEXTS_TABLE = 'theme_texts';
/** Likewise, each of those texts' phrase ids, with the text's document counts. */
const PAIRS_TABLE = 'theme_pairs';
/** Likewise, each phrase seen in enough documents of the period, with its document counts. */
const PHRASE_COUNTS_TABLE = 'theme_phrase_counts';
/** Likewise, the documents containing the chosen phrases. */
const MATCHES_TABLE = 'theme_matches';
const SCRATCH_TABLES = [DOCUMENTS_TABLE, TEXTS_TABLE, PAIRS_TABLE, PHRASE_COUNTS_TABLE, MATCHES_TABLE];

export interface ThemeOptions {
  limit: number;
  minDocuments?: number;
}

/**
 * Creates the documents of both periods, grouped by verbatim: one row per (text_id, in_current, unexplained,
 * week, and with `withReasons` the effective reason) with how many documents quote it and the newest one's
 * date (from verbatim_documents, kept by the writers). Identical texts have identical phrases, so counting per
 * verbatim, weighted by its documents, gives the same figures as counting per document at a fraction of the
 * work; the later steps join each distinct text's phrase ids from verbatim_index (the phrase texts are in
 * theme_phrases) rather than carry them here (reading every document's list was most of this step at 10M
 * cancellations). Every step joins and groups by the verbatims' integer text_id rather than their hash: at 10M
 * cancellations, grouping the documents by hash took 0.95 of the request's 2.1 s, by text_id 0.55 of 1.3 s
 * (docs/performance.md). The period is a boolean: naming it 'current' or 'previous' took a fifth of this
 * statement (at 10M, whole window, 504–577 ms against 415–455, medians of 5). The reason, which only the
 * periods not compared need (REASON_MIX_SQL), is grouped by its hash: as text it took this statement from
 * 482 to 635 ms, as a hash to 551, and the reasons are only told apart, never named. `current` and `previous`
 * are filter conditions aliased `f`.
 */
function createDocumentsSql(current: string, previous: string, withReasons: boolean): string {
  return `
    CREATE OR REPLACE TEMP TABLE ${DOCUMENTS_TABLE} AS
    SELECT text_id, coalesce(${current}, false) AS in_current, unexplained,${withReasons ? ' hash(reason) AS reason_key,' : ''}
      date_trunc('week', requested_at)::DATE AS week, count(*) AS documents, max(requested_at) AS latest
    FROM verbatim_documents f
    WHERE (${current}) OR (${previous})
    GROUP BY ALL`;
}

interface PhraseRow {
  id: number;
  phrase: string;
  current: number;
  previous: number;
}

interface ExampleRow {
  phrase: string;
  examples: string[];
}

interface WeeklyRow {
  phrase: string;
  week: string;
  documents: number;
  share: number | null;
}

/** A phrase's documents (the period's when id is null) with one reason, told by its hash. */
interface ReasonMixRow {
  id: number | null;
  reason_key: string;
  documents: number;
}

interface ClusterRow {
  label: string;
  size: number;
  examples: string[];
}

/**
 * One row per distinct text of the documents: its documents in each period, and its unexplained documents of
 * the current period with the newest one's date.
 */
const CREATE_TEXTS_SQL = `
  CREATE OR REPLACE TEMP TABLE ${TEXTS_TABLE} AS
  SELECT text_id,
    coalesce(sum(documents) FILTER (WHERE in_current), 0)::INTEGER AS current,
    coalesce(sum(documents) FILTER (WHERE NOT in_current), 0)::INTEGER AS previous,
    coalesce(sum(documents) FILTER (WHERE in_current AND unexplained), 0)::INTEGER AS unexplained,
    max(latest) FILTER (WHERE in_current AND unexplained) AS unexplained_latest
  FROM ${DOCUMENTS_TABLE}
  GROUP BY text_id`;

/** Each text's phrase ids (verbatim_index, listed at ingest) as rows, read once for every later step. */
const CREATE_PAIRS_SQL = `
  CREATE OR REPLACE TEMP TABLE ${PAIRS_TABLE} AS
  SELECT t.text_id, t.current, t.previous, t.unexplained, unnest(i.phrase_ids) AS phrase_id
  FROM ${TEXTS_TABLE} t JOIN verbatim_index i USING (text_id)`;

/**
 * Per phrase seen in at least $minDocuments documents of the current period: its documents in each period
 * and its unexplained documents of the current period, for both the emerging phrases and the clusters.
 */
const CREATE_PHRASE_COUNTS_SQL = `
  CREATE OR REPLACE TEMP TABLE ${PHRASE_COUNTS_TABLE} AS
  SELECT phrase_id, sum(current)::INTEGER AS current, sum(previous)::INTEGER AS previous,
    sum(unexplained)::INTEGER AS unexplained
  FROM ${PAIRS_TABLE}
  GROUP BY phrase_id
  HAVING sum(current) >= $minDocuments`;

/** Every phrase of PHRASE_COUNTS_TABLE had its rise tested, though only the candidates are read. */
const PHRASES_TESTED_SQL = `SELECT count(*)::INTEGER AS tested FROM ${PHRASE_COUNTS_TABLE}`;

/**
 * How the candidates are pre-selected: by share rise when the periods are compared ($currentDocuments and
 * $previousDocuments are then parameters), by documents of the period when they are not.
 */
const CANDIDATE_ORDER = {
  rising: 'c.current / $currentDocuments - c.previous / greatest($previousDocuments, 1) DESC',
  frequent: 'c.current DESC',
} as const;
type CandidateOrder = keyof typeof CANDIDATE_ORDER;

/** The CANDIDATE_LIMIT candidate phrases in `order`, ties by phrase, with their documents in each period. */
function phraseCandidatesSql(order: CandidateOrder): string {
  return `
    SELECT c.phrase_id AS id, t.phrase, c.current, c.previous
    FROM ${PHRASE_COUNTS_TABLE} c JOIN theme_phrases t ON t.id = c.phrase_id
    ORDER BY ${CANDIDATE_ORDER[order]}, t.phrase
    LIMIT ${CANDIDATE_LIMIT}`;
}

/**
 * The effective reasons of the current period's documents (created with their reasons, as hashes): per
 * candidate phrase ($ids) of those containing it, and (id null) of all of them.
 */
const REASON_MIX_SQL = `
  WITH text_reasons AS (
    SELECT text_id, reason_key, sum(documents) AS documents FROM ${DOCUMENTS_TABLE} WHERE in_current GROUP BY ALL
  ),
  candidate_texts AS (
    SELECT phrase_id, text_id FROM ${PAIRS_TABLE} WHERE current > 0 AND phrase_id IN (SELECT unnest($ids))
  )
  SELECT c.phrase_id AS id, r.reason_key, sum(r.documents)::INTEGER AS documents
  FROM candidate_texts c JOIN text_reasons r USING (text_id)
  GROUP BY ALL
  UNION ALL
  SELECT NULL, reason_key, sum(documents)::INTEGER FROM text_reasons GROUP BY reason_key`;

/**
 * The documents of both periods that contain one of the chosen phrases ($ids). The ids filter the pairs
 * rather than join them, so the plan does not hang on join order: DuckDB orders joins by table statistics,
 * and with a scratch table made inside a transaction (which has none) it built the join's hash table on the
 * millions of pairs instead of the ten ids (0.5 s at 10M cancellations against 50 ms).
 */
const CREATE_MATCHES_SQL = `
  CREATE OR REPLACE TEMP TABLE ${MATCHES_TABLE} AS
  WITH matching_texts AS (
    SELECT phrase_id, text_id FROM ${PAIRS_TABLE} WHERE list_contains($ids, phrase_id)
  )
  SELECT c.phrase, d.text_id, d.in_current, d.week, d.documents, d.latest
  FROM matching_texts m
  JOIN theme_phrases c ON c.id = m.phrase_id
  JOIN ${DOCUMENTS_TABLE} d USING (text_id)`;

/**
 * Per pair of the shortlisted phrases ($ids), once: the documents of the current period containing both
 * (theme-facets.ts). Joined by integer id and named last: joining the phrase texts first, and filtering the
 * pairs with list_contains, took 130 ms of the whole window at 10M cancellations against 60 ms.
 */
const OVERLAPS_SQL = `
  WITH shortlisted AS (
    SELECT text_id, current, phrase_id FROM ${PAIRS_TABLE}
    WHERE current > 0 AND phrase_id IN (SELECT unnest($ids))
  ),
  shared_documents AS (
    SELECT a.phrase_id, b.phrase_id AS other_id, sum(a.current)::INTEGER AS shared
    FROM shortlisted a JOIN shortlisted b ON b.text_id = a.text_id AND b.phrase_id < a.phrase_id
    GROUP BY a.phrase_id, b.phrase_id
  )
  SELECT p.phrase, o.phrase AS other, s.shared
  FROM shared_documents s
  JOIN theme_phrases p ON p.id = s.phrase_id
  JOIN theme_phrases o ON o.id = s.other_id`;

/**
 * The candidates for a group's examples: its verbatims whose date ranks among the group's newest three, ties
 * included, so only those texts are read to break ties alphabetically. The group's third-newest date is
 * found with a top-n aggregate rather than a rank() window, which sorted every group's rows (at 10M
 * cancellations, 209k (phrase, text) rows: a third of the examples' time).
 */
function newestOnlySql(relation: string, group: string): string {
  return `thresholds AS (
    SELECT ${group}, max(latest, ${EXAMPLES_PER_GROUP})[-1] AS threshold FROM ${relation} GROUP BY ${group}
  ),
  newest AS (
    SELECT r.* FROM ${relation} r JOIN thresholds t USING (${group}) WHERE r.latest >= t.threshold
  )`;
}

/** Up to three distinct verbatims of the current period per chosen phrase, newest first. */
const EXAMPLES_SQL = `
  WITH matches AS (
    SELECT phrase, text_id, max(latest) AS latest FROM ${MATCHES_TABLE}
    WHERE in_current GROUP BY phrase, text_id
  ),
  ${newestOnlySql('matches', 'phrase')}
  SELECT m.phrase, list(v.text ORDER BY m.latest DESC, v.text)[1:${EXAMPLES_PER_GROUP}] AS examples
  FROM newest m JOIN verbatims v USING (text_id) GROUP BY m.phrase`;

/**
 * Per chosen phrase and calendar week (Monday first) from the previous period's first week to the current
 * period's last: its documents and their share of the week's documents (null for a week without any). The
 * weeks before the first with documents and after the last are left out: a window of centuries would
 * otherwise list tens of thousands of empty weeks per phrase.
 */
const WEEKLY_SQL = `
  WITH totals AS (SELECT week, sum(documents) AS documents FROM ${DOCUMENTS_TABLE} GROUP BY week),
  weeks AS (
    SELECT unnest(generate_series(
      greatest(date_trunc('week', CAST($from AS DATE)), (SELECT min(week) FROM totals))::TIMESTAMP,
      least(date_trunc('week', CAST($to AS DATE)), (SELECT max(week) FROM totals))::TIMESTAMP,
      INTERVAL 7 DAY))::DATE AS week
  ),
  hits AS (SELECT phrase, week, sum(documents) AS documents FROM ${MATCHES_TABLE} GROUP BY phrase, week),
  phrases AS (SELECT unnest(string_split($phrases, '|')) AS phrase)
  SELECT p.phrase, w.week::VARCHAR AS week, coalesce(h.documents, 0)::INTEGER AS documents,
    coalesce(h.documents, 0) / t.documents AS share
  FROM phrases p CROSS JOIN weeks w
  LEFT JOIN hits h ON h.phrase = p.phrase AND h.week = w.week
  LEFT JOIN totals t ON t.week = w.week
  ORDER BY p.phrase, w.week`;

/** Words in a phrase (they are separated by single spaces). */
function wordCountSql(phrase: string): string {
  return `length(${phrase}) - length(replace(${phrase}, ' ', '')) + 1`;
}

/**
 * Each unexplained document of the period joins the cluster of its most widespread telling phrase (longer
 * phrases win ties); a cluster is labelled with its longest telling phrase shared by most members. A phrase
 * tells a reason when it is at least CLUSTER_PHRASE_CONTRAST times as frequent among the period's
 * $unexplainedDocuments as among its $explainedDocuments (compared as products, so that a period without
 * explained documents lets every phrase tell). Documents quoting the same verbatim share its row, weighted by
 * their number.
 */
const CLUSTERS_SQL = `
  WITH review_phrase_ids AS (
    SELECT text_id, unexplained AS documents, phrase_id FROM ${PAIRS_TABLE} WHERE unexplained > 0
  ),
  phrase_documents AS (
    -- preference: 1 for the most widespread phrase, longer phrases first among equals, then by text; an
    -- integer to compare per (document, phrase) pair instead of a struct (a quarter of the time at 10M).
    SELECT c.phrase_id,
      row_number() OVER (ORDER BY c.unexplained DESC, ${wordCountSql('t.phrase')} DESC, t.phrase DESC) AS preference
    FROM ${PHRASE_COUNTS_TABLE} c
    JOIN theme_phrases t ON t.id = c.phrase_id
    WHERE c.unexplained >= $minDocuments
      AND c.unexplained * $explainedDocuments::DOUBLE
        >= ${CLUSTER_PHRASE_CONTRAST} * (c.current - c.unexplained) * $unexplainedDocuments::DOUBLE
  ),
  assignment AS (
    SELECT r.text_id, any_value(r.documents) AS documents, arg_min(p.phrase_id, p.preference) AS cluster
    FROM review_phrase_ids r JOIN phrase_documents p USING (phrase_id)
    GROUP BY r.text_id
  ),
  -- The largest clusters, ties at the last place included (they are ordered by label below): only these
  -- are labelled and given examples.
  cluster_sizes AS (
    SELECT cluster, sum(documents) AS size FROM assignment GROUP BY cluster HAVING sum(documents) >= $minDocuments
    QUALIFY rank() OVER (ORDER BY sum(documents) DESC) <= ${MAX_CLUSTERS}
  ),
  members AS (
    SELECT a.cluster, a.text_id FROM assignment a WHERE a.cluster IN (SELECT cluster FROM cluster_sizes)
  ),
  cluster_phrases AS (
    SELECT m.cluster, r.phrase_id, sum(r.documents) AS cover
    FROM members m JOIN review_phrase_ids r USING (text_id) SEMI JOIN phrase_documents p USING (phrase_id)
    GROUP BY m.cluster, r.phrase_id
  ),
  labels AS (
    SELECT c.cluster,
      arg_max(t.phrase, {'size': ${wordCountSql('t.phrase')}, 'cover': c.cover, 'phrase': t.phrase}) AS label
    FROM cluster_phrases c
    JOIN cluster_sizes s USING (cluster)
    JOIN theme_phrases t ON t.id = c.phrase_id
    WHERE c.cover >= ${CLUSTER_LABEL_COVER} * s.size
    GROUP BY c.cluster
  ),
  dated_members AS (
    SELECT m.cluster, t.text_id, t.unexplained_latest AS latest
    FROM members m JOIN ${TEXTS_TABLE} t USING (text_id)
  ),
  ${newestOnlySql('dated_members', 'cluster')},
  examples AS (
    SELECT m.cluster, list(v.text ORDER BY m.latest DESC, v.text)[1:${EXAMPLES_PER_GROUP}] AS examples
    FROM newest m JOIN verbatims v USING (text_id)
    GROUP BY m.cluster
  )
  SELECT l.label, s.size::INTEGER AS size, e.examples
  FROM cluster_sizes s JOIN labels l USING (cluster) JOIN examples e USING (cluster)
  ORDER BY s.size DESC, l.label
  LIMIT ${MAX_CLUSTERS}`;

async function rows<T>(connection: DuckDBConnection, sql: string, params: SqlParams = {}): Promise<T[]> {
  return (await connection.runAndReadAll(sql, params)).getRowObjectsJson() as unknown as T[];
}

/** The ranked phrases without the facets of a theme listed before them, each with its facets. */
async function foldShortlist<T extends { id: number; phrase: string; current: number }>(
  connection: DuckDBConnection,
  shortlist: readonly T[],
  limit: number,
): Promise<(T & { related: string[] })[]> {
  if (shortlist.length === 0) return [];
  const ids = listValue(shortlist.map((entry) => entry.id));
  const overlaps = await rows<PhraseOverlap>(connection, OVERLAPS_SQL, { ids });
  return foldFacets(shortlist, overlaps, { limit });
}

/** The examples and weekly series of the chosen phrases, by phrase. */
async function readPhraseDetails(
  connection: DuckDBConnection,
  chosen: readonly { id: number; phrase: string }[],
  span: { from: string; to: string },
): Promise<{ examples: Map<string, string[]>; weekly: Map<string, Omit<WeeklyRow, 'phrase'>[]> }> {
  const examples = new Map<string, string[]>();
  const weekly = new Map<string, Omit<WeeklyRow, 'phrase'>[]>();
  if (chosen.length === 0) return { examples, weekly };
  const joined = chosen.map((entry) => entry.phrase).join('|');
  await connection.run(CREATE_MATCHES_SQL, { ids: listValue(chosen.map((entry) => entry.id)) });
  for (const row of await rows<ExampleRow>(connection, EXAMPLES_SQL)) examples.set(row.phrase, row.examples);
  for (const { phrase, ...week } of await rows<WeeklyRow>(connection, WEEKLY_SQL, {
    phrases: joined,
    ...span,
  })) {
    const series = weekly.get(phrase) ?? [];
    series.push(week);
    weekly.set(phrase, series);
  }
  return { examples, weekly };
}

/**
 * Creates the documents of `filters`' periods and returns the periods with the gap in the data that keeps
 * them from being compared (comparedPeriodsGap), if any. The read has no
 * snapshot, so the span, whose end fixes the default periods and which says whether the data covers both, is
 * read again after the documents: when an ingest committed in between and moved it, the documents are made
 * again. Each answer is then the one the data gives either before or after the ingest. The documents carry
 * their reasons when `withReasons` or when the data does not cover both periods, which is when the periods
 * are not compared but for a previous period without documents (computeThemes).
 */
async function createDocuments(connection: DuckDBConnection, filters: InsightFilters, withReasons: boolean) {
  for (;;) {
    const span = await readDataSpan(connection);
    const periods = comparedPeriods(filters, span?.to ?? null);
    const gap = comparedPeriodsGap(periods, span);
    const reasons = withReasons || gap !== null;
    const current = buildFilterSql(
      { ...filters, ...periods.current },
      { alias: 'f', paramPrefix: 'current_' },
    );
    const previous = buildFilterSql(
      { ...filters, ...periods.previous },
      { alias: 'f', paramPrefix: 'previous_' },
    );
    await connection.run(createDocumentsSql(current.sql, previous.sql, reasons), {
      ...current.params,
      ...previous.params,
    });
    const spanAfter = await readDataSpan(connection);
    if (spanAfter?.from === span?.from && spanAfter?.to === span?.to) return { periods, gap, reasons };
  }
}

/** How the current period's documents, and those of each of `candidates`, divide among the effective reasons. */
async function readReasonMixes(
  connection: DuckDBConnection,
  candidates: readonly { id: number }[],
): Promise<{ phrases: Map<number, ReasonMix>; period: ReasonMix }> {
  const phrases = new Map<number, Map<string, number>>();
  const period = new Map<string, number>();
  if (candidates.length === 0) return { phrases, period };
  const ids = listValue(candidates.map((entry) => entry.id));
  for (const row of await rows<ReasonMixRow>(connection, REASON_MIX_SQL, { ids })) {
    if (row.id === null) {
      period.set(row.reason_key, row.documents);
      continue;
    }
    const mix = phrases.get(row.id) ?? new Map<string, number>();
    mix.set(row.reason_key, row.documents);
    phrases.set(row.id, mix);
  }
  return { phrases, period };
}

/**
 * The phrases that rose most, or, when the shares of the two periods cannot be compared (`notCompared`), the
 * most frequent reason-specific ones of the period (reason-specific-phrases.ts) with no growth, score or
 * test: a phrase the previous period lacks because the data does not cover it is not new.
 */
async function rankPhrases(
  connection: DuckDBConnection,
  sizes: PeriodSizes,
  notCompared: string | null,
  options: { limit: number; minDocuments: number },
): Promise<{
  ranked: (Omit<EmergingTheme, 'weekly' | 'examples' | 'related'> & { id: number })[];
  reasonSpecificOnly: boolean;
  phrasesTested: number | null;
}> {
  const params = {
    currentDocuments: Math.max(sizes.currentDocuments, 1),
    previousDocuments: sizes.previousDocuments,
  };
  const ranking = { limit: options.limit, minCurrentCount: options.minDocuments };
  if (notCompared === null) {
    const counts = await rows<PhraseRow>(connection, phraseCandidatesSql('rising'), params);
    const [family] = await rows<{ tested: number }>(connection, PHRASES_TESTED_SQL);
    const phrasesTested = family?.tested ?? counts.length;
    return {
      ranked: rankEmergingPhrases(counts satisfies PhraseCounts[], sizes, { ...ranking, phrasesTested }),
      reasonSpecificOnly: false,
      phrasesTested,
    };
  }
  const counts = await rows<PhraseRow>(connection, phraseCandidatesSql('frequent'));
  const { phrases, period } = await readReasonMixes(connection, counts);
  const ranked = rankFrequentPhrases(reasonSpecificPhrases(counts, phrases, period), sizes, ranking);
  return {
    ranked: ranked.map((phrase) => ({ ...phrase, growth: null, score: null, pValue: null, qValue: null })),
    reasonSpecificOnly: tellsReasonsApart(period),
    phrasesTested: null,
  };
}

/**
 * The request's scratch tables up to each phrase's counts, and what they say of the periods. Documents
 * without reasons are enough unless the periods turn out not to be compared.
 */
async function countPhrases(
  connection: DuckDBConnection,
  filters: InsightFilters,
  minDocuments: number,
  withReasons: boolean,
) {
  const { periods, gap, reasons } = await createDocuments(connection, filters, withReasons);
  await connection.run(CREATE_TEXTS_SQL);
  await connection.run(CREATE_PAIRS_SQL);
  await connection.run(CREATE_PHRASE_COUNTS_SQL, { minDocuments });
  const [sizes] = await rows<{ current: number; previous: number; unexplained: number }>(
    connection,
    `SELECT coalesce(sum(current), 0)::INTEGER AS current, coalesce(sum(previous), 0)::INTEGER AS previous,
       coalesce(sum(unexplained), 0)::INTEGER AS unexplained
     FROM ${TEXTS_TABLE}`,
  );
  const periodSizes = { currentDocuments: sizes?.current ?? 0, previousDocuments: sizes?.previous ?? 0 };
  const notCompared = phraseComparisonGap(gap, periodSizes);
  return { periods, periodSizes, unexplainedDocuments: sizes?.unexplained ?? 0, notCompared, reasons };
}

/** The themes of `filters`' periods, computed on one connection through the request's scratch tables. */
async function computeThemes(
  connection: DuckDBConnection,
  filters: InsightFilters,
  options: ThemeOptions,
): Promise<Themes> {
  const minDocuments = options.minDocuments ?? DEFAULT_MIN_DOCUMENTS;
  try {
    let counted = await countPhrases(connection, filters, minDocuments, false);
    // A previous period the data covers but no document of: known only once counted.
    if (counted.notCompared !== null && !counted.reasons) {
      counted = await countPhrases(connection, filters, minDocuments, true);
    }
    const { periods, periodSizes, unexplainedDocuments, notCompared } = counted;
    const shortlist = await rankPhrases(connection, periodSizes, notCompared, {
      limit: options.limit * SHORTLIST_PER_PLACE,
      minDocuments,
    });
    const ranked = await foldShortlist(connection, shortlist.ranked, options.limit);
    const details = await readPhraseDetails(connection, ranked, {
      from: periods.previous.from,
      to: periods.current.to,
    });
    const clusters = await rows<ClusterRow>(connection, CLUSTERS_SQL, {
      minDocuments,
      unexplainedDocuments,
      explainedDocuments: periodSizes.currentDocuments - unexplainedDocuments,
    });
    return {
      period: periods.current,
      previousPeriod: periods.previous,
      documents: { current: periodSizes.currentDocuments, previous: periodSizes.previousDocuments },
      minDocuments,
      notCompared,
      reasonSpecificOnly: shortlist.reasonSpecificOnly,
      phrasesTested: shortlist.phrasesTested,
      // The phrase ids are the database's own numbering, nothing a client can use.
      emerging: ranked.map(({ id: _id, ...entry }) => ({
        ...entry,
        weekly: details.weekly.get(entry.phrase) ?? [],
        examples: details.examples.get(entry.phrase) ?? [],
      })),
      candidateReasons: clusters.map((cluster) => ({
        phrase: cluster.label,
        size: cluster.size,
        examples: cluster.examples,
      })),
    };
  } finally {
    await connection.run(SCRATCH_TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
  }
}

export async function queryThemes(
  db: ApiDatabase,
  filters: InsightFilters,
  options: ThemeOptions,
): Promise<Themes> {
  // Without a snapshot (see ReadOptions). Only createDocuments reads data a write changes (the data end date,
  // which fixes the periods, and those periods' documents); every later statement joins the scratch tables to
  // tables whose rows a write adds to but never alters (verbatim_index, theme_phrases, verbatims).
  return db.read((connection) => computeThemes(connection, filters, options), { snapshot: false });
}

/**
 * GET /api/themes: key phrases rising in the period, and clusters of verbatims no reason fits
 * (docs/api.md, "Themes"). DuckDB tokenizes the verbatims and counts 1–3-word phrases per document; JS only
 * scores the few hundred candidates (models/src/metrics/emerging-phrases.ts).
 *
 * A document is one verbatim occurrence: a filtered cancellation's reason text, or a survey free-text answer
 * given about a filtered cancellation. Both are dated by the cancellation's requested_at.
 */
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { type PhraseCounts, rankEmergingPhrases } from '@churnlens/models/metrics/emerging-phrases';
import { THEME_STOPWORDS } from '@churnlens/models/metrics/theme-stopwords';
import type { ApiDatabase, SqlParams } from '../db.ts';
import type { Themes } from '../schemas/themes.ts';
import { buildFilterSql } from './filter-sql.ts';
import { comparedPeriods } from './reporting-period.ts';

/** Phrases pre-selected in SQL by share rise; JS re-scores them with the rarity weight and merges overlaps. */
const CANDIDATE_LIMIT = 400;
const EXAMPLES_PER_GROUP = 3;
/** A phrase, or a cluster, seen in fewer documents than this is an anecdote rather than a theme. */
const DEFAULT_MIN_DOCUMENTS = 3;
/** A cluster is labelled with its longest phrase shared by at least this share of its members. */
const CLUSTER_LABEL_COVER = 0.7;
const MAX_CLUSTERS = 10;

export interface ThemeOptions {
  limit: number;
  minDocuments?: number;
}

/**
 * Documents of both periods with a `period` column ('current' or 'previous'), as the first CTEs of a query.
 * `current` and `previous` are filter conditions on cancellation_facts aliased `f`.
 */
function documentsSql(current: string, previous: string): string {
  const period = `CASE WHEN ${current} THEN 'current' ELSE 'previous' END`;
  return `
    documents AS (
      SELECT f.id AS document_id, ${period} AS period, f.requested_at, f.reason_text AS text,
        f.reason = 'other' OR f.needs_review AS unexplained
      FROM cancellation_facts f
      WHERE (${current} OR ${previous}) AND trim(coalesce(f.reason_text, '')) <> ''
      UNION ALL
      SELECT s.id, ${period}, f.requested_at, s.free_text,
        coalesce(ec.reason, 'other') = 'other' OR coalesce(ec.needs_review, false)
      FROM survey_responses s
      JOIN cancellation_facts f ON f.id = s.cancellation_id
      LEFT JOIN effective_classifications ec ON ec.text_hash = s.text_hash
      WHERE (${current} OR ${previous}) AND trim(coalesce(s.free_text, '')) <> ''
    ),
    stopwords AS (SELECT string_split($stopwords, ' ') AS words),
    tokenized AS (
      SELECT document_id, period, requested_at, text, unexplained,
        list_filter(
          list_transform(
            regexp_split_to_array(lower(nfc_normalize(replace(text, '’', ''''))), '[^\\p{L}\\p{N}'']+'),
            word -> trim(word, '''')
          ),
          word -> word <> ''
        ) AS words
      FROM documents
    ),
    positions AS (
      SELECT t.document_id, t.period, t.unexplained, t.words,
        list_transform(t.words, word -> list_contains(s.words, word)) AS is_stopword,
        generate_subscripts(t.words, 1) AS i
      FROM tokenized t CROSS JOIN stopwords s
    ),
    grams AS (
      -- Phrases of 1–3 words that neither start nor end with a stopword, once per document.
      SELECT DISTINCT document_id, period, unexplained, size, array_to_string(words[i:i + size - 1], ' ') AS phrase
      FROM positions CROSS JOIN (VALUES (1), (2), (3)) AS sizes(size)
      WHERE i + size - 1 <= len(words) AND NOT is_stopword[i] AND NOT is_stopword[i + size - 1]
    )`;
}

function periodFilters(filters: InsightFilters, dataEndDate: string | null) {
  const periods = comparedPeriods(filters, dataEndDate);
  const current = buildFilterSql({ ...filters, ...periods.current }, { alias: 'f', paramPrefix: 'current_' });
  const previous = buildFilterSql({ ...filters, ...periods.previous }, { alias: 'f', paramPrefix: 'previous_' });
  return {
    periods,
    ctes: documentsSql(current.sql, previous.sql),
    params: { ...current.params, ...previous.params, stopwords: THEME_STOPWORDS.join(' ') } as SqlParams,
  };
}

interface PhraseRow {
  phrase: string;
  current: number;
  previous: number;
}

interface ExampleRow {
  key: string;
  examples: string[];
}

interface ClusterRow {
  phrase: string;
  label: string;
  size: number;
  examples: string[];
}

export async function queryThemes(db: ApiDatabase, filters: InsightFilters, options: ThemeOptions): Promise<Themes> {
  const minDocuments = options.minDocuments ?? DEFAULT_MIN_DOCUMENTS;
  return db.read(async (connection) => {
    const rows = async <T>(sql: string, params: SqlParams) =>
      (await connection.runAndReadAll(sql, params)).getRowObjectsJson() as unknown as T[];
    const [end] = await rows<{ end_date: string | null }>(
      `SELECT max(requested_at)::DATE::VARCHAR AS end_date FROM cancellations`,
      {},
    );
    const { periods, ctes, params } = periodFilters(filters, end?.end_date ?? null);

    const [sizes] = await rows<{ current: number; previous: number }>(
      `WITH ${ctes}
       SELECT count(*) FILTER (WHERE period = 'current')::INTEGER AS current,
         count(*) FILTER (WHERE period = 'previous')::INTEGER AS previous
       FROM documents`,
      params,
    );
    const periodSizes = { currentDocuments: sizes?.current ?? 0, previousDocuments: sizes?.previous ?? 0 };

    const counts = await rows<PhraseRow>(
      `WITH ${ctes}
       SELECT phrase,
         count(*) FILTER (WHERE period = 'current')::INTEGER AS current,
         count(*) FILTER (WHERE period = 'previous')::INTEGER AS previous
       FROM grams
       GROUP BY phrase
       HAVING count(*) FILTER (WHERE period = 'current') >= $minDocuments
       ORDER BY current / $currentDocuments - previous / greatest($previousDocuments, 1) DESC, phrase
       LIMIT ${CANDIDATE_LIMIT}`,
      {
        ...params,
        minDocuments,
        currentDocuments: Math.max(periodSizes.currentDocuments, 1),
        previousDocuments: periodSizes.previousDocuments,
      },
    );
    const ranked = rankEmergingPhrases(counts satisfies PhraseCounts[], periodSizes, {
      limit: options.limit,
      minCurrentCount: minDocuments,
    });

    const examples = new Map<string, string[]>();
    if (ranked.length > 0) {
      const exampleRows = await rows<ExampleRow>(
        `WITH ${ctes},
         chosen AS (SELECT unnest(string_split($phrases, '|')) AS phrase),
         matches AS (
           SELECT c.phrase, t.text, max(t.requested_at) AS latest
           FROM chosen c
           JOIN tokenized t ON contains(' ' || array_to_string(t.words, ' ') || ' ', ' ' || c.phrase || ' ')
           WHERE t.period = 'current'
           GROUP BY c.phrase, t.text
         )
         SELECT phrase AS key, list(text ORDER BY latest DESC, text)[1:${EXAMPLES_PER_GROUP}] AS examples
         FROM matches GROUP BY phrase`,
        { ...params, phrases: ranked.map((entry) => entry.phrase).join('|') },
      );
      for (const row of exampleRows) examples.set(row.key, row.examples);
    }

    const clusters = await rows<ClusterRow>(
      `WITH ${ctes},
       review_grams AS (SELECT document_id, phrase, size FROM grams WHERE period = 'current' AND unexplained),
       phrase_sizes AS (
         SELECT phrase, any_value(size) AS size, count(*) AS documents
         FROM review_grams GROUP BY phrase HAVING count(*) >= $minDocuments
       ),
       -- Each unexplained document joins the cluster of its most widespread phrase (longer phrases win ties).
       assignment AS (
         SELECT g.document_id, arg_max(g.phrase, {'documents': p.documents, 'size': p.size, 'phrase': g.phrase}) AS cluster
         FROM review_grams g JOIN phrase_sizes p USING (phrase)
         GROUP BY g.document_id
       ),
       cluster_sizes AS (
         SELECT cluster, count(*) AS size FROM assignment GROUP BY cluster HAVING count(*) >= $minDocuments
       ),
       cluster_phrases AS (
         SELECT a.cluster, g.phrase, g.size, count(*) AS cover
         FROM assignment a JOIN review_grams g USING (document_id)
         GROUP BY a.cluster, g.phrase, g.size
       ),
       labels AS (
         SELECT p.cluster, arg_max(p.phrase, {'size': p.size, 'cover': p.cover, 'phrase': p.phrase}) AS label
         FROM cluster_phrases p JOIN cluster_sizes s USING (cluster)
         WHERE p.cover >= ${CLUSTER_LABEL_COVER} * s.size
         GROUP BY p.cluster
       ),
       member_texts AS (
         SELECT a.cluster, t.text, max(t.requested_at) AS latest
         FROM assignment a JOIN tokenized t USING (document_id)
         GROUP BY a.cluster, t.text
       )
       SELECT s.cluster AS phrase, l.label, s.size::INTEGER AS size,
         (SELECT list(m.text ORDER BY m.latest DESC, m.text)[1:${EXAMPLES_PER_GROUP}] FROM member_texts m WHERE m.cluster = s.cluster) AS examples
       FROM cluster_sizes s JOIN labels l USING (cluster)
       ORDER BY s.size DESC, s.cluster
       LIMIT ${MAX_CLUSTERS}`,
      { ...params, minDocuments },
    );

    return {
      period: periods.current,
      previousPeriod: periods.previous,
      documents: { current: periodSizes.currentDocuments, previous: periodSizes.previousDocuments },
      emerging: ranked.map((entry) => ({
        phrase: entry.phrase,
        current: entry.current,
        previous: entry.previous,
        currentShare: entry.currentShare,
        previousShare: entry.previousShare,
        growth: entry.growth,
        score: entry.score,
        pValue: entry.pValue,
        examples: examples.get(entry.phrase) ?? [],
      })),
      candidateReasons: clusters.map((cluster) => ({
        phrase: cluster.label,
        size: cluster.size,
        examples: cluster.examples,
      })),
    };
  });
}

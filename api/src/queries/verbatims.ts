/** GET /api/verbatims and PATCH /api/verbatims/:id/reason. */

import type { ReasonCode } from '@churnlens/models';
import { refreshClassifiedTexts } from '@churnlens/models/database/derived-tables';
import { inTransaction } from '@churnlens/models/database/open-database';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import {
  SENTIMENT_BOUND_COMPARISONS,
  type SentimentBound,
  type SentimentBounds,
} from '@churnlens/models/sentiment-bounds';
import type { ApiDatabase, SqlParams } from '../db.ts';
import { ApiError } from '../http/api-error.ts';
import {
  DEFAULT_VERBATIM_PAGE_SIZE,
  type RelabelResult,
  type Verbatim,
  type VerbatimPage,
  type VerbatimsQuery,
} from '../schemas/verbatims.ts';
import { buildFilterSql } from './filter-sql.ts';
import { decodeCursor, encodeCursor } from './verbatim-cursor.ts';
import { buildSearchSql, searchTokens } from './verbatim-search.ts';

interface VerbatimRow {
  id: string;
  text: string;
  reason: Verbatim['reason'];
  reason_origin: Verbatim['reasonOrigin'];
  classification_source: Verbatim['classificationSource'];
  model_version: string | null;
  confidence: number | null;
  sentiment: number | null;
  evidence: string[] | null;
  needs_review: boolean;
  cancellation_id: string;
  customer_id: string;
  requested_at: string;
  requested_at_key: string;
  channel: Verbatim['cancellation']['channel'];
  agent_id: string | null;
  plan: string;
  country: string | null;
  segment: string | null;
  tenure_days: number;
  tenure_bucket: string;
  outcome: Verbatim['cancellation']['outcome'];
  mrr: number;
  currency: string;
  reason_code: ReasonCode | null;
}

/** The WHERE clause of the verbatim list, without the page cursor (so it also serves the total). */
function verbatimConditions(query: VerbatimsQuery): { sql: string; params: SqlParams } {
  const {
    q,
    phrase,
    minSentiment: _minSentiment,
    maxSentiment: _maxSentiment,
    sentimentAbove: _sentimentAbove,
    sentimentBelow: _sentimentBelow,
    needsReview,
    unexplained,
    limit: _limit,
    cursor: _cursor,
    ...filters
  } = query;
  const filter = buildFilterSql(filters satisfies InsightFilters, { alias: 'f' });
  const tokens = searchTokens(q ?? '');
  const search = buildSearchSql(tokens, 'i.search_text');
  // The search runs over the distinct stored texts' index, not once per cancellation quoting them, and the
  // facts are matched to its texts by integer id (by hash, at 10M cancellations, 3 times slower).
  const conditions = ['f.text_id IS NOT NULL', filter.sql];
  if (search.sql !== 'TRUE')
    conditions.push(`f.text_id IN (SELECT i.text_id FROM verbatim_index i WHERE ${search.sql})`);
  const params: SqlParams = { ...filter.params, ...search.params };
  // A query without a word ("😡", "!!!") is looked for as written, case ignored: it would otherwise put no
  // condition at all and list every verbatim.
  const literal = tokens.length === 0 ? q?.trim().toLowerCase() : undefined;
  if (literal) {
    conditions.push(
      `f.text_id IN (SELECT v.text_id FROM verbatims v WHERE contains(lower(v.text), $literal))`,
    );
    params.literal = literal;
  }
  // The phrase's id, not its words, so the list holds exactly the texts /api/themes counted for it.
  if (phrase !== undefined) {
    conditions.push(`f.text_id IN (
      SELECT i.text_id FROM verbatim_index i
      WHERE list_contains(i.phrase_ids, (SELECT t.id FROM theme_phrases t WHERE t.phrase = $phrase)))`);
    params.phrase = phrase;
  }
  const sentiment = sentimentConditions(query);
  conditions.push(...sentiment.conditions);
  Object.assign(params, sentiment.params);
  if (needsReview !== undefined) {
    conditions.push('f.needs_review = $needs_review');
    params.needs_review = needsReview;
  }
  // As verbatim_documents marks a cancellation's reason text unexplained.
  if (unexplained !== undefined) {
    conditions.push(`(f.reason = 'other' OR f.needs_review) = $unexplained`);
    params.unexplained = unexplained;
  }
  return { sql: conditions.join(' AND '), params };
}

function sentimentConditions(bounds: SentimentBounds): { conditions: string[]; params: SqlParams } {
  const conditions: string[] = [];
  const params: SqlParams = {};
  for (const [bound, { operator }] of Object.entries(SENTIMENT_BOUND_COMPARISONS)) {
    const value = bounds[bound as SentimentBound];
    if (value === undefined) continue;
    conditions.push(`f.sentiment ${operator} $${bound}`);
    params[bound] = value;
  }
  return { conditions, params };
}

export async function queryVerbatims(db: ApiDatabase, query: VerbatimsQuery): Promise<VerbatimPage> {
  const limit = query.limit ?? DEFAULT_VERBATIM_PAGE_SIZE;
  const where = verbatimConditions(query);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const pageConditions = cursor
    ? `${where.sql} AND (f.requested_at < $cursor_at::TIMESTAMP OR (f.requested_at = $cursor_at::TIMESTAMP AND f.id < $cursor_id))`
    : where.sql;
  const pageParams: SqlParams = cursor
    ? { ...where.params, cursor_at: cursor.requestedAt, cursor_id: cursor.cancellationId, limit: limit + 1 }
    : { ...where.params, limit: limit + 1 };
  return db.read(async (connection) => {
    const countReader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS total FROM cancellation_facts f WHERE ${where.sql}`,
      where.params,
    );
    const total = Number(countReader.getRowObjectsJson()[0]?.total ?? 0);
    const reader = await connection.runAndReadAll(
      // The page is picked by the sort keys alone and only its rows are read whole: picked with every column,
      // DuckDB read all of them for every matching fact (at 10M cancellations a one-word search's page took
      // 2.8 s, and 1.1 s picked by keys). The join back on requested_at too lets it skip other times' row groups.
      `WITH page_keys AS (
         SELECT f.requested_at, f.id FROM cancellation_facts f WHERE ${pageConditions}
         ORDER BY f.requested_at DESC, f.id DESC LIMIT $limit
       ),
       page AS (
         SELECT f.* FROM page_keys k JOIN cancellation_facts f ON f.requested_at = k.requested_at AND f.id = k.id
       )
       SELECT
         f.text_hash AS id, v.text, f.reason, f.reason_origin, f.classification_source, f.model_version, f.confidence,
         f.sentiment, f.evidence, f.needs_review, f.id AS cancellation_id, f.customer_id,
         strftime(f.requested_at, '%Y-%m-%dT%H:%M:%S') AS requested_at, f.requested_at::VARCHAR AS requested_at_key,
         f.channel, f.agent_id, f.plan, f.country, f.segment, f.tenure_days, f.tenure_bucket, f.outcome, f.mrr::DOUBLE AS mrr,
         f.currency, f.reason_code
       FROM page f JOIN verbatims v ON v.text_id = f.text_id
       ORDER BY f.requested_at DESC, f.id DESC`,
      pageParams,
    );
    const rows = reader.getRowObjectsJson() as unknown as VerbatimRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ requestedAt: last.requested_at_key, cancellationId: last.cancellation_id })
        : null;
    return { total, items: page.map(toVerbatim), nextCursor };
  });
}

function toVerbatim(row: VerbatimRow): Verbatim {
  return {
    id: row.id,
    text: row.text,
    reason: row.reason,
    reasonOrigin: row.reason_origin,
    classificationSource: row.classification_source,
    modelVersion: row.model_version,
    confidence: row.confidence,
    sentiment: row.sentiment,
    evidence: row.evidence ?? [],
    needsReview: row.needs_review,
    cancellation: {
      id: row.cancellation_id,
      customerId: row.customer_id,
      requestedAt: row.requested_at,
      channel: row.channel,
      agentId: row.agent_id,
      plan: row.plan,
      country: row.country,
      segment: row.segment,
      tenureDays: row.tenure_days,
      tenureBucket: row.tenure_bucket,
      outcome: row.outcome,
      mrr: row.mrr,
      currency: row.currency,
      reasonCode: row.reason_code,
    },
  };
}

/**
 * Stores a person's reason for a verbatim as the 'manual' classification (replacing an earlier manual one).
 * It keeps the model's sentiment and language, since a relabel corrects the reason only; the
 * effective classification prefers manual rows, so every cancellation with this text changes at once. The
 * statements run in one transaction, so readers see the label and its facts together.
 */
export async function relabelVerbatim(
  db: ApiDatabase,
  textHash: string,
  reason: ReasonCode,
): Promise<RelabelResult> {
  return db.write((connection) =>
    inTransaction(connection, async () => {
      const beforeReader = await connection.runAndReadAll(
        `SELECT v.text, ec.reason AS previous_reason,
         (SELECT count(*) FROM cancellations c WHERE c.text_hash = v.text_hash)::INTEGER AS cancellations
       FROM verbatims v LEFT JOIN effective_classifications ec ON ec.text_hash = v.text_hash
       WHERE v.text_hash = $hash`,
        { hash: textHash },
      );
      const before = beforeReader.getRowObjectsJson()[0] as
        | { text: string; previous_reason: ReasonCode | null; cancellations: number }
        | undefined;
      if (!before) throw new ApiError(404, 'not_found', `no verbatim with id ${textHash}`);
      // A verbatim has one manual label: the new one replaces it.
      await connection.run(
        `DELETE FROM reason_classifications WHERE text_hash = $hash AND model_version = 'manual'`,
        { hash: textHash },
      );
      await connection.run(
        `INSERT INTO reason_classifications
         (text_hash, model_version, reason, confidence, sentiment, evidence, secondary_reason, language, needs_review,
          source, classified_at)
       SELECT v.text_hash, 'manual', $reason, 1.0, coalesce(ec.sentiment, 0), []::VARCHAR[], NULL, coalesce(ec.language, 'und'),
         false, 'manual', current_timestamp
       FROM verbatims v LEFT JOIN effective_classifications ec ON ec.text_hash = v.text_hash
       WHERE v.text_hash = $hash`,
        { hash: textHash, reason },
      );
      await refreshClassifiedTexts(connection, 'SELECT $hash AS text_hash', { hash: textHash });
      return {
        id: textHash,
        text: before.text,
        reason,
        previousReason: before.previous_reason,
        source: 'manual',
        cancellations: before.cancellations,
      };
    }),
  );
}

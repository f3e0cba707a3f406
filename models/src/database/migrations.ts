/**
 * Versioned schema migrations. Each entry is frozen once released: change the schema by appending a new
 * version, never by editing an old one, so that any older database file migrates forward.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CURRENCIES } from '../schema/currencies.ts';
import { refreshCancellationFacts, setEffectiveReason } from './derived-tables.ts';
import { NO_REASON_ANSWER_PATTERN } from './no-reason-answers.ts';
import { refreshVerbatimIndex } from './verbatim-index.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Fills what the SQL created from existing rows, where that needs code (parameters, shared rules). */
  populate?: (connection: DuckDBConnection) => Promise<void>;
}

/** Text written by churnlens code as a SQL string literal. */
function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The default USD rates of every supported currency; deployments edit the table afterwards. */
async function seedFxRates(connection: DuckDBConnection): Promise<void> {
  for (const [currency, info] of Object.entries(CURRENCIES)) {
    await connection.run(`INSERT INTO fx_rates VALUES ($currency, $rate)`, {
      currency,
      rate: info.usdPerUnit,
    });
  }
}

/**
 * Migration 19's rule (frozen with it), over the columns of migration 12's view: the text's classification
 * decided the reason, the model or a rule could only answer the fallback, other, and the customer picked a
 * reason of their own. The pick then stands.
 */
const PICK_STANDS = `(reason_origin = 'classification' AND reason = 'other' AND classification_source <> 'manual'
  AND reason_code <> 'other')`;

/**
 * The columns of migration 3's cancellation_facts up to mrr_usd, which migration 12 restates unchanged: a
 * frozen copy of the tenure buckets in models/src/tenure.ts (a test keeps the two in step) and of the
 * effective-reason rule, the verbatim's effective classification, else the coded reason, else 'other'. Frozen
 * with both migrations: an edit here would change what each of them creates.
 */
const CANCELLATION_FACT_RULES = `c.*,
        cu.country,
        cu.segment,
        cu.signed_up_at,
        CASE
          WHEN c.tenure_days <= 30 THEN '0-30d'
          WHEN c.tenure_days <= 90 THEN '31-90d'
          WHEN c.tenure_days <= 180 THEN '91-180d'
          WHEN c.tenure_days <= 365 THEN '181-365d'
          WHEN c.tenure_days <= 730 THEN '1-2y'
          ELSE '2y+'
        END AS tenure_bucket,
        coalesce(ec.reason, c.reason_code, 'other') AS reason,
        CASE
          WHEN ec.reason IS NOT NULL THEN 'classification'
          WHEN c.reason_code IS NOT NULL THEN 'reason_code'
          ELSE 'default'
        END AS reason_origin,
        ec.source AS classification_source,
        ec.model_version,
        ec.confidence,
        ec.sentiment,
        ec.evidence,
        ec.secondary_reason,
        ec.language,
        coalesce(ec.needs_review, false) AS needs_review,
        c.outcome IN ('saved', 'paused', 'downgraded') AS retained,`;

/**
 * Migration 28's rule, over the facts' columns: the customer neither picked a reason (else reason_origin
 * would be reason_code) nor wrote one (no verbatim). Its view and its rewrite of stored facts read the same.
 */
const GAVE_NO_REASON = `reason_origin = 'default' AND text_hash IS NULL`;

/**
 * Migration 29's rule: the customer picked no reason and typed an answer that names none (no-reason-answers.ts),
 * which the classifier could only call other and no person relabelled.
 */
const ANSWERED_NO_REASON = `reason_origin = 'classification' AND reason = 'other' AND reason_code IS NULL
  AND classification_source <> 'manual' AND names_no_reason(reason_text)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'core tables: customers, cancellations, offers, surveys, classifications, ingest bookkeeping',
    sql: `
      CREATE TABLE customers (
        id VARCHAR PRIMARY KEY,
        signed_up_at TIMESTAMP NOT NULL,
        plan VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        segment VARCHAR
      );
      CREATE TABLE cancellations (
        id VARCHAR PRIMARY KEY,
        customer_id VARCHAR NOT NULL,
        subscription_id VARCHAR NOT NULL,
        requested_at TIMESTAMP NOT NULL,
        channel VARCHAR NOT NULL,
        agent_id VARCHAR,
        handled_at TIMESTAMP,
        plan VARCHAR NOT NULL,
        mrr DECIMAL(14, 2) NOT NULL,
        currency VARCHAR NOT NULL,
        tenure_days INTEGER NOT NULL,
        reason_code VARCHAR,
        reason_text VARCHAR,
        outcome VARCHAR NOT NULL,
        effective_at TIMESTAMP,
        reactivated_at TIMESTAMP,
        text_hash VARCHAR
      );
      CREATE TABLE offers (
        id VARCHAR PRIMARY KEY,
        cancellation_id VARCHAR NOT NULL,
        offer_type VARCHAR NOT NULL,
        offer_detail VARCHAR,
        presented_at TIMESTAMP NOT NULL,
        accepted BOOLEAN NOT NULL,
        accepted_at TIMESTAMP,
        churned_at TIMESTAMP
      );
      CREATE TABLE survey_responses (
        id VARCHAR PRIMARY KEY,
        customer_id VARCHAR NOT NULL,
        cancellation_id VARCHAR,
        survey VARCHAR NOT NULL,
        submitted_at TIMESTAMP NOT NULL,
        question VARCHAR NOT NULL,
        choice VARCHAR,
        score INTEGER,
        free_text VARCHAR,
        text_hash VARCHAR
      );
      CREATE TABLE verbatims (
        text_hash VARCHAR PRIMARY KEY,
        text VARCHAR NOT NULL,
        first_seen_at TIMESTAMP NOT NULL DEFAULT current_timestamp
      );
      CREATE TABLE reason_classifications (
        text_hash VARCHAR NOT NULL,
        model_version VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL,
        sentiment DOUBLE NOT NULL,
        evidence VARCHAR[] NOT NULL,
        secondary_reason VARCHAR,
        language VARCHAR NOT NULL,
        needs_review BOOLEAN NOT NULL,
        source VARCHAR NOT NULL,
        classified_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (text_hash, model_version)
      );
      CREATE SEQUENCE ingest_run_ids START 1;
      CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY DEFAULT nextval('ingest_run_ids'),
        file VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        checksum VARCHAR NOT NULL,
        mapping JSON,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,
        rows_read BIGINT NOT NULL DEFAULT 0,
        rows_loaded BIGINT NOT NULL DEFAULT 0,
        rows_updated BIGINT NOT NULL DEFAULT 0,
        rows_unchanged BIGINT NOT NULL DEFAULT 0,
        rows_rejected BIGINT NOT NULL DEFAULT 0,
        message VARCHAR
      );
      CREATE TABLE rejected_rows (
        run_id INTEGER NOT NULL,
        file VARCHAR NOT NULL,
        line BIGINT,
        field VARCHAR,
        message VARCHAR NOT NULL,
        raw VARCHAR
      );
      CREATE TABLE fx_rates (
        currency VARCHAR PRIMARY KEY,
        usd_per_unit DOUBLE NOT NULL
      );
    `,
    populate: seedFxRates,
  },
  {
    version: 2,
    description: 'effective reason per verbatim: a manual relabel wins, otherwise the newest model result',
    sql: `
      CREATE VIEW effective_classifications AS
      SELECT * EXCLUDE (rank_in_text)
      FROM (
        SELECT *, row_number() OVER (
          PARTITION BY text_hash ORDER BY (source = 'manual') DESC, classified_at DESC, model_version DESC
        ) AS rank_in_text
        FROM reason_classifications
      )
      WHERE rank_in_text = 1;
    `,
  },
  {
    version: 3,
    description:
      'cancellation_facts: one row per cancellation with its effective reason, tenure bucket and USD mrr',
    // The tenure buckets and the effective-reason rule are CANCELLATION_FACT_RULES, frozen with this migration.
    sql: `
      CREATE VIEW cancellation_facts AS
      SELECT
        ${CANCELLATION_FACT_RULES}
        c.mrr * fx.usd_per_unit AS mrr_usd
      FROM cancellations c
      LEFT JOIN customers cu ON cu.id = c.customer_id
      LEFT JOIN effective_classifications ec ON ec.text_hash = c.text_hash
      LEFT JOIN fx_rates fx ON fx.currency = c.currency;
    `,
  },
  {
    version: 4,
    description:
      "cancellations.cancellation_trigger: Stripe's cancellation_details.reason (requested, payment failed or disputed)",
    sql: `ALTER TABLE cancellations ADD COLUMN cancellation_trigger VARCHAR;`,
  },
  {
    version: 5,
    description:
      'effective_classifications and cancellation_facts become tables, kept current by models/src/database/derived-tables.ts',
    // Every insight query reads cancellation_facts; as a view it re-ran a window over all classifications
    // and four joins per request (about 40× the cost of reading a table at 1M rows). The views live on as
    // *_source views, which the refresh code copies from, so the rules stay where migrations 2 and 3 wrote
    // them; cancellation_facts_source names effective_classifications, which now resolves to the table.
    // The facts table is ordered by requested_at so date filters skip whole row groups.
    sql: `
      ALTER VIEW effective_classifications RENAME TO effective_classifications_source;
      CREATE TABLE effective_classifications AS SELECT * FROM effective_classifications_source;
      ALTER VIEW cancellation_facts RENAME TO cancellation_facts_source;
      CREATE TABLE cancellation_facts AS SELECT * FROM cancellation_facts_source ORDER BY requested_at;
    `,
  },
  {
    version: 6,
    description:
      'verbatim_index: the search text and theme phrases of each stored verbatim, tokenized once at ingest',
    sql: `CREATE TABLE verbatim_index (text_hash VARCHAR NOT NULL, search_text VARCHAR NOT NULL, phrases VARCHAR[] NOT NULL);`,
    // Filled by migration 7, which replaces this table's phrase lists (the current indexing code writes its shape).
  },
  {
    version: 7,
    description:
      'theme_phrases: each theme phrase once, with an id; verbatim_index lists phrase ids instead of phrase texts',
    // /api/themes reads the phrase list of every verbatim in its two periods. Lists of integers read about
    // 5× faster than lists of strings (1M cancellations, 424k verbatims: 37 ms instead of 190 ms), and the
    // phrase text is only needed for the few hundred candidates.
    sql: `
      DROP TABLE verbatim_index;
      CREATE TABLE verbatim_index (text_hash VARCHAR NOT NULL, search_text VARCHAR NOT NULL, phrase_ids INTEGER[] NOT NULL);
      CREATE TABLE theme_phrases (id INTEGER NOT NULL, phrase VARCHAR NOT NULL);
    `,
    // Filled by migration 22, which indexes the verbatims without an index row in the current code's shape.
  },
  {
    version: 8,
    description:
      "offer_facts: one row per offer with its cancellation's filter columns, effective reason and USD mrr",
    // /api/offers joined every offer to its cancellation's facts per request (about 60% of its time at 1M
    // cancellations). The join is done once per write instead (models/src/database/derived-tables.ts).
    sql: `
      CREATE VIEW offer_facts_source AS
      SELECT o.id, o.cancellation_id, o.offer_type, o.accepted, o.accepted_at, o.churned_at,
        f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, f.mrr_usd
      FROM offers o JOIN cancellation_facts f ON f.id = o.cancellation_id;
      CREATE TABLE offer_facts AS SELECT * FROM offer_facts_source ORDER BY requested_at;
    `,
  },
  {
    version: 9,
    description:
      "verbatim_documents: every verbatim occurrence (reason text or survey answer) with its cancellation's filter columns and the verbatim's theme phrases",
    // /api/themes joined the survey answers and the verbatim index in full on every request (about 40% of
    // its time at 1M cancellations). Ordered by requested_at, a period's documents are a narrow slice of
    // this table. A document is unexplained when its own text's effective reason is 'other' or needs review
    // (an unclassified survey answer counts as 'other').
    sql: `
      CREATE VIEW verbatim_documents_source AS
      SELECT f.id AS cancellation_id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket,
        f.reason, f.text_hash, f.reason = 'other' OR f.needs_review AS unexplained, i.phrase_ids
      FROM cancellation_facts f JOIN verbatim_index i USING (text_hash)
      UNION ALL
      SELECT f.id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, s.text_hash,
        coalesce(ec.reason, 'other') = 'other' OR coalesce(ec.needs_review, false), i.phrase_ids
      FROM survey_responses s
      JOIN cancellation_facts f ON f.id = s.cancellation_id
      JOIN verbatim_index i ON i.text_hash = s.text_hash
      LEFT JOIN effective_classifications ec ON ec.text_hash = s.text_hash;
      CREATE TABLE verbatim_documents AS SELECT * FROM verbatim_documents_source ORDER BY requested_at;
    `,
  },
  {
    version: 10,
    description:
      'cancellation_facts gains signup_month, wait_seconds and the follow-up survey answers of each cancellation',
    // At 10M cancellations /api/cohorts spent most of its time truncating signed_up_at per row and
    // /api/channels joining the follow-up answers: computed once per write instead. The rules of migration 3
    // stay in cancellation_base_facts; the columns added here are appended, so existing readers are unchanged.
    sql: `
      ALTER VIEW cancellation_facts_source RENAME TO cancellation_base_facts;
      CREATE VIEW cancellation_facts_source AS
      SELECT b.*,
        date_trunc('month', b.signed_up_at)::DATE AS signup_month,
        epoch(b.handled_at - b.requested_at) AS wait_seconds,
        fu.cancellation_id IS NOT NULL AS follow_up_answered,
        fu.score_sum AS follow_up_score_sum,
        coalesce(fu.score_count, 0) AS follow_up_score_count
      FROM cancellation_base_facts b
      LEFT JOIN (
        SELECT cancellation_id, sum(score)::INTEGER AS score_sum, count(score)::INTEGER AS score_count
        FROM survey_responses
        WHERE survey = 'follow_up' AND cancellation_id IS NOT NULL
        GROUP BY cancellation_id
      ) fu ON fu.cancellation_id = b.id;
      DROP TABLE cancellation_facts;
      CREATE TABLE cancellation_facts AS SELECT * FROM cancellation_facts_source ORDER BY requested_at;
    `,
  },
  {
    version: 11,
    description: 'the bulk-loaded tables lose their primary-key indexes; the writers keep their keys unique',
    // Keeping the ART indexes cost about 2.3 s of a 30 s ingest of 1M cancellations (1.7 s of it at commit),
    // and their memory grows with the tables. Uniqueness never depended on them: ingest keeps one row per id
    // of a file and matches it against the stored rows (ingest/src/load/upsert-records.ts), verbatims are
    // inserted for new hashes only, and every writer of reason_classifications inserts only (text_hash,
    // model_version) pairs it has just checked are absent or deleted. Columns, NOT NULL and defaults are
    // unchanged; the views read these tables by name, so they keep working.
    sql: `
      CREATE TABLE customers_unkeyed (
        id VARCHAR NOT NULL, signed_up_at TIMESTAMP NOT NULL, plan VARCHAR NOT NULL, country VARCHAR NOT NULL,
        segment VARCHAR
      );
      INSERT INTO customers_unkeyed SELECT * FROM customers;
      DROP TABLE customers;
      ALTER TABLE customers_unkeyed RENAME TO customers;
      CREATE TABLE cancellations_unkeyed (
        id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, subscription_id VARCHAR NOT NULL,
        requested_at TIMESTAMP NOT NULL, channel VARCHAR NOT NULL, agent_id VARCHAR, handled_at TIMESTAMP,
        plan VARCHAR NOT NULL, mrr DECIMAL(14, 2) NOT NULL, currency VARCHAR NOT NULL, tenure_days INTEGER NOT NULL,
        reason_code VARCHAR, reason_text VARCHAR, outcome VARCHAR NOT NULL, effective_at TIMESTAMP,
        reactivated_at TIMESTAMP, text_hash VARCHAR, cancellation_trigger VARCHAR
      );
      INSERT INTO cancellations_unkeyed SELECT * FROM cancellations;
      DROP TABLE cancellations;
      ALTER TABLE cancellations_unkeyed RENAME TO cancellations;
      CREATE TABLE offers_unkeyed (
        id VARCHAR NOT NULL, cancellation_id VARCHAR NOT NULL, offer_type VARCHAR NOT NULL, offer_detail VARCHAR,
        presented_at TIMESTAMP NOT NULL, accepted BOOLEAN NOT NULL, accepted_at TIMESTAMP, churned_at TIMESTAMP
      );
      INSERT INTO offers_unkeyed SELECT * FROM offers;
      DROP TABLE offers;
      ALTER TABLE offers_unkeyed RENAME TO offers;
      CREATE TABLE survey_responses_unkeyed (
        id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, cancellation_id VARCHAR, survey VARCHAR NOT NULL,
        submitted_at TIMESTAMP NOT NULL, question VARCHAR NOT NULL, choice VARCHAR, score INTEGER, free_text VARCHAR,
        text_hash VARCHAR
      );
      INSERT INTO survey_responses_unkeyed SELECT * FROM survey_responses;
      DROP TABLE survey_responses;
      ALTER TABLE survey_responses_unkeyed RENAME TO survey_responses;
      CREATE TABLE verbatims_unkeyed (
        text_hash VARCHAR NOT NULL, text VARCHAR NOT NULL, first_seen_at TIMESTAMP NOT NULL DEFAULT current_timestamp
      );
      INSERT INTO verbatims_unkeyed SELECT * FROM verbatims;
      DROP TABLE verbatims;
      ALTER TABLE verbatims_unkeyed RENAME TO verbatims;
      CREATE TABLE reason_classifications_unkeyed (
        text_hash VARCHAR NOT NULL, model_version VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL, sentiment DOUBLE NOT NULL, evidence VARCHAR[] NOT NULL, secondary_reason VARCHAR,
        language VARCHAR NOT NULL, needs_review BOOLEAN NOT NULL, source VARCHAR NOT NULL,
        classified_at TIMESTAMP NOT NULL DEFAULT current_timestamp
      );
      INSERT INTO reason_classifications_unkeyed SELECT * FROM reason_classifications;
      DROP TABLE reason_classifications;
      ALTER TABLE reason_classifications_unkeyed RENAME TO reason_classifications;
    `,
  },
  {
    version: 12,
    description: 'cancellation_base_facts looks up the USD rate per row instead of joining fx_rates',
    // Inside an ingest's transaction DuckDB does not count the file's uncommitted cancellations, so it built
    // the fx_rates join's hash table on them: every new row, every column (0.7 s of a 1M-row ingest, and
    // memory holding them). A scalar lookup in the small rates table cannot be turned around. The rules are
    // otherwise those of migration 3, unchanged.
    sql: `
      CREATE OR REPLACE VIEW cancellation_base_facts AS
      SELECT
        ${CANCELLATION_FACT_RULES}
        c.mrr * (SELECT fx.usd_per_unit FROM fx_rates fx WHERE fx.currency = c.currency) AS mrr_usd
      FROM cancellations c
      LEFT JOIN customers cu ON cu.id = c.customer_id
      LEFT JOIN effective_classifications ec ON ec.text_hash = c.text_hash;
    `,
  },
  {
    version: 13,
    description:
      'offer_facts gains churned_after_seconds and is ordered by (accepted, requested_at): the accepted offers are one run of row groups',
    // /api/offers reads every offer once and the accepted ones (one in seven) a second time for the save
    // rates. Ordered by requested_at alone, accepted offers sat in every row group, so that pass read the
    // whole table; and it added intervals to timestamps per offer to tell how long each customer stayed.
    // At 10M cancellations (11.4M offers) the pass took 87 ms; skipping row groups without accepted offers
    // and comparing a stored number of seconds, 47 ms, measured later on the machine running about 20 %
    // slower (medians of 7 and 9 runs). Date filters still skip row groups within each run.
    sql: `
      CREATE OR REPLACE VIEW offer_facts_source AS
      SELECT o.id, o.cancellation_id, o.offer_type, o.accepted, o.accepted_at, o.churned_at,
        f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, f.mrr_usd,
        epoch(o.churned_at - o.accepted_at) AS churned_after_seconds
      FROM offers o JOIN cancellation_facts f ON f.id = o.cancellation_id;
      CREATE TABLE offer_facts_ordered AS SELECT * FROM offer_facts_source ORDER BY accepted, requested_at;
      DROP TABLE offer_facts;
      ALTER TABLE offer_facts_ordered RENAME TO offer_facts;
    `,
  },
  {
    version: 14,
    description:
      'cancellation_month_cells: cancellation_facts counted per request month and every value summary, reasons and cohorts filter or group by',
    // Summary, reasons and cohorts grouped every facts row of the window on each request: at 10M
    // cancellations 76, 154 and 157 ms over 18 months (medians of 15, in process, two cores). Whole months are
    // summed from these cells instead and only the days of a window's partial first and last month are read
    // from the facts (api/src/queries/month-cells.ts): 10M facts make 0.9M cells, and the same three queries
    // took 21, 28 and 31 ms. Cells per day (an earlier draft) were nearly as many as the facts on data that
    // does not repeat itself.
    sql: `
      CREATE VIEW cancellation_month_cells_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, plan, country, channel, segment,
        tenure_bucket, signup_month, reason, outcome, retained, needs_review,
        count(*) AS requests,
        sum(mrr_usd) AS mrr_usd,
        sum(sentiment) AS sentiment_sum,
        count(sentiment) AS sentiment_count
      FROM cancellation_facts
      GROUP BY ALL;
      CREATE TABLE cancellation_month_cells AS
      SELECT * FROM cancellation_month_cells_source ORDER BY requested_month;
    `,
  },
  {
    version: 15,
    description:
      'offer_month_cells: offer_facts counted per request month, filter value, reason, offer type and acceptance',
    // /api/offers counted presented and accepted offers over every offer of the window: at 10M cancellations
    // (11.4M offers) 34 ms per offer type and 128 ms with the offer × reason matrix. The same months make
    // 0.7M cells; the whole query went 103 → 85 ms, and 239 → 103 ms with the matrix (medians of 15, in
    // process). The save rates still read the accepted offers themselves: whether an offer is old enough to
    // judge depends on the data's end date, which every ingest moves.
    sql: `
      CREATE VIEW offer_month_cells_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, plan, country, channel, segment,
        tenure_bucket, reason, offer_type, accepted,
        count(*) AS offers
      FROM offer_facts
      GROUP BY ALL;
      CREATE TABLE offer_month_cells AS SELECT * FROM offer_month_cells_source ORDER BY requested_month;
    `,
  },
  {
    version: 16,
    description:
      'cancellation_facts gains wait_bucket; channel_month_cells counts the facts per request month, channel, agent and wait bucket, for /api/channels',
    // /api/channels took the exact wait percentiles of every handled request of the window: at 10M
    // cancellations (9.1M waits, 165k distinct) 1.0 s over 18 months in process. Counted per month,
    // channel, agent and wait, the cells were 715k for the window alone; with each wait rounded to a bucket
    // at most 0.5 % away (three significant digits, in steps of 1, 2 or 5 in the third: 151 s, 312 s,
    // 5,450 s, 17,100 s) they are 327k for all months, and the whole query took 47 ms (median of 15). The
    // filters the cells do not carry (plan, country, segment, tenure, reason) read the facts' buckets. The
    // bucket is a facts column so that a recount compares stored values instead of rounding every wait of
    // the months it reads (1.7 s of relabelling a text quoted 97k times). The score sums are BIGINT:
    // DuckDB's own sum of the INTEGER scores is a HUGEINT, and summing 327k HUGEINTs took 80 ms, more than
    // the rest of the query.
    sql: `
      CREATE MACRO wait_bucket_step(seconds) AS
        10 ** (floor(log10(greatest(abs(seconds), 1))) - 2)
        * CASE WHEN abs(seconds) < 2 * 10 ** floor(log10(greatest(abs(seconds), 1))) THEN 1
               WHEN abs(seconds) < 5 * 10 ** floor(log10(greatest(abs(seconds), 1))) THEN 2
               ELSE 5 END;
      CREATE MACRO wait_bucket_of(seconds) AS
        round(round(seconds / wait_bucket_step(seconds)) * wait_bucket_step(seconds), 2);
      ALTER VIEW cancellation_facts_source RENAME TO cancellation_facts_without_buckets;
      CREATE VIEW cancellation_facts_source AS
      SELECT *, wait_bucket_of(wait_seconds) AS wait_bucket FROM cancellation_facts_without_buckets;
      ALTER TABLE cancellation_facts ADD COLUMN wait_bucket DOUBLE;
      UPDATE cancellation_facts SET wait_bucket = wait_bucket_of(wait_seconds);
      CREATE VIEW channel_month_cells_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, channel, agent_id, wait_bucket,
        count(*) AS requests,
        count(*) FILTER (WHERE retained) AS retained,
        count(*) FILTER (WHERE follow_up_answered) AS follow_up_answered,
        sum(follow_up_score_sum)::BIGINT AS follow_up_score_sum,
        sum(follow_up_score_count)::BIGINT AS follow_up_score_count
      FROM cancellation_facts
      GROUP BY ALL;
      CREATE TABLE channel_month_cells AS
      SELECT * FROM channel_month_cells_source ORDER BY requested_month;
    `,
  },
  {
    version: 17,
    description:
      "offer_facts gains accepted_month, kept_days and churned; offer_month_cells count accepted offers by them too, for /api/offers' save rates",
    // /api/offers counted presented and accepted offers from the month cells, but judged every accepted offer
    // of the window for the save rates: at 10M cancellations (1.7M accepted offers) that pass was 47 of the
    // query's 71 ms in process. Whether an offer is old enough to judge at N days depends on the data end
    // date, which every ingest moves; how long its customer stayed does not. So the cells now also count
    // accepted offers per acceptance month, kept days (the longest of the 30/60/90-day horizons the customer
    // stayed past: 0, 30, 60 or 90, the horizons of api/src/schemas/offers.ts SAVED_AFTER_DAYS) and whether
    // the customer has churned since. Offers accepted before the month holding the data end date minus 90
    // days are old enough to judge at every horizon and come from the cells; only the newer ones are read
    // one by one. The three columns are NULL for offers not accepted, which keeps their cells as before.
    sql: `
      CREATE MACRO offer_kept_days(accepted, churned_after_seconds) AS
        CASE WHEN NOT accepted THEN NULL
             WHEN churned_after_seconds IS NULL OR churned_after_seconds > 90 * 86400 THEN 90
             WHEN churned_after_seconds > 60 * 86400 THEN 60
             WHEN churned_after_seconds > 30 * 86400 THEN 30
             ELSE 0 END;
      ALTER VIEW offer_facts_source RENAME TO offer_facts_without_outcomes;
      CREATE VIEW offer_facts_source AS
      SELECT *,
        CASE WHEN accepted THEN date_trunc('month', accepted_at)::DATE END AS accepted_month,
        offer_kept_days(accepted, churned_after_seconds) AS kept_days,
        CASE WHEN accepted THEN churned_at IS NOT NULL END AS churned
      FROM offer_facts_without_outcomes;
      ALTER TABLE offer_facts ADD COLUMN accepted_month DATE;
      ALTER TABLE offer_facts ADD COLUMN kept_days INTEGER;
      ALTER TABLE offer_facts ADD COLUMN churned BOOLEAN;
      UPDATE offer_facts SET
        accepted_month = CASE WHEN accepted THEN date_trunc('month', accepted_at)::DATE END,
        kept_days = offer_kept_days(accepted, churned_after_seconds),
        churned = CASE WHEN accepted THEN churned_at IS NOT NULL END;
      DROP TABLE offer_month_cells;
      CREATE OR REPLACE VIEW offer_month_cells_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, plan, country, channel, segment,
        tenure_bucket, reason, offer_type, accepted, accepted_month, kept_days, churned,
        count(*) AS offers,
        sum(mrr_usd) AS mrr_usd
      FROM offer_facts
      GROUP BY ALL;
      CREATE TABLE offer_month_cells AS SELECT * FROM offer_month_cells_source ORDER BY requested_month;
    `,
  },
  {
    version: 18,
    description: "verbatim_documents no longer copies each verbatim's theme phrase ids",
    // /api/themes reads each distinct text's phrase ids from verbatim_index and never read the documents'
    // copies. Copying a list into every document was most of writing them, and at 10M cancellations it was
    // the statement that failed a 512MB-limited ingest. The join keeps documents to indexed (non-blank) texts.
    sql: `
      CREATE OR REPLACE VIEW verbatim_documents_source AS
      SELECT f.id AS cancellation_id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket,
        f.reason, f.text_hash, f.reason = 'other' OR f.needs_review AS unexplained
      FROM cancellation_facts f JOIN verbatim_index i USING (text_hash)
      UNION ALL
      SELECT f.id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, s.text_hash,
        coalesce(ec.reason, 'other') = 'other' OR coalesce(ec.needs_review, false)
      FROM survey_responses s
      JOIN cancellation_facts f ON f.id = s.cancellation_id
      JOIN verbatim_index i ON i.text_hash = s.text_hash
      LEFT JOIN effective_classifications ec ON ec.text_hash = s.text_hash;
      ALTER TABLE verbatim_documents DROP COLUMN phrase_ids;
    `,
  },
  {
    version: 19,
    description:
      'a verbatim classified only as the fallback reason no longer overrides the reason the customer picked',
    // A typed answer overrides a picked reason (migration 3), but an answer that names no reason ("n/a",
    // "Please cancel my subscription.") is classified as the fallback, other, and so turned the customer's
    // pick into other. On the sample data that was 7,737 of 200,000 requests, 16 % of those counted as other.
    // A manual 'other' still wins: a person read it. The rules of migration 12 stay in
    // cancellation_base_facts_v12; this view only takes the pick back where it stands.
    sql: `
      ALTER VIEW cancellation_base_facts RENAME TO cancellation_base_facts_v12;
      CREATE VIEW cancellation_base_facts AS
      SELECT * REPLACE (
        CASE WHEN ${PICK_STANDS} THEN reason_code ELSE reason END AS reason,
        CASE WHEN ${PICK_STANDS} THEN 'reason_code' ELSE reason_origin END AS reason_origin
      )
      FROM cancellation_base_facts_v12;
    `,
    populate: (connection) =>
      refreshCancellationFacts(
        connection,
        `reason_code <> 'other' AND text_hash IN (
           SELECT text_hash FROM effective_classifications WHERE reason = 'other' AND source <> 'manual')`,
      ),
  },
  {
    version: 20,
    description:
      'theme phrases no longer start or end with filler such as "came", "everything", "team" or "plan"',
    // Theme phrases are cut once, at ingest, with THEME_STOPWORDS; new stopwords only reach stored verbatims
    // through a new index. On the sample data "came", "everything" and the "team" of "Hi support team" were
    // reported as emerging themes, and "plan" and "close" ("please close my plan") as candidate reasons.
    // Phrases no verbatim uses any more stay in theme_phrases, unread.
    sql: 'DELETE FROM verbatim_index;',
    // Refilled by migration 22, which indexes the verbatims without an index row in the current code's shape.
  },
  {
    version: 21,
    description:
      'theme phrases no longer start or end with a Spanish, French, German or Portuguese function word, nor "want" or "keeps"',
    // As migration 20: on the sample data "la" and "plus" (French verbatims) and "keeps", "takes", "want" and
    // "send" were reported as emerging themes.
    sql: 'DELETE FROM verbatim_index;',
    // Refilled by migration 22, which indexes the verbatims without an index row in the current code's shape.
  },
  {
    version: 22,
    description:
      'each stored verbatim has an integer text_id, which verbatim_index and verbatim_documents carry',
    // /api/themes groups a period's documents by text and joins them to their phrase ids. Keyed by the
    // 16-character hash, grouping the 9.2M documents of a 10M-cancellation database took about 0.9 s of the
    // request. The sequence numbers each verbatim as it is stored, and a number never changes, so a reindex
    // keeps it. The index rows are copied with their verbatim's number; verbatims without one (a database
    // from before migration 7, 20 or 21, whose reindex is left to this migration) are indexed afresh.
    sql: `
      CREATE SEQUENCE verbatim_text_ids START 1;
      ALTER TABLE verbatims ADD COLUMN text_id INTEGER DEFAULT nextval('verbatim_text_ids');
      CREATE TABLE verbatim_index_with_ids (
        text_hash VARCHAR NOT NULL, search_text VARCHAR NOT NULL, phrase_ids INTEGER[] NOT NULL, text_id INTEGER NOT NULL
      );
      INSERT INTO verbatim_index_with_ids
      SELECT i.text_hash, i.search_text, i.phrase_ids, v.text_id FROM verbatim_index i JOIN verbatims v USING (text_hash);
      DROP TABLE verbatim_index;
      ALTER TABLE verbatim_index_with_ids RENAME TO verbatim_index;
      CREATE OR REPLACE VIEW verbatim_documents_source AS
      SELECT f.id AS cancellation_id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket,
        f.reason, i.text_id, f.reason = 'other' OR f.needs_review AS unexplained
      FROM cancellation_facts f JOIN verbatim_index i USING (text_hash)
      UNION ALL
      SELECT f.id, f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, i.text_id,
        coalesce(ec.reason, 'other') = 'other' OR coalesce(ec.needs_review, false)
      FROM survey_responses s
      JOIN cancellation_facts f ON f.id = s.cancellation_id
      JOIN verbatim_index i ON i.text_hash = s.text_hash
      LEFT JOIN effective_classifications ec ON ec.text_hash = s.text_hash;
      DROP TABLE verbatim_documents;
      CREATE TABLE verbatim_documents AS SELECT * FROM verbatim_documents_source LIMIT 0;
    `,
    populate: async (connection) => {
      await refreshVerbatimIndex(
        connection,
        'SELECT text_hash FROM verbatims WHERE text_hash NOT IN (SELECT text_hash FROM verbatim_index)',
      );
      await connection.run(
        'INSERT INTO verbatim_documents SELECT * FROM verbatim_documents_source ORDER BY requested_at',
      );
    },
  },
  {
    version: 23,
    description:
      'theme phrases no longer start or end with a non-answer such as "nothing", nor with cancellation wording such as "let you know", "asap" or "end"',
    // As migration 20: on the sample data "nothing", "end", "asap", "let you know", "reasons", "comment" (of
    // "no comment"), "concern" (of "to whom it may concern") and "good morning" were reported as candidate
    // reasons. Each verbatim keeps its text_id, so verbatim_documents stays as it is.
    sql: 'DELETE FROM verbatim_index;',
    populate: (connection) => refreshVerbatimIndex(connection, 'SELECT text_hash FROM verbatims'),
  },
  {
    version: 24,
    description:
      'an accepted offer on a request whose latest outcome is cancelled counts as churned at the request, saving no one',
    // The offer figures read churn from the offer's own churned_at alone. A later cancellations export that
    // turns a saved request into cancelled (docs/ingest.md, daily exports) made /api/summary count its MRR
    // lost while /api/offers still counted the offer as saving the customer and its MRR as retained, until
    // an offers export gave the offer a churned_at, which many never do. The request's outcome is the newer
    // word on whether the customer stayed: churn is now the earlier of the offer's churned_at and, for a
    // cancelled request, its requested_at, so the offer is saved at no horizon (docs/metrics.md, Offers).
    // churned_at itself stays the offers export's value. The refresh that follows every change of a
    // request's facts already rewrites its offers' facts, so only the stored rows need recounting here.
    sql: `
      CREATE OR REPLACE VIEW offer_facts_without_outcomes AS
      SELECT o.id, o.cancellation_id, o.offer_type, o.accepted, o.accepted_at, o.churned_at,
        f.requested_at, f.plan, f.country, f.channel, f.segment, f.tenure_bucket, f.reason, f.mrr_usd,
        epoch(CASE WHEN f.outcome = 'cancelled' THEN least(o.churned_at, f.requested_at) ELSE o.churned_at END
          - o.accepted_at) AS churned_after_seconds,
        f.outcome = 'cancelled' AS request_cancelled
      FROM offers o JOIN cancellation_facts f ON f.id = o.cancellation_id;
      CREATE OR REPLACE VIEW offer_facts_source AS
      SELECT * EXCLUDE (request_cancelled),
        CASE WHEN accepted THEN date_trunc('month', accepted_at)::DATE END AS accepted_month,
        offer_kept_days(accepted, churned_after_seconds) AS kept_days,
        CASE WHEN accepted THEN churned_at IS NOT NULL OR request_cancelled END AS churned
      FROM offer_facts_without_outcomes;
    `,
    populate: (connection) =>
      refreshCancellationFacts(
        connection,
        "outcome = 'cancelled' AND id IN (SELECT cancellation_id FROM offers WHERE accepted)",
      ),
  },
  {
    version: 25,
    description:
      "a customer's plan and country are optional, as billing tools' customer exports (Stripe's) lack them",
    // No derived table reads a customer's plan, and a customer's country joins the facts as NULL already
    // for requests whose customer was never loaded.
    sql: `
      ALTER TABLE customers ALTER COLUMN plan DROP NOT NULL;
      ALTER TABLE customers ALTER COLUMN country DROP NOT NULL;
    `,
  },
  {
    version: 26,
    description:
      'cancellation_month_totals and offer_month_totals: the month cells summed over the filter values, for requests without such filters; cancellation_facts carry their text_id',
    // /api/summary, /api/reasons and /api/offers without a plan, country, channel, segment or tenure filter
    // summed the month cells of the benchmark window at 10M cancellations (900k cancellation cells, 740k
    // offer cells), which differ mostly by those values; these totals hold the same counts in a few thousand
    // rows (docs/performance.md, "Month totals"). /api/verbatims matched a search's texts to the 10M facts by
    // their 16-character hash: an integer id makes that join and the count about three times faster.
    sql: `
      ALTER VIEW cancellation_facts_source RENAME TO cancellation_facts_without_text_ids;
      CREATE VIEW cancellation_facts_source AS
      SELECT f.*, v.text_id FROM cancellation_facts_without_text_ids f LEFT JOIN verbatims v ON v.text_hash = f.text_hash;
      ALTER TABLE cancellation_facts ADD COLUMN text_id INTEGER;
      UPDATE cancellation_facts f SET text_id = v.text_id FROM verbatims v WHERE v.text_hash = f.text_hash;
      CREATE VIEW cancellation_month_totals_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, reason, outcome, retained, needs_review,
        count(*) AS requests,
        sum(mrr_usd) AS mrr_usd,
        sum(sentiment) AS sentiment_sum,
        count(sentiment) AS sentiment_count
      FROM cancellation_facts
      GROUP BY ALL;
      CREATE TABLE cancellation_month_totals AS
      SELECT * FROM cancellation_month_totals_source ORDER BY requested_month;
      CREATE VIEW offer_month_totals_source AS
      SELECT date_trunc('month', requested_at)::DATE AS requested_month, reason, offer_type, accepted,
        accepted_month, kept_days, churned,
        count(*) AS offers,
        sum(mrr_usd) AS mrr_usd
      FROM offer_facts
      GROUP BY ALL;
      CREATE TABLE offer_month_totals AS SELECT * FROM offer_month_totals_source ORDER BY requested_month;
    `,
  },
  {
    version: 27,
    description:
      'theme phrases leave out the salutation that opens a letter ("Dear Support,", "Hi support team,")',
    // As migration 23: on the sample data 2,159 of the 5,201 distinct texts with "support" had it only in the
    // salutation, and "support" led the frequent phrases with letters about prices among its examples.
    sql: 'DELETE FROM verbatim_index;',
    populate: (connection) => refreshVerbatimIndex(connection, 'SELECT text_hash FROM verbatims'),
  },
  {
    version: 28,
    description:
      'a request with neither a picked reason nor a typed answer counts under no_reason_given instead of other',
    // Counted as other, the requests whose customer gave no reason at all made "Other" the second reason of
    // the sample data (39,806 of 200,000, 18,263 of them without a pick or a word) and hid how many requests a
    // cancel flow lets through without one. A typed answer that names no reason ("n/a") is still the
    // classifier's to read, and stays other, as does a verbatim not classified yet. The rules of migration 19
    // stay in cancellation_base_facts_v19.
    sql: `
      ALTER VIEW cancellation_base_facts RENAME TO cancellation_base_facts_v19;
      CREATE VIEW cancellation_base_facts AS
      SELECT * REPLACE (
        CASE WHEN ${GAVE_NO_REASON} THEN 'no_reason_given' ELSE reason END
          AS reason
      )
      FROM cancellation_base_facts_v19;
    `,
    // Only the reason changes, so the facts are rewritten in place (setEffectiveReason says why).
    populate: (connection) => setEffectiveReason(connection, GAVE_NO_REASON, 'no_reason_given'),
  },
  {
    version: 29,
    description:
      'a request without a picked reason whose typed answer names none ("n/a", "Please cancel my subscription.") counts under no_reason_given instead of other',
    // Such answers were half of the requests the classifier could only call other on the sample data (6,022 of
    // 11,781 without a pick, 808 distinct texts) and its most frequent "Other" verbatims, so "Other" mixed
    // answers outside the taxonomy ("personal reasons", "moving abroad") with requests that gave none. Only
    // texts classified other change: an answer the classifier read as a reason keeps it. Rewritten in place,
    // as migration 28's. The macro holds the pattern's text; no-reason-answers.ts says why an edit of it needs
    // a migration of its own.
    sql: `
      CREATE MACRO names_no_reason(answer) AS
        regexp_full_match(lower(answer), ${sqlLiteral(NO_REASON_ANSWER_PATTERN)});
      ALTER VIEW cancellation_base_facts RENAME TO cancellation_base_facts_v28;
      CREATE VIEW cancellation_base_facts AS
      SELECT * REPLACE (
        CASE WHEN ${ANSWERED_NO_REASON} THEN 'no_reason_given' ELSE reason END
          AS reason
      )
      FROM cancellation_base_facts_v28;
    `,
    populate: (connection) => setEffectiveReason(connection, ANSWERED_NO_REASON, 'no_reason_given'),
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

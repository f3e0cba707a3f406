/**
 * Versioned schema migrations. Each entry is frozen once released: change the schema by appending a new
 * version, never by editing an old one, so that any older database file migrates forward.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'core tables: customers, cancellations, offers, surveys, classifications, ingest bookkeeping',
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
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/**
 * A small, hand-checked churn data set for integration tests: 8 customers, 20 cancellations (March–June
 * 2024, data end date 2024-06-30), 9 verbatims with model, superseded and manual classifications, offers and
 * survey answers. Every expected aggregate in the API tests is computed by hand from the tables below, so
 * change a row only together with the tests that count it. Tests that need more rows pass an extended
 * fixture: `createFixtureDatabase({ ...CHURN_FIXTURE, offers: [...CHURN_FIXTURE.offers, extra] })`.
 *
 * Money: the fixture sets its own fx rates (EUR 1.10, GBP 1.25, JPY 0.01 USD per unit) so USD amounts are
 * easy to add up: c02 20 EUR = 22 USD, c03 100 GBP = 125 USD, c06 3000 JPY = 30 USD.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Channel, type Outcome, type ReasonCode, verbatimHash } from '@churnlens/models';
import { rebuildDerivedTables } from '@churnlens/models/database/derived-tables';
import type { ChurnlensDatabase } from '@churnlens/models/database/open-database';
import { openNewDatabase } from '@churnlens/models/testing/new-database';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type ApiDatabase, type ApiDatabaseOptions, createApiDatabase } from '../db.ts';

export interface FixtureCustomer {
  id: string;
  signedUpAt: string;
  plan: string;
  country: string;
  segment: string | null;
}

export interface FixtureCancellation {
  id: string;
  customerId: string;
  requestedAt: string;
  channel: Channel;
  agentId: string | null;
  /** Seconds from requested_at to handled_at; null when never handled. */
  waitSeconds: number | null;
  plan: string;
  mrr: number;
  currency: string;
  tenureDays: number;
  reasonCode: ReasonCode | null;
  reasonText: string | null;
  outcome: Outcome;
}

export interface FixtureClassification {
  text: string;
  modelVersion: string;
  reason: ReasonCode;
  confidence: number;
  sentiment: number;
  evidence: string[];
  needsReview: boolean;
  source: 'model' | 'rule' | 'manual';
  classifiedAt: string;
}

export interface FixtureOffer {
  id: string;
  cancellationId: string;
  offerType: string;
  offerDetail: string | null;
  presentedAt: string;
  accepted: boolean;
  acceptedAt: string | null;
  churnedAt: string | null;
}

export interface FixtureSurveyResponse {
  id: string;
  cancellationId: string;
  survey: 'exit' | 'follow_up';
  submittedAt: string;
  question: string;
  score: number | null;
  freeText: string | null;
}

export interface ChurnFixture {
  /** USD per unit, replacing the default rates for these currencies. */
  fxRates: Record<string, number>;
  customers: FixtureCustomer[];
  cancellations: FixtureCancellation[];
  classifications: FixtureClassification[];
  offers: FixtureOffer[];
  surveyResponses: FixtureSurveyResponse[];
}

/** The verbatims, by the name the tests use for them. */
export const TEXTS = {
  T1: 'Too expensive for our budget',
  T2: 'Missing the Salesforce integration we need',
  T3: 'Moved to a competitor, they are cheaper',
  T4: 'the app keeps crashing',
  T5: 'Support never answered my tickets',
  T6: 'Not using it since the project ended',
  T7: 'Retiring',
  T8: 'I found a better tool and it costs less',
  T9: 'Café closed, meh',
} as const;

const customers: FixtureCustomer[] = [
  { id: 'cu1', signedUpAt: '2023-01-15', plan: 'pro', country: 'US', segment: 'smb' },
  { id: 'cu2', signedUpAt: '2024-01-10', plan: 'basic', country: 'DE', segment: 'smb' },
  { id: 'cu3', signedUpAt: '2022-03-01', plan: 'pro', country: 'GB', segment: 'enterprise' },
  { id: 'cu4', signedUpAt: '2024-04-20', plan: 'basic', country: 'US', segment: null },
  { id: 'cu5', signedUpAt: '2023-11-05', plan: 'team', country: 'FR', segment: 'mid' },
  { id: 'cu6', signedUpAt: '2024-05-01', plan: 'basic', country: 'JP', segment: 'smb' },
  { id: 'cu7', signedUpAt: '2021-06-15', plan: 'team', country: 'US', segment: 'enterprise' },
  { id: 'cu8', signedUpAt: '2024-02-14', plan: 'pro', country: 'DE', segment: 'mid' },
];

/** The fields of a FixtureCancellation, each once, in the order of a row of the table below. */
const CANCELLATION_FIELDS = [
  'id',
  'customerId',
  'requestedAt',
  'channel',
  'agentId',
  'waitSeconds',
  'plan',
  'mrr',
  'currency',
  'tenureDays',
  'reasonCode',
  'reasonText',
  'outcome',
] as const satisfies readonly (keyof FixtureCancellation)[];

type RowOf<Fields extends readonly (keyof FixtureCancellation)[]> = {
  -readonly [Index in keyof Fields]: FixtureCancellation[Fields[Index] & keyof FixtureCancellation];
};
// A field of FixtureCancellation left out of CANCELLATION_FIELDS makes Row never, which no row of the table is.
type Row =
  Exclude<keyof FixtureCancellation, (typeof CANCELLATION_FIELDS)[number]> extends never
    ? RowOf<typeof CANCELLATION_FIELDS>
    : never;

function cancellation(row: Row): FixtureCancellation {
  return Object.fromEntries(
    CANCELLATION_FIELDS.map((field, index) => [field, row[index]]),
  ) as unknown as FixtureCancellation;
}

// Effective reason in the last comment column: classification of the text, else the code, else 'other' for a
// text not classified and 'no_reason_given' without one.
// biome-ignore format: one cancellation per line reads as a table
const cancellationRows: Row[] = [
  // June 2024: the default summary period (2024-06-01 … 2024-06-30)
  ['c01', 'cu1', '2024-06-02 10:00:00', 'self_serve', null, null, 'pro', 50, 'USD', 504, 'too_expensive', TEXTS.T1, 'cancelled'], // too_expensive
  ['c02', 'cu2', '2024-06-03 09:00:00', 'agent_chat', 'a1', 120, 'basic', 20, 'EUR', 145, null, TEXTS.T2, 'saved'], // missing_features
  ['c03', 'cu3', '2024-06-05 14:00:00', 'agent_phone', 'a2', 300, 'pro', 100, 'GBP', 827, null, TEXTS.T3, 'cancelled'], // switched_service (v2)
  ['c04', 'cu4', '2024-06-07 08:00:00', 'self_serve', null, null, 'basic', 20, 'USD', 48, 'unused', null, 'paused'], // unused (code)
  ['c05', 'cu5', '2024-06-10 11:00:00', 'email', 'a1', 3600, 'team', 80, 'EUR', 218, 'too_expensive', TEXTS.T1, 'downgraded'], // too_expensive
  ['c06', 'cu6', '2024-06-12 12:00:00', 'chatbot', null, 10, 'basic', 3000, 'JPY', 42, null, TEXTS.T4, 'cancelled'], // low_quality
  ['c07', 'cu7', '2024-06-15 16:00:00', 'agent_phone', 'a2', 600, 'team', 120, 'USD', 1096, 'too_complex', TEXTS.T5, 'saved'], // customer_service (text wins over code)
  ['c08', 'cu8', '2024-06-18 10:00:00', 'agent_chat', 'a1', 60, 'pro', 50, 'EUR', 125, null, null, 'abandoned'], // no_reason_given (nothing known)
  ['c09', 'cu1', '2024-06-20 15:00:00', 'self_serve', null, null, 'basic', 10, 'USD', 30, null, TEXTS.T9, 'cancelled'], // other (unclassified text)
  ['c10', 'cu5', '2024-06-25 09:30:00', 'agent_chat', 'a3', 240, 'team', 40, 'USD', 233, 'unused', TEXTS.T6, 'saved'], // unused (needs review)
  ['c11', 'cu2', '2024-06-28 13:00:00', 'email', null, null, 'basic', 20, 'USD', 170, null, TEXTS.T8, 'cancelled'], // switched_service (manual)
  ['c12', 'cu7', '2024-06-30 23:59:59', 'agent_phone', 'a3', 900, 'team', 200, 'USD', 1111, 'too_expensive', TEXTS.T1, 'paused'], // too_expensive
  // The previous period (2024-05-02 … 2024-05-31)
  ['c13', 'cu3', '2024-05-02 00:00:00', 'agent_phone', 'a2', 120, 'pro', 100, 'GBP', 793, null, TEXTS.T3, 'saved'], // switched_service
  ['c14', 'cu4', '2024-05-10 10:00:00', 'self_serve', null, null, 'basic', 20, 'USD', 20, null, TEXTS.T7, 'cancelled'], // other (model, needs review)
  ['c15', 'cu6', '2024-05-15 12:00:00', 'chatbot', null, 5, 'basic', 3000, 'JPY', 14, 'low_quality', null, 'cancelled'], // low_quality (code)
  ['c16', 'cu8', '2024-05-20 09:00:00', 'agent_chat', 'a1', 180, 'pro', 50, 'EUR', 96, null, TEXTS.T2, 'downgraded'], // missing_features
  ['c17', 'cu7', '2024-05-31 18:00:00', 'agent_phone', 'a2', 420, 'team', 120, 'USD', 1081, null, TEXTS.T5, 'cancelled'], // customer_service
  // Older than both default periods
  ['c18', 'cu1', '2024-04-01 10:00:00', 'self_serve', null, null, 'pro', 50, 'USD', 442, 'too_expensive', null, 'saved'], // too_expensive (code)
  ['c19', 'cu5', '2024-03-15 10:00:00', 'email', 'a1', 7200, 'team', 80, 'EUR', 131, null, TEXTS.T4, 'cancelled'], // low_quality
  ['c20', 'cu2', '2024-05-01 23:00:00', 'agent_chat', 'a3', 30, 'basic', 20, 'EUR', 112, 'missing_features', null, 'cancelled'], // missing_features (code)
];

const classifications: FixtureClassification[] = [
  model(TEXTS.T1, 'too_expensive', 0.9, -0.5, ['expensive', 'budget']),
  model(TEXTS.T2, 'missing_features', 0.8, -0.2, ['integration']),
  // T3: the first model version is superseded by a newer one.
  model(TEXTS.T3, 'too_expensive', 0.55, 0, ['cheaper'], { needsReview: true }),
  model(TEXTS.T3, 'switched_service', 0.7, -0.1, ['competitor'], {
    modelVersion: 'v2',
    classifiedAt: '2024-07-02 00:00:00',
  }),
  model(TEXTS.T4, 'low_quality', 0.85, -0.8, ['crashing']),
  model(TEXTS.T5, 'customer_service', 0.9, -0.9, ['support', 'tickets']),
  model(TEXTS.T6, 'unused', 0.45, -0.1, ['not using'], { needsReview: true }),
  model(TEXTS.T7, 'other', 0.3, 0, [], { needsReview: true }),
  // T8: the model said too_expensive; a person relabelled it (manual wins even though it is older).
  model(TEXTS.T8, 'too_expensive', 0.5, 0.1, ['costs less'], {
    needsReview: true,
    classifiedAt: '2024-07-03 00:00:00',
  }),
  model(TEXTS.T8, 'switched_service', 1, 0.1, [], {
    modelVersion: 'manual',
    source: 'manual',
    classifiedAt: '2024-07-02 12:00:00',
  }),
  // T9 is deliberately unclassified.
];

const offers: FixtureOffer[] = [
  offer('o01', 'c02', 'discount', '20% off for 3 months', '2024-06-03 09:02:00', '2024-06-03 09:05:00', null),
  offer('o02', 'c05', 'downgrade', 'team → basic', '2024-06-10 11:10:00', '2024-06-10 11:15:00', null),
  offer(
    'o03',
    'c07',
    'discount',
    '30% off for 2 months',
    '2024-06-15 16:05:00',
    '2024-06-15 16:10:00',
    '2024-06-29 16:10:00',
  ),
  offer('o04', 'c01', 'discount', '20% off for 3 months', '2024-06-02 10:01:00', null, null),
  offer('o05', 'c03', 'pause', '1 month pause', '2024-06-05 14:03:00', null, null),
  offer('o06', 'c10', 'extension', '14 extra trial days', '2024-06-25 09:35:00', '2024-06-25 09:40:00', null),
  offer('o07', 'c12', 'pause', '2 month pause', '2024-06-30 23:59:59', '2024-06-30 23:59:59', null),
  offer(
    'o08',
    'c13',
    'discount',
    '20% off for 3 months',
    '2024-05-02 00:01:00',
    '2024-05-02 00:02:00',
    '2024-05-20 00:02:00',
  ),
  offer('o09', 'c16', 'downgrade', 'pro → basic', '2024-05-20 09:02:00', '2024-05-20 09:04:00', null),
  offer(
    'o10',
    'c18',
    'discount',
    '20% off for 3 months',
    '2024-04-01 10:01:00',
    '2024-04-01 10:02:00',
    '2024-06-15 10:02:00',
  ),
  offer('o11', 'c04', 'pause', '1 month pause', '2024-06-07 08:01:00', '2024-06-07 08:02:00', null),
  offer('o12', 'c17', 'discount', '30% off for 2 months', '2024-05-31 18:05:00', null, null),
  offer('o13', 'c20', 'free_period', '1 free month', '2024-05-01 23:05:00', null, null),
];

const surveyResponses: FixtureSurveyResponse[] = [
  survey('s1', 'c01', 'follow_up', '2024-06-09 10:00:00', 'How likely are you to come back?', 3, null),
  survey('s2', 'c02', 'follow_up', '2024-06-10 09:00:00', 'How likely are you to come back?', 8, null),
  survey('s3', 'c02', 'follow_up', '2024-06-10 09:00:00', 'How was the support?', 6, null),
  survey('s4', 'c07', 'follow_up', '2024-06-22 16:00:00', 'How likely are you to come back?', 9, null),
  survey('s5', 'c10', 'follow_up', '2024-06-30 09:30:00', 'How likely are you to come back?', 10, null),
  survey('s6', 'c03', 'exit', '2024-06-05 14:10:00', 'How satisfied were you?', 2, null),
  survey('s7', 'c16', 'follow_up', '2024-05-27 09:00:00', 'Anything else?', null, 'will probably return'),
  survey('s8', 'c13', 'follow_up', '2024-05-09 00:00:00', 'How likely are you to come back?', 7, null),
];

export const CHURN_FIXTURE: ChurnFixture = {
  fxRates: { EUR: 1.1, GBP: 1.25, JPY: 0.01 },
  customers,
  cancellations: cancellationRows.map(cancellation),
  classifications,
  offers,
  surveyResponses,
};

function model(
  text: string,
  reason: ReasonCode,
  confidence: number,
  sentiment: number,
  evidence: string[],
  overrides: Partial<FixtureClassification> = {},
): FixtureClassification {
  return {
    text,
    modelVersion: 'v1',
    reason,
    confidence,
    sentiment,
    evidence,
    needsReview: false,
    source: 'model',
    classifiedAt: '2024-07-01 00:00:00',
    ...overrides,
  };
}

function offer(
  id: string,
  cancellationId: string,
  offerType: string,
  offerDetail: string,
  presentedAt: string,
  acceptedAt: string | null,
  churnedAt: string | null,
): FixtureOffer {
  return {
    id,
    cancellationId,
    offerType,
    offerDetail,
    presentedAt,
    accepted: acceptedAt !== null,
    acceptedAt,
    churnedAt,
  };
}

function survey(
  id: string,
  cancellationId: string,
  kind: 'exit' | 'follow_up',
  submittedAt: string,
  question: string,
  score: number | null,
  freeText: string | null,
): FixtureSurveyResponse {
  return { id, cancellationId, survey: kind, submittedAt, question, score, freeText };
}

/** The text_hash of a fixture verbatim, as ingest computes it. */
export function fixtureHash(text: string): string {
  return verbatimHash(text);
}

/** Inserts the fixture into a migrated database (parameterized inserts; a few dozen rows), then its facts. */
export async function insertFixture(
  connection: DuckDBConnection,
  fixture: ChurnFixture = CHURN_FIXTURE,
): Promise<void> {
  for (const [currency, rate] of Object.entries(fixture.fxRates)) {
    await connection.run(
      `INSERT OR REPLACE INTO fx_rates (currency, usd_per_unit) VALUES ($currency, $rate)`,
      { currency, rate },
    );
  }
  for (const customer of fixture.customers) {
    await connection.run(
      `INSERT INTO customers (id, signed_up_at, plan, country, segment) VALUES ($id, $signedUpAt::TIMESTAMP, $plan, $country, $segment)`,
      {
        ...customer,
      },
    );
  }
  const texts = new Set<string>();
  for (const row of fixture.cancellations) {
    if (row.reasonText !== null) texts.add(row.reasonText);
    await connection.run(
      `INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, agent_id, handled_at, plan, mrr,
        currency, tenure_days, reason_code, reason_text, outcome, effective_at, reactivated_at, text_hash)
      VALUES (
        $id, $customerId, $subscriptionId, $requestedAt::TIMESTAMP, $channel, $agentId,
        $requestedAt::TIMESTAMP + to_seconds($waitSeconds::BIGINT), $plan, $mrr, $currency, $tenureDays,
        $reasonCode, $reasonText, $outcome, NULL, NULL, $textHash)`,
      {
        id: row.id,
        customerId: row.customerId,
        subscriptionId: `sub_${row.id}`,
        requestedAt: row.requestedAt,
        channel: row.channel,
        agentId: row.agentId,
        waitSeconds: row.waitSeconds,
        plan: row.plan,
        mrr: row.mrr,
        currency: row.currency,
        tenureDays: row.tenureDays,
        reasonCode: row.reasonCode,
        reasonText: row.reasonText,
        outcome: row.outcome,
        textHash: row.reasonText === null ? null : fixtureHash(row.reasonText),
      },
    );
  }
  for (const classification of fixture.classifications) texts.add(classification.text);
  for (const response of fixture.surveyResponses) if (response.freeText) texts.add(response.freeText);
  for (const text of texts) {
    await connection.run(`INSERT INTO verbatims (text_hash, text) VALUES ($hash, $text)`, {
      hash: fixtureHash(text),
      text,
    });
  }
  for (const classification of fixture.classifications) {
    await connection.run(
      `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
        secondary_reason, language, needs_review, source, classified_at)
      VALUES (
        $hash, $modelVersion, $reason, $confidence, $sentiment, $evidence::JSON::VARCHAR[], NULL, 'en', $needsReview, $source,
        $classifiedAt::TIMESTAMP)`,
      {
        hash: fixtureHash(classification.text),
        modelVersion: classification.modelVersion,
        reason: classification.reason,
        confidence: classification.confidence,
        sentiment: classification.sentiment,
        evidence: JSON.stringify(classification.evidence),
        needsReview: classification.needsReview,
        source: classification.source,
        classifiedAt: classification.classifiedAt,
      },
    );
  }
  for (const item of fixture.offers) {
    await connection.run(
      `INSERT INTO offers (id, cancellation_id, offer_type, offer_detail, presented_at, accepted, accepted_at, churned_at)
      VALUES ($id, $cancellationId, $offerType, $offerDetail, $presentedAt::TIMESTAMP, $accepted,
        $acceptedAt::TIMESTAMP, $churnedAt::TIMESTAMP)`,
      { ...item },
    );
  }
  for (const response of fixture.surveyResponses) {
    await connection.run(
      `INSERT INTO survey_responses (id, customer_id, cancellation_id, survey, submitted_at, question, choice, score,
          free_text, text_hash)
        SELECT $id, customer_id, $cancellationId, $survey, $submittedAt::TIMESTAMP, $question, NULL, $score::INTEGER,
          $freeText, $textHash
        FROM cancellations WHERE id = $cancellationId`,
      { ...response, textHash: response.freeText ? fixtureHash(response.freeText) : null },
    );
  }
  // Rows inserted by hand bypass the writers that keep the derived tables current.
  await rebuildDerivedTables(connection);
}

/** Writes the fixture into a new DuckDB file at `path` and closes it (for tests that start a real server). */
export async function writeFixtureDatabase(
  path: string,
  fixture: ChurnFixture = CHURN_FIXTURE,
): Promise<void> {
  const database = await openNewDatabase(path);
  try {
    await insertFixture(database.connection, fixture);
  } finally {
    database.close();
  }
}

export interface FixtureDatabase {
  path: string;
  db: ApiDatabase;
  /** Closes the database and deletes its temporary directory. */
  cleanup(): Promise<void>;
}

/** Builds the fixture in a fresh DuckDB file under the OS temp directory. */
export async function createFixtureDatabase(
  fixture: ChurnFixture = CHURN_FIXTURE,
  options: ApiDatabaseOptions = {},
): Promise<FixtureDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'churnlens-fixture-'));
  const path = join(directory, 'fixture.duckdb');
  const database: ChurnlensDatabase = await openNewDatabase(path);
  await insertFixture(database.connection, fixture);
  const db = createApiDatabase(database, options);
  return {
    path,
    db,
    async cleanup() {
      await db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

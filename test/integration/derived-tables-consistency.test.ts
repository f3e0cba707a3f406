/**
 * The derived tables the API answers from (facts, month cells, theme documents, effective classifications,
 * the verbatim index) are kept current by each writer refreshing only what it touched. Whatever sequence of
 * writes a deployment sees, they must hold what a rebuild from scratch would write, and every endpoint must
 * answer as it would after that rebuild: a drift is a dashboard number that is silently wrong.
 *
 * One database goes through a realistic history (answers and offers before their cancellations, customers
 * after, a file in three parts, a newer overlapping export uploaded to the server, relabels, a re-ingest,
 * a late survey answer, reclassify after a model update, an edited exchange rate); after each step a copy
 * of its file is rebuilt and both are compared, table by table and answer by answer. A database written
 * before migration 19 is upgraded and compared too: migrations are writers of the derived tables as well.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createApp } from '@churnlens/api/app';
import { type ApiDatabase, openApiDatabase } from '@churnlens/api/db';
import type { IngestUploadResult } from '@churnlens/api/schemas/ingest-upload';
import { type IngestReport, ingestFiles, reclassifyVerbatims } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { verbatimHash } from '@churnlens/models';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import { MIGRATIONS } from '@churnlens/models/database/migrations';
import { openDatabase } from '@churnlens/models/database/open-database';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  derivedTableDifferences,
  jsonDifferences,
  rebuiltCopy,
  snapshotDerivedTables,
} from '../support/derived-table-comparison.ts';
import { keywordClassifier } from '../support/ingest-fixtures.ts';

const ADMIN = 'admin-token-consistency';

/** Generated customers, one cancellation each: a few thousand rows of the four kinds in all. */
const CUSTOMERS = 600;

/**
 * No filter, and a window whose first and last months are partial (read from the facts, the whole months
 * from the cells) with a plan, which the channel cells do not carry (/api/channels then reads the facts).
 */
const FILTERS = ['', 'from=2025-11-10&to=2026-08-20&plan=pro'];

/** The answers compared after every step, each with every filter. */
const ENDPOINTS = [
  '/api/summary',
  '/api/reasons?by=channel',
  '/api/reasons?by=week',
  '/api/channels',
  '/api/cohorts',
  '/api/offers?by=reason',
  '/api/themes',
  '/api/verbatims?limit=50',
];

function withFilter(endpoint: string, filter: string): string {
  if (filter === '') return endpoint;
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${filter}`;
}

const ANSWERS = [
  '/api/filter-values',
  ...ENDPOINTS.flatMap((endpoint) => FILTERS.map((filter) => withFilter(endpoint, filter))),
];

/** A path inside a SQL string literal (the test's own temp folder, never user input). */
function quotedPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

describe('derived tables kept by the writers, against a rebuild from scratch', () => {
  let dir: string;
  let db: ApiDatabase;
  let app: ReturnType<typeof createApp>;
  let files: Awaited<ReturnType<typeof generateSampleData>>['files'];
  let comparisons = 0;
  const classifier = keywordClassifier('keywords-1');

  /** Writes the rows `query` selects (over the generated files, read as text) to a CSV in the temp folder. */
  async function derivedCsv(name: string, query: string): Promise<string> {
    const path = join(dir, name);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const [kind, file] of Object.entries(files)) {
        await connection.run(
          `CREATE VIEW ${kind} AS SELECT * FROM read_csv(${quotedPath(file)}, all_varchar = true, header = true)`,
        );
      }
      await connection.run(`COPY (${query}) TO ${quotedPath(path)} (HEADER, DELIMITER ',')`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return path;
  }

  /** Ingests files as `churnlens ingest` does, with the older (keyword) model, through the server's write queue. */
  function ingest(...paths: string[]): Promise<IngestReport> {
    return db.write(() => ingestFiles({ instance: db.instance }, paths, { classifier }));
  }

  /** Uploads files to POST /api/ingest, which classifies with the current reason model. */
  async function upload(...paths: string[]): Promise<IngestUploadResult> {
    const body = new FormData();
    for (const path of paths) {
      body.append('file', new File([readFileSync(path)], basename(path), { type: 'text/csv' }));
    }
    const response = await app.request('/api/ingest', {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as IngestUploadResult;
  }

  async function relabel(textHash: string, reason: string): Promise<void> {
    const response = await app.request(`/api/verbatims/${textHash}/reason`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function answersOf(target: ReturnType<typeof createApp>): Promise<Map<string, unknown>> {
    const answered = new Map<string, unknown>();
    for (const url of ANSWERS) {
      const response = await target.request(url, { headers: { Authorization: `Bearer ${ADMIN}` } });
      answered.set(url, { status: response.status, body: await response.json() });
    }
    return answered;
  }

  /** The derived tables and every answer equal those of a rebuilt copy; differences are named in the failure. */
  async function expectSameAsRebuilt(): Promise<void> {
    comparisons += 1;
    const copyPath = join(dir, `rebuilt-${comparisons}.duckdb`);
    const rebuilt = await rebuiltCopy(db, copyPath);
    try {
      const tables = derivedTableDifferences(
        await snapshotDerivedTables(db),
        await snapshotDerivedTables(rebuilt),
      );
      expect(tables, 'derived tables differ from a rebuild').toEqual([]);
      const rebuiltApp = createApp({ db: rebuilt, tokens: [{ role: 'admin', token: ADMIN }], log: () => {} });
      const [kept, fresh] = [await answersOf(app), await answersOf(rebuiltApp)];
      const differing = ANSWERS.flatMap((url) =>
        jsonDifferences(kept.get(url), fresh.get(url)).map((difference) => `${url} ${difference}`),
      );
      expect(differing, 'answers differ from those after a rebuild').toEqual([]);
    } finally {
      await rebuilt.close();
      rmSync(copyPath, { force: true });
      rmSync(`${copyPath}.wal`, { force: true });
    }
  }

  async function single<T>(sql: string, params: Record<string, DuckDBValue> = {}): Promise<T> {
    const [row] = await db.query(sql, params);
    return row as T;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'churnlens-consistency-'));
    db = await openApiDatabase(join(dir, 'test.duckdb'));
    app = createApp({ db, tokens: [{ role: 'admin', token: ADMIN }], log: () => {} });
    ({ files } = await generateSampleData({
      customers: CUSTOMERS,
      outDir: join(dir, 'sample'),
      seed: 11,
      format: 'csv',
    }));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of the generated files that the first ingests had to refuse, loaded once their cancellations were. */
  const refusedEarly = { offers: 0, answers: 0 };

  it('agrees when offers and survey answers arrive before their cancellations and customers', async () => {
    const offers = (await ingest(files.offers)).files[0];
    const answers = (await ingest(files.survey_responses)).files[0];
    expect(offers).toMatchObject({ kind: 'offers', loaded: 0, rejected: offers?.read });
    expect(offers?.rejections[0]?.message).toContain('has been ingested (load the cancellations file first)');
    // Answers the survey tool tied to no cancellation reference none, and load; they make no theme documents.
    expect(answers?.loaded).toBeGreaterThan(0);
    expect(answers?.rejected).toBeGreaterThan(0);
    expect(await single('SELECT count(*)::INTEGER AS n FROM verbatim_documents')).toEqual({ n: 0 });
    refusedEarly.offers = offers?.rejected ?? 0;
    refusedEarly.answers = answers?.rejected ?? 0;
    await expectSameAsRebuilt();
  });

  it('agrees when the first part of the cancellations arrives before the customers, and then the customers', async () => {
    const unknownCountries = () =>
      single(
        'SELECT count(*) FILTER (WHERE country IS NULL)::INTEGER AS unknown, count(*)::INTEGER AS facts FROM cancellation_facts',
      );
    const first = await derivedCsv(
      'cancellations-1.csv',
      'SELECT * FROM cancellations ORDER BY id LIMIT (SELECT count(*) // 3 FROM cancellations)',
    );
    expect((await ingest(first)).files[0]).toMatchObject({ kind: 'cancellations', rejected: 0 });
    expect(await unknownCountries()).toEqual({ unknown: CUSTOMERS / 3, facts: CUSTOMERS / 3 });
    await expectSameAsRebuilt();
    expect((await ingest(files.customers)).files[0]).toMatchObject({ kind: 'customers', rejected: 0 });
    expect(await unknownCountries()).toEqual({ unknown: 0, facts: CUSTOMERS / 3 });
    await expectSameAsRebuilt();
  });

  it('agrees after the second and third parts, then the offers and answers refused before', async () => {
    const second = await derivedCsv(
      'cancellations-2.csv',
      `SELECT * FROM cancellations ORDER BY id
       LIMIT (SELECT count(*) // 3 FROM cancellations) OFFSET (SELECT count(*) // 3 FROM cancellations)`,
    );
    const third = await derivedCsv(
      'cancellations-3.csv',
      'SELECT * FROM cancellations ORDER BY id OFFSET (SELECT 2 * (count(*) // 3) FROM cancellations)',
    );
    await ingest(second);
    await ingest(third);
    expect(await single('SELECT count(*)::INTEGER AS n FROM cancellation_facts')).toEqual({ n: CUSTOMERS });
    const offers = (await ingest(files.offers)).files[0];
    const answers = (await ingest(files.survey_responses)).files[0];
    expect(offers).toMatchObject({ loaded: refusedEarly.offers, rejected: 0 });
    expect(answers).toMatchObject({ loaded: refusedEarly.answers, rejected: 0 });
    await expectSameAsRebuilt();
  });

  it('agrees after newer overlapping exports of all four kinds, uploaded to the server together', async () => {
    // The last two thirds of the cancellations again, as a later export: some saved customers cancelled after
    // all, some answers reworded or blanked, some picked reasons changed, some requests on another plan,
    // amount or channel, some dated a month earlier.
    const cancellations = await derivedCsv(
      'cancellations-newer.csv',
      `WITH numbered AS (SELECT *, row_number() OVER (ORDER BY id) AS n FROM cancellations)
       SELECT * EXCLUDE (n) REPLACE (
         CASE WHEN outcome = 'saved' AND n % 4 = 0 THEN 'cancelled' ELSE outcome END AS outcome,
         CASE WHEN n % 7 = 1 AND reason_text IS NOT NULL THEN 'Honestly the price went up again, too expensive now'
              WHEN n % 7 = 2 AND reason_text IS NOT NULL THEN reason_text || ' We moved to a competitor.'
              WHEN n % 7 = 3 THEN NULL
              ELSE reason_text END AS reason_text,
         CASE WHEN n % 17 = 8 THEN 'too_complex' ELSE reason_code END AS reason_code,
         CASE WHEN n % 11 = 3 THEN (CASE WHEN plan = 'pro' THEN 'starter' ELSE 'pro' END) ELSE plan END AS plan,
         CASE WHEN n % 11 = 4 THEN (mrr::DECIMAL(14, 2) * 2)::VARCHAR ELSE mrr END AS mrr,
         CASE WHEN n % 11 = 5 THEN (CASE WHEN channel = 'email' THEN 'agent_chat' ELSE 'email' END)
              ELSE channel END AS channel,
         CASE WHEN n % 13 = 6 THEN strftime(requested_at::TIMESTAMP - INTERVAL 35 DAY, '%Y-%m-%dT%H:%M:%SZ')
              ELSE requested_at END AS requested_at,
         CASE WHEN n % 13 = 6 AND handled_at IS NOT NULL
              THEN strftime(handled_at::TIMESTAMP - INTERVAL 35 DAY, '%Y-%m-%dT%H:%M:%SZ')
              ELSE handled_at END AS handled_at
       )
       FROM numbered WHERE n > (SELECT count(*) // 3 FROM cancellations)
       ORDER BY id`,
    );
    // Customers who moved country or segment, or whose signup the billing tool dated anew.
    const customers = await derivedCsv(
      'customers-newer.csv',
      `SELECT * REPLACE (
         CASE WHEN hash(id) % 9 = 0 THEN (CASE WHEN country = 'US' THEN 'CA' ELSE 'US' END) ELSE country END AS country,
         CASE WHEN hash(id) % 9 = 1 THEN 'enterprise' ELSE segment END AS segment,
         CASE WHEN hash(id) % 9 = 2 THEN strftime(signed_up_at::TIMESTAMP - INTERVAL 60 DAY, '%Y-%m-%dT%H:%M:%SZ')
              ELSE signed_up_at END AS signed_up_at
       )
       FROM customers ORDER BY id`,
    );
    // Customers who accepted an offer and left later: their accepted offers get a churned_at. A few offers
    // were recorded against the wrong request and now name the next one in the export.
    const offers = await derivedCsv(
      'offers-newer.csv',
      `SELECT * REPLACE (
         CASE WHEN accepted = 'true' AND churned_at IS NULL AND hash(id) % 3 = 0
              THEN strftime(accepted_at::TIMESTAMP + INTERVAL 45 DAY, '%Y-%m-%dT%H:%M:%SZ')
              ELSE churned_at END AS churned_at,
         CASE WHEN hash(id) % 29 = 0 THEN (SELECT min(c.id) FROM cancellations c WHERE c.id > offers.cancellation_id)
              ELSE cancellation_id END AS cancellation_id
       )
       FROM offers WHERE cancellation_id <> (SELECT max(id) FROM cancellations) ORDER BY id`,
    );
    // Answers rescored, reworded, turned into follow-ups, or tied to another request.
    const answers = await derivedCsv(
      'survey-responses-newer.csv',
      `SELECT * REPLACE (
         CASE WHEN score IS NOT NULL AND hash(id) % 5 = 0 THEN ((score::INTEGER + 3) % 11)::VARCHAR ELSE score END AS score,
         CASE WHEN free_text IS NOT NULL AND hash(id) % 5 = 1 THEN 'The support team never called me back'
              ELSE free_text END AS free_text,
         CASE WHEN hash(id) % 5 = 2 THEN 'follow_up' ELSE survey END AS survey,
         CASE WHEN cancellation_id IS NOT NULL AND hash(id) % 23 = 3
              THEN (SELECT max(c.id) FROM cancellations c WHERE c.id < survey_responses.cancellation_id)
              ELSE cancellation_id END AS cancellation_id
       )
       FROM survey_responses
       WHERE cancellation_id IS NULL OR cancellation_id <> (SELECT min(id) FROM cancellations)
       ORDER BY id`,
    );
    const report = await upload(offers, answers, cancellations, customers);
    expect(report.files.map(({ kind, rejected }) => ({ kind, rejected }))).toEqual([
      { kind: 'customers', rejected: 0 },
      { kind: 'cancellations', rejected: 0 },
      { kind: 'offers', rejected: 0 },
      { kind: 'surveys', rejected: 0 },
    ]);
    for (const file of report.files) expect(file.updated, file.kind).toBeGreaterThan(0);
    await expectSameAsRebuilt();
  });

  it('agrees after relabels, including one back to the model reason and a manual other over a picked reason', async () => {
    const mostQuoted = await single<{ text_hash: string; reason: string }>(
      `SELECT c.text_hash, ec.reason FROM cancellations c JOIN effective_classifications ec USING (text_hash)
       GROUP BY ALL ORDER BY count(*) DESC, c.text_hash LIMIT 1`,
    );
    const answered = await single<{ text_hash: string }>(
      `SELECT text_hash FROM survey_responses
       WHERE cancellation_id IS NOT NULL AND text_hash IS NOT NULL
         AND text_hash NOT IN (SELECT text_hash FROM cancellations WHERE text_hash IS NOT NULL)
       ORDER BY text_hash LIMIT 1`,
    );
    const pickStands = await single<{ text_hash: string }>(
      `SELECT text_hash FROM cancellation_facts
       WHERE classification_source = 'model' AND reason_origin = 'reason_code' AND reason_code <> 'other'
       ORDER BY text_hash LIMIT 1`,
    );
    const elsewhere = mostQuoted.reason === 'too_complex' ? 'low_quality' : 'too_complex';
    await relabel(mostQuoted.text_hash, elsewhere);
    await relabel(answered.text_hash, 'customer_service');
    await relabel(pickStands.text_hash, 'other');
    await expectSameAsRebuilt();
    await relabel(mostQuoted.text_hash, mostQuoted.reason);
    await expectSameAsRebuilt();
  });

  it('changes nothing when an unchanged file is ingested again, and agrees after a late survey answer', async () => {
    const before = await snapshotDerivedTables(db);
    const again = await ingest(join(dir, 'cancellations-1.csv'));
    expect(again.files[0]).toMatchObject({ loaded: 0, updated: 0, rejected: 0 });
    expect(derivedTableDifferences(before, await snapshotDerivedTables(db))).toEqual([]);

    const oldest = await single<{ id: string; customer_id: string }>(
      'SELECT id, customer_id FROM cancellations ORDER BY requested_at, id LIMIT 1',
    );
    const late = join(dir, 'late-answer.csv');
    writeFileSync(
      late,
      'id,customer_id,cancellation_id,survey,submitted_at,question,choice,score,free_text\n' +
        `srv-late-1,${oldest.customer_id},${oldest.id},follow_up,2026-10-30T09:00:00Z,` +
        'How likely are you to come back?,,3,Support never answered my last ticket\n',
    );
    expect((await ingest(late)).files[0]).toMatchObject({ kind: 'surveys', loaded: 1, rejected: 0 });
    expect(
      await single('SELECT follow_up_answered FROM cancellation_facts WHERE id = $id', { id: oldest.id }),
    ).toEqual({ follow_up_answered: true });
    await expectSameAsRebuilt();
  });

  it('agrees after reclassify runs the current model over the verbatims the older one classified', async () => {
    const result = await db.write((connection) => reclassifyVerbatims(connection, loadReasonClassifier()));
    expect(result.written).toBeGreaterThan(0);
    await expectSameAsRebuilt();
  });

  it('agrees after an exchange rate is edited by hand and the server opens the database again', async () => {
    await db.write((connection) =>
      connection.run(`UPDATE fx_rates SET usd_per_unit = usd_per_unit * 1.25 WHERE currency = 'EUR'`),
    );
    await db.close();
    db = await openApiDatabase(join(dir, 'test.duckdb'));
    app = createApp({ db, tokens: [{ role: 'admin', token: ADMIN }], log: () => {} });
    await expectSameAsRebuilt();
  });
});

/** The derived tables of schema 18, in the order each is derived from the ones before it. */
const SCHEMA_18_DERIVED_TABLES = [
  'effective_classifications',
  'cancellation_facts',
  'cancellation_month_cells',
  'channel_month_cells',
  'offer_facts',
  'offer_month_cells',
  'verbatim_documents',
];

/**
 * Rows as churnlens at schema 18 held them: answers that name no reason ("n/a") classified other on
 * cancellations whose customer picked a reason (migration 19 gives them the pick back), with offers (one
 * accepted on a request that stayed cancelled, which migration 24 counts as churned) and survey answers, and
 * the derived tables as that version's writers kept them.
 */
async function writeSchema18Rows(connection: DuckDBConnection): Promise<void> {
  // 'n/a' is flagged for review, 'Please cancel my subscription.' not: only the flag keeps its documents
  // unexplained once migration 29 counts it under no_reason_given.
  const texts = [
    { text: 'n/a', reason: 'other', review: true },
    { text: 'too expensive for us', reason: 'too_expensive', review: false },
    { text: 'Please cancel my subscription.', reason: 'other', review: false },
    { text: 'the app keeps crashing', reason: 'low_quality', review: false },
  ];
  await connection.run(
    `INSERT INTO customers (id, signed_up_at, plan, country, segment)
     VALUES ('cu1', '2024-01-05', 'pro', 'US', 'smb'), ('cu2', '2024-03-05', 'pro', 'DE', NULL)`,
  );
  for (const { text, reason, review } of texts) {
    const hash = verbatimHash(text);
    await connection.run('INSERT INTO verbatims (text_hash, text) VALUES ($hash, $text)', { hash, text });
    await connection.run(
      `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
         secondary_reason, language, needs_review, source, classified_at)
       VALUES ($hash, 'v1', $reason, 0.5, -0.2, [], NULL, 'en', $review, 'model', '2024-06-01')`,
      { hash, reason, review },
    );
  }
  for (let index = 0; index < 40; index++) {
    const { text } = texts[index % texts.length] as { text: string };
    await connection.run(
      `INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, handled_at, plan, mrr,
         currency, tenure_days, reason_code, reason_text, outcome, text_hash)
       VALUES ($id, $customer, $id, $at::TIMESTAMP, 'email', $at::TIMESTAMP + INTERVAL 300 SECOND, 'pro', 10,
         'USD', $tenure, $code, $text, $outcome, $hash)`,
      {
        id: `c${index}`,
        customer: `cu${1 + (index % 2)}`,
        at: `2024-0${1 + (index % 6)}-1${index % 10} 10:00:00`,
        tenure: index * 20,
        code: ['unused', 'other', null][index % 3] ?? null,
        text,
        outcome: index % 5 === 0 ? 'saved' : 'cancelled',
        hash: verbatimHash(text),
      },
    );
  }
  // Requests with neither a picked reason nor a verbatim, which migration 28 counts under no_reason_given:
  // one with an offer, one with a survey answer.
  await connection.run(
    `INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, handled_at, plan, mrr,
       currency, tenure_days, outcome)
     VALUES ('n1', 'cu1', 'n1', '2024-03-03 09:00:00', 'self_serve', NULL, 'pro', 10, 'USD', 60, 'cancelled'),
            ('n2', 'cu2', 'n2', '2024-05-20 09:00:00', 'chatbot', NULL, 'pro', 10, 'USD', 90, 'saved')`,
  );
  await connection.run(
    `INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted, accepted_at, churned_at)
     VALUES ('o1', 'c0', 'discount', '2024-01-10', true, '2024-01-10', '2024-03-01'),
            ('o2', 'c3', 'pause', '2024-04-13', false, NULL, NULL),
            ('o3', 'c1', 'downgrade', '2024-02-11', true, '2024-02-11 12:00:00', NULL),
            ('o4', 'n1', 'discount', '2024-03-03', false, NULL, NULL)`,
  );
  await connection.run(
    `INSERT INTO survey_responses (id, customer_id, cancellation_id, survey, submitted_at, question, score,
       free_text, text_hash)
     VALUES ('a1', 'cu1', 'c0', 'follow_up', '2024-02-01', 'Anything else?', 4, 'n/a', $first),
            ('a2', 'cu2', 'c1', 'exit', '2024-02-01', 'Why?', NULL, 'too expensive for us', $second),
            ('a3', 'cu2', 'n2', 'exit', '2024-05-20', 'Why?', NULL, 'too expensive for us', $second),
            -- c8 picked nothing and wrote 'n/a' (migration 29); its survey answer repeats it word for word.
            ('a4', 'cu1', 'c8', 'exit', '2024-03-18', 'Why?', NULL, 'n/a', $first)`,
    { first: verbatimHash('n/a'), second: verbatimHash('too expensive for us') },
  );
  for (const table of SCHEMA_18_DERIVED_TABLES)
    await connection.run(`INSERT INTO ${table} BY NAME SELECT * FROM ${table}_source`);
}

describe('derived tables of a database upgraded by the schema migrations, against a rebuild', () => {
  it('agrees after migrations 19 to the latest recount the facts and reindex the verbatims', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churnlens-consistency-'));
    const path = join(dir, 'schema-18.duckdb');
    try {
      const old = await openDatabase(
        path,
        MIGRATIONS.filter(({ version }) => version <= 18),
      );
      await writeSchema18Rows(old.connection);
      old.close();
      const db = await openApiDatabase(path);
      try {
        expect(
          await db.query(
            `SELECT reason, reason_origin, count(*)::INTEGER AS requests FROM cancellation_facts
             WHERE reason_text = 'n/a' GROUP BY ALL ORDER BY reason`,
          ),
        ).toEqual([
          // No pick (migration 29); a picked other stands; a picked reason stands (migration 19).
          { reason: 'no_reason_given', reason_origin: 'classification', requests: 3 },
          { reason: 'other', reason_origin: 'classification', requests: 3 },
          { reason: 'unused', reason_origin: 'reason_code', requests: 4 },
        ]);
        expect(
          await db.query(
            `SELECT f.id, f.reason, o.reason AS offer_reason, d.reason AS document_reason
             FROM cancellation_facts f LEFT JOIN offer_facts o ON o.cancellation_id = f.id
               LEFT JOIN verbatim_documents d ON d.cancellation_id = f.id
             WHERE f.id LIKE 'n%' ORDER BY f.id`,
          ),
        ).toEqual([
          { id: 'n1', reason: 'no_reason_given', offer_reason: 'no_reason_given', document_reason: null },
          { id: 'n2', reason: 'no_reason_given', offer_reason: null, document_reason: 'no_reason_given' },
        ]);
        // o3 was accepted on c1, which stayed cancelled: no longer kept, as if its customer had churned.
        expect(
          await db.query(`SELECT id, churned, kept_days FROM offer_facts WHERE accepted ORDER BY id`),
        ).toEqual([
          { id: 'o1', churned: true, kept_days: 30 },
          { id: 'o3', churned: true, kept_days: 0 },
        ]);
        const rebuilt = await rebuiltCopy(db, join(dir, 'rebuilt.duckdb'));
        try {
          expect(
            derivedTableDifferences(await snapshotDerivedTables(db), await snapshotDerivedTables(rebuilt)),
          ).toEqual([]);
        } finally {
          await rebuilt.close();
        }
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

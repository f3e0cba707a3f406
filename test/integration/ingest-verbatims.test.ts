/**
 * Free text on ingest: PII redacted by default, each distinct normalized text stored once in verbatims and
 * classified once, rows pointing at it by text_hash; and `reclassify` writing only results that changed.
 */

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles, reclassifyVerbatims } from '@churnlens/ingest';
import { verbatimHash } from '@churnlens/models';
import { describe, expect, it } from 'vitest';
import {
  CANCELLATION_HEADER,
  cancellationRecord,
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';

/** One valid cancellation as an NDJSON line, with `reasonText` as its free text. */
const cancellationJson = (id: string, reasonText: string) =>
  JSON.stringify({
    ...Object.fromEntries(
      CANCELLATION_HEADER.split(',').map((field, index) => [field, cancellationRow(id).split(',')[index]]),
    ),
    reason_text: reasonText,
  });

describe('verbatims on ingest', () => {
  const temp = tempDatabasePerTest();

  const csv = () =>
    cancellationsCsv([
      cancellationRow('c1', { reason_text: 'Too expensive' }),
      cancellationRow('c2', { reason_text: '"too   EXPENSIVE "' }),
      cancellationRow('c3', { reason_text: 'Call me on 555-123-4567 about the price' }),
      cancellationRow('c4', { reason_text: '' }),
    ]);

  it('stores each distinct normalized text once, redacted, and classifies it once', async () => {
    const classifier = keywordClassifier();
    const report = await ingestFiles(temp.db, [temp.file('c.csv', csv())], { classifier });
    expect(report.files[0]).toMatchObject({ loaded: 4, newVerbatims: 2, classified: 2 });
    expect(classifier.calls).toHaveLength(2);
    expect(await temp.rows(`SELECT text FROM verbatims ORDER BY text`)).toEqual([
      { text: 'Call me on [phone] about the price' },
      { text: 'Too expensive' },
    ]);
    expect(await temp.rows(`SELECT id, text_hash FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', text_hash: verbatimHash('too expensive') },
      { id: 'c2', text_hash: verbatimHash('too expensive') },
      { id: 'c3', text_hash: verbatimHash('call me on [phone] about the price') },
      { id: 'c4', text_hash: null },
    ]);
    expect(
      await temp.rows(`SELECT reason, source, model_version FROM reason_classifications ORDER BY reason`),
    ).toEqual([
      { reason: 'too_expensive', source: 'model', model_version: 'keywords-1' },
      { reason: 'too_expensive', source: 'model', model_version: 'keywords-1' },
    ]);
  });

  it('stores texts with quotes, line breaks and any script exactly, and leaves no working files behind', async () => {
    const texts = ['Said "too expensive"\nand left', 'Trop cher ! 😞 — 料金が高い', 'back\\slash\ttab'];
    const folder = mkdtempSync(join(tmpdir(), 'churnlens-verbatims-'));
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = folder;
    try {
      const classifier = keywordClassifier();
      const report = await ingestFiles(
        temp.db,
        [temp.file('c.ndjson', texts.map((text, index) => cancellationJson(`c${index}`, text)).join('\n'))],
        { classifier },
      );
      expect(report.files[0]).toMatchObject({ loaded: 3, newVerbatims: 3, classified: 3 });
      expect(classifier.calls.sort()).toEqual([...texts].sort());
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      rmSync(folder, { recursive: true, force: true });
    }
    expect((await temp.rows(`SELECT text FROM verbatims ORDER BY text`)).map((row) => row.text)).toEqual(
      [...texts].sort(),
    );
    expect(
      await temp.rows(
        `SELECT i.search_text FROM verbatim_index i JOIN verbatims v USING (text_hash) WHERE v.text LIKE 'Said%'`,
      ),
    ).toEqual([{ search_text: ' said too expensive and left' }]);
  });

  it('neither stores nor classifies the text of a rejected row', async () => {
    const classifier = keywordClassifier();
    const file = cancellationsCsv([
      cancellationRow('c1', { reason_text: 'Too expensive' }),
      cancellationRow('c2', { mrr: '-5', reason_text: 'Switching to a competitor' }),
      cancellationRow('c3', { requested_at: 'yesterday', reason_text: 'Too expensive' }),
    ]);
    const report = await ingestFiles(temp.db, [temp.file('c.csv', file)], { classifier });
    expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 2, newVerbatims: 1, classified: 1 });
    expect(classifier.calls).toEqual(['Too expensive']);
    expect(await temp.rows(`SELECT text FROM verbatims`)).toEqual([{ text: 'Too expensive' }]);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM verbatim_index`)).toEqual([{ n: 1 }]);
  });

  // Billing tools often key customers by e-mail: the loaded rows keep such an id as written, and so does a
  // rejected row, which could not be found in its file otherwise; its free text is redacted as verbatims are.
  it.each([
    {
      redact: true,
      text: 'Write to [email] about the refund',
      notes: 'Call [phone]',
      unsplit: 'c3,[email],sub_c3',
    },
    {
      redact: false,
      text: 'Write to jo@example.com about the refund',
      notes: 'Call 555-123-4567',
      unsplit: 'c3,ann@example.com,sub_c3',
    },
  ])(
    'keeps the ids and fields of a rejected row as written and redacts its free text (redact: $redact)',
    async ({ redact, text, notes, unsplit }) => {
      const file = [
        `${CANCELLATION_HEADER},notes`,
        `${cancellationRow('c1', { customer_id: 'jo@example.com', requested_at: 'jo@example.com', reason_text: 'Write to jo@example.com about the refund' })},Call 555-123-4567`,
        `${cancellationRow('c2', { customer_id: 'jo@example.com' })},`,
        `${cancellationRow('c3', { customer_id: 'ann@example.com' })},,a field too many`,
      ].join('\n');
      await ingestFiles(temp.db, [temp.file('c.csv', `${file}\n`)], {
        classifier: keywordClassifier(),
        redact,
      });
      expect(await temp.rows(`SELECT id, customer_id FROM cancellations`)).toEqual([
        { id: 'c2', customer_id: 'jo@example.com' },
      ]);
      const [invalid, unsplitRow] = await temp.rows<{
        line: number;
        field: string;
        message: string;
        raw: string;
      }>(`SELECT line::INTEGER AS line, field, message, raw FROM rejected_rows ORDER BY line`);
      expect(invalid).toMatchObject({
        line: 2,
        field: 'requested_at',
        // The value at fault is no free text: it is quoted as written, to be found and fixed.
        message:
          'requested_at: "jo@example.com" is not a valid date (use ISO 8601, e.g. 2024-03-01 or 2024-03-01T14:30:00Z)',
      });
      expect(JSON.parse(invalid?.raw ?? '')).toEqual({
        ...cancellationRecord('c1', { customer_id: 'jo@example.com', requested_at: 'jo@example.com' }),
        reason_code: null,
        reason_text: text,
        // A column no field reads: not stored anywhere, so nothing says it is not free text.
        notes,
      });
      // A line the reader could not split into fields is redacted whole.
      expect(unsplitRow).toMatchObject({ line: 4, field: null });
      expect(unsplitRow?.raw).toContain(unsplit);
    },
  );

  it('names a repeated e-mail customer id as written, in the message and the record', async () => {
    const file =
      'id,signed_up_at,plan,country\njo@example.com,2024-01-05,pro,DE\njo@example.com,2024-02-01,team,DE\n';
    await ingestFiles(temp.db, [temp.file('customers.csv', file)], { classifier: keywordClassifier() });
    expect(await temp.rows(`SELECT id, plan FROM customers`)).toEqual([
      { id: 'jo@example.com', plan: 'team' },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field, message, raw FROM rejected_rows`)).toEqual([
      {
        line: 2,
        field: 'id',
        message: 'id: "jo@example.com" appears again later in this file (line 3); only that row is loaded',
        raw: '{"id":"jo@example.com","signed_up_at":"2024-01-05","plan":"pro","country":"DE"}',
      },
    ]);
  });

  it('stores and classifies a free text the mapping gives as a default', async () => {
    const classifier = keywordClassifier();
    const file = temp.file('c.csv', cancellationsCsv([cancellationRow('c1'), cancellationRow('c2')]));
    const mapping = {
      columns: { reason_text: null },
      defaults: { reason_text: 'Too expensive (imported: no answer kept)' },
    };
    const report = await ingestFiles(temp.db, [file], { classifier, mapping });
    expect(report.files[0]).toMatchObject({ loaded: 2, newVerbatims: 1, classified: 1 });
    expect(await temp.rows(`SELECT id, reason_text FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', reason_text: 'Too expensive (imported: no answer kept)' },
      { id: 'c2', reason_text: 'Too expensive (imported: no answer kept)' },
    ]);
  });

  it("stores a help desk's HTML note as its text, without tags or entities, also with --no-redact", async () => {
    const note = '<p>Customer said it is too expensive,&nbsp;wants 20% off</p><p>Declined the offer</p>';
    const file = temp.file('notes.ndjson', `${cancellationJson('c1', note)}\n`);
    const report = await ingestFiles(temp.db, [file], { classifier: keywordClassifier(), redact: false });
    expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 0 });
    const text = 'Customer said it is too expensive, wants 20% off\nDeclined the offer';
    expect(await temp.rows(`SELECT reason_text FROM cancellations`)).toEqual([{ reason_text: text }]);
    expect(await temp.rows(`SELECT text FROM verbatims`)).toEqual([{ text }]);
  });

  it('keeps the text as written with --no-redact', async () => {
    await ingestFiles(temp.db, [temp.file('c.csv', csv())], {
      classifier: keywordClassifier(),
      redact: false,
    });
    expect(await temp.rows(`SELECT reason_text FROM cancellations WHERE id = 'c3'`)).toEqual([
      { reason_text: 'Call me on 555-123-4567 about the price' },
    ]);
  });

  it('classifies survey free text the same way', async () => {
    const classifier = keywordClassifier();
    const surveys = temp.file(
      'answers.csv',
      'response_id,customer_id,survey,submitted_at,question,comment\n' +
        'r1,cus_1,exit,2024-03-02,Anything else?,Mail me: ann@example.com\n' +
        'r2,cus_2,exit,2024-03-02,Anything else?,Too expensive\n',
    );
    await ingestFiles(temp.db, [temp.file('c.csv', csv()), surveys], { classifier });
    expect(await temp.rows(`SELECT id, free_text FROM survey_responses ORDER BY id`)).toEqual([
      { id: 'r1', free_text: 'Mail me: [email]' },
      { id: 'r2', free_text: 'Too expensive' },
    ]);
    // Each distinct text once; the order of texts within one file is DuckDB's and not part of the contract.
    expect([...classifier.calls].sort()).toEqual(
      ['Call me on [phone] about the price', 'Too expensive', 'Mail me: [email]'].sort(),
    );
  });

  it('lists each reason text and survey answer as a theme document of its cancellation, and follows updates', async () => {
    const classifier = keywordClassifier();
    const documents = () =>
      temp.rows(
        `SELECT d.cancellation_id, d.plan, v.text, d.unexplained,
           list_contains(i.phrase_ids, (SELECT id FROM theme_phrases WHERE phrase = 'slack integration')) AS slack
         FROM verbatim_documents d JOIN verbatims v USING (text_id) JOIN verbatim_index i USING (text_id)
         ORDER BY d.cancellation_id, v.text`,
      );
    await ingestFiles(
      temp.db,
      [
        temp.file(
          'c.csv',
          cancellationsCsv([
            cancellationRow('c1', { reason_text: 'Too expensive' }),
            cancellationRow('c2', { reason_text: 'Missing the Slack integration' }),
            cancellationRow('c3', { reason_text: '' }),
          ]),
        ),
      ],
      { classifier },
    );
    await ingestFiles(
      temp.db,
      [
        temp.file(
          'answers.csv',
          'response_id,customer_id,cancellation_id,survey,submitted_at,question,comment\n' +
            'r1,cus_c1,c1,follow_up,2024-03-02,Anything else?,Still no Slack integration\n',
        ),
      ],
      { classifier },
    );
    expect(await documents()).toEqual([
      {
        cancellation_id: 'c1',
        plan: 'pro',
        text: 'Still no Slack integration',
        unexplained: true,
        slack: true,
      },
      { cancellation_id: 'c1', plan: 'pro', text: 'Too expensive', unexplained: false, slack: false },
      {
        cancellation_id: 'c2',
        plan: 'pro',
        text: 'Missing the Slack integration',
        unexplained: true,
        slack: true,
      },
    ]);

    await ingestFiles(
      temp.db,
      [
        temp.file(
          'c-later.csv',
          cancellationsCsv([cancellationRow('c1', { reason_text: 'Too expensive', plan: 'team' })]),
        ),
      ],
      { classifier },
    );
    expect((await documents()).map((row) => row.plan)).toEqual(['team', 'team', 'pro']);
  });

  it('moves a survey answer to the cancellation a newer export names, leaving nothing behind on the old one', async () => {
    const classifier = keywordClassifier();
    const answer = (cancellationId: string) =>
      temp.file(
        `answers-${cancellationId}.csv`,
        'response_id,customer_id,cancellation_id,survey,submitted_at,question,score,comment\n' +
          `r1,cus_c1,${cancellationId},follow_up,2024-03-02,How did we do?,4,Still no Slack integration\n`,
      );
    const cancellations = temp.file(
      'c.csv',
      cancellationsCsv([
        cancellationRow('c1', { reason_text: '' }),
        cancellationRow('c2', { reason_text: '' }),
      ]),
    );
    await ingestFiles(temp.db, [cancellations, answer('c1')], { classifier });
    await ingestFiles(temp.db, [answer('c2')], { classifier });
    expect(
      await temp.rows(
        `SELECT id, follow_up_answered, follow_up_score_sum FROM cancellation_facts ORDER BY id`,
      ),
    ).toEqual([
      { id: 'c1', follow_up_answered: false, follow_up_score_sum: null },
      { id: 'c2', follow_up_answered: true, follow_up_score_sum: 4 },
    ]);
    expect(await temp.rows(`SELECT cancellation_id FROM verbatim_documents`)).toEqual([
      { cancellation_id: 'c2' },
    ]);
  });

  it('classifies with the committed reason model when no classifier is given', async () => {
    await ingestFiles(temp.db, [
      temp.file(
        'c.csv',
        cancellationsCsv([cancellationRow('c1', { reason_text: 'way too expensive for us' })]),
      ),
    ]);
    const [row] = await temp.rows<{ reason: string; source: string; model_version: string }>(
      `SELECT reason, source, model_version FROM reason_classifications`,
    );
    expect(row).toMatchObject({ reason: 'too_expensive', source: 'model' });
    expect(row?.model_version).not.toBe('');
  });
});

describe('reclassify', () => {
  const temp = tempDatabasePerTest();

  it('writes rows only where the new model version changes the result', async () => {
    const path = temp.file(
      'c.csv',
      cancellationsCsv([
        cancellationRow('c1', { reason_text: 'Too expensive' }),
        cancellationRow('c2', { reason_text: 'Switched to another tool' }),
      ]),
    );
    await ingestFiles(temp.db, [path], { classifier: keywordClassifier('keywords-1') });
    const next = keywordClassifier('keywords-2');
    const original = next.classify.bind(next);
    // The new version changes its mind about switching: "other" becomes "switched_service".
    next.classify = (text: string) =>
      /switched/i.test(text) ? { ...original(text), reason: 'switched_service' } : original(text);

    const result = await reclassifyVerbatims(temp.db.connection, next);
    expect(result).toEqual({ modelVersion: 'keywords-2', examined: 2, written: 1, unchanged: 1 });
    expect(
      await temp.rows(`SELECT v.text, c.reason FROM reason_classifications c JOIN verbatims v USING (text_hash)
                       WHERE c.model_version = 'keywords-2'`),
    ).toEqual([{ text: 'Switched to another tool', reason: 'switched_service' }]);
    expect(
      await temp.rows(`SELECT v.text, e.reason FROM effective_classifications e JOIN verbatims v USING (text_hash)
                       ORDER BY v.text`),
    ).toEqual([
      { text: 'Switched to another tool', reason: 'switched_service' },
      { text: 'Too expensive', reason: 'too_expensive' },
    ]);

    const again = await reclassifyVerbatims(temp.db.connection, next);
    expect(again).toEqual({ modelVersion: 'keywords-2', examined: 1, written: 0, unchanged: 1 });
  });

  it('writes on ingest, as reclassify does, only the classifications a new model version changes', async () => {
    const first = cancellationsCsv([
      cancellationRow('c1', { reason_text: 'Too expensive' }),
      cancellationRow('c2', { reason_text: 'Switched to another tool' }),
    ]);
    const firstReport = await ingestFiles(temp.db, [temp.file('a.csv', first)], {
      classifier: keywordClassifier('keywords-1'),
    });
    expect(firstReport.files[0]?.warnings).toEqual([]);
    const next = keywordClassifier('keywords-2');
    const original = next.classify.bind(next);
    next.classify = (text: string) =>
      /switched/i.test(text) ? { ...original(text), reason: 'switched_service' } : original(text);

    const later = cancellationsCsv([
      cancellationRow('c3', { reason_text: 'too expensive' }),
      cancellationRow('c4', { reason_text: 'switched to another tool' }),
    ]);
    const report = await ingestFiles(temp.db, [temp.file('b.csv', later)], { classifier: next });
    expect(report.files[0]).toMatchObject({ loaded: 2, newVerbatims: 0, classified: 2 });
    // The run says why, and what spares later files the same work.
    expect(report.files[0]?.warnings).toEqual([
      '1 stored verbatim quoted by this file reads differently under the current reason model (keywords-2) ' +
        'than under the older one that classified it, and the cancellations quoting it now count under the ' +
        'new reading; `churnlens reclassify` re-reads every stored verbatim at once, so that later files need ' +
        'not',
    ]);
    // "Too expensive" reads as before: its keywords-1 row stands, and its cancellations keep their facts.
    expect(
      await temp.rows(`SELECT v.text, c.reason, c.model_version FROM reason_classifications c
                       JOIN verbatims v USING (text_hash) ORDER BY v.text, c.model_version`),
    ).toEqual([
      { text: 'Switched to another tool', reason: 'other', model_version: 'keywords-1' },
      { text: 'Switched to another tool', reason: 'switched_service', model_version: 'keywords-2' },
      { text: 'Too expensive', reason: 'too_expensive', model_version: 'keywords-1' },
    ]);
    expect(await temp.rows(`SELECT id, reason FROM cancellation_facts ORDER BY id`)).toEqual([
      { id: 'c1', reason: 'too_expensive' },
      { id: 'c2', reason: 'switched_service' },
      { id: 'c3', reason: 'too_expensive' },
      { id: 'c4', reason: 'switched_service' },
    ]);
  });

  it('classifies verbatims that never had a model classification', async () => {
    await temp.db.connection.run(
      `INSERT INTO verbatims (text_hash, text) VALUES ('abc', 'Price is too high')`,
    );
    const result = await reclassifyVerbatims(temp.db.connection, keywordClassifier('keywords-3'));
    expect(result).toMatchObject({ examined: 1, written: 1 });
    expect(await temp.rows(`SELECT reason, model_version FROM reason_classifications`)).toEqual([
      { reason: 'too_expensive', model_version: 'keywords-3' },
    ]);
  });
});

/**
 * Each kind of bad row is quarantined in rejected_rows with the file, the line a person sees in an editor
 * and the field at fault, while the good rows of the same file load and the counts add up.
 */
import { ingestFiles } from '@churnlens/ingest';
import { describe, expect, it } from 'vitest';
import {
  CANCELLATION_HEADER,
  cancellationRecord,
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';

interface Rejected {
  line: number;
  field: string | null;
  message: string;
}

describe('ingest rejections', () => {
  const temp = tempDatabasePerTest();

  const ingest = (paths: string[]) => ingestFiles(temp.db, paths, { classifier: keywordClassifier() });

  it('quarantines each bad cancellation row with its line and field, and loads the rest', async () => {
    const lines = [
      CANCELLATION_HEADER, // 1
      cancellationRow('c1'), // 2
      cancellationRow('c2', { requested_at: '31/02/2024' }), // 3
      cancellationRow('c3', { reason_text: '"Support was slow,\nvery slow"' }), // 4-5
      cancellationRow('c4', { mrr: '-5' }), // 6
      cancellationRow('c5', { channel: 'carrier pigeon' }), // 7
      '', // 8
      cancellationRow('', {}), // 9
      cancellationRow('c7', { currency: 'XYZ' }), // 10
      `${cancellationRow('c8')},surplus`, // 11
      cancellationRow('c9', { reason_code: 'bored' }), // 12
      cancellationRow('c10', { tenure_days: '12.5' }), // 13
      // A UTF-8 character makes this a UTF-8 file with broken bytes (line 15), not a Windows-1252 one.
      cancellationRow('c11', { reason_text: 'Zu teuer für uns' }), // 14
    ];
    const [before, after] = cancellationRow('c12', { reason_text: 'caf@ latte' }).split('@');
    const bytes = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n${before}`),
      Buffer.from([0xe9, 0xff]), // not UTF-8, in reason_text on line 15
      Buffer.from(`${after}\n`),
    ]);
    const path = temp.file('cancellations.csv', bytes);

    const report = await ingest([path]);
    const file = report.files[0];
    expect(file).toMatchObject({ status: 'ok', kind: 'cancellations', read: 12, loaded: 3, rejected: 9 });
    expect(file?.read).toBe(
      (file?.loaded ?? 0) + (file?.updated ?? 0) + (file?.unchanged ?? 0) + (file?.rejected ?? 0),
    );

    const rejected = await temp.rows<Rejected>(
      `SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`,
    );
    expect(rejected.map((row) => [row.line, row.field])).toEqual([
      [3, 'requested_at'],
      [6, 'mrr'],
      [7, 'channel'],
      [9, 'id'],
      [10, 'currency'],
      [11, null],
      [12, 'reason_code'],
      [13, 'tenure_days'],
      [15, 'reason_text'],
    ]);
    expect(rejected.find((row) => row.field === 'requested_at')?.message).toBe(
      'requested_at: "31/02/2024" is not a valid date (use ISO 8601, e.g. 2024-03-01 or 2024-03-01T14:30:00Z)',
    );
    expect(rejected.find((row) => row.field === 'mrr')?.message).toBe('mrr: "-5" must not be negative');
    expect(rejected.find((row) => row.field === 'channel')?.message).toContain(
      'channel: "carrier pigeon" is not one of self_serve, agent_phone',
    );
    expect(rejected.find((row) => row.field === 'id')?.message).toBe('id: is required');
    expect(rejected.find((row) => row.field === 'currency')?.message).toBe(
      'currency: "XYZ" is not a known ISO 4217 currency code',
    );
    expect(rejected.find((row) => row.line === 11)?.message).toBe(
      'the row has 13 fields but the header has 12',
    );
    expect(rejected.find((row) => row.field === 'reason_text')?.message).toBe(
      'reason_text: the text is not valid UTF-8 (save the file as UTF-8)',
    );

    const loaded = await temp.rows<{ id: string }>(`SELECT id FROM cancellations ORDER BY id`);
    expect(loaded.map((row) => row.id)).toEqual(['c1', 'c11', 'c3']);
  });

  it('counts all the fields of a row with several too many or too few', async () => {
    const fields = cancellationRow('c2').split(',');
    const path = temp.file(
      'cancellations.csv',
      cancellationsCsv([
        cancellationRow('c1'),
        [...fields, 'a', 'b', 'c'].join(','),
        fields.slice(0, 9).join(','),
      ]),
    );
    await ingest([path]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 3, message: 'the row has 15 fields but the header has 12' },
        { line: 4, message: 'the row has 9 fields but the header has 12' },
      ],
    );
  });

  describe('a file still being written, read with its last row cut off', () => {
    const CUT_OFF =
      'it was cut off, perhaps while still being written (ingest the file again once it is complete)';

    it('loads the complete rows of a file cut inside a quoted field, with their quotes read as quoting', async () => {
      const whole = cancellationsCsv([
        cancellationRow('c1', { reason_text: '"Fine, but too expensive"' }),
        cancellationRow('c2', { reason_text: '"Missing features"' }),
        cancellationRow('c3', { reason_text: '"Too slow, really"' }),
      ]);
      const path = temp.file('cancellations-today.csv', whole.slice(0, whole.indexOf('"Too slow') + 4));

      const report = await ingest([path]);

      expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
      expect(await temp.rows(`SELECT id, reason_text FROM cancellations ORDER BY id`)).toEqual([
        { id: 'c1', reason_text: 'Fine, but too expensive' },
        { id: 'c2', reason_text: 'Missing features' },
      ]);
      expect(await temp.rows<Rejected>(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
        { line: 4, message: `the file ends inside a quoted field of this row: ${CUT_OFF}` },
      ]);
    });

    it('says that a last row with too few fields and no line break after it was cut off', async () => {
      const whole = cancellationsCsv([cancellationRow('c1'), cancellationRow('c2')]);
      const path = temp.file('cancellations-today.csv', whole.slice(0, whole.indexOf('c2,') + 30));

      const report = await ingest([path]);

      expect(report.files[0]).toMatchObject({ read: 2, loaded: 1, rejected: 1 });
      expect(await temp.rows<Rejected>(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
        {
          line: 3,
          message: `the row has 4 fields but the header has 12; the file ends in this row, with no line break after it: ${CUT_OFF}`,
        },
      ]);
    });

    it('does not call a last row with a field too many cut off', async () => {
      const path = temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${cancellationRow('c1')},surplus`);

      await ingest([path]);

      expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
        { message: 'the row has 13 fields but the header has 12' },
      ]);
    });

    it('does not call a short row cut off when a line break ends it', async () => {
      const fields = cancellationRow('c2').split(',');
      const path = temp.file(
        'cancellations.csv',
        cancellationsCsv([cancellationRow('c1'), fields.slice(0, 4).join(',')]),
      );

      await ingest([path]);

      expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
        { message: 'the row has 4 fields but the header has 12' },
      ]);
    });
  });

  it('rejects a request still open (outcome pending) as undecided, not as a spelling to map', async () => {
    const path = temp.file(
      'cancellations-today.csv',
      cancellationsCsv([
        cancellationRow('c1'),
        cancellationRow('c2', { outcome: 'pending' }),
        cancellationRow('c3', { outcome: 'In Progress' }),
        cancellationRow('c4', { outcome: 'later' }),
      ]),
    );

    const report = await ingest([path]);

    expect(report.files[0]).toMatchObject({ read: 4, loaded: 1, rejected: 3 });
    const open = (value: string) =>
      `outcome: "${value}" says the request is still open, and a request is loaded once it has an outcome: ingest it from a later export that has one (mapping it to an outcome with "values" would count it as that outcome)`;
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 3, message: open('pending') },
        { line: 4, message: open('In Progress') },
        {
          line: 5,
          message:
            'outcome: "later" is not one of cancelled, saved, paused, downgraded, abandoned (map other spellings with "values" in the mapping file)',
        },
      ],
    );
  });

  it('rejects an offer whose cancellation was never ingested, naming the cancellation', async () => {
    await ingest([temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c1')]))]);
    const offers = temp.file(
      'offers.csv',
      'offer_id,cancellation_id,offer_type,presented_at,accepted\n' +
        'o1,c1,discount,2024-03-01T10:01:00Z,yes\n' +
        'o2,c404,pause,2024-03-01T10:01:00Z,no\n',
    );
    const report = await ingest([offers]);
    expect(report.files[0]).toMatchObject({ kind: 'offers', read: 2, loaded: 1, rejected: 1 });
    expect(await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows`)).toEqual([
      {
        line: 3,
        field: 'cancellation_id',
        message:
          'cancellation_id: no cancellation "c404" has been ingested (load the cancellations file first)',
      },
    ]);
  });

  it('tells an offer and an answer whose cancellation was rejected earlier in the same run so, and loads them once it is in', async () => {
    const cancellations = temp.file(
      'c-cancellations.csv',
      cancellationsCsv([cancellationRow('c1'), cancellationRow('c2', { mrr: 'ninety' })]),
    );
    const offers = temp.file(
      'a-offers.csv',
      'offer_id,cancellation_id,offer_type,presented_at,accepted\n' +
        'o1,c1,discount,2024-03-01T10:01:00Z,no\n' +
        'o2,c2,pause,2024-03-01T10:01:00Z,yes\n',
    );
    const answers = temp.file(
      'b-survey.csv',
      'response_id,customer_id,cancellation_id,survey,submitted_at,question,score\n' +
        'r2,cus_c2,c2,exit,2024-03-01T11:00:00Z,How likely are you to recommend us?,3\n',
    );

    const report = await ingest([offers, answers, cancellations]);

    expect(report.files.map((file) => [file.kind, file.loaded, file.rejected])).toEqual([
      ['cancellations', 1, 1],
      ['offers', 1, 1],
      ['surveys', 0, 1],
    ]);
    const rejectedEarlier = `cancellation_id: cancellation "c2" was rejected in ${cancellations} earlier in this run (see its rejected rows), so it is not in the database: ingest this file again once it is loaded`;
    expect(
      await temp.rows(`SELECT file, line::INTEGER AS line, message FROM rejected_rows ORDER BY run_id, line`),
    ).toEqual([
      { file: cancellations, line: 3, message: 'mrr: "ninety" is not a number' },
      { file: offers, line: 3, message: rejectedEarlier },
      { file: answers, line: 2, message: rejectedEarlier },
    ]);

    await ingest([temp.file('c-cancellations-fixed.csv', cancellationsCsv([cancellationRow('c2')]))]);
    const again = await ingest([offers, answers]);
    expect(again.files.map((file) => [file.kind, file.loaded, file.unchanged, file.rejected])).toEqual([
      ['offers', 1, 1, 0],
      ['surveys', 1, 0, 0],
    ]);
  });

  it('rejects an answer whose cancellation was rejected in an earlier run with the usual message', async () => {
    await ingest([
      temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c9', { mrr: 'ninety' })])),
    ]);
    const answers = temp.file(
      'survey.csv',
      'response_id,customer_id,cancellation_id,survey,submitted_at,question,score\n' +
        'r9,cus_9,c9,exit,2024-03-01T11:00:00Z,How likely are you to recommend us?,3\n',
    );

    await ingest([answers]);

    expect(await temp.rows(`SELECT message FROM rejected_rows WHERE file = '${answers}'`)).toEqual([
      {
        message:
          'cancellation_id: no cancellation "c9" has been ingested (load the cancellations file first)',
      },
    ]);
  });

  it('keeps the last of two rows with the same id and rejects the earlier one', async () => {
    const path = temp.file(
      'dupes.csv',
      cancellationsCsv([
        cancellationRow('c1', { plan: 'basic' }),
        cancellationRow('c2'),
        cancellationRow('c1'),
      ]),
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows`)).toEqual([
      {
        line: 2,
        field: 'id',
        message: 'id: "c1" appears again later in this file (line 4); only that row is loaded',
      },
    ]);
    expect(await temp.rows(`SELECT plan FROM cancellations WHERE id = 'c1'`)).toEqual([{ plan: 'pro' }]);
  });

  it('reports malformed NDJSON lines by line number', async () => {
    const path = temp.file(
      'customers.ndjson',
      '{"id":"a","signed_up_at":"2023-01-05","plan":"pro","country":"de"}\n\n' +
        '{"id":"b", oops}\n' +
        '{"id":"c","signed_up_at":"2023-02-05","plan":"pro","country":"Atlantis"}\n',
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ kind: 'customers', read: 3, loaded: 1, rejected: 2 });
    expect(
      await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
    ).toEqual([
      { line: 3, field: null, message: 'the record is not valid JSON' },
      {
        line: 4,
        field: 'country',
        message: 'country: "Atlantis" is not a two-letter ISO 3166 country code or a country name',
      },
    ]);
    expect(await temp.rows(`SELECT id, country FROM customers`)).toEqual([{ id: 'a', country: 'DE' }]);
  });

  it('rejects a CSV row too long to read alone, and loads the rows around it', async () => {
    const runOn = `"${'too expensive '.repeat(200_000)}"`; // 2,800,002 bytes
    const path = temp.file(
      'cancellations.csv',
      cancellationsCsv([
        cancellationRow('c1'),
        cancellationRow('c2', { reason_text: runOn }),
        cancellationRow('c3', { reason_text: 'Missing integrations' }),
      ]),
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 3, loaded: 2, rejected: 1 });
    const [rejected] = await temp.rows<Rejected & { raw_length: number }>(
      `SELECT line::INTEGER AS line, field, message, length(raw)::INTEGER AS raw_length FROM rejected_rows`,
    );
    expect(rejected).toMatchObject({ line: 3, field: null, raw_length: 10_000 });
    expect(rejected?.message).toMatch(
      /^the row is 2,800,\d{3} bytes long; a CSV row may have at most 2,000,000 bytes/,
    );
    expect(await temp.rows(`SELECT id FROM cancellations ORDER BY id`)).toEqual([{ id: 'c1' }, { id: 'c3' }]);
  });

  it('rejects a verbatim over 100,000 characters in any format, and keeps one of exactly 100,000', async () => {
    const longest = `${'price '.repeat(16_666)}abcd`; // 100,000 characters
    const tooLong = `${longest}e`;
    const records = [
      { ...cancellationRecord('c1'), reason_text: longest },
      { ...cancellationRecord('c2'), reason_text: tooLong },
    ];
    const ndjson = temp.file('cancellations.ndjson', records.map((r) => JSON.stringify(r)).join('\n'));
    const parquet = `${temp.dir}/cancellations.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT * FROM read_ndjson('${ndjson}', columns = {${Object.keys(records[0] ?? {})
        .map((key) => `'${key}': 'VARCHAR'`)
        .join(', ')}})) TO '${parquet}' (FORMAT parquet)`,
    );
    for (const path of [ndjson, parquet]) {
      const report = await ingest([path]);
      expect(report.files[0]).toMatchObject({ status: 'ok', read: 2, rejected: 1 });
    }
    const rejected = await temp.rows<Rejected>(
      `SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY run_id`,
    );
    const message = `reason_text: "${longest.slice(0, 80)}" is 100,001 characters long; at most 100,000 are accepted`;
    expect(rejected).toEqual([
      { line: 2, field: 'reason_text', message },
      { line: 2, field: 'reason_text', message },
    ]);
    expect(
      await temp.rows(
        `SELECT c.id, length(v.text)::INTEGER AS text_length, r.reason
         FROM cancellations c JOIN verbatims v USING (text_hash) JOIN reason_classifications r USING (text_hash)`,
      ),
    ).toEqual([{ id: 'c1', text_length: 100_000, reason: 'too_expensive' }]);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM verbatims`)).toEqual([{ n: 1 }]);
  });

  it('rejects a Parquet verbatim of 18 MB without failing the file', async () => {
    // Texts pass through JS in NDJSON row files, whose lines DuckDB reads up to 16 MB.
    const path = `${temp.dir}/cancellations.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT id, 'cus_' || id AS customer_id, 'sub_' || id AS subscription_id,
           TIMESTAMP '2024-03-01 10:00:00' AS requested_at, 'self_serve' AS channel, 'pro' AS plan, 49.0 AS mrr,
           'USD' AS currency, 120 AS tenure_days, text AS reason_text, 'cancelled' AS outcome
         FROM (VALUES ('c1', repeat('price ', 3000000)), ('c2', 'Too expensive')) t(id, text))
       TO '${path}' (FORMAT parquet)`,
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 2, loaded: 1, rejected: 1 });
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 1, field: 'reason_text' },
    ]);
    expect(await temp.rows(`SELECT text FROM verbatims`)).toEqual([{ text: 'Too expensive' }]);
  });

  it('rejects placeholder dates outside 1900-2999, which would become the newest or oldest day of the data', async () => {
    const path = temp.file(
      'cancellations.csv',
      `${CANCELLATION_HEADER},effective_at\n${[
        `${cancellationRow('c1')},2024-03-31`,
        `${cancellationRow('c2', { requested_at: '9999-12-31' })},`,
        `${cancellationRow('c3')},0001-01-01T00:00:00Z`,
        `${cancellationRow('c4', { requested_at: '1900-01-01' })},2999-12-31T23:59:59Z`,
      ].join('\n')}\n`,
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 4, loaded: 2, rejected: 2 });
    expect(
      await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
    ).toEqual([
      {
        line: 3,
        field: 'requested_at',
        message: 'requested_at: "9999-12-31" must be between 1900-01-01 and 2999-12-31',
      },
      {
        line: 4,
        field: 'effective_at',
        message: 'effective_at: "0001-01-01T00:00:00Z" must be between 1900-01-01 and 2999-12-31',
      },
    ]);
  });

  it('rejects ids a spreadsheet saved in scientific notation (1.23457E+11), rather than merge the customers they stood for', async () => {
    const path = temp.file(
      'cancellations.csv',
      `${CANCELLATION_HEADER}\n${[
        cancellationRow('c1', { customer_id: '4.56789E+11' }),
        cancellationRow('c2', { customer_id: '4.56789E+11' }),
        cancellationRow('1.23457E+11'),
        cancellationRow('c4', { customer_id: '456789012345' }),
      ].join('\n')}\n`,
    );
    const report = await ingest([path]);
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 4, loaded: 1, rejected: 3 });
    expect(await temp.rows(`SELECT id, customer_id FROM cancellations`)).toEqual([
      { id: 'c4', customer_id: '456789012345' },
    ]);
    const lost =
      'is a number a spreadsheet shortened to scientific notation, which has lost its last digits: format the column as text (or as a number without decimals) in the sheet and save it again';
    expect(
      await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
    ).toEqual([
      { line: 2, field: 'customer_id', message: `customer_id: "4.56789E+11" ${lost}` },
      { line: 3, field: 'customer_id', message: `customer_id: "4.56789E+11" ${lost}` },
      { line: 4, field: 'id', message: `id: "1.23457E+11" ${lost}` },
    ]);
  });
});

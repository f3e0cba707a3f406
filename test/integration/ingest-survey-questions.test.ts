/**
 * Survey tools export one row per respondent and one column per question. Named in the mapping's
 * `questions`, those columns are read as one survey response per answered question, each answer in the field
 * the mapping gives it, and every row's answers accounted for.
 */
import { ingestFiles, MappingFileError, readMappingFile } from '@churnlens/ingest';
import { describe, expect, it } from 'vitest';
import {
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';

const SCORE = 'How likely are you to recommend us?';
const REASON = 'What is the main reason you cancelled?';
const MORE = 'Anything else you want to tell us?';

/** As Typeform exports it: a response id under "#", hidden fields, a submit date in UTC. */
const TYPEFORM_EXPORT = [
  `#,customer_id,${SCORE},${REASON},${MORE},Submit Date (UTC),Network ID`,
  'r1,cus_1,3,Too expensive,"Pricey since the upgrade, write to ann@example.com",2024-03-01 10:00:00,n1',
  'r2,cus_2,8,Missing features,,2024-03-02 11:00:00,n2',
  'r3,cus_3,eleven,Other,Support never answered,2024-03-03 12:00:00,n3',
].join('\n');

const QUESTIONS = { [SCORE]: 'score', [REASON]: 'choice', [MORE]: 'free_text' };

/**
 * As SurveyMonkey exports it: its respondent columns, a second header row saying what each question column
 * holds ("Response", "Open-Ended Response", a multiple-choice question's options), US dates with AM/PM.
 */
const SURVEYMONKEY_EXPORT = [
  `Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,${SCORE},${REASON},,${MORE}`,
  ',,,,,,,,,Response,Too expensive,Missing features,Open-Ended Response',
  '114233456789,431234567,11/18/2024 10:20:02 AM,11/18/2024 10:22:49 AM,,ann@example.com,,,cus_1,3,Too expensive,,Pricey',
  '114233456790,431234567,11/19/2024 02:01:10 PM,11/19/2024 02:03:00 PM,,,,,cus_2,9,,Missing features,',
].join('\n');

describe('survey exports with one column per question', () => {
  const temp = tempDatabasePerTest();

  const mappingFile = (mapping: unknown) =>
    readMappingFile(temp.file('mapping.json', JSON.stringify(mapping)));
  const ingest = async (paths: string[], mapping: unknown) =>
    ingestFiles(temp.db, paths, { classifier: keywordClassifier(), mapping: await mappingFile(mapping) });
  const typeformMapping = { columns: { '#': 'id' }, defaults: { survey: 'exit' }, questions: QUESTIONS };

  it('reads each answered question as a response, skips unanswered ones and rejects a bad answer on its line', async () => {
    const report = await ingest([temp.file('typeform.csv', `${TYPEFORM_EXPORT}\n`)], typeformMapping);
    expect(report.files[0]).toMatchObject({
      kind: 'surveys',
      read: 9,
      loaded: 7,
      unchanged: 1,
      skipped: 1,
      rejected: 1,
      ignoredColumns: ['Network ID'],
    });
    expect(
      await temp.rows(
        `SELECT id, customer_id, submitted_at::VARCHAR AS submitted_at, question, choice, score, free_text
         FROM survey_responses WHERE customer_id = 'cus_1' ORDER BY question`,
      ),
    ).toEqual([
      {
        id: `r1 · ${MORE}`,
        customer_id: 'cus_1',
        submitted_at: '2024-03-01 10:00:00',
        question: MORE,
        choice: null,
        score: null,
        free_text: 'Pricey since the upgrade, write to [email]',
      },
      {
        id: `r1 · ${SCORE}`,
        customer_id: 'cus_1',
        submitted_at: '2024-03-01 10:00:00',
        question: SCORE,
        choice: null,
        score: 3,
        free_text: null,
      },
      {
        id: `r1 · ${REASON}`,
        customer_id: 'cus_1',
        submitted_at: '2024-03-01 10:00:00',
        question: REASON,
        choice: 'Too expensive',
        score: null,
        free_text: null,
      },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows`)).toEqual([
      { line: 4, field: 'score', message: 'score: "eleven" is not a whole number' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('read by question: 3 question columns');
    expect(run?.message).toContain(`1 skipped as unchanged, e.g. no answer to "${MORE}"`);
  });

  it('adds nothing when the same export is read again', async () => {
    await ingest([temp.file('typeform.csv', `${TYPEFORM_EXPORT}\n`)], typeformMapping);
    const again = await ingest([temp.file('typeform-again.csv', `${TYPEFORM_EXPORT}\n`)], typeformMapping);
    expect(again.files[0]).toMatchObject({ read: 9, loaded: 0, updated: 0, unchanged: 8, rejected: 1 });
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM survey_responses`)).toEqual([{ n: 7 }]);
  });

  it("skips SurveyMonkey's second header row, counting it, and reads the respondents below it", async () => {
    const mapping = {
      columns: { 'Custom Data 1': 'customer_id', 'End Date': 'submitted_at' },
      defaults: { survey: 'exit' },
      questions: QUESTIONS,
    };
    const report = await ingest([temp.file('surveymonkey.csv', `${SURVEYMONKEY_EXPORT}\n`)], mapping);
    expect(report.files[0]).toMatchObject({ kind: 'surveys', read: 9, loaded: 5, unchanged: 4, rejected: 0 });
    expect(
      await temp.rows(
        `SELECT id, submitted_at::VARCHAR AS submitted_at, choice, score, free_text FROM survey_responses
         WHERE customer_id = 'cus_1' ORDER BY id`,
      ),
    ).toEqual([
      {
        id: `114233456789 · ${MORE}`,
        submitted_at: '2024-11-18 10:22:49',
        choice: null,
        score: null,
        free_text: 'Pricey',
      },
      {
        id: `114233456789 · ${SCORE}`,
        submitted_at: '2024-11-18 10:22:49',
        choice: null,
        score: 3,
        free_text: null,
      },
      {
        id: `114233456789 · ${REASON}`,
        submitted_at: '2024-11-18 10:22:49',
        choice: 'Too expensive',
        score: null,
        free_text: null,
      },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      `4 skipped as unchanged, e.g. SurveyMonkey's second header row ("Response", "Open-Ended Response", the options of a question); no answer to "${MORE}"`,
    );
    expect(run?.message).toContain(`"${REASON}" (with the 1 option column after it)`);
    // The second respondent chose the question's second option, in the column without a header.
    expect(
      await temp.rows(
        `SELECT choice FROM survey_responses WHERE customer_id = 'cus_2' AND choice IS NOT NULL`,
      ),
    ).toEqual([{ choice: 'Missing features' }]);
    expect(report.files[0]?.ignoredColumns).not.toContain('column11');
  });

  it("skips Qualtrics's question-text and ImportId rows under the header, counting them", async () => {
    const qualtrics = [
      'StartDate,RecordedDate,ResponseId,ExternalReference,Q1,Q2,Q3',
      `Start Date,Recorded Date,Response ID,External Data Reference,${SCORE},${REASON},${MORE}`,
      '"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2""}","{""ImportId"":""QID3_TEXT""}"',
      '2024-06-13 00:27:01,2024-06-13 00:29:46,R_1,cus_1,4,Too expensive,Price went up',
    ].join('\n');
    const mapping = {
      columns: { ResponseId: 'id', ExternalReference: 'customer_id', RecordedDate: 'submitted_at' },
      defaults: { survey: 'exit' },
      questions: { Q1: 'score', Q2: 'choice', Q3: 'free_text' },
    };
    const report = await ingest([temp.file('qualtrics.csv', `${qualtrics}\n`)], mapping);
    // Three lines of three questions; the two rows under the header are skipped for each question.
    expect(report.files[0]).toMatchObject({ kind: 'surveys', read: 9, loaded: 3, unchanged: 6, rejected: 0 });
    expect(await temp.rows(`SELECT id, score, choice, free_text FROM survey_responses ORDER BY id`)).toEqual([
      { id: 'R_1 · Q1', score: 4, choice: null, free_text: null },
      { id: 'R_1 · Q2', score: null, choice: 'Too expensive', free_text: null },
      { id: 'R_1 · Q3', score: null, choice: null, free_text: 'Price went up' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      "6 skipped as unchanged, e.g. Qualtrics's question-text and ImportId rows",
    );
  });

  describe('Qualtrics dates in the time zone its ImportId row names', () => {
    /** A Qualtrics export whose date columns' ImportId cells say `zone` (none without it), one Q1 each row. */
    const qualtricsExport = (zone: string | undefined, rows: [string, string][]) => {
      const zoneKey = zone === undefined ? '' : `,""timeZone"":""${zone}""`;
      return [
        'StartDate,RecordedDate,ResponseId,ExternalReference,Q1',
        `Start Date,Recorded Date,Response ID,External Data Reference,${SCORE}`,
        `"{""ImportId"":""startDate""${zoneKey}}","{""ImportId"":""recordedDate""${zoneKey}}","{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""QID1""}"`,
        ...rows.map(([id, recorded]) => `${recorded},${recorded},${id},cus_${id},8`),
        '',
      ].join('\n');
    };
    const qualtricsMapping = {
      columns: { ResponseId: 'id', ExternalReference: 'customer_id', RecordedDate: 'submitted_at' },
      defaults: { survey: 'exit' },
      questions: { Q1: 'score' },
    };
    const submittedAt = () =>
      temp.rows(`SELECT id, submitted_at::VARCHAR AS submitted_at FROM survey_responses ORDER BY id`);
    const runMessage = async () =>
      (await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`))[0]?.message;

    it('stores a Denver evening as the UTC instant, with daylight saving time in summer and not in winter', async () => {
      const csv = qualtricsExport('America/Denver', [
        ['R_1', '2024-03-31 20:00:00'],
        ['R_2', '2024-01-31 20:00:00'],
        ['R_3', '2024-03-01T10:00:00+01:00'],
      ]);
      const report = await ingest([temp.file('qualtrics.csv', csv)], qualtricsMapping);
      expect(report.files[0]).toMatchObject({ loaded: 3, rejected: 0, warnings: [] });
      expect(await submittedAt()).toEqual([
        // March 31st after the change to MDT, six hours behind UTC: April 1st in UTC.
        { id: 'R_1 · Q1', submitted_at: '2024-04-01 02:00:00' },
        // January: MST, seven hours behind; the 31st's evening is February 1st in UTC.
        { id: 'R_2 · Q1', submitted_at: '2024-02-01 03:00:00' },
        // A time that says its own offset keeps it.
        { id: 'R_3 · Q1', submitted_at: '2024-03-01 09:00:00' },
      ]);
      expect(await runMessage()).toContain(
        'submitted_at: column "RecordedDate" read in America/Denver, as its ImportId row says',
      );
    });

    it('reads the times of an export in a fixed offset at that offset', async () => {
      const csv = qualtricsExport('+01:00', [['R_1', '2024-03-01 00:30:00']]);
      const report = await ingest([temp.file('qualtrics.csv', csv)], qualtricsMapping);
      expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 0 });
      expect(await submittedAt()).toEqual([{ id: 'R_1 · Q1', submitted_at: '2024-02-29 23:30:00' }]);
      expect(await runMessage()).toContain('submitted_at: column "RecordedDate" read in +01:00');
    });

    it('rejects the times without an offset of a zone it does not know, naming the zone, and keeps those with one', async () => {
      const csv = qualtricsExport('Mars/Olympus_Mons', [
        ['R_1', '2024-03-31 20:00:00'],
        ['R_2', '2024-03-01 10:00:00Z'],
      ]);
      const report = await ingest([temp.file('qualtrics.csv', csv)], qualtricsMapping);
      expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, rejected: 1 });
      expect(report.files[0]?.warnings).toEqual([
        'submitted_at: column "RecordedDate" is in "Mars/Olympus_Mons", as its ImportId row says, a time zone churnlens does not know; its times without a UTC offset are rejected',
      ]);
      expect(await submittedAt()).toEqual([{ id: 'R_2 · Q1', submitted_at: '2024-03-01 10:00:00' }]);
      expect(await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows`)).toEqual([
        {
          line: 4,
          field: 'submitted_at',
          message:
            'submitted_at (column "RecordedDate"): "2024-03-31 20:00:00" has no UTC offset and its column\'s time zone, "Mars/Olympus_Mons" (as its ImportId row says), is not one churnlens knows: name it by its IANA name (America/Denver) or its offset (-07:00) there, or write the times with their offset',
        },
      ]);
    });

    it('reads the times of an export whose ImportId row names no zone as UTC, as before', async () => {
      const csv = qualtricsExport(undefined, [['R_1', '2024-03-31 20:00:00']]);
      const report = await ingest([temp.file('qualtrics.csv', csv)], qualtricsMapping);
      expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 0 });
      expect(await submittedAt()).toEqual([{ id: 'R_1 · Q1', submitted_at: '2024-03-31 20:00:00' }]);
      expect(await runMessage()).not.toContain('read in');
    });
  });

  it('reads every option chosen in a SurveyMonkey question of several columns, and its header row by the options alone', async () => {
    const csv = [
      `Respondent ID,Custom Data 1,End Date,${REASON},,`,
      ',,,Too expensive,Missing features,Other (please specify)',
      '1001,cus_1,2024-11-18 10:00:00,Too expensive,Missing features,',
      '1002,cus_2,2024-11-18 11:00:00,,,"We are closing the company, mail jane.doe@example.com"',
    ].join('\n');
    const report = await ingest([temp.file('checkboxes.csv', `${csv}\n`)], {
      columns: { 'Custom Data 1': 'customer_id', 'End Date': 'submitted_at' },
      defaults: { survey: 'exit' },
      questions: { [REASON]: 'choice' },
    });
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, unchanged: 1, rejected: 0 });
    // What a respondent writes under "Other (please specify)" is their own words: free text, redacted and
    // classified like any verbatim, the choice being Other.
    expect(
      await temp.rows(
        `SELECT id, choice, free_text, text_hash IS NOT NULL AS classified FROM survey_responses ORDER BY id`,
      ),
    ).toEqual([
      {
        id: `1001 · ${REASON}`,
        choice: 'Too expensive; Missing features',
        free_text: null,
        classified: false,
      },
      {
        id: `1002 · ${REASON}`,
        choice: 'Other',
        free_text: 'We are closing the company, mail [email]',
        classified: true,
      },
    ]);
  });

  it('tells respondents apart by customer and submission time when the export has no response id', async () => {
    // As Google Forms exports it: a "Timestamp" column and the questions, the customer mapped from a column.
    const csv = `Timestamp,Account,${SCORE}\n2024-03-01 10:00:00,cus_1,9\n2024-03-01 10:05:00,cus_1,7\n`;
    const report = await ingest([temp.file('form.csv', csv)], {
      columns: { Account: 'customer_id' },
      defaults: { survey: 'exit' },
      questions: { [SCORE]: 'score' },
    });
    expect(report.files[0]).toMatchObject({ kind: 'surveys', read: 2, loaded: 2, rejected: 0 });
    expect(await temp.rows(`SELECT id, score FROM survey_responses ORDER BY id`)).toEqual([
      { id: `cus_1 2024-03-01 10:00:00 · ${SCORE}`, score: 9 },
      { id: `cus_1 2024-03-01 10:05:00 · ${SCORE}`, score: 7 },
    ]);
  });

  it('refuses an export whose respondents it cannot tell apart', async () => {
    const csv = `${SCORE},${REASON}\n9,Other\n`;
    const report = await ingest([temp.file('anonymous.csv', csv)], { questions: QUESTIONS });
    expect(report.files[0]).toMatchObject({ status: 'failed' });
    expect(report.files[0]?.error).toContain(
      'it needs a response id column, or a customer and a submission time',
    );
  });

  it('leaves the files of a run that hold none of the questions as they are', async () => {
    const cancellations = temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c1')]));
    const report = await ingest([cancellations, temp.file('typeform.csv', TYPEFORM_EXPORT)], typeformMapping);
    expect(report.files.map((file) => [file.kind, file.loaded])).toEqual([
      ['cancellations', 1],
      ['surveys', 7],
    ]);
  });

  it('reads a column once when the mapping names it twice, in two spellings', async () => {
    const questions = { ...QUESTIONS, 'how likely are you to recommend us': 'score' };
    const report = await ingest([temp.file('typeform.csv', `${TYPEFORM_EXPORT}\n`)], {
      ...typeformMapping,
      questions,
    });
    expect(report.files[0]).toMatchObject({ read: 9, loaded: 7 });
  });

  it('refuses a mapping that gives a question a field other than choice, score or free_text', async () => {
    await expect(mappingFile({ questions: { [SCORE]: 'rating' } })).rejects.toThrow(MappingFileError);
    await expect(mappingFile({ questions: { [SCORE]: 'rating' } })).rejects.toThrow(/questions\./);
  });
});

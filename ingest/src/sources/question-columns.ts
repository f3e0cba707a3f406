/**
 * Survey tools (Typeform, Google Forms, SurveyMonkey) export one row per respondent and one column per
 * question; churnlens stores one survey response per question. The mapping file's `questions` names the
 * question columns and the field each one's answers feed:
 *   { "questions": { "How likely are you to recommend us?": "score",
 *                    "What is the main reason you cancelled?": "choice",
 *                    "Anything else?": "free_text" } }
 * A file holding any of them is read by question here, in SQL over `ingest_stage`: each row becomes one row
 * per question, with the question's header as `question`, the answer in its field, and an id made of the
 * row's response id (else its customer and submission time) and the question. An unanswered question is
 * read and skipped with a reason, so every row yields the same number of answers and each answer's line is
 * the line of its row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { FileProblem } from '../file-problem.ts';
import { findHeader } from '../mapping/column-synonyms.ts';
import { type ColumnMapping, QUESTION_FIELDS, type QuestionField } from '../mapping/mapping-file.ts';
import { planColumns } from '../mapping/match-columns.ts';
import { valueOrNull } from '../validation/build-check-query.ts';
import type { ColumnTimeZones, LineLocator, StagedSource } from './staged-source.ts';
import { stageColumn } from './staged-source.ts';

interface QuestionColumn {
  column: number;
  header: string;
  field: QuestionField;
  /** The columns of a multiple-choice question's other options (SurveyMonkey), which have no header. */
  options: number[];
  /**
   * The option column whose cell holds what the respondent typed ("Other (please specify)"): their own words,
   * read as the answer's free text (redacted and classified like any verbatim), the choice being "Other".
   */
  writeIn?: number;
}

/** How SurveyMonkey's second header row labels an option the respondent writes in. */
const WRITE_IN_LABEL = '^other\\b.*specify';
/** The choice an answer written into WRITE_IN_LABEL's column counts as. */
const WRITE_IN_CHOICE = 'Other';

/** Whether the reader named column `index` itself, for want of a header ("column07"). */
function isUnnamed(header: string | undefined, index: number): boolean {
  const digits = /^column(\d+)$/.exec(header ?? '')?.[1];
  return digits !== undefined && Number(digits) === index;
}

/**
 * SurveyMonkey gives a multiple-choice question one column per option, the question's text over the first
 * and no header over the others; a chosen option's cell holds its label. A choice question's columns are its
 * own and the unnamed ones after it.
 */
function optionColumns(headers: readonly string[], column: number, field: QuestionField): number[] {
  if (field !== 'choice') return [];
  const options: number[] = [];
  for (let next = column + 1; isUnnamed(headers[next], next); next++) options.push(next);
  return options;
}

/** The mapping's questions found among the headers (as findHeader finds a mapping's header), and those not. */
function findQuestions(headers: readonly string[], questions: Record<string, QuestionField>) {
  const found: QuestionColumn[] = [];
  const absent: string[] = [];
  for (const [question, field] of Object.entries(questions)) {
    const column = findHeader(headers, question);
    if (column < 0) absent.push(question);
    // Two spellings of one question in the mapping name one column, read once.
    else if (!found.some((earlier) => earlier.column === column))
      found.push({
        column,
        header: headers[column] as string,
        field,
        options: optionColumns(headers, column, field),
      });
  }
  return { found: found.sort((a, b) => a.column - b.column), absent };
}

/** A multiple-choice question's cells in a row, its own column's and its options', blank ones as NULL. */
function choiceCellsSql({ column, options }: QuestionColumn): { column: number; sql: string }[] {
  return [column, ...options].map((index) => ({
    column: index,
    sql: valueOrNull(`stage.${stageColumn(index)}`),
  }));
}

/**
 * A question's answer in a row: its column, or the labels of the options chosen, joined by "; ", with
 * WRITE_IN_CHOICE for a written-in answer.
 */
function questionAnswerSql(question: QuestionColumn): string {
  if (question.options.length === 0) return `stage.${stageColumn(question.column)}`;
  const labels = choiceCellsSql(question).map(({ column, sql }) =>
    column === question.writeIn ? `CASE WHEN ${sql} IS NOT NULL THEN '${WRITE_IN_CHOICE}' END` : sql,
  );
  return `nullif(concat_ws('; ', ${labels.join(', ')}), '')`;
}

/** What a row wrote into a question's write-in column, NULL for a question without one. */
function writeInSql(question: QuestionColumn): string {
  return question.writeIn === undefined ? 'NULL' : valueOrNull(`stage.${stageColumn(question.writeIn)}`);
}

/**
 * Marks each multiple-choice question's write-in column: the option column that the file's first row (the
 * second header row, when there is one) labels "Other (please specify)".
 */
async function markWriteIns(connection: DuckDBConnection, found: QuestionColumn[]): Promise<void> {
  const options = found.flatMap((question) => question.options);
  if (options.length === 0) return;
  const reader = await connection.runAndReadAll(
    `SELECT ${options.map((index) => `regexp_matches(lower(trim(${stageColumn(index)})), '${WRITE_IN_LABEL}') AS o${index}`).join(', ')}
     FROM ingest_stage WHERE rowid = (SELECT min(rowid) FROM ingest_stage)`,
  );
  const [labels] = reader.getRowObjectsJson();
  for (const question of found)
    question.writeIn = question.options.find((index) => labels?.[`o${index}`] === true);
}

/** Each row's answers come out as this many stage rows, so a stage row's source row is its rowid ÷ this. */
function perRowLocator(locator: LineLocator, answersPerRow: number): LineLocator {
  return {
    prepare: (rejected) => locator.prepare(rejected),
    lineOfRow: (rowid) => locator.lineOfRow(Math.floor(rowid / answersPerRow)),
    lineOfRecord: (record) => locator.lineOfRecord(record),
  };
}

/**
 * The SQL of a response's id: the row's response id column, else its customer and submission time, followed
 * by the question. Refuses a file that has none of them, since its answers could not be told apart.
 */
function responseKeySql(
  otherHeaders: readonly string[],
  columnOf: (index: number) => string,
  mapping: ColumnMapping,
) {
  const plan = planColumns('surveys', otherHeaders, mapping);
  const match = (field: string) => plan.matches.find((candidate) => candidate.field === field);
  const id = match('id');
  if (id) return { sql: columnOf(id.column), idColumn: id.column };
  const customer = match('customer_id');
  const submitted = match('submitted_at');
  if (customer && submitted)
    return {
      sql: `${columnOf(customer.column)} || ' ' || ${columnOf(submitted.column)}`,
      idColumn: undefined,
    };
  throw new FileProblem(
    'its question columns are answers of respondents it cannot tell apart: it needs a response id column, or a customer and a submission time',
  );
}

/** The SQL of a row's answer to question `question.n`. */
function answerSql(found: readonly QuestionColumn[]): string {
  return `list_extract([${found.map(questionAnswerSql).join(', ')}], question.n)`;
}

/**
 * SurveyMonkey writes a second header row under its questions, saying what each question column holds
 * ("Response", "Open-Ended Response", the options of a multiple-choice question), with nothing in the
 * respondent's columns. Read as the first row it would be an answer to every question by no one, each
 * rejected; it is skipped, with this reason, when it has no response key and says "Response" somewhere or
 * has every option of a multiple-choice question "chosen".
 */
const SECOND_HEADER_ROW = `'SurveyMonkey''s second header row ("Response", "Open-Ended Response", the options of a question)'`;

function secondHeaderRowSql(found: readonly QuestionColumn[], keySql: string): string {
  const answers = found.map(({ column }) => `lower(trim(stage.${stageColumn(column)}))`);
  const everyOption = found
    .filter(({ options }) => options.length > 0)
    .map((question) =>
      choiceCellsSql(question)
        .map(({ sql }) => `${sql} IS NOT NULL`)
        .join(' AND '),
    );
  const labels = [
    `list_has_any([${answers.join(', ')}], ['response', 'open-ended response'])`,
    ...everyOption,
  ];
  // The first row's rowid: rows a transaction adds are numbered from a large offset, not from 0.
  return `stage.source_row = (SELECT min(rowid) FROM ingest_stage) AND ${valueOrNull(keySql)} IS NULL
           AND (${labels.map((label) => `(${label})`).join(' OR ')})`;
}

/**
 * Qualtrics writes two rows under its header (Q1, Q2, RecordedDate …): each column's question or label
 * ("What is the main reason…?", "Recorded Date"), then JSON naming its import id
 * (`{"ImportId":"QID1"}`, `{"ImportId":"recordedDate","timeZone":"America/Denver"}`). Read as respondents
 * they would be rejected once per question; both are skipped, with this reason, when the second one's first
 * question cell is such JSON.
 */
const QUALTRICS_HEADER_ROWS = `'Qualtrics''s question-text and ImportId rows under the header'`;

/** The second row's rowid: rows a transaction adds are numbered from a large offset, not from 0. */
const SECOND_ROW = '(SELECT min(rowid) + 1 FROM ingest_stage)';

/** The condition on `ingest_stage` that holds for Qualtrics' ImportId row only, false without questions. */
function importIdRowSql(found: readonly QuestionColumn[]): string {
  const [first] = found;
  if (first === undefined) return 'false';
  return `rowid = ${SECOND_ROW} AND starts_with(ltrim(${stageColumn(first.column)}), '{"ImportId":')`;
}

function qualtricsHeaderRowsSql(found: readonly QuestionColumn[]): string {
  return `stage.source_row <= ${SECOND_ROW} AND EXISTS (SELECT 1 FROM ingest_stage WHERE ${importIdRowSql(found)})`;
}

/**
 * The time zones Qualtrics' ImportId row names for the respondent's columns, by header: the account's zone,
 * in which it writes StartDate, EndDate and RecordedDate without an offset
 * (`{"ImportId":"recordedDate","timeZone":"America/Denver"}`). Undefined without such a row, or zones in it.
 */
async function qualtricsTimeZones(
  connection: DuckDBConnection,
  found: readonly QuestionColumn[],
  columns: readonly { header: string; column: number }[],
): Promise<ColumnTimeZones | undefined> {
  if (columns.length === 0) return undefined;
  const zoneOf = (column: number) =>
    `CASE WHEN json_valid(${stageColumn(column)}) THEN json_extract_string(${stageColumn(column)}, '$.timeZone') END`;
  const reader = await connection.runAndReadAll(
    `SELECT ${columns.map(({ column }, index) => `${zoneOf(column)} AS z${index}`).join(', ')}
     FROM ingest_stage WHERE ${importIdRowSql(found)}`,
  );
  const [row] = reader.getRowObjectsJson();
  const named = columns.flatMap(({ header }, index) => {
    const zone = row?.[`z${index}`];
    return typeof zone === 'string' && zone.trim() !== '' ? [[header, zone.trim()] as const] : [];
  });
  return named.length === 0 ? undefined : { zones: Object.fromEntries(named), namedIn: 'its ImportId row' };
}

/** What the run says of a file read by question. */
function byQuestionNote(found: readonly QuestionColumn[], absent: readonly string[]): string {
  const quoted = (headers: readonly string[]) => headers.map((header) => `"${header}"`).join(', ');
  const columns = `${found.length} question column${found.length === 1 ? '' : 's'}`;
  const headers = found.map(({ header, options, writeIn }) => {
    if (options.length === 0) return `"${header}"`;
    const plural = options.length === 1 ? '' : 's';
    const written = writeIn === undefined ? '' : `, "Other (please specify)" as free text`;
    return `"${header}" (with the ${options.length} option column${plural} after it${written})`;
  });
  const read = `read by question: ${columns} (${headers.join(', ')}), each answer a survey response`;
  return absent.length ? `${read}; questions of the mapping not in this file: ${quoted(absent)}` : read;
}

/**
 * The stage columns of a row's answer to one question (`question.n`): the row's other columns, the response
 * id, the question and the answer in its field.
 */
function byQuestionColumns(
  kept: readonly number[],
  keySql: string,
  found: readonly QuestionColumn[],
): string[] {
  const answer = answerSql(found);
  const writeIn = `list_extract([${found.map(writeInSql).join(', ')}], question.n)`;
  return [
    ...kept.map((column) => `stage.${stageColumn(column)}`),
    `${keySql} || ' · ' || question.header`,
    'question.header',
    ...QUESTION_FIELDS.map((field) =>
      field === 'free_text'
        ? `CASE WHEN question.field = '${field}' THEN ${answer} ELSE ${writeIn} END`
        : `CASE WHEN question.field = '${field}' THEN ${answer} END`,
    ),
  ];
}

export async function readByQuestion(
  connection: DuckDBConnection,
  staged: StagedSource,
  mapping: ColumnMapping | undefined,
): Promise<StagedSource> {
  if (!mapping?.questions) return staged;
  const { found, absent } = findQuestions(staged.headers, mapping.questions);
  if (found.length === 0) return staged;
  await markWriteIns(connection, found);
  const questionColumns = new Set(found.flatMap((question) => [question.column, ...question.options]));
  const others = staged.headers
    .map((header, column) => ({ header, column }))
    .filter(({ column }) => !questionColumns.has(column));
  const key = responseKeySql(
    others.map(({ header }) => header),
    (index) => `stage.${stageColumn(others[index]?.column ?? 0)}`,
    mapping,
  );
  const kept = others.filter((_, index) => index !== key.idColumn);
  const columns = byQuestionColumns(
    kept.map(({ column }) => column),
    key.sql,
    found,
  );
  // Read before the rows are reshaped, which leaves the ImportId row's cells behind.
  const columnTimeZones = await qualtricsTimeZones(connection, found, kept);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_questions AS
     SELECT unnest($headers) AS header, unnest($fields) AS field, generate_subscripts($headers, 1) AS n`,
    {
      headers: listValue(found.map(({ header }) => header)),
      fields: listValue(found.map(({ field }) => field)),
    },
  );
  // A line the reader rejected is rejected once, with its first question; its other answers are skipped.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT
       CASE WHEN question.n = 1 THEN stage.__reader_error END AS __reader_error,
       CASE WHEN question.n = 1 THEN stage.__reader_field END AS __reader_field,
       CASE
         WHEN stage.__reader_error IS NOT NULL AND question.n > 1 THEN 'its line is rejected once, with its first question'
         WHEN ${secondHeaderRowSql(found, key.sql)} THEN ${SECOND_HEADER_ROW}
         WHEN ${qualtricsHeaderRowsSql(found)} THEN ${QUALTRICS_HEADER_ROWS}
         WHEN stage.__reader_error IS NULL AND ${valueOrNull(answerSql(found))} IS NULL
           THEN 'no answer to "' || question.header || '"'
         ELSE stage.__skip_reason
       END AS __skip_reason,
       stage.__version,
       ${columns.map((sql, index) => `${sql} AS ${stageColumn(index)}`).join(',\n       ')}
     FROM (SELECT rowid AS source_row, * FROM ingest_stage) stage CROSS JOIN ingest_questions question
     ORDER BY stage.source_row, question.n`,
  );
  await connection.run('DROP TABLE ingest_questions');
  return {
    ...staged,
    ...(columnTimeZones ? { columnTimeZones } : {}),
    headers: [...kept.map(({ header }) => header), 'id', 'question', ...QUESTION_FIELDS],
    locator: perRowLocator(staged.locator, found.length),
    readerNote: byQuestionNote(found, absent),
  };
}

/** Labeled text files: TSV with a `label<TAB>text` header, or CSV with `label` and `text` columns. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabeledExample } from '../training/dataset.ts';

/** The training corpus shipped with the model. holdout.tsv lives here too but is never trained on. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));
/** Held-out evaluation data: excluded from every training and calibration step. */
export const HOLDOUT_FILE_NAME = 'holdout.tsv';

export interface LabeledRow extends LabeledExample {
  /** 1-based line number in the file, for error messages. */
  line: number;
}

/** Parses TSV (`label<TAB>text`) or CSV (RFC 4180 quoting) with a header naming `label` and `text`. */
export function parseLabeledText(content: string, fileName: string): LabeledRow[] {
  const records = fileName.toLowerCase().endsWith('.csv') ? parseCsv(content) : parseTsv(content);
  const header = records[0];
  if (!header) throw new Error(`${fileName}: empty file; expected a header with label and text columns`);
  const labelColumn = header.fields.findIndex((field) => field.trim().toLowerCase() === 'label');
  const textColumn = header.fields.findIndex((field) => field.trim().toLowerCase() === 'text');
  if (labelColumn < 0 || textColumn < 0) {
    throw new Error(
      `${fileName}:1: header must name "label" and "text" columns, got "${header.fields.join(', ')}"`,
    );
  }
  const rows: LabeledRow[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    const label = record.fields[labelColumn]?.trim();
    const text = record.fields[textColumn];
    if (!label) throw new Error(`${fileName}:${record.line}: field "label" is empty`);
    if (text === undefined) throw new Error(`${fileName}:${record.line}: field "text" is missing`);
    rows.push({ label, text, line: record.line });
  }
  return rows;
}

interface TextRecord {
  line: number;
  fields: string[];
}

function parseTsv(content: string): TextRecord[] {
  return content
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, fields: line.split('\t') }));
}

function parseCsv(content: string): TextRecord[] {
  const records: TextRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let index = 0; index < content.length; index++) {
    const character = content[index] as string;
    if (quoted) {
      if (character === '"' && content[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        if (character === '\n') line += 1;
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && content[index + 1] === '\n') index += 1;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else {
      field += character;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

export function readLabeledFile(file: string): LabeledRow[] {
  return parseLabeledText(readFileSync(file, 'utf8'), file);
}

/** Every `*.tsv` / `*.csv` in the corpus folder except the held-out file, in file-name order. */
export function corpusFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /\.(tsv|csv)$/i.test(name) && name !== HOLDOUT_FILE_NAME)
    .sort()
    .map((name) => join(directory, name));
}

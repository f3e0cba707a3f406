/**
 * Decides how to read a file: by its extension when it has a known one, otherwise by its first bytes
 * (Parquet's magic number, a JSON bracket, else CSV).
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SourceFormat } from './staged-source.ts';

const BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** Format from the first bytes of a file whose extension says nothing. */
export function formatFromContent(head: Uint8Array): SourceFormat {
  const text = new TextDecoder().decode(head);
  if (text.startsWith('PAR1')) return 'parquet';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return /^\s*\{.*\}\s*\r?\n\s*\{/.test(text) ? 'ndjson' : 'json';
  return 'csv';
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** A `.json` file holding one object per line is NDJSON, so its rejected rows get line numbers. */
export async function detectFormat(path: string): Promise<SourceFormat> {
  const known = BY_EXTENSION[extname(path).toLowerCase()];
  if (known && known !== 'json') return known;
  const fromContent = formatFromContent(await readHead(path));
  if (known === 'json') return fromContent === 'ndjson' ? 'ndjson' : 'json';
  return fromContent;
}

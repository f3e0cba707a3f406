import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verbatimHash } from '../verbatim.ts';
import { searchText, themePhrases } from '../verbatim-terms.ts';
import { type ChurnlensDatabase, openDatabase } from './open-database.ts';
import { refreshVerbatimIndex } from './verbatim-index.ts';

const TEXTS = [
  'Too expensive for our team',
  'Missing the export feature we need',
  'Switching to a competitor, cheaper',
  'too expensive',
  'Export to Excel keeps failing',
];

let dir: string;
let db: ChurnlensDatabase;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'churnlens-verbatim-index-'));
  db = await openDatabase(join(dir, 'index.duckdb'));
  for (const text of [...TEXTS, '   ']) {
    await db.connection.run(`INSERT INTO verbatims (text_hash, text) VALUES ($hash, $text)`, {
      hash: verbatimHash(text) || 'blank',
      text,
    });
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function indexedTexts() {
  const reader = await db.connection.runAndReadAll(
    `SELECT v.text, i.search_text,
       list(p.phrase ORDER BY p.phrase) FILTER (WHERE p.phrase IS NOT NULL) AS phrases
     FROM verbatim_index i JOIN verbatims v USING (text_hash)
     LEFT JOIN (SELECT text_hash, unnest(phrase_ids) AS id FROM verbatim_index) ids USING (text_hash)
     LEFT JOIN theme_phrases p USING (id)
     GROUP BY ALL ORDER BY v.text`,
  );
  return reader.getRowObjectsJS();
}

describe('verbatim index', () => {
  it('gives each non-blank verbatim its search text and its phrases once, however many statements gather them', async () => {
    await refreshVerbatimIndex(db.connection, 'SELECT text_hash FROM verbatims', { textsPerStatement: 2 });
    const expected = [...TEXTS].sort().map((text) => ({
      text,
      search_text: searchText(text),
      phrases: [...new Set(themePhrases(text))].sort(),
    }));
    expect(await indexedTexts()).toEqual(expected);
    const phrases = await db.connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS rows, count(DISTINCT phrase)::INTEGER AS phrases, count(DISTINCT id)::INTEGER AS ids FROM theme_phrases`,
    );
    const [counts] = phrases.getRowObjectsJS();
    expect(counts?.rows).toBe(counts?.phrases);
    expect(counts?.rows).toBe(counts?.ids);
  });
});

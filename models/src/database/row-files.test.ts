import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChurnlensDatabase, openDatabase } from './open-database.ts';
import { copyRowsToFile, loadRowFile, mapRowFile, type RowFolder, rowFolder } from './row-files.ts';

const AWKWARD_TEXTS = [
  'Said "too expensive"\nand left',
  'Trop cher ! 😞 — 料金が高い',
  'back\\slash\ttab, comma; {"json": true}',
  '',
];

let dir: string;
let db: ChurnlensDatabase;
let folder: RowFolder;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'churnlens-row-files-'));
  db = await openDatabase(join(dir, 'rows.duckdb'));
  folder = await rowFolder();
  await db.connection.run(`CREATE TABLE notes (id INTEGER, text VARCHAR)`);
  for (const [id, text] of AWKWARD_TEXTS.entries()) {
    await db.connection.run(`INSERT INTO notes VALUES ($id, $text)`, { id, text });
  }
});
afterEach(async () => {
  await folder.remove();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Note = { id: number; text: string };

async function readBack(path: string, columns: Record<string, string>) {
  await loadRowFile(db.connection, 'read_back', path, columns);
  const reader = await db.connection.runAndReadAll(`SELECT * FROM read_back ORDER BY id`);
  return reader.getRowObjectsJS();
}

describe('row files', () => {
  it('carries any text through JS and back exactly, including rows of the open transaction', async () => {
    await db.connection.run('BEGIN TRANSACTION');
    await db.connection.run(`INSERT INTO notes VALUES (9, 'written in the transaction')`);
    const [rows, mapped] = [folder.path('notes.ndjson'), folder.path('mapped.ndjson')];
    expect(await copyRowsToFile(db.connection, 'SELECT id, text FROM notes', rows)).toBe(5);
    const read = await mapRowFile(rows, mapped, ({ id, text }: Note) => ({
      id,
      text,
      words: text.split(' '),
    }));
    expect(read).toBe(5);
    const back = await readBack(mapped, { id: 'INTEGER', text: 'VARCHAR', words: 'VARCHAR[]' });
    await db.connection.run('ROLLBACK');
    expect(back.map((row) => row.text)).toEqual([...AWKWARD_TEXTS, 'written in the transaction']);
    expect(back[0]?.words).toEqual(['Said', '"too', 'expensive"\nand', 'left']);
  });

  it('leaves out rows mapped to undefined, counts every row read and reports progress', async () => {
    const [rows, mapped] = [folder.path('notes.ndjson'), folder.path('mapped.ndjson')];
    await copyRowsToFile(db.connection, 'SELECT id, text FROM notes WHERE id >= $from', rows, { from: '1' });
    const progress: number[] = [];
    const read = await mapRowFile(rows, mapped, (note: Note) => (note.text ? note : undefined), {
      onProgress: (done) => progress.push(done),
    });
    expect(read).toBe(3);
    expect(progress.at(-1)).toBe(3);
    expect((await readBack(mapped, { id: 'INTEGER', text: 'VARCHAR' })).map((row) => row.id)).toEqual([1, 2]);
  });

  it('passes an empty result through as no rows', async () => {
    const [rows, mapped] = [folder.path('none.ndjson'), folder.path('mapped.ndjson')];
    expect(await copyRowsToFile(db.connection, 'SELECT id, text FROM notes WHERE id < 0', rows)).toBe(0);
    expect(await mapRowFile(rows, mapped, (note: Note) => note)).toBe(0);
    expect(await readBack(mapped, { id: 'INTEGER', text: 'VARCHAR' })).toEqual([]);
  });

  it('waits for the disk as often as it must without piling up listeners', async () => {
    const [rows, mapped] = [folder.path('many.ndjson'), folder.path('mapped.ndjson')];
    const text = 'x'.repeat(200);
    writeFileSync(rows, Array.from({ length: 20_000 }, (_, id) => JSON.stringify({ id, text })).join('\n'));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      expect(await mapRowFile(rows, mapped, (note: Note) => note)).toBe(20_000);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    expect(await readBack(mapped, { id: 'INTEGER', text: 'VARCHAR' })).toHaveLength(20_000);
  });

  it('stops reading once cancelled', async () => {
    const [rows, mapped] = [folder.path('many.ndjson'), folder.path('mapped.ndjson')];
    writeFileSync(
      rows,
      Array.from({ length: 5000 }, (_, id) => JSON.stringify({ id, text: 'x' })).join('\n'),
    );
    let mappedRows = 0;
    const read = await mapRowFile(
      rows,
      mapped,
      (note: Note) => {
        mappedRows += 1;
        return note;
      },
      { cancelled: () => mappedRows >= 10 },
    );
    expect(read).toBe(10);
  });

  it('fails with the error of a result file it cannot write, rather than ending the process', async () => {
    const rows = folder.path('notes.ndjson');
    await copyRowsToFile(db.connection, 'SELECT id, text FROM notes', rows);
    await expect(
      mapRowFile(rows, join(dir, 'missing-folder', 'mapped.ndjson'), (note: Note) => note),
    ).rejects.toThrow(/ENOENT/);
  });

  it('removes its folder with the files in it', async () => {
    const path = folder.path('notes.ndjson');
    await copyRowsToFile(db.connection, 'SELECT id FROM notes', path);
    expect(existsSync(path)).toBe(true);
    await folder.remove();
    expect(existsSync(path)).toBe(false);
  });
});

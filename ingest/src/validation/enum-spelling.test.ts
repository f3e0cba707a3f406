import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumSpelling, enumSpellingSql } from './enum-spelling.ts';

describe('enum spelling, in JavaScript and in SQL', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  async function spellInSql(value: string): Promise<string> {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT ${enumSpellingSql('$value')} AS spelling`, {
        value,
      });
      return reader.getRowObjectsJson()[0]?.spelling as string;
    } finally {
      connection.closeSync();
    }
  }

  it.each([
    { title: 'words with a space', input: 'Self Serve', expected: 'self_serve' },
    { title: 'words with a dash', input: 'self-serve', expected: 'self_serve' },
    { title: 'the stored value in capitals', input: 'SELF_SERVE', expected: 'self_serve' },
    { title: 'a non-breaking space', input: 'Self\u00a0Serve', expected: 'self_serve' },
    { title: 'an ideographic space', input: 'self\u3000serve', expected: 'self_serve' },
    { title: 'a tab', input: 'self\tserve', expected: 'self_serve' },
    { title: 'a run of spaces and dashes', input: 'agent - chat', expected: 'agent_chat' },
    { title: 'leading and trailing spaces', input: '  self serve  ', expected: 'self_serve' },
    { title: 'leading and trailing tabs', input: '\tself serve\t', expected: 'self_serve' },
    { title: 'outer non-breaking spaces', input: '\u00a0Self Serve\u00a0', expected: 'self_serve' },
    { title: 'a byte order mark before it', input: '\ufeffself serve', expected: 'self_serve' },
    { title: 'a leading dash, which is no whitespace', input: '-self serve', expected: '_self_serve' },
  ])('reads $title the same in both: $expected', async ({ input, expected }) => {
    expect(enumSpelling(input)).toBe(expected);
    expect(await spellInSql(input)).toBe(expected);
  });
});

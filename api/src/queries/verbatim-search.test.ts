import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './verbatim-cursor.ts';
import { buildSearchSql, searchTokens } from './verbatim-search.ts';

describe('verbatim search', () => {
  it('splits a query into lower-case, accent-free words without punctuation', () => {
    expect(searchTokens('  Café, TOO-expensive!! ')).toEqual(['cafe', 'too', 'expensive']);
  });

  it('drops repeated words and keeps SQL and LIKE syntax out of the words', () => {
    expect(searchTokens("price price' OR '1'='1 %_")).toEqual(['price', 'or', '1']);
  });

  it('keeps a long word whole, since a shortened one would find every word it starts', () => {
    const word = `${'x'.repeat(50)}yz`;
    expect(searchTokens(`find ${word}`)).toEqual(['find', word]);
  });

  it('has no words for a query of punctuation only', () => {
    expect(searchTokens('%%% ---')).toEqual([]);
    expect(buildSearchSql([], 'text')).toEqual({ sql: 'TRUE', params: {} });
  });

  it('requires every word to start a word of the text, as parameters', () => {
    expect(buildSearchSql(['too', 'exp'], 'norm')).toEqual({
      sql: "norm LIKE ('% ' || $q_0 || '%') AND norm LIKE ('% ' || $q_1 || '%')",
      params: { q_0: 'too', q_1: 'exp' },
    });
  });
});

describe('verbatim cursor', () => {
  it('round-trips the last row of a page', () => {
    const cursor = { requestedAt: '2024-06-25 09:30:00.123456', cancellationId: "c'10" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('rejects anything it did not produce with a message naming the parameter', () => {
    const forged = Buffer.from(JSON.stringify(["2024-06-01'; DROP TABLE cancellations; --", 'c1'])).toString(
      'base64url',
    );
    for (const token of ['not-base64!', forged, Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeCursor(token)).toThrow('cursor: is not a cursor from this API');
    }
  });

  it.each([
    '2024-02-30 12:00:00',
    '2023-02-29 12:00:00',
    '2024-13-01 12:00:00',
    '2024-06-12 24:00:00',
    '2024-06-12 12:60:00',
    '2024-06-12 12:00:61',
  ])('rejects a cursor holding the impossible moment %s', (requestedAt) => {
    const token = encodeCursor({ requestedAt, cancellationId: 'c06' });
    expect(() => decodeCursor(token)).toThrow('cursor: is not a cursor from this API');
  });

  it('accepts a cursor on a leap day', () => {
    const cursor = { requestedAt: '2024-02-29 23:59:59.5', cancellationId: 'c06' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});

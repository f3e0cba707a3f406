import { describe, expect, it } from 'vitest';
import { describeJsonSyntaxError } from './malformed-json.ts';

const WHOLE =
  'a JSON document is read whole, so none of its records was loaded (NDJSON, one record per line, has only a broken record rejected)';

describe('describeJsonSyntaxError', () => {
  it('says nothing of a document that parses, byte-order mark included', () => {
    expect(describeJsonSyntaxError('\uFEFF[{"id": "c1"}]\n')).toBeUndefined();
  });

  it('names the line and column of a missing comma between records', () => {
    expect(describeJsonSyntaxError('[\n{"id": "c1"},\n{"id": "c2"}\n{"id": "c3"}\n]\n')).toBe(
      `line 4, column 1: expected ',' or ']' after array element; ${WHOLE}`,
    );
  });

  it.each([
    ['inside a text', '[\n{"id": "c1"},\n{"id": "c2", "reason_text": "too exp'],
    ['after a record', '[\n{"id": "c1"},\n{"id": "c2"},\n'],
    ['inside a record', '[\n{"id": "c1"},\n{"id": "c2", "mrr": 1'],
  ])('tells a document cut off %s from a broken one', (_, text) => {
    expect(describeJsonSyntaxError(text)).toMatch(
      /^the file ends before its JSON document closes \(line [34]\): it was cut off, perhaps while still being written \(ingest it again once it is complete\); /,
    );
  });
});

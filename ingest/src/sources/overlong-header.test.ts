import { describe, expect, it } from 'vitest';
import { overlongHeaderProblem } from './overlong-header.ts';

describe('overlongHeaderProblem', () => {
  it('accepts a header whose names have up to 1,000 characters', () => {
    const headers = ['id', 'x'.repeat(1_000)];
    expect(overlongHeaderProblem({ format: 'csv', headers, linesAboveHeader: 0 })).toBeUndefined();
  });

  it('says a CSV line with a longer name is no header, naming the line, the length and the start of the name', () => {
    const headers = ['id', `{"data":[{"id":"c1",${'x'.repeat(10_485_740)}`];
    expect(overlongHeaderProblem({ format: 'csv', headers, linesAboveHeader: 0 })).toBe(
      'line 1 is not a header: a column name in it ("{\\"data\\":[{\\"id\\":\\"c1\\",…") is 10,485,760 characters ' +
        'long, and a column name may have at most 1,000 (a binary file, a JSON document or a CSV without line ' +
        'breaks read as CSV has such a line)',
    );
  });

  it('counts the title lines above the header in its line number', () => {
    const headers = ['x'.repeat(1_001)];
    expect(overlongHeaderProblem({ format: 'csv', headers, linesAboveHeader: 2 })).toMatch(
      /^line 3 is not a header/,
    );
  });

  it('names no line for a JSON key', () => {
    expect(overlongHeaderProblem({ format: 'ndjson', headers: ['k'.repeat(1_001)] })).toBe(
      'a column name ("kkkkkkkkkkkkkkkkkkkk…") is 1,001 characters long, and a column name may have at most 1,000',
    );
  });
});

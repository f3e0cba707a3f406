import { describe, expect, it } from 'vitest';
import { firstLineProblem, overlongHeaderProblem } from './overlong-header.ts';

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

describe('firstLineProblem', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('accepts a first line of up to 10,000 fields, however the lines below are', () => {
    expect(firstLineProblem(bytes(`${'a;'.repeat(9_999)}a\n${'b,'.repeat(20_000)}`))).toBeUndefined();
  });

  it('refuses a first line of more fields at any delimiter the sniffer tries', () => {
    expect(firstLineProblem(bytes(`${'a\t'.repeat(10_000)}a\n`))).toBe(
      'line 1 is not a header: it splits into 10,001 fields at tab, and a file may have at most 10,000 columns',
    );
    expect(firstLineProblem(bytes('a|'.repeat(10_000)))).toMatch(/10,001 fields at "\|"/);
  });

  it('refuses a first line that runs past 1 MiB without a line break, and accepts one that ends before', () => {
    expect(firstLineProblem(bytes('x'.repeat(1024 * 1024 + 1)))).toMatch(
      /^line 1 is not a header: it runs past 1,048,576 bytes without a line break/,
    );
    expect(firstLineProblem(bytes(`${'x'.repeat(1024 * 1024 - 1)}\nid`))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { formatCsvRow } from './csv-row.ts';
import { neutralizeFormula } from './neutralize-formula.ts';

describe('neutralizeFormula', () => {
  it.each(['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'])(
    'prefixes an apostrophe to %j',
    (text) => {
      expect(neutralizeFormula(text)).toBe(`'${text}`);
    },
  );

  it.each(['too expensive', '', "'already quoted", ' =leading space', 'price = too high'])(
    'leaves %j unchanged',
    (text) => {
      expect(neutralizeFormula(text)).toBe(text);
    },
  );
});

describe('formatCsvRow', () => {
  it('quotes fields with commas, quotes or line breaks and ends the record with CRLF', () => {
    expect(formatCsvRow(['a,b', 'say "hi"', 'two\nlines', 'plain'])).toBe(
      '"a,b","say ""hi""","two\nlines",plain\r\n',
    );
  });

  it('neutralizes text but writes numbers, booleans and nulls as values', () => {
    expect(formatCsvRow(['=1+1', -5, 12.5, true, null, undefined, 3n])).toBe("'=1+1,-5,12.5,true,,,3\r\n");
  });
});

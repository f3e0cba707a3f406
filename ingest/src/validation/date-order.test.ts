import { describe, expect, it } from 'vitest';
import {
  describeDateOrder,
  type NumericDateEvidence,
  numericDateFormats,
  settledDateOrder,
} from './date-order.ts';

const evidence = (maxFirst: number, maxSecond: number): NumericDateEvidence => ({
  count: 2,
  maxFirst,
  maxSecond,
  firstExample: `${maxFirst}/1/2024`,
  secondExample: `1/${maxSecond}/2024`,
});

describe('settledDateOrder', () => {
  it('reads day first when a first number is above 12, month first when a second one is', () => {
    expect(settledDateOrder(evidence(25, 12))).toBe('dmy');
    expect(settledDateOrder(evidence(12, 25))).toBe('mdy');
  });

  it('settles nothing when every number is 12 or less, when both places go above 12, or without dates', () => {
    expect(settledDateOrder(evidence(12, 12))).toBeUndefined();
    expect(settledDateOrder(evidence(13, 25))).toBeUndefined();
    const none = { count: 0, maxFirst: null, maxSecond: null, firstExample: null, secondExample: null };
    expect(settledDateOrder(none)).toBeUndefined();
  });

  it('names the date that settled it', () => {
    expect(describeDateOrder('mdy', evidence(12, 25))).toBe(
      'numeric dates read as month/day/year: "1/25/2024" has a second number above 12',
    );
  });
});

describe('numericDateFormats', () => {
  it('reads slashes and dots, with a 24-hour or 12-hour time, in the order given', () => {
    expect(numericDateFormats('mdy')).toEqual(
      expect.arrayContaining(['%m/%d/%Y', '%m/%d/%Y %I:%M %p', '%m.%d.%Y %H:%M:%S']),
    );
    expect(numericDateFormats('dmy')).toEqual(expect.arrayContaining(['%d.%m.%Y', '%d/%m/%Y %H:%M']));
    expect(numericDateFormats('dmy').some((format) => format.startsWith('%m'))).toBe(false);
  });
});

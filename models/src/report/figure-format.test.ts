import { describe, expect, it } from 'vitest';
import { formatChange, formatFigure, formatPValue } from './figure-format.ts';

describe('figure formatting', () => {
  it('writes each unit the way the tables show it', () => {
    expect(formatFigure(12_345, 'count', 'USD')).toBe('12,345');
    expect(formatFigure(0.245, 'ratio', 'USD')).toBe('24.5%');
    expect(formatFigure(30_100.4, 'money', 'USD')).toBe('$30,100');
    expect(formatFigure(1_200, 'money', 'EUR')).toBe('€1,200');
    expect(formatFigure(6.25, 'minutes', 'USD')).toBe('6.3 min');
    expect(formatFigure(499.1, 'minutes', 'USD')).toBe('8.3 h');
    expect(formatFigure(4500, 'minutes', 'USD')).toBe('3.1 days');
    expect(formatFigure(null, 'count', 'USD')).toBe('—');
  });

  it('writes a share above zero but under 0.1% as “<0.1%”, not as a 0.0% that reads as none', () => {
    expect(formatFigure(0.0004, 'ratio', 'USD')).toBe('<0.1%');
    expect(formatFigure(0.00099, 'ratio', 'USD')).toBe('<0.1%');
    expect(formatFigure(0.001, 'ratio', 'USD')).toBe('0.1%');
    expect(formatFigure(0, 'ratio', 'USD')).toBe('0.0%');
  });

  it('signs changes, in percent for counts and in points for rates', () => {
    expect(formatChange(0.318, 'count')).toBe('+32%');
    expect(formatChange(-0.25, 'money')).toBe('−25%');
    expect(formatChange(-0.045, 'ratio')).toBe('−4.5 pts');
    expect(formatChange(null, 'count')).toBe('—');
  });

  it('drops the sign of a change that rounds to zero', () => {
    expect(formatChange(0.002, 'count')).toBe('0%');
    expect(formatChange(-0.0001, 'ratio')).toBe('0.0 pts');
    expect(formatChange(0.0004, 'ratio')).toBe('0.0 pts');
    expect(formatChange(0, 'ratio')).toBe('0.0 pts');
  });

  it('keeps the sign of a save-rate change under one point', () => {
    expect(formatChange(-0.0073, 'ratio')).toBe('−0.7 pts');
    expect(formatChange(0.0027, 'ratio')).toBe('+0.3 pts');
  });
});

describe('p-value formatting', () => {
  it('writes a p-value to three decimals, and a tiny one as “p < 0.001”', () => {
    expect(formatPValue(0.0123)).toBe('p = 0.012');
    expect(formatPValue(0.4)).toBe('p = 0.400');
    expect(formatPValue(0.0004)).toBe('p < 0.001');
    expect(formatPValue(0.0004, 'q')).toBe('q < 0.001');
    expect(formatPValue(0.2104, 'q')).toBe('q = 0.210');
  });

  it('never prints 0.050 beside a verdict it contradicts: one more digit near the threshold', () => {
    expect(formatPValue(0.0496)).toBe('p = 0.0496');
    expect(formatPValue(0.04951)).toBe('p = 0.0495');
    expect(formatPValue(0.0504)).toBe('p = 0.0504');
    expect(formatPValue(0.0506)).toBe('p = 0.051');
  });

  it('says which side of 0.05 a p-value lies on when four decimals still read 0.0500', () => {
    expect(formatPValue(0.04996)).toBe('p < 0.05');
    expect(formatPValue(0.05004)).toBe('p ≥ 0.05');
    expect(formatPValue(0.05)).toBe('p ≥ 0.05');
    expect(formatPValue(0.05, 'q')).toBe('q ≥ 0.05');
  });
});

import { describe, expect, it } from 'vitest';
import { formatChange, formatFigure } from './figure-format.ts';

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

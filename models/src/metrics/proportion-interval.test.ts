import { describe, expect, it } from 'vitest';
import { type ProportionInterval, wilsonInterval } from './proportion-interval.ts';

function bounds(interval: ProportionInterval): [number, number] {
  if (interval.low === null || interval.high === null) throw new Error('expected an interval');
  return [interval.low, interval.high];
}

describe('wilsonInterval', () => {
  it('matches the published 95% Wilson interval for 81 successes out of 263 (Wikipedia, Newcombe 1998)', () => {
    const interval = wilsonInterval(81, 263);
    expect(interval.rate).toBeCloseTo(0.30798, 5);
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it('stays inside [0, 1] and has positive width at 0% and 100%', () => {
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    // Closed form for 0/n: z² / (n + z²).
    expect(none.high).toBeCloseTo(1.96 ** 2 / (10 + 1.96 ** 2), 12);
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(10 / (10 + 1.96 ** 2), 12);
  });

  it('bounds 0 of n at exactly 0 and n of n at exactly 1, for every n (no rounding dust shown as "<0.1%")', () => {
    for (let n = 1; n <= 2000; n += 1) {
      expect(wilsonInterval(0, n).low).toBe(0);
      expect(wilsonInterval(n, n).high).toBe(1);
    }
  });

  it('is symmetric around one half for x and n - x', () => {
    const [lowLow, lowHigh] = bounds(wilsonInterval(3, 20));
    const [highLow, highHigh] = bounds(wilsonInterval(17, 20));
    expect(lowLow + highHigh).toBeCloseTo(1, 12);
    expect(lowHigh + highLow).toBeCloseTo(1, 12);
  });

  it('narrows as the sample grows at the same rate', () => {
    const [smallLow, smallHigh] = bounds(wilsonInterval(5, 10));
    const [largeLow, largeHigh] = bounds(wilsonInterval(500, 1000));
    expect(largeHigh - largeLow).toBeLessThan(smallHigh - smallLow);
  });

  it('uses the given critical value (z = 2.576 for 99%)', () => {
    const wide = wilsonInterval(81, 263, 2.576);
    expect(wide.low).toBeLessThan(0.2553);
    expect(wide.high).toBeGreaterThan(0.3662);
  });

  it('reports no rate and no interval when there are no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: null, low: null, high: null });
  });

  it.each([
    [5, 4],
    [-1, 4],
    [1.5, 4],
  ])('rejects %d successes out of %d', (successes, n) => {
    expect(() => wilsonInterval(successes, n)).toThrow(RangeError);
  });
});

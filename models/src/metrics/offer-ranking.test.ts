import { describe, expect, it } from 'vitest';
import { bestOffer, rateWithInterval, SMALL_SAMPLE_THRESHOLD } from './offer-ranking.ts';

describe('rateWithInterval', () => {
  it('flags cells below the small-sample threshold but still reports their rate', () => {
    const cell = rateWithInterval(3, SMALL_SAMPLE_THRESHOLD - 1);
    expect(cell.smallSample).toBe(true);
    expect(cell.rate).toBeCloseTo(3 / 29, 12);
    expect(rateWithInterval(3, SMALL_SAMPLE_THRESHOLD).smallSample).toBe(false);
  });
});

describe('bestOffer', () => {
  it('picks the highest rate and tests it against the runner-up', () => {
    const best = bestOffer([
      { offerType: 'pause', successes: 30, n: 100 },
      { offerType: 'discount', successes: 45, n: 100 },
      { offerType: 'downgrade', successes: 10, n: 100 },
    ]);
    expect(best).toMatchObject({ offerType: 'discount', rate: 0.45, n: 100 });
    expect(best?.runnerUp).toEqual({ offerType: 'pause', rate: 0.3, n: 100 });
    expect(best?.pValue).toBeCloseTo(0.02846, 4);
  });

  it('never crowns a small sample, however good its rate', () => {
    const best = bestOffer([
      { offerType: 'free_period', successes: 5, n: 5 },
      { offerType: 'discount', successes: 12, n: 40 },
    ]);
    expect(best).toMatchObject({ offerType: 'discount', runnerUp: null, pValue: null });
  });

  it('breaks ties by the larger sample, then by name', () => {
    expect(
      bestOffer([
        { offerType: 'pause', successes: 15, n: 30 },
        { offerType: 'discount', successes: 20, n: 40 },
      ])?.offerType,
    ).toBe('discount');
    expect(
      bestOffer([
        { offerType: 'pause', successes: 20, n: 40 },
        { offerType: 'discount', successes: 20, n: 40 },
      ])?.offerType,
    ).toBe('discount');
  });

  it('returns null when no offer has enough samples', () => {
    expect(bestOffer([{ offerType: 'pause', successes: 2, n: 3 }])).toBeNull();
    expect(bestOffer([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  MIN_REASON_DIVERGENCE,
  reasonDivergence,
  reasonSpecificPhrases,
  requiredDivergence,
  tellsReasonsApart,
} from './reason-specific-phrases.ts';

const mix = (entries: Record<string, number>) => new Map(Object.entries(entries));

/** A period of 1,000 documents: 400 too expensive, 300 unused, 300 customer service. */
const period = mix({ too_expensive: 400, unused: 300, customer_service: 300 });

describe('reasonDivergence', () => {
  it('is 0 for a phrase whose reasons are mixed as the period’s are', () => {
    expect(
      reasonDivergence(mix({ too_expensive: 40, unused: 30, customer_service: 30 }), period),
    ).toBeCloseTo(0, 12);
  });

  it('is ln(1 / p) for a phrase found only under a reason holding p of the period', () => {
    expect(reasonDivergence(mix({ too_expensive: 25 }), period)).toBeCloseTo(Math.log(1 / 0.4), 12);
    expect(reasonDivergence(mix({ unused: 7 }), period)).toBeCloseTo(Math.log(1 / 0.3), 12);
  });

  it('weighs each reason of the phrase by its share of the phrase’s documents', () => {
    // Half too expensive (period 40 %), half unused (30 %).
    const expected = 0.5 * Math.log(0.5 / 0.4) + 0.5 * Math.log(0.5 / 0.3);
    expect(reasonDivergence(mix({ too_expensive: 10, unused: 10 }), period)).toBeCloseTo(expected, 12);
  });

  it('is 0 for a phrase without documents', () => {
    expect(reasonDivergence(mix({}), period)).toBe(0);
    expect(reasonDivergence(mix({ unused: 0 }), period)).toBe(0);
  });
});

describe('reasonSpecificPhrases', () => {
  const candidates = [
    { id: 1, phrase: 'need' },
    { id: 2, phrase: 'expensive' },
    { id: 3, phrase: 'support' },
  ];
  const mixes = new Map([
    [1, mix({ too_expensive: 41, unused: 29, customer_service: 30 })],
    [2, mix({ too_expensive: 95, unused: 5 })],
    [3, mix({ customer_service: 70, unused: 5, too_expensive: 5 })],
  ]);

  it('drops a phrase found under every reason about as often as the reasons themselves are', () => {
    expect(reasonSpecificPhrases(candidates, mixes, period).map((entry) => entry.phrase)).toEqual([
      'expensive',
      'support',
    ]);
  });

  it('keeps a phrase diverging by 0.5 or more, when its main reason holds little of the period', () => {
    // Unused holds 20 %: 70 % of a phrase's documents under it diverge by 0.58, 60 % by 0.38.
    const fifth = mix({ unused: 200, too_expensive: 800 });
    const mixes = new Map([
      [1, mix({ unused: 70, too_expensive: 30 })],
      [2, mix({ unused: 60, too_expensive: 40 })],
    ]);
    expect(requiredDivergence(mix({ unused: 70, too_expensive: 30 }), fifth)).toBe(MIN_REASON_DIVERGENCE);
    expect(reasonDivergence(mix({ unused: 70, too_expensive: 30 }), fifth)).toBeCloseTo(0.583, 3);
    expect(reasonDivergence(mix({ unused: 60, too_expensive: 40 }), fifth)).toBeCloseTo(0.382, 3);
    expect(reasonSpecificPhrases([{ id: 1 }, { id: 2 }], mixes, fifth)).toEqual([{ id: 1 }]);
  });

  it('asks less of the words of a reason holding most of the period, which cannot reach 0.5', () => {
    // "other" holds 80 %: a phrase found only under it diverges by ln(1 / 0.8) = 0.22, and needs half that.
    const mostlyOther = mix({ other: 800, unused: 100, too_expensive: 100 });
    const mixes = new Map([
      [1, mix({ other: 40 })],
      [2, mix({ other: 82, unused: 9, too_expensive: 9 })],
    ]);
    expect(requiredDivergence(mix({ other: 40 }), mostlyOther)).toBeCloseTo(Math.log(1 / 0.8) / 2, 12);
    expect(reasonSpecificPhrases([{ id: 1 }, { id: 2 }], mixes, mostlyOther)).toEqual([{ id: 1 }]);
  });

  it('judges a phrase alike whatever order its reasons come in, the larger reason leading a tie', () => {
    // "other" holds 60 % of this period, "unused" 30 %: a phrase with 5 documents of each is other's, and
    // needs half of ln(1 / 0.6) = 0.255 whether "unused" or "other" is read first.
    const mostlyOther = mix({ other: 600, unused: 300, too_expensive: 100 });
    const unusedFirst = new Map([
      ['unused', 5],
      ['other', 5],
    ]);
    const otherFirst = new Map([
      ['other', 5],
      ['unused', 5],
    ]);
    expect(requiredDivergence(unusedFirst, mostlyOther)).toBeCloseTo(Math.log(1 / 0.6) / 2, 12);
    expect(requiredDivergence(otherFirst, mostlyOther)).toBe(requiredDivergence(unusedFirst, mostlyOther));
    expect(reasonDivergence(otherFirst, mostlyOther)).toBe(reasonDivergence(unusedFirst, mostlyOther));
  });

  it('keeps every phrase when the period’s documents all have one reason', () => {
    // As when the filters ask for one reason: no phrase can then tell one reason from another.
    const single = mix({ too_expensive: 1000 });
    const singleMixes = new Map(candidates.map((entry) => [entry.id, mix({ too_expensive: 10 })]));
    expect(reasonSpecificPhrases(candidates, singleMixes, single)).toEqual(candidates);
  });

  it('drops a candidate whose reasons are unknown', () => {
    expect(reasonSpecificPhrases([{ id: 42 }], mixes, period)).toEqual([]);
  });
});

describe('tellsReasonsApart', () => {
  it('is true only of a period whose documents have more than one reason', () => {
    expect(tellsReasonsApart(period)).toBe(true);
    expect(tellsReasonsApart(mix({ too_expensive: 1000, unused: 0 }))).toBe(false);
    expect(tellsReasonsApart(mix({}))).toBe(false);
  });
});

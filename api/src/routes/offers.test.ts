import { REASON_CODES } from '@churnlens/models/taxonomy';
import { describe, expect, it } from 'vitest';
import type { OfferReasonRow, OfferStats, OffersResponse } from '../schemas/offers.ts';
import {
  CHURN_FIXTURE,
  type ChurnFixture,
  type FixtureCancellation,
  type FixtureOffer,
} from '../testing/churn-fixture.ts';
import { useTestApp } from '../testing/test-app.ts';

/**
 * The fixture with c19 (2024-03-15, team, 80 EUR = 88 USD, low_quality), its only March request, saved: the
 * tests that accept offers on it are about when an offer can be judged, and an offer accepted on a request
 * that stayed cancelled saves no one (see the last describe).
 */
const C19_SAVED: FixtureCancellation[] = CHURN_FIXTURE.cancellations.map((row) =>
  row.id === 'c19' ? { ...row, outcome: 'saved' } : row,
);

// Wilson bounds below were computed independently (z = 1.96) and rounded to 6 places.
describe('GET /api/offers on the hand-checked fixture', () => {
  const t = useTestApp();

  function offer(body: OffersResponse, offerType: string): OfferStats {
    const found = body.offers.find((entry) => entry.offerType === offerType);
    if (!found) throw new Error(`no ${offerType} offers in the response`);
    return found;
  }

  it('counts presented and accepted offers per type with a Wilson interval', async () => {
    const { status, body } = await t.getJson('/api/offers');
    expect(status).toBe(200);
    expect(body.dataEndDate).toBe('2024-06-30');
    expect(body.smallSampleThreshold).toBe(30);
    expect(body.offers.map((entry: OfferStats) => entry.offerType)).toEqual([
      'discount',
      'downgrade',
      'extension',
      'free_period',
      'pause',
    ]);
    // discount: o01, o03, o08, o10 accepted; o04, o12 not.
    const discount = offer(body, 'discount');
    expect(discount).toMatchObject({ presented: 6, accepted: 4 });
    expect(discount.acceptanceRate).toMatchObject({ successes: 4, n: 6, smallSample: true });
    expect(discount.acceptanceRate.rate).toBeCloseTo(4 / 6, 12);
    expect(discount.acceptanceRate.low).toBeCloseTo(0.299988, 6);
    expect(discount.acceptanceRate.high).toBeCloseTo(0.903231, 6);
    expect(offer(body, 'free_period').acceptanceRate).toMatchObject({ successes: 0, n: 1, rate: 0, low: 0 });
  });

  it('judges savedAtN only on offers accepted at least N days before the data end date', async () => {
    const { body } = await t.getJson('/api/offers');
    const discount = offer(body, 'discount');
    // End 2024-06-30 23:59:59. At 30 days o08 (accepted 05-02, churned 18 days later) and o10 (accepted 04-01,
    // churned 75 days later) are old enough; o01 and o03 (June) are not: 1 saved of 2.
    expect(discount.savedAt30).toMatchObject({ successes: 1, n: 2, rate: 0.5 });
    expect(discount.savedAt30.low).toBeCloseTo(0.094529, 6);
    // At 60 days only o10 (o08 was accepted 2 minutes after the 2024-05-01 23:59:59 cut-off): saved.
    expect(discount.savedAt60).toMatchObject({ successes: 1, n: 1, rate: 1 });
    // At 90 days o10 still counts (accepted 04-01 10:02 ≤ 04-01 23:59:59) but churned on day 75.
    expect(discount.savedAt90).toMatchObject({ successes: 0, n: 1, rate: 0 });
    // downgrade: o09 (accepted 05-20, never churned) is the only one old enough at 30 days; none at 60.
    expect(offer(body, 'downgrade').savedAt30).toMatchObject({ successes: 1, n: 1 });
    expect(offer(body, 'downgrade').savedAt60).toEqual({
      successes: 0,
      n: 0,
      rate: null,
      low: null,
      high: null,
      smallSample: true,
    });
  });

  it('counts keptAtN per offer made in months that ended at least N days before the data end date', async () => {
    const { body } = await t.getJson('/api/offers');
    const discount = offer(body, 'discount');
    // April ended (05-01 00:00) more than 30 and 60 days before the end (05-31 and 05-01 23:59:59), May one
    // second too late: of the discount offers only o10 (requested 04-01, kept past 60 days) counts, while
    // savedAt30 also judges o08, accepted in May.
    expect(discount.keptAt30).toMatchObject({ successes: 1, n: 1, rate: 1 });
    expect(discount.keptAt60).toMatchObject({ successes: 1, n: 1, rate: 1 });
    expect(discount.keptAt90).toMatchObject({ successes: 0, n: 0, rate: null });
    // o13, declined on 05-01: too recent at every horizon.
    expect(offer(body, 'free_period').keptAt30).toMatchObject({ successes: 0, n: 0 });
  });

  it('sums the MRR of accepted offers whose customer has not churned, in the reporting currency', async () => {
    const { body } = await t.getJson('/api/offers');
    expect(body.currency).toBe('USD');
    expect(offer(body, 'discount').mrrRetained).toBe(22); // o01 on c02: 20 EUR
    expect(offer(body, 'downgrade').mrrRetained).toBe(143); // c05 80 EUR + c16 50 EUR
    expect(offer(body, 'pause').mrrRetained).toBe(220); // c12 200 + c04 20
    expect(offer(body, 'free_period').mrrRetained).toBe(0);
  });

  it('applies the common filters to the cancellations the offers were made on', async () => {
    const { body } = await t.getJson('/api/offers?from=2024-06-01&channel=agent_phone');
    // agent_phone in June: c03 (o05 pause, declined), c07 (o03 discount), c12 (o07 pause).
    expect(
      body.offers.map((entry: OfferStats) => [entry.offerType, entry.presented, entry.accepted]),
    ).toEqual([
      ['discount', 1, 1],
      ['pause', 2, 1],
    ]);
  });

  it('gives the offer × reason matrix, marking small cells instead of hiding them', async () => {
    const { body } = await t.getJson('/api/offers?by=reason');
    expect(body.rankBy).toBe('acceptance');
    const tooExpensive = body.reasons.find((row: OfferReasonRow) => row.reason === 'too_expensive');
    // c01 (o04 declined) and c18 (o10 accepted) discount; c05 downgrade; c12 pause.
    expect(
      tooExpensive.offers.map((cell: OfferStats) => [cell.offerType, cell.presented, cell.accepted]),
    ).toEqual([
      ['discount', 2, 1],
      ['downgrade', 1, 1],
      ['pause', 1, 1],
    ]);
    expect(tooExpensive.offers.every((cell: OfferStats) => cell.acceptanceRate.smallSample)).toBe(true);
    expect(tooExpensive.best).toBeNull();
  });

  it('lists the reasons in taxonomy order, whichever offer types the filters leave', async () => {
    for (const query of ['', '&channel=agent_phone', '&from=2024-06-01']) {
      const { body } = await t.getJson(`/api/offers?by=reason${query}`);
      const reasons = body.reasons.map((row: OfferReasonRow) => row.reason);
      expect(reasons).toEqual(REASON_CODES.filter((reason) => reasons.includes(reason)));
    }
  });

  it('rejects unknown values of by and rankBy with a 400 naming the parameter', async () => {
    const by = await t.getJson('/api/offers?by=plan');
    expect(by.status).toBe(400);
    expect(by.body.message).toContain('by:');
    const rankBy = await t.getJson('/api/offers?by=reason&rankBy=mrr');
    expect(rankBy.status).toBe(400);
    expect(rankBy.body.message).toContain('rankBy:');
  });

  it('refuses rankBy without by=reason, where there is no best offer for it to pick', async () => {
    const { status, body } = await t.getJson('/api/offers?rankBy=keptAt30');
    expect(status).toBe(400);
    expect(body.message).toContain('rankBy: applies only with by=reason');
  });
});

describe('GET /api/offers?by=reason with enough samples to pick a best offer', () => {
  // 81 extra April cancellations coded too_expensive: 40 discount offers (30 accepted, the first 6 of them
  // churned 10 days later), 36 pause offers (9 accepted) and 5 free periods (all accepted, a small sample).
  const extraCancellations: FixtureCancellation[] = [];
  const extraOffers: FixtureOffer[] = [];
  const plan: [offerType: string, count: number, accepted: number][] = [
    ['discount', 40, 30],
    ['pause', 36, 9],
    ['free_period', 5, 5],
  ];
  for (const [offerType, count, accepted] of plan) {
    for (let index = 0; index < count; index += 1) {
      const id = `x-${offerType}-${index}`;
      extraCancellations.push({
        ...(CHURN_FIXTURE.cancellations[17] as FixtureCancellation),
        id,
        requestedAt: '2024-04-10 10:00:00',
        reasonCode: 'too_expensive',
        reasonText: null,
        outcome: index < accepted ? 'saved' : 'cancelled',
      });
      extraOffers.push({
        id: `offer-${id}`,
        cancellationId: id,
        offerType,
        offerDetail: null,
        presentedAt: '2024-04-10 10:01:00',
        accepted: index < accepted,
        acceptedAt: index < accepted ? '2024-04-10 10:02:00' : null,
        churnedAt: offerType === 'discount' && index < 6 ? '2024-04-20 10:02:00' : null,
      });
    }
  }
  const fixture: ChurnFixture = {
    ...CHURN_FIXTURE,
    cancellations: [...CHURN_FIXTURE.cancellations, ...extraCancellations],
    offers: [...CHURN_FIXTURE.offers, ...extraOffers],
  };

  const t = useTestApp({ fixture });

  it('names the best offer per reason and tests it against the runner-up', async () => {
    const { status, body } = await t.getJson('/api/offers?by=reason');
    expect(status).toBe(200);
    const tooExpensive = body.reasons.find((row: OfferReasonRow) => row.reason === 'too_expensive');
    // discount 31/42 (30 extra + o10; o04 declined), pause 10/37 (9 extra + o07), free_period 5/5 (too few).
    const cells = Object.fromEntries(
      tooExpensive.offers.map((cell: OfferStats) => [cell.offerType, cell.acceptanceRate]),
    );
    expect(cells.discount).toMatchObject({ successes: 31, n: 42, smallSample: false });
    expect(cells.discount.low).toBeCloseTo(0.58931, 6);
    expect(cells.discount.high).toBeCloseTo(0.846975, 6);
    expect(cells.pause).toMatchObject({ successes: 10, n: 37, smallSample: false });
    expect(cells.free_period).toMatchObject({ successes: 5, n: 5, rate: 1, smallSample: true });
    expect(tooExpensive.best).toMatchObject({
      offerType: 'discount',
      rate: 31 / 42,
      n: 42,
      runnerUp: { offerType: 'pause', n: 37 },
    });
    // Pooled p = 41/79; z = (31/42 - 10/37) / sqrt(p(1-p)(1/42 + 1/37)) = 4.1528; two-sided p = 3.2846e-5.
    expect(tooExpensive.best.pValue / 3.2846e-5).toBeCloseTo(1, 3);
  });

  it('ranks by a saved-at rate when asked', async () => {
    const { body } = await t.getJson('/api/offers?by=reason&rankBy=savedAt30');
    const tooExpensive = body.reasons.find((row: OfferReasonRow) => row.reason === 'too_expensive');
    expect(body.rankBy).toBe('savedAt30');
    // Old enough at 30 days: discount 30 extra + o10 = 31, of which the 6 churned on day 10 are not saved;
    // pause has only its 9 April acceptances (o07 is too recent), too few to be ranked.
    expect(tooExpensive.best).toEqual({
      offerType: 'discount',
      rate: 25 / 31,
      n: 31,
      runnerUp: null,
      pValue: null,
    });
  });

  it('ranks by customers kept per offer made, counting the offers declined', async () => {
    const { body } = await t.getJson('/api/offers?by=reason&rankBy=keptAt30');
    const tooExpensive = body.reasons.find((row: OfferReasonRow) => row.reason === 'too_expensive');
    expect(body.rankBy).toBe('keptAt30');
    // Made in April, a month that ended more than 30 days before the end: discount's 40 extra offers and o10,
    // of which 24 extra acceptances and o10 kept the customer; pause's 36 extra offers, 9 accepted and kept.
    expect(tooExpensive.best).toMatchObject({
      offerType: 'discount',
      rate: 25 / 41,
      n: 41,
      runnerUp: { offerType: 'pause', rate: 9 / 36, n: 36 },
    });
    // Pooled p = 34/77; z = (25/41 - 9/36) / sqrt(p(1-p)(1/41 + 1/36)) = 3.1719; two-sided p = 1.5143e-3.
    expect(tooExpensive.best.pValue / 1.5143e-3).toBeCloseTo(1, 3);
  });
});

describe('GET /api/offers with offers accepted before the month of the data end date minus 90 days', () => {
  // Four extension offers on c19 (saved), three accepted in March,
  // before 2024-04-01 (the month of 2024-06-30 minus 90 days): their save rates are read from the month
  // cells. x1's customer stays, x2's churns 45 days after acceptance, x3's after 10 days.
  const march = (id: string, acceptedAt: string | null, churnedAt: string | null): FixtureOffer => ({
    id,
    cancellationId: 'c19',
    offerType: 'extension',
    offerDetail: null,
    presentedAt: '2024-03-15 10:01:00',
    accepted: acceptedAt !== null,
    acceptedAt,
    churnedAt,
  });
  const fixture: ChurnFixture = {
    ...CHURN_FIXTURE,
    cancellations: C19_SAVED,
    offers: [
      ...CHURN_FIXTURE.offers,
      march('x1', '2024-03-15 10:05:00', null),
      march('x2', '2024-03-15 10:06:00', '2024-04-29 10:06:00'),
      march('x3', '2024-03-15 10:07:00', '2024-03-25 10:07:00'),
      march('x4', null, null),
    ],
  };

  const t = useTestApp({ fixture });

  const extension = async (query: string): Promise<OfferStats> => {
    const { status, body } = await t.getJson(`/api/offers${query}`);
    expect(status).toBe(200);
    return body.offers.find((entry: OfferStats) => entry.offerType === 'extension');
  };

  // Whole months from the cells, March's days from 03-15 as single offers, and a filter the cells carry.
  it.each(['', '?from=2024-03-15', '?plan=team'])(
    'judges them at every horizon, with o06 (accepted 06-25) too recent for any (%s)',
    async (query) => {
      const stats = await extension(query);
      expect(stats).toMatchObject({ presented: 5, accepted: 4, mrrRetained: 128 }); // c10 40 USD + c19 88
      expect(stats.savedAt30).toMatchObject({ successes: 2, n: 3 });
      expect(stats.savedAt60).toMatchObject({ successes: 1, n: 3 });
      expect(stats.savedAt90).toMatchObject({ successes: 1, n: 3 });
      // Per offer made, x4 (declined in March) counts too.
      expect(stats.keptAt30).toMatchObject({ successes: 2, n: 4 });
      expect(stats.keptAt90).toMatchObject({ successes: 1, n: 4 });
    },
  );

  it('counts them alone when the window or the reason leaves o06 out', async () => {
    for (const query of ['?to=2024-05-31', '?reason=low_quality']) {
      const stats = await extension(query);
      expect(stats).toMatchObject({ presented: 4, accepted: 3, mrrRetained: 88 });
      expect(stats.savedAt30).toMatchObject({ successes: 2, n: 3 });
      expect(stats.savedAt90).toMatchObject({ successes: 1, n: 3 });
    }
  });
});

describe('GET /api/offers with accepted offers of a judged month not yet old enough to judge', () => {
  // Two extension offers on c19's (saved) request of 2024-03-15, a month judged at every horizon (data end
  // 2024-06-30): y1 accepted on 2024-04-05, after the end minus 90 days (2024-04-01 23:59:59), its customer
  // still there; y2 accepted without a date. Neither can be judged at 90 days yet, so neither may count
  // as a customer lost per offer made.
  const offer = (id: string, acceptedAt: string | null): FixtureOffer => ({
    id,
    cancellationId: 'c19',
    offerType: 'extension',
    offerDetail: null,
    presentedAt: '2024-03-15 10:01:00',
    accepted: true,
    acceptedAt,
    churnedAt: null,
  });

  const offers = [...CHURN_FIXTURE.offers, offer('y1', '2024-04-05 09:00:00'), offer('y2', null)];
  const t = useTestApp({ fixture: { ...CHURN_FIXTURE, cancellations: C19_SAVED, offers } });

  it('leaves them out of keptAtN until their acceptance is N days old', async () => {
    const { body } = await t.getJson('/api/offers');
    const extension: OfferStats = body.offers.find((entry: OfferStats) => entry.offerType === 'extension');
    // o06 (c10, June) is too recent for every horizon; y2 is never old enough; y1 is judged at 30 and 60.
    expect(extension.keptAt30).toMatchObject({ successes: 1, n: 1 });
    expect(extension.keptAt60).toMatchObject({ successes: 1, n: 1 });
    expect(extension.keptAt90).toMatchObject({ successes: 0, n: 0, rate: null });
    expect(extension.savedAt60).toMatchObject({ successes: 1, n: 1 });
  });

  it('counts an accepted offer without an acceptance date in the retained MRR', async () => {
    const { body } = await t.getJson('/api/offers');
    const extension: OfferStats = body.offers.find((entry: OfferStats) => entry.offerType === 'extension');
    // c10 40 USD (o06) + c19 80 EUR = 88 USD for each of y1 and y2.
    expect(extension).toMatchObject({ presented: 3, accepted: 3, mrrRetained: 216 });
  });
});

describe('GET /api/offers with accepted offers on requests whose latest outcome is cancelled', () => {
  // A later cancellations export turned c16 (2024-05-20, 50 EUR = 55 USD; o09, a downgrade accepted on
  // 05-20 whose customer has no churned_at) from downgraded to cancelled. z1, an extension accepted on
  // c19's request of 2024-03-15 (cancelled, 80 EUR = 88 USD), has no churned_at either: the offers export
  // never said the customer left, the request does.
  const z1: FixtureOffer = {
    id: 'z1',
    cancellationId: 'c19',
    offerType: 'extension',
    offerDetail: null,
    presentedAt: '2024-03-15 10:01:00',
    accepted: true,
    acceptedAt: '2024-03-15 10:05:00',
    churnedAt: null,
  };
  const cancelled = (row: FixtureCancellation): FixtureCancellation =>
    row.id === 'c16' ? { ...row, outcome: 'cancelled' } : row;
  const fixture: ChurnFixture = {
    ...CHURN_FIXTURE,
    cancellations: CHURN_FIXTURE.cancellations.map(cancelled),
    offers: [...CHURN_FIXTURE.offers, z1],
  };

  const t = useTestApp({ fixture });

  const stats = async (offerType: string): Promise<OfferStats> => {
    const { body } = await t.getJson('/api/offers');
    return body.offers.find((entry: OfferStats) => entry.offerType === offerType);
  };

  it('counts an offer accepted on a request now cancelled as not saving the customer at any horizon', async () => {
    // o09 (accepted in May, read one by one) was downgrade's only offer old enough at 30 days.
    expect((await stats('downgrade')).savedAt30).toMatchObject({ successes: 0, n: 1, rate: 0 });
    // z1 (accepted in March, read from the month cells) is old enough at every horizon; o06 (June) is not.
    const extension = await stats('extension');
    expect(extension.savedAt30).toMatchObject({ successes: 0, n: 1 });
    expect(extension.savedAt90).toMatchObject({ successes: 0, n: 1 });
    expect(extension.keptAt30).toMatchObject({ successes: 0, n: 1 });
  });

  it('leaves the MRR of a request now cancelled out of mrrRetained, as /api/summary counts it lost', async () => {
    // downgrade: o02 (c05, 80 EUR = 88 USD) alone; extension: o06 (c10, 40 USD) alone.
    expect(await stats('downgrade')).toMatchObject({ accepted: 2, mrrRetained: 88 });
    expect(await stats('extension')).toMatchObject({ accepted: 2, mrrRetained: 40 });
  });
});

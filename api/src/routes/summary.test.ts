import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

// Expected values are worked out by hand from the rows in testing/churn-fixture.ts (USD rates there:
// EUR 1.10, GBP 1.25, JPY 0.01).
describe('GET /api/summary', () => {
  const t = useTestApp();

  it('defaults to the last 30 days up to the data end date and compares with the 30 days before', async () => {
    const { status, body } = await t.getJson('/api/summary');
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2024-06-01', to: '2024-06-30' });
    expect(body.notCompared).toBeNull();
    // c01…c12; c12 at 23:59:59 on the end date is inside.
    expect(body).toMatchObject({
      currency: 'USD',
      cancelRequests: 12,
      cancelled: 5,
      retained: 6,
      saved: 3,
      paused: 2,
      downgraded: 1,
      abandoned: 1,
      saveRate: 0.5,
      mrrLost: 235, // c01 50 + c03 125 (100 GBP) + c06 30 (3000 JPY) + c09 10 + c11 20
      mrrRetained: 490, // c02 22 + c04 20 + c05 88 + c07 120 + c10 40 + c12 200
    });
    // c13…c17; c20 at 23:00 on 2024-05-01 is one hour before the previous period starts.
    expect(body.previous).toEqual({
      period: { from: '2024-05-02', to: '2024-05-31' },
      cancelRequests: 5,
      cancelled: 3,
      retained: 2,
      saved: 1,
      paused: 0,
      downgraded: 1,
      abandoned: 0,
      saveRate: 0.4,
      mrrLost: 170,
      mrrRetained: 180,
    });
    expect(body.delta).toMatchObject({
      cancelRequests: 7,
      cancelled: 2,
      retained: 4,
      mrrLost: 65,
      mrrRetained: 310,
    });
    expect(body.delta.saveRate).toBeCloseTo(0.1, 10);
  });

  it('compares an explicit month with the month-long period before it', async () => {
    const { body } = await t.getJson('/api/summary?from=2024-05-01&to=2024-05-31');
    // c13 saved 125, c14 cancelled 20, c15 cancelled 30, c16 downgraded 55, c17 cancelled 120, c20 cancelled 22
    expect(body).toMatchObject({
      cancelRequests: 6,
      cancelled: 4,
      retained: 2,
      mrrLost: 192,
      mrrRetained: 180,
    });
    expect(body.saveRate).toBeCloseTo(1 / 3, 10);
    // 2024-03-31 … 2024-04-30 holds only c18, saved.
    expect(body.previous).toMatchObject({
      period: { from: '2024-03-31', to: '2024-04-30' },
      cancelRequests: 1,
      saved: 1,
      saveRate: 1,
      mrrRetained: 50,
    });
  });

  it('says when the data does not cover both periods, so a change between them means nothing', async () => {
    const covered = await t.getJson('/api/summary?from=2024-05-01&to=2024-05-31');
    expect(covered.body.notCompared).toBeNull();
    // The previous period, 2024-03-02 … 2024-03-31, starts before c19 of 2024-03-15, the oldest request.
    const young = await t.getJson('/api/summary?from=2024-04-01&to=2024-04-30');
    expect(young.body.notCompared).toBe('the data begins on 2024-03-15');
    const beyond = await t.getJson('/api/summary?from=2024-06-15&to=2024-07-15');
    // 2024-06-15 … 2024-07-15 is 31 days, of which the data holds the first 16.
    expect(beyond.body.notCompared).toBe('the data ends on 2024-06-30, 16 of the period’s 31 days');
  });

  it('runs an open-ended period to the data end date', async () => {
    const { body } = await t.getJson('/api/summary?from=2024-06-15');
    expect(body.period).toEqual({ from: '2024-06-15', to: '2024-06-30' });
    expect(body).toMatchObject({
      cancelRequests: 6,
      cancelled: 2,
      retained: 3,
      abandoned: 1,
      mrrLost: 30,
      mrrRetained: 360,
    });
    // 2024-05-30 … 2024-06-14: c17, c01…c06
    expect(body.previous).toMatchObject({
      cancelRequests: 7,
      cancelled: 4,
      retained: 3,
      mrrLost: 325,
      mrrRetained: 130,
    });
  });

  it('filters by channel in both periods', async () => {
    const { body } = await t.getJson('/api/summary?channel=agent_phone');
    expect(body).toMatchObject({
      cancelRequests: 3,
      cancelled: 1,
      saved: 1,
      paused: 1,
      mrrLost: 125,
      mrrRetained: 320,
    });
    expect(body.saveRate).toBeCloseTo(2 / 3, 10);
    expect(body.previous).toMatchObject({
      cancelRequests: 2,
      cancelled: 1,
      retained: 1,
      mrrLost: 120,
      mrrRetained: 125,
    });
  });

  it.each(['basic', 'Basic', 'BASIC'])(
    'filters by plan at cancellation time, in any case (%s)',
    async (plan) => {
      const { body } = await t.getJson(`/api/summary?plan=${plan}`);
      expect(body).toMatchObject({
        cancelRequests: 5,
        cancelled: 3,
        retained: 2,
        saveRate: 0.4,
        mrrLost: 60,
        mrrRetained: 42,
      });
      expect(body.previous).toMatchObject({ cancelRequests: 2, cancelled: 2, mrrLost: 50 });
    },
  );

  it("filters by the customer's country, in any letter case", async () => {
    const { body } = await t.getJson('/api/summary?country=us');
    expect(body).toMatchObject({
      cancelRequests: 5,
      cancelled: 2,
      retained: 3,
      mrrLost: 60,
      mrrRetained: 340,
    });
  });

  it("filters by the customer's segment", async () => {
    const { body } = await t.getJson('/api/summary?segment=enterprise');
    expect(body).toMatchObject({
      cancelRequests: 3,
      cancelled: 1,
      retained: 2,
      mrrLost: 125,
      mrrRetained: 320,
    });
  });

  it('filters by tenure bucket', async () => {
    const { body } = await t.getJson('/api/summary?tenure=91-180d');
    // c02 (145 days, saved 22), c08 (125, abandoned), c11 (170, cancelled 20)
    expect(body).toMatchObject({
      cancelRequests: 3,
      cancelled: 1,
      retained: 1,
      abandoned: 1,
      mrrLost: 20,
      mrrRetained: 22,
    });
  });

  it('filters by several effective reasons', async () => {
    const { body } = await t.getJson('/api/summary?reason=other&reason=unused');
    // other: c09 cancelled 10; unused: c04 paused 20, c10 saved 40
    expect(body).toMatchObject({
      cancelRequests: 3,
      cancelled: 1,
      saved: 1,
      paused: 1,
      abandoned: 0,
      mrrLost: 10,
      mrrRetained: 60,
    });
  });

  it('filters to the requests whose customer gave no reason, neither picked nor typed', async () => {
    const { body } = await t.getJson('/api/summary?reason=no_reason_given');
    // c08 abandoned (the previous period has none)
    expect(body).toMatchObject({ cancelRequests: 1, abandoned: 1, mrrLost: 0, mrrRetained: 0 });
    expect(body.previous).toMatchObject({ cancelRequests: 0 });
  });

  it('gives a save rate of 0, not null, when requests were made and none was retained', async () => {
    // basic: c15 cancelled on 2024-05-15; before it, 2024-04-28 … 2024-05-14, c20 and c14 cancelled.
    const { body } = await t.getJson('/api/summary?plan=basic&from=2024-05-15&to=2024-05-31');
    expect(body).toMatchObject({ cancelRequests: 1, retained: 0, saveRate: 0 });
    expect(body.previous).toMatchObject({ cancelRequests: 2, retained: 0, saveRate: 0 });
    expect(body.delta.saveRate).toBe(0);
  });

  it('covers one day when from equals to, compared with the day before, a leap day included', async () => {
    const { body } = await t.getJson('/api/summary?from=2024-06-15&to=2024-06-15');
    // c07, saved
    expect(body).toMatchObject({
      period: { from: '2024-06-15', to: '2024-06-15' },
      cancelRequests: 1,
      saveRate: 1,
    });
    expect(body.previous).toMatchObject({
      period: { from: '2024-06-14', to: '2024-06-14' },
      cancelRequests: 0,
    });
    const leapDay = await t.getJson('/api/summary?from=2024-02-29&to=2024-02-29');
    expect(leapDay.body.previous.period).toEqual({ from: '2024-02-28', to: '2024-02-28' });
  });

  it('reports no requests with a null save rate for a plan nobody has', async () => {
    const { body } = await t.getJson('/api/summary?plan=enterprise');
    expect(body).toMatchObject({ cancelRequests: 0, saveRate: null, mrrLost: 0 });
    expect(body.delta.saveRate).toBeNull();
  });

  it.each([
    ['channel=fax', /^channel: must be one of/],
    ['tenure=forever', /^tenure: must be one of/],
    ['tenure=2y+', /^tenure: must be one of .*, 2y\+ \(in a URL, write \+ as %2B: tenure=2y%2B\)$/],
    ['reason=bored', /^reason: must be one of/],
    ['from=2024-13-01', /^from: is not a calendar date/],
    ['from=2023-02-29', /^from: is not a calendar date/],
    ['from=2024-06-01T00:00:00', /^from: must be an ISO date \(YYYY-MM-DD\)$/],
    ['to=9999-12-31', /^to: must be between 1900-01-01 and 2999-12-31/],
    ['from=2024-07-01&to=2024-06-01', /^from: must not be after to/],
    ['country=Germany', /^country: must be a two-letter/],
    ['chanel=email', /^unknown parameter "chanel"/],
    ['channel=email&channel=chatbot', /^channel: takes one value, and was given 2$/],
    ['from=2024-06-01&from=2024-06-02', /^from: takes one value, and was given 2$/],
    ['reason=unused&reason=bored', /^reason: must be one of/],
  ])('rejects %s with a 400 naming the parameter', async (query, message) => {
    const { status, body } = await t.getJson(`/api/summary?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
    expect(body.message).toMatch(message);
  });
});

describe('GET /api/summary in another reporting currency', () => {
  const t = useTestApp({ reportingCurrency: 'EUR' });

  it('converts money through the USD rates and rounds to cents', async () => {
    const { body } = await t.getJson('/api/summary');
    // 235 USD / 1.10 and 490 USD / 1.10
    expect(body).toMatchObject({ currency: 'EUR', mrrLost: 213.64, mrrRetained: 445.45 });
  });
});

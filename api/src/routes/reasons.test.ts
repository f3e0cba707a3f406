import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

// Hand-computed from testing/churn-fixture.ts: the effective reason of each cancellation is in the
// comment at the end of its row.
describe('GET /api/reasons', () => {
  const t = useTestApp();

  it('lists every reason with count, share, MRR lost, save rate, sentiment and review backlog', async () => {
    const { status, body } = await t.getJson('/api/reasons');
    expect(status).toBe(200);
    expect(body.total).toBe(20);
    const byReason = Object.fromEntries(body.reasons.map((row: { reason: string }) => [row.reason, row]));
    expect(body.reasons.map((row: { reason: string }) => row.reason)).toEqual([
      'too_expensive',
      'low_quality',
      'missing_features',
      'switched_service',
      'customer_service',
      'other',
      'unused',
      'no_reason_given',
    ]);
    // c01 cancelled 50, c05 downgraded, c12 paused, c18 saved (no verbatim, so 3 sentiments of -0.5)
    expect(byReason.too_expensive).toEqual({
      reason: 'too_expensive',
      label: 'Too expensive',
      count: 4,
      share: 0.2,
      mrrLost: 50,
      saveRate: 0.75,
      avgSentiment: -0.5,
      needsReview: 0,
    });
    // c06 30 + c15 30 + c19 88, all cancelled
    expect(byReason.low_quality).toMatchObject({ count: 3, mrrLost: 148, saveRate: 0, avgSentiment: -0.8 });
    // c03 125 and c11 20 cancelled, c13 saved; sentiments -0.1 (v2), 0.1 (manual), -0.1
    expect(byReason.switched_service).toMatchObject({ count: 3, share: 0.15, mrrLost: 145, needsReview: 0 });
    expect(byReason.switched_service.saveRate).toBeCloseTo(1 / 3, 10);
    expect(byReason.switched_service.avgSentiment).toBeCloseTo(-0.1 / 3, 10);
    // c09 cancelled 10 (unclassified), c14 cancelled 20 (classified 'other', needs review)
    expect(byReason.other).toMatchObject({
      count: 2,
      mrrLost: 30,
      saveRate: 0,
      avgSentiment: 0,
      needsReview: 1,
    });
    // c08 abandoned, with neither a picked reason nor a verbatim
    expect(byReason.no_reason_given).toEqual({
      reason: 'no_reason_given',
      label: 'No reason given',
      count: 1,
      share: 0.05,
      mrrLost: 0,
      saveRate: 0,
      avgSentiment: null,
      needsReview: 0,
    });
    expect(byReason.unused).toMatchObject({ count: 2, share: 0.1, mrrLost: 0, saveRate: 1, needsReview: 1 });
    expect(byReason.customer_service).toMatchObject({
      count: 2,
      mrrLost: 120,
      saveRate: 0.5,
      avgSentiment: -0.9,
    });
    expect(byReason.missing_features).toMatchObject({ count: 3, mrrLost: 22, avgSentiment: -0.2 });
  });

  it('applies the common filters', async () => {
    const { body } = await t.getJson('/api/reasons?channel=agent_chat');
    // c02 missing saved, c08 no reason given abandoned, c10 unused saved, c16 missing downgraded, c20 missing cancelled 22
    expect(body.total).toBe(5);
    expect(body.reasons[0]).toMatchObject({ reason: 'missing_features', count: 3, share: 0.6, mrrLost: 22 });
    expect(body.reasons[0].saveRate).toBeCloseTo(2 / 3, 10);
    expect(body.breakdown).toBeUndefined();
  });

  it('breaks the reasons down by tenure bucket in bucket order', async () => {
    const { body } = await t.getJson('/api/reasons?by=tenure');
    expect(body.breakdown.by).toBe('tenure');
    expect(
      body.breakdown.groups.map((group: { key: string; total: number }) => [group.key, group.total]),
    ).toEqual([
      ['0-30d', 3],
      ['31-90d', 2],
      ['91-180d', 6],
      ['181-365d', 2],
      ['1-2y', 2],
      ['2y+', 5],
    ]);
    const twoYears = body.breakdown.groups[5];
    expect(
      twoYears.reasons.map((row: { reason: string; count: number; share: number }) => [
        row.reason,
        row.count,
        row.share,
      ]),
    ).toEqual([
      ['customer_service', 2, 0.4],
      ['switched_service', 2, 0.4],
      ['too_expensive', 1, 0.2],
    ]);
  });

  it('breaks the reasons down by month of the request', async () => {
    const { body } = await t.getJson('/api/reasons?by=month');
    expect(
      body.breakdown.groups.map((group: { key: string; total: number }) => [group.key, group.total]),
    ).toEqual([
      ['2024-03', 1],
      ['2024-04', 1],
      ['2024-05', 6],
      ['2024-06', 12],
    ]);
    expect(body.breakdown.groups[2].reasons[0]).toMatchObject({
      reason: 'missing_features',
      count: 2,
      mrrLost: 22,
    });
  });

  it('breaks the reasons down by week starting on Monday', async () => {
    const { body } = await t.getJson('/api/reasons?by=week&from=2024-06-01&to=2024-06-09');
    // c01 on Sunday 2024-06-02 belongs to the week of Monday 2024-05-27; c02, c03, c04 to the week of 2024-06-03
    expect(
      body.breakdown.groups.map((group: { key: string; total: number }) => [group.key, group.total]),
    ).toEqual([
      ['2024-05-27', 1],
      ['2024-06-03', 3],
    ]);
  });

  it('breaks the reasons down by plan, country and channel', async () => {
    const keys = async (by: string) =>
      (await t.getJson(`/api/reasons?by=${by}`)).body.breakdown.groups.map(
        (group: { key: string; total: number }) => [group.key, group.total],
      );
    expect(await keys('plan')).toEqual([
      ['basic', 8],
      ['pro', 6],
      ['team', 6],
    ]);
    expect(await keys('country')).toEqual([
      ['DE', 5],
      ['FR', 3],
      ['GB', 2],
      ['JP', 2],
      ['US', 8],
    ]);
    expect(await keys('channel')).toEqual([
      ['agent_chat', 5],
      ['agent_phone', 5],
      ['chatbot', 2],
      ['email', 3],
      ['self_serve', 5],
    ]);
  });

  it('accepts only breakdowns from its list', async () => {
    const { status, body } = await t.getJson('/api/reasons?by=customer_id');
    expect(status).toBe(400);
    expect(body.message).toMatch(/^by: must be one of plan, country, channel, tenure, month, week/);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

// Waits and follow-up answers are hand-computed from testing/churn-fixture.ts. Percentiles interpolate
// linearly: the p90 of 5 values sits at position 0.9 × 4 = 3.6 between the 4th and 5th smallest.
describe('GET /api/channels', () => {
  const t = useTestApp();

  // Save-rate intervals: 95% Wilson score bounds as published for these counts (3 of 5: 0.2307–0.8824).
  it('reports requests, save rate with its interval, wait percentiles and follow-up response per channel', async () => {
    const { status, body } = await t.getJson('/api/channels');
    expect(status).toBe(200);
    expect(body.channels).toEqual([
      // waits 30, 60, 120, 180, 240; follow-ups on c02 (8 and 6), c10 (10), c16 (text only)
      {
        channel: 'agent_chat',
        requests: 5,
        retained: 3,
        saveRate: 0.6,
        saveRateLow: expect.closeTo(0.2307, 4),
        saveRateHigh: expect.closeTo(0.8824, 4),
        medianWaitSeconds: 120,
        p90WaitSeconds: 216,
        followUpResponseRate: 0.6,
        followUpAvgScore: 8,
      },
      // waits 120, 300, 420, 600, 900; follow-ups on c07 (9) and c13 (7); c03's exit survey does not count
      {
        channel: 'agent_phone',
        requests: 5,
        retained: 3,
        saveRate: 0.6,
        saveRateLow: expect.closeTo(0.2307, 4),
        saveRateHigh: expect.closeTo(0.8824, 4),
        medianWaitSeconds: 420,
        p90WaitSeconds: 780,
        followUpResponseRate: 0.4,
        followUpAvgScore: 8,
      },
      // never handled by anyone
      {
        channel: 'self_serve',
        requests: 5,
        retained: 2,
        saveRate: 0.4,
        saveRateLow: expect.closeTo(0.1176, 4),
        saveRateHigh: expect.closeTo(0.7693, 4),
        medianWaitSeconds: null,
        p90WaitSeconds: null,
        followUpResponseRate: 0.2,
        followUpAvgScore: 3,
      },
      // waits 3600 and 7200 (c11 never handled)
      {
        channel: 'email',
        requests: 3,
        retained: 1,
        saveRate: 1 / 3,
        saveRateLow: expect.closeTo(0.0615, 4),
        saveRateHigh: expect.closeTo(0.7923, 4),
        medianWaitSeconds: 5400,
        p90WaitSeconds: 6840,
        followUpResponseRate: 0,
        followUpAvgScore: null,
      },
      {
        channel: 'chatbot',
        requests: 2,
        retained: 0,
        saveRate: 0,
        saveRateLow: expect.closeTo(0, 4),
        saveRateHigh: expect.closeTo(0.6576, 4),
        medianWaitSeconds: 7.5,
        p90WaitSeconds: 9.5,
        followUpResponseRate: 0,
        followUpAvgScore: null,
      },
    ]);
  });

  it('reports the same figures per agent', async () => {
    const { body } = await t.getJson('/api/channels');
    expect(body.agents).toEqual([
      // c02 120, c05 3600, c08 60, c16 180, c19 7200
      {
        agentId: 'a1',
        requests: 5,
        retained: 3,
        saveRate: 0.6,
        saveRateLow: expect.closeTo(0.2307, 4),
        saveRateHigh: expect.closeTo(0.8824, 4),
        medianWaitSeconds: 180,
        p90WaitSeconds: 5760,
        followUpResponseRate: 0.4,
        followUpAvgScore: 7,
      },
      // c03 300, c07 600, c13 120, c17 420
      {
        agentId: 'a2',
        requests: 4,
        retained: 2,
        saveRate: 0.5,
        saveRateLow: expect.closeTo(0.15, 4),
        saveRateHigh: expect.closeTo(0.85, 4),
        medianWaitSeconds: 360,
        p90WaitSeconds: 546,
        followUpResponseRate: 0.5,
        followUpAvgScore: 8,
      },
      // c10 240, c12 900, c20 30
      {
        agentId: 'a3',
        requests: 3,
        retained: 2,
        saveRate: 2 / 3,
        saveRateLow: expect.closeTo(0.2077, 4),
        saveRateHigh: expect.closeTo(0.9385, 4),
        medianWaitSeconds: 240,
        p90WaitSeconds: 768,
        followUpResponseRate: 1 / 3,
        followUpAvgScore: 10,
      },
    ]);
  });

  it('applies the common filters', async () => {
    const { body } = await t.getJson('/api/channels?from=2024-06-01');
    const chat = body.channels.find((row: { channel: string }) => row.channel === 'agent_chat');
    // c02 120, c08 60, c10 240
    expect(chat).toMatchObject({
      requests: 3,
      retained: 2,
      medianWaitSeconds: 120,
      p90WaitSeconds: 216,
      followUpAvgScore: 8,
    });
    expect(chat.followUpResponseRate).toBeCloseTo(2 / 3, 10);
    expect(
      body.agents.map((row: { agentId: string; requests: number }) => [row.agentId, row.requests]),
    ).toEqual([
      ['a1', 3],
      ['a2', 2],
      ['a3', 2],
    ]);
  });

  it("gives each request month's figures per channel with by=month, oldest month first, adding up to the totals", async () => {
    const { status, body } = await t.getJson('/api/channels?by=month');
    expect(status).toBe(200);
    expect(body.breakdown.by).toBe('month');
    const figures = body.breakdown.groups.map(
      (group: { key: string; channels: { channel: string; requests: number; retained: number }[] }) => [
        group.key,
        group.channels.map((row) => [row.channel, row.requests, row.retained]),
      ],
    );
    expect(figures).toEqual([
      ['2024-03', [['email', 1, 0]]],
      ['2024-04', [['self_serve', 1, 1]]],
      [
        '2024-05',
        [
          // c16 and c20; c13 and c17: as many requests, in the order of their names
          ['agent_chat', 2, 1],
          ['agent_phone', 2, 1],
          ['chatbot', 1, 0],
          ['self_serve', 1, 0],
        ],
      ],
      [
        '2024-06',
        [
          ['agent_chat', 3, 2],
          ['agent_phone', 3, 2],
          ['self_serve', 3, 1],
          ['email', 2, 1],
          ['chatbot', 1, 0],
        ],
      ],
    ]);
    // June's phone requests c03, c07, c12: waits 300, 600 and 900; follow-ups on c07 (9).
    const june = body.breakdown.groups.at(-1).channels[1];
    expect(june).toMatchObject({
      channel: 'agent_phone',
      saveRate: 2 / 3,
      saveRateLow: expect.closeTo(0.2077, 4),
      saveRateHigh: expect.closeTo(0.9385, 4),
      medianWaitSeconds: 600,
      p90WaitSeconds: 840,
      followUpAvgScore: 9,
    });
    expect(june.followUpResponseRate).toBeCloseTo(1 / 3, 10);
    const { body: totals } = await t.getJson('/api/channels');
    expect(totals.breakdown).toBeUndefined();
    for (const { channel, requests } of totals.channels) {
      const monthly = body.breakdown.groups.flatMap(
        (group: { channels: { channel: string; requests: number }[] }) =>
          group.channels.filter((row) => row.channel === channel).map((row) => row.requests),
      );
      expect(
        monthly.reduce((sum: number, value: number) => sum + value, 0),
        channel,
      ).toBe(requests);
    }
  });

  it('names the parameter when by is not a breakdown it offers', async () => {
    const { status, body } = await t.getJson('/api/channels?by=agent');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: 'bad_request',
      message: expect.stringContaining('by: must be one of month'),
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHURN_FIXTURE,
  createFixtureDatabase,
  type FixtureCancellation,
  type FixtureDatabase,
} from '../testing/churn-fixture.ts';
import { queryChannels } from './channels.ts';

/** Waits with many ties and some requests never handled, from a fixed linear congruential sequence. */
function tiedWaits(count: number): FixtureCancellation[] {
  const template = CHURN_FIXTURE.cancellations[0] as FixtureCancellation;
  let state = 7;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return Array.from({ length: count }, (_, index) => {
    const draw = next();
    return {
      ...template,
      id: `w${index}`,
      channel: draw < 0.5 ? 'agent_chat' : 'agent_phone',
      agentId: draw < 0.3 ? 'agent-a' : 'agent-b',
      // Multiples of 2.5 and of 137.7: some fall on a wait bucket, others are rounded to one.
      waitSeconds: draw > 0.95 ? null : Math.floor(next() * 12) * (draw < 0.6 ? 2.5 : 137.7),
    };
  });
}

describe('channel wait percentiles', () => {
  let fixture: FixtureDatabase;
  beforeAll(async () => {
    fixture = await createFixtureDatabase({ ...CHURN_FIXTURE, cancellations: tiedWaits(301) });
  });
  afterAll(() => fixture.cleanup());

  const expectedSql = (waits: string) => `
    SELECT coalesce(channel, agent_id) AS key,
      list_transform(quantile_cont(${waits}, [0.5, 0.9]), q -> round(q, 3)) AS waits
    FROM cancellations GROUP BY GROUPING SETS ((channel), (agent_id)) ORDER BY key`;

  async function actualWaits() {
    const { channels, agents } = await queryChannels(fixture.db, {});
    return [
      ...channels.map((row) => ({ key: row.channel, waits: [row.medianWaitSeconds, row.p90WaitSeconds] })),
      ...agents.map((row) => ({ key: row.agentId, waits: [row.medianWaitSeconds, row.p90WaitSeconds] })),
    ].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  it("equal DuckDB's quantile_cont over every wait rounded to its bucket, ties and unhandled requests included", async () => {
    const expected = await fixture.db.query<{ key: string; waits: [number, number] }>(
      expectedSql('wait_bucket_of(epoch(handled_at - requested_at))'),
    );
    expect(expected.map((row) => row.key)).toEqual(['agent-a', 'agent-b', 'agent_chat', 'agent_phone']);
    expect(await actualWaits()).toEqual(expected);
  });

  it('are within 0.5 % of the percentiles of the exact waits', async () => {
    const exact = await fixture.db.query<{ key: string; waits: [number, number] }>(
      expectedSql('epoch(handled_at - requested_at)'),
    );
    const actual = await actualWaits();
    const offBy = actual.flatMap((row, index) =>
      row.waits.map((wait, q) => Math.abs((wait as number) / (exact[index]?.waits[q] as number) - 1)),
    );
    expect(Math.max(...offBy)).toBeLessThanOrEqual(0.005);
    // Not all equal, or this fixture would not exercise the buckets.
    expect(Math.max(...offBy)).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

type Cohort = { key: string; total: number; reasons: { reason: string; count: number; share: number }[] };
const mix = (cohorts: Cohort[]) =>
  cohorts.map((cohort) => [
    cohort.key,
    cohort.total,
    cohort.reasons.map((row) => `${row.reason}:${row.count}`).join(' '),
  ]);

describe('GET /api/cohorts', () => {
  const t = useTestApp();

  it('gives the reason mix of every tenure bucket, shortest tenure first', async () => {
    const { status, body } = await t.getJson('/api/cohorts');
    expect(status).toBe(200);
    expect(mix(body.byTenure)).toEqual([
      ['0-30d', 3, 'other:2 low_quality:1'], // c09 (30 days) is still in the first bucket
      ['31-90d', 2, 'low_quality:1 unused:1'],
      ['91-180d', 6, 'missing_features:3 low_quality:1 no_reason_given:1 switched_service:1'], // c08 gave none
      ['181-365d', 2, 'too_expensive:1 unused:1'],
      ['1-2y', 2, 'too_expensive:2'],
      ['2y+', 5, 'customer_service:2 switched_service:2 too_expensive:1'],
    ]);
    expect(body.byTenure[0].reasons[0].share).toBeCloseTo(2 / 3, 10);
  });

  it('gives the reason mix by signup month, oldest first', async () => {
    const { body } = await t.getJson('/api/cohorts');
    expect(mix(body.bySignupMonth)).toEqual([
      ['2021-06', 3, 'customer_service:2 too_expensive:1'],
      ['2022-03', 2, 'switched_service:2'],
      ['2023-01', 3, 'too_expensive:2 other:1'],
      ['2023-11', 3, 'low_quality:1 too_expensive:1 unused:1'],
      ['2024-01', 3, 'missing_features:2 switched_service:1'],
      ['2024-02', 2, 'missing_features:1 no_reason_given:1'],
      ['2024-04', 2, 'other:1 unused:1'],
      ['2024-05', 2, 'low_quality:2'],
    ]);
  });

  it('keeps empty tenure buckets when a filter leaves them without requests', async () => {
    const { body } = await t.getJson('/api/cohorts?plan=pro');
    expect(mix(body.byTenure)).toEqual([
      ['0-30d', 0, ''],
      ['31-90d', 0, ''],
      ['91-180d', 2, 'missing_features:1 no_reason_given:1'],
      ['181-365d', 0, ''],
      ['1-2y', 2, 'too_expensive:2'],
      ['2y+', 2, 'switched_service:2'],
    ]);
  });
});

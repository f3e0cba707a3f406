import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

// Counted by hand from testing/churn-fixture.ts: the plan of each of the 20 cancellations, and the
// country and segment of its customer (cu4, with two cancellations, has no segment).
describe('GET /api/filter-values', () => {
  const t = useTestApp();

  it('lists every plan, country and segment of the data with its requests, most first', async () => {
    const { status, body } = await t.getJson('/api/filter-values');
    expect(status).toBe(200);
    expect(body).toEqual({
      plan: [
        { value: 'basic', requests: 8 },
        { value: 'pro', requests: 6 },
        { value: 'team', requests: 6 },
      ],
      country: [
        { value: 'US', requests: 8 },
        { value: 'DE', requests: 5 },
        { value: 'FR', requests: 3 },
        { value: 'GB', requests: 2 },
        { value: 'JP', requests: 2 },
      ],
      segment: [
        { value: 'smb', requests: 8 },
        { value: 'enterprise', requests: 5 },
        { value: 'mid', requests: 5 },
      ],
    });
  });

  it('offers values that the filters match: each plan filters to its own requests', async () => {
    const { body } = await t.getJson('/api/filter-values');
    for (const { value, requests } of body.plan) {
      const { body: reasons } = await t.getJson(`/api/reasons?plan=${value}&from=2024-01-01&to=2024-12-31`);
      expect(reasons.total, value).toBe(requests);
    }
  });

  it('refuses parameters, which it would otherwise ignore', async () => {
    const { status, body } = await t.getJson('/api/filter-values?plan=pro');
    expect(status).toBe(400);
    expect(body.message).toBe('unknown parameter "plan"');
  });
});

import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../http/api-error.ts';
import { useTestApp } from '../testing/test-app.ts';

const ATTACKS = [
  "'; DROP TABLE cancellations; --",
  "x' OR '1'='1",
  '$filter_plan',
  "pro'); DELETE FROM offers; --",
];

/** Every parameter of the offers, themes, export and ingest-runs routes, with the base query it is added to. */
const PARAMETERS: [path: string, parameter: string][] = [
  ...['from', 'to', 'plan', 'country', 'channel', 'segment', 'tenure', 'reason', 'by', 'rankBy'].map(
    (parameter) => ['/api/offers?by=reason', parameter] as [string, string],
  ),
  ...['from', 'to', 'plan', 'country', 'channel', 'segment', 'tenure', 'reason', 'limit'].map(
    (parameter) => ['/api/themes?limit=5', parameter] as [string, string],
  ),
  ...['from', 'to', 'plan', 'country', 'channel', 'segment', 'tenure', 'reason', 'dataset', 'format'].map(
    (parameter) => ['/api/export?dataset=verbatims&format=csv', parameter] as [string, string],
  ),
  ['/api/ingest/runs?limit=5', 'offset'],
];

/** Free-text filters compare as plain values; every other parameter has a closed set of valid values. */
const PLAIN_VALUE_PARAMETERS = new Set(['plan', 'segment']);

describe('SQL in query parameters of the analytics and data routes', () => {
  const t = useTestApp();

  async function tableSizes() {
    const [row] = await t.fixture.db.query(
      `SELECT (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
        (SELECT count(*) FROM offers)::INTEGER AS offers,
        (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
        (SELECT count(*) FROM reason_classifications)::INTEGER AS classifications`,
    );
    return row;
  }

  it.each(PARAMETERS)(
    '%s: %s is rejected with 400 or matches nothing, and no table changes',
    async (base, parameter) => {
      const before = await tableSizes();
      for (const attack of ATTACKS) {
        const url = new URL(base, 'http://localhost');
        url.searchParams.set(parameter, attack);
        const response = await t.app.request(`${url.pathname}${url.search}`);
        if (PLAIN_VALUE_PARAMETERS.has(parameter)) {
          expect(response.status).toBe(200);
          const text = await response.text();
          // Nothing has such a plan or segment: no offer rows, no verbatims, a header-only CSV.
          if (base.startsWith('/api/offers')) expect(JSON.parse(text).offers).toEqual([]);
          if (base.startsWith('/api/themes'))
            expect(JSON.parse(text).documents).toEqual({ current: 0, previous: 0 });
          if (base.startsWith('/api/export')) expect(text.trim().split('\n')).toHaveLength(1);
        } else {
          expect(response.status).toBe(400);
          const body = (await response.json()) as ErrorBody;
          expect(body.error).toBe('bad_request');
          expect(body.message).toContain(`${parameter}:`);
        }
      }
      expect(await tableSizes()).toEqual(before);
    },
  );
});

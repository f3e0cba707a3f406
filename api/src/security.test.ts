import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, useTestApp } from './testing/test-app.ts';

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE cancellations; --",
  '1); DELETE FROM customers; --',
  '" OR ""="',
  "%' OR '%'='",
  "\\'; UPDATE fx_rates SET usd_per_unit = 0; --",
  '$filter_plan',
  "2024-06-01' OR 1=1 --",
];

const ENDPOINTS = ['/api/summary', '/api/reasons', '/api/verbatims', '/api/channels', '/api/cohorts'];
const FILTER_PARAMETERS = ['from', 'to', 'plan', 'country', 'channel', 'segment', 'tenure', 'reason'];
const OWN_PARAMETERS: Record<string, string[]> = {
  '/api/reasons': ['by'],
  '/api/verbatims': [
    'q',
    'phrase',
    'minSentiment',
    'maxSentiment',
    'sentimentAbove',
    'sentimentBelow',
    'needsReview',
    'unexplained',
    'limit',
    'cursor',
  ],
};
// Free-text values are legitimate input: they must be matched as plain values (and match nothing here).
const FREE_TEXT = new Set(['plan', 'segment', 'q', 'phrase']);

async function snapshot(t: TestApp) {
  return t.fixture.db.query(`
    SELECT
      (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
      (SELECT count(*) FROM customers)::INTEGER AS customers,
      (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
      (SELECT count(*) FROM reason_classifications)::INTEGER AS classifications,
      (SELECT count(*) FROM offers)::INTEGER AS offers,
      (SELECT count(*) FROM survey_responses)::INTEGER AS surveys,
      (SELECT sum(usd_per_unit) FROM fx_rates) AS fx_total,
      (SELECT sum(mrr)::DOUBLE FROM cancellations) AS mrr_total`);
}

describe('SQL injection attempts', () => {
  const t = useTestApp();
  let before: unknown;
  beforeAll(async () => {
    before = await snapshot(t);
  });

  for (const endpoint of ENDPOINTS) {
    for (const parameter of [...FILTER_PARAMETERS, ...(OWN_PARAMETERS[endpoint] ?? [])]) {
      it(`are rejected or matched as plain values in ${endpoint}?${parameter}=`, async () => {
        for (const value of INJECTIONS) {
          const { status, body } = await t.getJson(`${endpoint}?${parameter}=${encodeURIComponent(value)}`);
          if (FREE_TEXT.has(parameter)) {
            expect(status, value).toBe(200);
            if (parameter === 'q' || parameter === 'phrase') expect(body.total, value).toBe(0);
            else if (endpoint === '/api/summary') expect(body.cancelRequests, value).toBe(0);
          } else {
            expect(status, value).toBe(400);
            expect(body.error).toBe('bad_request');
            expect(body.message, value).toContain(parameter);
          }
        }
      });
    }
  }

  it('are rejected in the relabel id and body', async () => {
    for (const value of INJECTIONS) {
      const response = await t.app.request(`/api/verbatims/${encodeURIComponent(value)}/reason`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: value }),
      });
      expect([400, 404], value).toContain(response.status);
    }
  });

  it('leave the database unchanged', async () => {
    expect(await snapshot(t)).toEqual(before);
    expect(before).toEqual([
      expect.objectContaining({ cancellations: 20, customers: 8, verbatims: 10, classifications: 10 }),
    ]);
  });
});

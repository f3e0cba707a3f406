import { describe, expect, it } from 'vitest';
import { fixtureHash } from '../testing/churn-fixture.ts';
import { readJson, useTestApp } from '../testing/test-app.ts';
import { CACHE_HEADER } from './response-cache.ts';

describe('aggregate answer cache', () => {
  const t = useTestApp({ tokens: [{ role: 'viewer', token: 'viewer-token' }] });

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { Authorization: 'Bearer viewer-token', ...headers } });

  it('answers a repeated request from memory with the same body', async () => {
    const first = await get('/api/summary?plan=pro');
    const second = await get('/api/summary?plan=pro');
    expect(first.headers.get(CACHE_HEADER)).toBe('miss');
    expect(second.headers.get(CACHE_HEADER)).toBe('hit');
    expect(await readJson(second)).toEqual(await readJson(first));
  });

  it('keeps answers apart per query string', async () => {
    await get('/api/reasons?plan=pro');
    const other = await get('/api/reasons?plan=basic');
    expect(other.headers.get(CACHE_HEADER)).toBe('miss');
  });

  it('computes afresh when asked with Cache-Control: no-cache', async () => {
    await get('/api/channels');
    const fresh = await get('/api/channels', { 'Cache-Control': 'no-cache' });
    expect(fresh.headers.get(CACHE_HEADER)).toBe('miss');
  });

  it('never serves a stored answer to a caller without a valid token', async () => {
    await get('/api/cohorts');
    const anonymous = await t.app.request('/api/cohorts');
    expect(anonymous.status).toBe(401);
  });

  it('does not store errors', async () => {
    await get('/api/reasons?by=nonsense');
    const again = await get('/api/reasons?by=nonsense');
    expect(again.status).toBe(400);
    expect(again.headers.get(CACHE_HEADER)).toBe('miss');
  });

  it('drops every stored answer once the data changes', async () => {
    const before = await readJson(await get('/api/reasons'));
    await t.fixture.db.write((connection) =>
      connection.run(`UPDATE cancellations SET outcome = outcome WHERE text_hash = $hash`, {
        hash: fixtureHash('nothing matches this'),
      }),
    );
    const after = await get('/api/reasons');
    expect(after.headers.get(CACHE_HEADER)).toBe('miss');
    expect(await readJson(after)).toEqual(before);
  });
});

describe('a server started with --no-response-cache', () => {
  const t = useTestApp({ responseCache: false });

  it('computes every aggregate answer, and says nothing of a cache', async () => {
    const first = await t.app.request('/api/summary?plan=pro');
    const second = await t.app.request('/api/summary?plan=pro');
    expect(second.status).toBe(200);
    expect(second.headers.get(CACHE_HEADER)).toBeNull();
    expect(await readJson(second)).toEqual(await readJson(first));
  });
});

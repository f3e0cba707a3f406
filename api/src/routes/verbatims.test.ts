import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../queries/verbatim-cursor.ts';
import { fixtureHash, TEXTS } from '../testing/churn-fixture.ts';
import { readJson, useTestApp } from '../testing/test-app.ts';

interface Item {
  id: string;
  reason: string;
  classificationSource: string | null;
  sentiment: number | null;
  cancellation: { id: string };
}

const ids = (body: { items: Item[] }) => body.items.map((item) => item.cancellation.id);

// The 15 cancellations with a verbatim (all but c04, c08, c15, c18, c20), newest first.
describe('GET /api/verbatims', () => {
  const t = useTestApp();

  it('lists verbatims newest first with classification and cancellation context', async () => {
    const { status, body } = await t.getJson('/api/verbatims?limit=2');
    expect(status).toBe(200);
    expect(body.total).toBe(15);
    expect(body.items[1]).toEqual({
      id: fixtureHash(TEXTS.T8),
      text: TEXTS.T8,
      reason: 'switched_service',
      reasonOrigin: 'classification',
      classificationSource: 'manual',
      modelVersion: 'manual',
      confidence: 1,
      sentiment: 0.1,
      evidence: [],
      needsReview: false,
      cancellation: {
        id: 'c11',
        customerId: 'cu2',
        requestedAt: '2024-06-28T13:00:00',
        channel: 'email',
        agentId: null,
        plan: 'basic',
        country: 'DE',
        segment: 'smb',
        tenureDays: 170,
        tenureBucket: '91-180d',
        outcome: 'cancelled',
        mrr: 20,
        currency: 'USD',
        reasonCode: null,
      },
    });
    expect(body.items[0]).toMatchObject({
      reason: 'too_expensive',
      evidence: ['expensive', 'budget'],
      confidence: 0.9,
    });
  });

  it('pages through every verbatim exactly once with the cursor', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=4&cursor=${cursor}` : 'limit=4';
      const { body } = await t.getJson(`/api/verbatims?${query}`);
      pages.push(ids(body));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(pages).toEqual([
      ['c12', 'c11', 'c10', 'c09'],
      ['c07', 'c06', 'c05', 'c03'],
      ['c02', 'c01', 'c17', 'c16'],
      ['c14', 'c13', 'c19'],
    ]);
  });

  it.each([
    ['expensive', ['c12', 'c05', 'c01']],
    ['BUDGET too', ['c12', 'c05', 'c01']],
    ['compet', ['c03', 'c13']],
    ['crash', ['c06', 'c19']],
    ['cafe', ['c09']],
    ['xpensive', []],
    ['budget crashing', []],
  ])('searches for %s by word prefixes, ignoring case and accents', async (q, expected) => {
    const { body } = await t.getJson(`/api/verbatims?q=${encodeURIComponent(q)}`);
    expect(ids(body)).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it('filters by sentiment range, leaving out unclassified verbatims', async () => {
    const negative = await t.getJson('/api/verbatims?maxSentiment=-0.5');
    expect(ids(negative.body)).toEqual(['c12', 'c07', 'c06', 'c05', 'c01', 'c17', 'c19']);
    const neutral = await t.getJson('/api/verbatims?minSentiment=0&maxSentiment=0.5');
    expect(ids(neutral.body)).toEqual(['c11', 'c14']);
  });

  it('leaves a verbatim scored exactly at sentimentBelow or sentimentAbove out, where min/maxSentiment keep it', async () => {
    const scoredMinusHalf = ['c12', 'c05', 'c01'];
    const atMost = await t.getJson('/api/verbatims?maxSentiment=-0.5');
    expect(ids(atMost.body)).toEqual(expect.arrayContaining(scoredMinusHalf));
    const below = await t.getJson('/api/verbatims?sentimentBelow=-0.5');
    expect(ids(below.body)).toEqual(['c07', 'c06', 'c17', 'c19']);
    const above = await t.getJson('/api/verbatims?sentimentAbove=-0.5&maxSentiment=-0.2');
    expect(ids(above.body)).toEqual(['c02', 'c16']);
  });

  it('filters by review flag', async () => {
    expect(ids((await t.getJson('/api/verbatims?needsReview=true')).body)).toEqual(['c10', 'c14']);
    expect((await t.getJson('/api/verbatims?needsReview=false')).body.total).toBe(13);
  });

  it('lists the verbatims no reason explains, classified other or flagged for review, as candidate reasons gather them', async () => {
    // c09 is other, c10 unused but flagged, c14 both: each once.
    expect(ids((await t.getJson('/api/verbatims?unexplained=true')).body)).toEqual(['c10', 'c09', 'c14']);
    expect((await t.getJson('/api/verbatims?unexplained=false')).body.total).toBe(15 - 3);
    expect(ids((await t.getJson('/api/verbatims?unexplained=true&reason=other')).body)).toEqual([
      'c09',
      'c14',
    ]);
  });

  it('filters by effective reason and the other common filters', async () => {
    expect(ids((await t.getJson('/api/verbatims?reason=switched_service')).body)).toEqual([
      'c11',
      'c03',
      'c13',
    ]);
    expect(ids((await t.getJson('/api/verbatims?q=expensive&channel=email')).body)).toEqual(['c05']);
    expect(ids((await t.getJson('/api/verbatims?from=2024-05-01&to=2024-05-31&tenure=2y%2B')).body)).toEqual([
      'c17',
      'c13',
    ]);
  });

  it('counts a word repeated in the query once towards its 10 words', async () => {
    const q = encodeURIComponent(`${'budget '.repeat(12)}too expensive`);
    expect(ids((await t.getJson(`/api/verbatims?q=${q}`)).body)).toEqual(['c12', 'c05', 'c01']);
  });

  it('looks for a query without a word, such as punctuation or an emoji, as written instead of listing everything', async () => {
    expect(ids((await t.getJson('/api/verbatims?q=%2C')).body)).toEqual(['c09', 'c03', 'c13']);
    expect((await t.getJson('/api/verbatims?q=%F0%9F%98%A1')).body.items).toEqual([]);
    expect((await t.getJson('/api/verbatims?q=%20%20')).body.items).toHaveLength(15);
  });

  it.each([
    // An 11th word cut off silently would widen the result: "zzz" is in no verbatim.
    ['q=too+expensive+for+our+budget+t+e+f+o+b+zzz', /^q: must have at most 10 different words$/],
    ['minSentiment=2', /^minSentiment: must be at most 1/],
    ['maxSentiment=abc', /^maxSentiment: must be a number/],
    ['minSentiment=0.5&maxSentiment=0', /^minSentiment: must not be above maxSentiment/],
    ['sentimentAbove=0.25&sentimentBelow=0.25', /^sentimentAbove: must be below sentimentBelow \(0\.25\)/],
    ['minSentiment=0.25&sentimentBelow=0.25', /^minSentiment: must be below sentimentBelow/],
    ['sentimentBelow=-2', /^sentimentBelow: must be at least -1/],
    ['needsReview=yes', /^needsReview: must be true or false/],
    ['unexplained=1', /^unexplained: must be true or false/],
    ['limit=0', /^limit: must be at least 1/],
    ['limit=1000', /^limit: must be at most 200/],
    // Number('') is 0: an empty bound would silently filter on sentiment ≥ 0.
    ['minSentiment=', /^minSentiment: must be a number/],
    ['sentimentBelow=%20', /^sentimentBelow: must be a number/],
    ['limit=', /^limit: must be an integer/],
    ['cursor=bm9wZQ', /^cursor: is not a cursor from this API/],
  ])('rejects %s with a 400 naming the parameter', async (query, message) => {
    const { status, body } = await t.getJson(`/api/verbatims?${query}`);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });

  it("continues another filter's list from a reused cursor's position, with total counting that whole list", async () => {
    const first = await t.getJson('/api/verbatims?limit=2');
    expect(ids(first.body)).toEqual(['c12', 'c11']);
    // The e-mail verbatims are c19, c11 and c05: c11 is the cursor's own position, so only older ones follow.
    const { body } = await t.getJson(`/api/verbatims?channel=email&cursor=${first.body.nextCursor}`);
    expect(ids(body)).toEqual(['c05', 'c19']);
    expect(body.total).toBe(3);
  });

  it('answers a tampered cursor holding a day that does not exist with a 400, not a 500', async () => {
    const cursor = encodeCursor({ requestedAt: '2024-02-30 12:00:00', cancellationId: 'c06' });
    const { status, body } = await t.getJson(`/api/verbatims?cursor=${cursor}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'bad_request', message: 'cursor: is not a cursor from this API' });
  });
});

describe('PATCH /api/verbatims/:id/reason', () => {
  const t = useTestApp();

  async function patch(id: string, body: unknown) {
    const response = await t.app.request(`/api/verbatims/${id}/reason`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await readJson(response) };
  }

  const reasonCount = async (reason: string) => {
    const { body } = await t.getJson('/api/reasons');
    return body.reasons.find((row: { reason: string }) => row.reason === reason)?.count ?? 0;
  };

  it('stores a manual label that changes the effective reason of every cancellation with the text at once', async () => {
    const { status, body } = await patch(fixtureHash(TEXTS.T4), { reason: 'too_complex' });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: fixtureHash(TEXTS.T4),
      text: TEXTS.T4,
      reason: 'too_complex',
      previousReason: 'low_quality',
      source: 'manual',
      cancellations: 2,
    });
    // low_quality keeps only c15 (a coded reason); c06 and c19 move.
    expect(await reasonCount('low_quality')).toBe(1);
    expect(await reasonCount('too_complex')).toBe(2);
    const { body: list } = await t.getJson('/api/verbatims?q=crashing');
    expect(list.items.map((item: Item) => [item.reason, item.classificationSource, item.sentiment])).toEqual([
      ['too_complex', 'manual', -0.8],
      ['too_complex', 'manual', -0.8],
    ]);
  });

  it('replaces an earlier manual label instead of adding another', async () => {
    expect((await patch(fixtureHash(TEXTS.T8), { reason: 'customer_service' })).body.previousReason).toBe(
      'switched_service',
    );
    expect(await reasonCount('customer_service')).toBe(3);
    const [row] = await t.fixture.db.query(
      `SELECT count(*)::INTEGER AS n FROM reason_classifications WHERE text_hash = $hash AND source = 'manual'`,
      { hash: fixtureHash(TEXTS.T8) },
    );
    expect(row?.n).toBe(1);
  });

  it('labels a verbatim the model never classified', async () => {
    const { body } = await patch(fixtureHash(TEXTS.T9), { reason: 'unused' });
    expect(body.previousReason).toBeNull();
    expect(await reasonCount('unused')).toBe(3);
  });

  it('answers 404 for an unknown verbatim and 400 for a malformed id, reason or body, naming a body field as a field', async () => {
    expect((await patch('0123456789abcdef', { reason: 'unused' })).status).toBe(404);
    const badId = await patch('c01', { reason: 'unused' });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toMatch(/^id: must be a verbatim id/);
    const badReason = await patch(fixtureHash(TEXTS.T1), { reason: 'bored' });
    expect(badReason.status).toBe(400);
    expect(badReason.body.message).toMatch(/^reason: must be one of/);
    const extra = await patch(fixtureHash(TEXTS.T1), { reason: 'unused', source: 'model' });
    expect(extra.body.message).toBe('unknown field "source"');
    const notAnObject = await patch(fixtureHash(TEXTS.T1), ['unused']);
    expect(notAnObject.body.message).toBe('body: must be a JSON object such as {"reason": "unused"}');
  });

  it('says how to send the reason when a request has none, with an empty object or no body at all', async () => {
    const missing =
      'reason: is required: send {"reason": "…"} as the body, with the header Content-Type: application/json';
    expect((await patch(fixtureHash(TEXTS.T1), {})).body.message).toBe(missing);
    const bodiless = await t.app.request(`/api/verbatims/${fixtureHash(TEXTS.T1)}/reason`, {
      method: 'PATCH',
    });
    expect(bodiless.status).toBe(400);
    expect((await readJson(bodiless)).message).toBe(missing);
  });
});

import { describe, expect, it } from 'vitest';
import { describeFailure, FILES_PER_SUBMISSION, planSubmissions } from './submit-to-server.ts';

const MiB = 1024 * 1024;
const file = (name: string, mib: number) => ({ name, path: `/exports/${name}`, bytes: mib * MiB });
const names = (requests: { name: string }[][]) =>
  requests.map((request) => request.map((entry) => entry.name));

describe('planSubmissions', () => {
  it('sends every file in one request when they fit', () => {
    const plan = planSubmissions([file('customers.csv', 100), file('cancellations.csv', 300)], 512 * MiB);
    expect(names(plan.requests)).toEqual([['customers.csv', 'cancellations.csv']]);
    expect(plan.tooLarge).toEqual([]);
  });

  it('starts a new request where the next file would pass the limit, keeping the order given', () => {
    const files = [file('customers.csv', 300), file('cancellations.csv', 300), file('offers.csv', 100)];
    expect(names(planSubmissions(files, 512 * MiB).requests)).toEqual([
      ['customers.csv'],
      ['cancellations.csv', 'offers.csv'],
    ]);
  });

  it('leaves room for the mapping sent with every request', () => {
    const files = [file('a.csv', 0.5), file('b.csv', 0.4)];
    expect(names(planSubmissions(files, MiB, 0).requests)).toEqual([['a.csv', 'b.csv']]);
    expect(names(planSubmissions(files, MiB, 200_000).requests)).toEqual([['a.csv'], ['b.csv']]);
  });

  it('sets a file larger than the limit aside instead of sending it', () => {
    const plan = planSubmissions([file('huge.csv', 900), file('offers.csv', 10)], 512 * MiB);
    expect(names(plan.requests)).toEqual([['offers.csv']]);
    expect(plan.tooLarge.map((entry) => entry.name)).toEqual(['huge.csv']);
  });

  it(`puts at most ${FILES_PER_SUBMISSION} files in a request, and any number when the limit is unknown`, () => {
    const files = Array.from({ length: 45 }, (_, index) => file(`part-${index}.csv`, 1));
    expect(planSubmissions(files, undefined).requests.map((request) => request.length)).toEqual([20, 20, 5]);
  });
});

describe('describeFailure', () => {
  const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

  it("gives the server's own message, and where the token goes when there is none", async () => {
    expect(
      await describeFailure(answer(403, { error: 'forbidden', message: 'this route needs an admin token' })),
    ).toBe('the server answered 403: this route needs an admin token');
    expect(
      await describeFailure(answer(401, { error: 'unauthorized', message: 'missing bearer token' })),
    ).toBe('the server answered 401: missing bearer token (give the token in env CHURNLENS_TOKEN)');
    expect(await describeFailure(new Response('Bad Gateway', { status: 502 }))).toBe(
      'the server answered 502: Bad Gateway',
    );
  });
});

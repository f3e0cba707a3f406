import { describe, expect, it } from 'vitest';
import { insightFiltersSchema, insightQuerySchema } from './insight-filters.ts';

function problems(query: unknown): string[] {
  const result = insightFiltersSchema.safeParse(query);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('insight filters', () => {
  it('accepts every filter given as query-string text', () => {
    const parsed = insightFiltersSchema.parse({
      from: '2024-06-01',
      to: '2024-06-30',
      plan: 'pro',
      country: 'de',
      channel: 'agent_chat',
      segment: 'smb',
      tenure: '1-2y',
      reason: 'too_expensive',
    });
    expect(parsed).toEqual({
      from: '2024-06-01',
      to: '2024-06-30',
      plan: 'pro',
      country: 'DE',
      channel: 'agent_chat',
      segment: 'smb',
      tenure: '1-2y',
      reason: ['too_expensive'],
    });
  });

  it('accepts a repeated reason as a list', () => {
    expect(insightFiltersSchema.parse({ reason: ['unused', 'other'] }).reason).toEqual(['unused', 'other']);
  });

  it('names the parameter of a value outside its enum', () => {
    expect(problems({ channel: 'fax' })[0]).toMatch(/^channel: must be one of self_serve/);
    expect(problems({ tenure: '3y' })[0]).toMatch(/^tenure: must be one of 0-30d/);
    // What "tenure=2y+" becomes when the + is not encoded.
    expect(problems({ tenure: '2y ' })[0]).toBe(
      'tenure: must be one of 0-30d, 31-90d, 91-180d, 181-365d, 1-2y, 2y+ (in a URL, write + as %2B: tenure=2y%2B)',
    );
    expect(problems({ reason: ['unused', 'bored'] })[0]).toMatch(
      /^reason(\.1)?: must be one of too_expensive/,
    );
  });

  it('rejects impossible dates and a period that ends before it starts', () => {
    expect(problems({ from: '2024-02-30' })).toEqual(['from: is not a calendar date']);
    expect(problems({ to: '30/06/2024' })).toEqual(['to: must be an ISO date (YYYY-MM-DD)']);
    expect(problems({ from: '2024-07-01', to: '2024-06-30' })).toEqual([
      'from: must not be after to (2024-06-30)',
    ]);
  });

  it('accepts days from 1900 to 2999 only, whose periods before and months after keep four-digit years', () => {
    expect(problems({ from: '1900-01-01', to: '2999-12-31' })).toEqual([]);
    expect(problems({ from: '1899-12-31' })).toEqual(['from: must be between 1900-01-01 and 2999-12-31']);
    expect(problems({ to: '9999-12-31' })).toEqual(['to: must be between 1900-01-01 and 2999-12-31']);
  });

  it('rejects countries that are not two letters and unknown parameters', () => {
    expect(problems({ country: 'USA' })).toEqual(['country: must be a two-letter ISO country code']);
    expect(insightFiltersSchema.safeParse({ chanel: 'email' }).success).toBe(false);
  });

  it('lets an endpoint add its own parameters to the filters', () => {
    const schema = insightQuerySchema({ by: insightFiltersSchema.shape.plan });
    expect(schema.parse({ by: 'month', plan: 'pro' })).toEqual({ by: 'month', plan: 'pro' });
  });
});

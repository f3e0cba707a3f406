import { describe, expect, it } from 'vitest';
import { cancellationSchema, describeIssues, offerSchema, surveyResponseSchema } from './records.ts';

const validCancellation = {
  id: 'can-1',
  customer_id: 'cus-1',
  subscription_id: 'sub-1',
  requested_at: '2026-03-04T10:15:00Z',
  channel: 'agent_phone',
  agent_id: 'agent-07',
  handled_at: '2026-03-04T10:40:00Z',
  plan: 'pro',
  mrr: 49,
  currency: 'USD',
  tenure_days: 120,
  reason_code: 'too_expensive',
  reason_text: 'price went up again',
  outcome: 'saved',
  effective_at: null,
  reactivated_at: null,
  cancellation_trigger: 'cancellation_requested',
};

function problems(schema: typeof cancellationSchema, record: unknown): string[] {
  const result = schema.safeParse(record);
  return result.success ? [] : describeIssues(result.error);
}

describe('cancellation records', () => {
  it('accepts a complete agent-handled cancellation and parses its timestamps', () => {
    const parsed = cancellationSchema.parse(validCancellation);
    expect(parsed.requested_at.toISOString()).toBe('2026-03-04T10:15:00.000Z');
  });

  it.each([
    { title: 'a negative MRR', patch: { mrr: -5 }, expected: 'mrr: must not be negative' },
    { title: 'an unknown channel', patch: { channel: 'fax' }, expected: 'channel:' },
    { title: 'a missing id', patch: { id: '  ' }, expected: 'id: is required' },
    {
      title: 'an unparseable date',
      patch: { requested_at: 'yesterday-ish' },
      expected: 'requested_at: is not a valid date',
    },
    {
      title: 'a lower-case currency',
      patch: { currency: 'usd' },
      expected: 'currency: must be a three-letter ISO 4217',
    },
    { title: 'an outcome outside the list', patch: { outcome: 'maybe' }, expected: 'outcome:' },
    {
      title: 'a trigger Stripe does not report',
      patch: { cancellation_trigger: 'customer_left' },
      expected: 'cancellation_trigger:',
    },
  ])('rejects $title with a message that names the field', ({ patch, expected }) => {
    const messages = problems(cancellationSchema, { ...validCancellation, ...patch });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });
});

describe('offer and survey records', () => {
  it('accepts an accepted pause offer that was later churned', () => {
    const offer = offerSchema.parse({
      id: 'off-1',
      cancellation_id: 'can-1',
      offer_type: 'pause',
      offer_detail: '2 months',
      presented_at: '2026-03-04T10:20:00Z',
      accepted: true,
      accepted_at: '2026-03-04T10:21:00Z',
      churned_at: '2026-05-01T00:00:00Z',
    });
    expect(offer.churned_at?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('names the score field when a survey score is out of the 0-10 range', () => {
    const result = surveyResponseSchema.safeParse({
      id: 's-1',
      customer_id: 'cus-1',
      cancellation_id: null,
      survey: 'follow_up',
      submitted_at: '2026-03-10T00:00:00Z',
      question: 'How likely are you to come back?',
      choice: null,
      score: 11,
      free_text: null,
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)[0]).toMatch(/^score: /);
  });
});

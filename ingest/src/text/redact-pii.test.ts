import { describe, expect, it } from 'vitest';
import { redactPii } from './redact-pii.ts';

describe('redactPii', () => {
  it.each([
    {
      title: 'an e-mail address',
      input: 'write to jane.doe+billing@example.co.uk please',
      expected: 'write to [email] please',
    },
    {
      title: 'a North American phone number',
      input: 'call me at (555) 123-4567',
      expected: 'call me at [phone]',
    },
    { title: 'an international phone number', input: 'ring +44 20 7946 0958', expected: 'ring [phone]' },
    { title: 'a dotted phone number', input: 'tel 555.123.4567.', expected: 'tel [phone].' },
    { title: 'a local seven-digit number', input: 'extension 555-1234', expected: 'extension [phone]' },
    {
      title: 'a phone number written in dotted pairs',
      input: 'tél. 06.12.34.56.78',
      expected: 'tél. [phone]',
    },
    {
      title: 'a card number written in groups',
      input: 'charge 4111 1111 1111 1111 again',
      expected: 'charge [card] again',
    },
    { title: 'a card number without spaces', input: 'card 5500000000000004', expected: 'card [card]' },
    {
      title: 'a URL carrying a token',
      input: 'see https://app.example.com/reset?token=abc123 now',
      expected: 'see [url] now',
    },
    {
      title: 'a URL with an opaque signed segment',
      input: 'invite www.example.com/i/Xk29dLq83mZpQ7rT0aVbN1',
      expected: 'invite [url]',
    },
  ])('redacts $title', ({ input, expected }) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each([
    { title: 'prices and years', input: 'price went from $29.99 to $49.99 in 2024' },
    { title: 'ISO dates and times', input: 'cancelled on 2024-03-01 10:30 after the outage' },
    {
      title: 'day-first and month-first dates with a time',
      input: 'since 06.11.2026 10:15 and 11-06-2026 09:30',
    },
    { title: 'a dotted year-first date with a time', input: 'ab 2026.11.06 10:15 gekündigt' },
    { title: 'a plain competitor URL', input: 'moved to https://competitor.example.com/pricing' },
    { title: 'short numbers and counts', input: 'we had 12 seats and 3 admins, ticket 48213' },
    { title: 'text without personal data', input: 'Too expensive for what we use' },
  ])('keeps $title', ({ input }) => {
    expect(redactPii(input)).toBe(input);
  });

  it('redacts every occurrence in one text', () => {
    expect(redactPii('a@b.io or c@d.io, 555-123-4567 / 555-765-4321')).toBe(
      '[email] or [email], [phone] / [phone]',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, dataWindow, isoTimestamp, nextRenewal } from './calendar.ts';

const at = (iso: string) => Date.parse(iso);

describe('dataWindow', () => {
  it('covers the 18 months that end with the given day', () => {
    const window = dataWindow('2026-10-31');
    expect(new Date(window.startMs).toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(new Date(window.endMs).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(window.days).toBe(549);
  });

  it.each(['2026-02-30', '2026-1-5', 'yesterday', ''])('rejects the end date "%s"', (endDate) => {
    expect(() => dataWindow(endDate)).toThrow(/YYYY-MM-DD/);
  });
});

describe('isoTimestamp', () => {
  it('writes UTC to the whole second with a Z suffix', () => {
    expect(isoTimestamp(at('2026-03-04T10:15:00.999Z'))).toBe('2026-03-04T10:15:00Z');
    expect(isoTimestamp(at('1969-12-31T23:59:59Z'))).toBe('1969-12-31T23:59:59Z');
  });
});

describe('billing dates', () => {
  it('clamps to the last day of a shorter month and keeps the time of day', () => {
    expect(new Date(addMonths(at('2026-01-31T08:30:00Z'), 1)).toISOString()).toBe('2026-02-28T08:30:00.000Z');
  });

  it('finds the first monthly renewal after a moment', () => {
    const renewal = nextRenewal(at('2025-03-15T12:00:00Z'), at('2026-06-20T09:00:00Z'), 1);
    expect(new Date(renewal).toISOString()).toBe('2026-07-15T12:00:00.000Z');
  });

  it('finds the next yearly renewal of an annual contract', () => {
    const renewal = nextRenewal(at('2024-09-01T00:00:00Z'), at('2026-09-01T00:00:00Z'), 12);
    expect(new Date(renewal).toISOString()).toBe('2027-09-01T00:00:00.000Z');
  });
});

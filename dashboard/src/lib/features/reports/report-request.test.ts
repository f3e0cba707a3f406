import { describe, expect, it } from 'vitest';
import { describeReportScope, fallbackReportName } from './report-request.ts';

describe('fallbackReportName', () => {
  it('names the file by period and format', () => {
    expect(fallbackReportName('csv', { from: '2025-01-01', to: '2025-03-31' })).toBe(
      'churnlens-report-2025-01-01-to-2025-03-31.zip',
    );
    expect(fallbackReportName('pdf', {})).toBe('churnlens-report.pdf');
  });
});

describe('describeReportScope', () => {
  it('states the default period when no dates are chosen', () => {
    expect(describeReportScope({})).toBe(
      'the last 30 days of data, compared with the 30 days before; all customers',
    );
  });

  it('states the period the report covers when only its end is chosen', () => {
    expect(describeReportScope({ to: '2026-09-30' })).toBe(
      'the 30 days up to 2026-09-30, compared with the 30 days before; all customers',
    );
  });

  it('lists the period and every filter in words', () => {
    expect(
      describeReportScope({
        from: '2025-01-01',
        plan: 'pro',
        channel: 'agent_chat',
        reason: ['unused', 'other'],
      }),
    ).toBe('2025-01-01 to the last request; plan pro · channel Agent (chat) · reason Unused or Other');
  });
});

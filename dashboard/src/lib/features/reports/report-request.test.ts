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
      'the 30 days up to 30 Sep 2026, compared with the 30 days before; all customers',
    );
  });

  it('writes a chosen period as the data export card does', () => {
    expect(describeReportScope({ from: '2026-05-01', to: '2026-08-31' })).toBe(
      '1 May 2026 – 31 Aug 2026; all customers',
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
    ).toBe('1 Jan 2025 to the last request; plan pro · channel Agent (chat) · reason Unused or Other');
  });
});

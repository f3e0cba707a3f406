import { describe, expect, it } from 'vitest';
import { reportFileName } from './report-file.ts';

const period = { from: '2026-06-01', to: '2026-08-31', days: 92 };

describe('report file names', () => {
  it('names an unfiltered report after its period', () => {
    expect(reportFileName({ period, filters: [] }, 'pdf')).toBe(
      'churnlens-report-2026-06-01-to-2026-08-31.pdf',
    );
  });

  it('adds the filters, so reports of one period for different plans or channels do not share a name', () => {
    const filters = [
      { name: 'Plan', value: 'pro' },
      { name: 'Channel', value: 'Agent (chat)' },
      { name: 'Reason', value: 'Unused or Other' },
    ];
    expect(reportFileName({ period, filters }, 'csv')).toBe(
      'churnlens-report-2026-06-01-to-2026-08-31-plan-pro-channel-agent-chat-reason-unused-or-other.zip',
    );
  });

  it('keeps a plan name typed with quotes and slashes out of the file name and its header', () => {
    const name = reportFileName({ period, filters: [{ name: 'Plan', value: 'Pro "EU"/annual' }] }, 'md');
    expect(name).toBe('churnlens-report-2026-06-01-to-2026-08-31-plan-pro-eu-annual.md');
  });
});

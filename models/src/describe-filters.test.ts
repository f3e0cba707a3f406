import { describe, expect, it } from 'vitest';
import { describeFilters } from './describe-filters.ts';

describe('describeFilters', () => {
  it('names every filter other than the period, with labels for codes', () => {
    expect(
      describeFilters({
        from: '2026-03-01',
        plan: 'pro',
        channel: 'agent_chat',
        tenure: '1-2y',
        reason: ['too_expensive', 'unused'],
      }),
    ).toEqual([
      { name: 'Plan', value: 'pro' },
      { name: 'Channel', value: 'Agent (chat)' },
      { name: 'Tenure', value: '1-2y' },
      { name: 'Reason', value: 'Too expensive or Unused' },
    ]);
  });

  it('describes no filter when only a period is chosen or the reason list is empty', () => {
    expect(describeFilters({ from: '2026-03-01', to: '2026-03-31', reason: [] })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { describeActiveFilters } from './describe-filters.ts';

describe('describeActiveFilters', () => {
  it('says none when no filter is set', () => {
    expect(describeActiveFilters({})).toBe('none');
  });

  it('names the dates first, then the other filters as the scope line names them', () => {
    expect(describeActiveFilters({ from: '2025-03-01', plan: 'pro', channel: 'email' })).toBe(
      'since 1 Mar 2025 · plan pro · channel Email',
    );
  });

  it('gives a closed date range as the period', () => {
    expect(describeActiveFilters({ from: '2025-03-01', to: '2025-03-30' })).toBe('1 Mar 2025 – 30 Mar 2025');
  });
});

import { describe, expect, it } from 'vitest';
import { buildFilterSql } from './filter-sql.ts';

describe('buildFilterSql', () => {
  it('is TRUE without filters', () => {
    expect(buildFilterSql({})).toEqual({ sql: 'TRUE', params: {} });
  });

  it('makes `to` a whole day, inclusive, and compares requested_at with dates', () => {
    expect(buildFilterSql({ from: '2024-06-01', to: '2024-06-30' })).toEqual({
      sql: 'requested_at >= CAST($filter_from AS DATE) AND requested_at < CAST($filter_to AS DATE) + INTERVAL 1 DAY',
      params: { filter_from: '2024-06-01', filter_to: '2024-06-30' },
    });
  });

  it('passes every value as a named parameter and never in the SQL text', () => {
    const hostile = "pro' OR 1=1 --";
    const { sql, params } = buildFilterSql({
      plan: hostile,
      country: 'US',
      channel: 'email',
      segment: 'smb',
      tenure: '1-2y',
      reason: ['unused', 'other'],
    });
    expect(sql).toBe(
      'lower(plan) = lower($filter_plan) AND country = $filter_country AND channel = $filter_channel AND lower(segment) = lower($filter_segment)' +
        ' AND tenure_bucket = $filter_tenure AND reason IN ($filter_reason_0, $filter_reason_1)',
    );
    expect(sql).not.toContain(hostile);
    expect(params).toEqual({
      filter_plan: hostile,
      filter_country: 'US',
      filter_channel: 'email',
      filter_segment: 'smb',
      filter_tenure: '1-2y',
      filter_reason_0: 'unused',
      filter_reason_1: 'other',
    });
  });

  it('qualifies columns with an alias and prefixes parameters so two filter sets can share a query', () => {
    expect(buildFilterSql({ plan: 'pro' }, { alias: 'f', paramPrefix: 'previous_' })).toEqual({
      sql: 'lower(f.plan) = lower($previous_plan)',
      params: { previous_plan: 'pro' },
    });
  });

  it('refuses an alias or prefix that is not a plain identifier', () => {
    expect(() => buildFilterSql({}, { alias: 'f; DROP TABLE x' })).toThrow(/invalid SQL alias/);
    expect(() => buildFilterSql({}, { paramPrefix: 'a-b' })).toThrow(/invalid parameter prefix/);
  });
});

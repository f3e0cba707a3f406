import { describe, expect, it } from 'vitest';
import {
  countFilters,
  hrefKeepingFilters,
  hrefWith,
  hrefWithoutFilters,
  readChoice,
  readFilters,
  readText,
} from './url-state.ts';

const at = (href: string) => new URL(href, 'http://dashboard.test');

describe('readFilters', () => {
  it('reads every global filter from the query string', () => {
    const reading = readFilters(
      at('/?from=2025-01-01&to=2025-03-31&plan=pro&country=de&channel=agent_chat&segment=smb&tenure=31-90d')
        .searchParams,
    );
    expect(reading.problems).toEqual([]);
    expect(reading.filters).toEqual({
      from: '2025-01-01',
      to: '2025-03-31',
      plan: 'pro',
      country: 'DE',
      channel: 'agent_chat',
      segment: 'smb',
      tenure: '31-90d',
    });
  });

  it('collects a repeated reason into a list', () => {
    const { filters } = readFilters(at('/?reason=too_expensive&reason=unused').searchParams);
    expect(filters.reason).toEqual(['too_expensive', 'unused']);
  });

  it('ignores blank values without complaint', () => {
    expect(readFilters(at('/?plan=&country=%20').searchParams)).toEqual({ filters: {}, problems: [] });
  });

  it('drops an invalid value and names the parameter', () => {
    const reading = readFilters(at('/?channel=fax&plan=pro&from=2025-02-30').searchParams);
    expect(reading.filters).toEqual({ plan: 'pro' });
    expect(reading.problems).toHaveLength(2);
    expect(reading.problems[0]).toMatch(/^from: /);
    expect(reading.problems[1]).toMatch(/^channel: must be one of self_serve/);
  });

  it('ignores a date range whose start is after its end', () => {
    const reading = readFilters(at('/?from=2025-05-01&to=2025-04-01').searchParams);
    expect(reading.filters).toEqual({});
    expect(reading.problems).toEqual(['from: must not be after to (2025-04-01); the date range was ignored']);
  });

  it('ignores parameters that are not filters', () => {
    expect(readFilters(at('/reasons?by=plan&q=price').searchParams).filters).toEqual({});
  });
});

describe('countFilters', () => {
  it('counts set filters, a list of reasons as one', () => {
    expect(countFilters({ plan: 'pro', reason: ['unused', 'other'] })).toBe(2);
    expect(countFilters({})).toBe(0);
  });
});

describe('hrefWith', () => {
  it('sets, replaces and removes parameters while keeping the others', () => {
    const url = at('/reasons?by=plan&plan=pro&country=DE');
    expect(hrefWith(url, { plan: 'team', country: undefined })).toBe('/reasons?by=plan&plan=team');
  });

  it('repeats a parameter given a list', () => {
    expect(hrefWith(at('/verbatims'), { reason: ['unused', 'other'] })).toBe(
      '/verbatims?reason=unused&reason=other',
    );
  });

  it('drops the cursor when a filter changes, because it belongs to the old result', () => {
    expect(hrefWith(at('/verbatims?q=price&cursor=abc'), { channel: 'email' })).toBe(
      '/verbatims?q=price&channel=email',
    );
  });

  it('keeps the cursor when only a page parameter changes', () => {
    expect(hrefWith(at('/verbatims?cursor=abc'), { sort: 'new' })).toBe('/verbatims?cursor=abc&sort=new');
  });

  it('gives the bare path when nothing is left', () => {
    expect(hrefWith(at('/offers?plan=pro'), { plan: null })).toBe('/offers');
  });
});

describe('hrefKeepingFilters', () => {
  it('carries the global filters to another page and leaves page parameters behind', () => {
    const url = at('/reasons?by=country&plan=pro&reason=unused&from=2025-01-01');
    expect(hrefKeepingFilters(url, '/offers')).toBe('/offers?from=2025-01-01&plan=pro&reason=unused');
  });

  it('applies a patch on top, as a drill-down link does', () => {
    const url = at('/reasons?plan=pro');
    expect(hrefKeepingFilters(url, '/verbatims', { reason: 'too_expensive' })).toBe(
      '/verbatims?plan=pro&reason=too_expensive',
    );
  });
});

describe('hrefWithoutFilters', () => {
  it('clears every filter and keeps the page parameters', () => {
    expect(hrefWithoutFilters(at('/reasons?by=plan&plan=pro&channel=email&cursor=x'))).toBe(
      '/reasons?by=plan',
    );
  });
});

describe('page parameters', () => {
  it('reads a choice, falling back for unknown values', () => {
    const params = at('/reasons?by=country&format=doc').searchParams;
    expect(readChoice(params, 'by', ['plan', 'country'] as const, 'plan')).toBe('country');
    expect(readChoice(params, 'format', ['pdf', 'csv'] as const, 'pdf')).toBe('pdf');
  });

  it('reads trimmed text, treating blank as absent', () => {
    const params = at('/verbatims?q=%20too%20pricey%20&cursor=').searchParams;
    expect(readText(params, 'q')).toBe('too pricey');
    expect(readText(params, 'cursor')).toBeUndefined();
  });
});

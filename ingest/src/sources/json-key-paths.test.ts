import { describe, expect, it } from 'vitest';
import { jsonKeyPaths } from './json-key-paths.ts';

describe('jsonKeyPaths', () => {
  it('reads the keys of a nested object as columns of their own, in first-seen order', () => {
    const sample = [
      { id: 'c1', customer: { id: 'cus_1', email: 'a@b.c' }, plan: { name: 'pro' } },
      { id: 'c2', customer: { id: 'cus_2', country: 'DE' }, plan: { name: 'team' } },
    ];
    expect(jsonKeyPaths(['id', 'customer', 'plan'], sample)).toEqual([
      ['id'],
      ['customer', 'id'],
      ['customer', 'email'],
      ['customer', 'country'],
      ['plan', 'name'],
    ]);
  });

  it('keeps a key that some records give as a plain value, and arrays, nulls and unsampled keys as they are', () => {
    const sample = [
      { customer: 'cus_1', items: [{ price: 5 }], note: null },
      { customer: { id: 'cus_2' }, items: [] },
    ];
    expect(jsonKeyPaths(['customer', 'items', 'note', 'late'], sample)).toEqual([
      ['customer'],
      ['customer', 'id'],
      ['items'],
      ['note'],
      ['late'],
    ]);
  });

  it('stops three keys deep', () => {
    const sample = [{ a: { b: { c: { d: 1 } } } }];
    expect(jsonKeyPaths(['a'], sample)).toEqual([['a', 'b', 'c']]);
  });
});

import { describe, expect, it } from 'vitest';
import { readRunId } from './ingest-data.ts';

describe('readRunId', () => {
  it('reads a positive run id', () => {
    expect(readRunId(new URLSearchParams('run=42'))).toBe(42);
  });

  it('ignores anything that is not a run id', () => {
    for (const value of ['0', '-3', '1.5', 'abc', ''])
      expect(readRunId(new URLSearchParams({ run: value }))).toBeNull();
    expect(readRunId(new URLSearchParams())).toBeNull();
  });
});

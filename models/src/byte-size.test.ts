import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from './byte-size.ts';

describe('parseByteSize', () => {
  it('reads decimal and binary unit names alike, as powers of 1024', () => {
    expect(parseByteSize('512MB')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('2gb')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('100B')).toBe(100);
  });

  it('refuses what is not a size', () => {
    for (const text of ['', 'lots', '512', '-1MB', '0MB', '1 PB', '1e3MB'])
      expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('formatByteSize', () => {
  it('shows the largest unit the size makes at least one of', () => {
    expect(formatByteSize(900)).toBe('900 bytes');
    expect(formatByteSize(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatByteSize(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatByteSize(8 * 1024 ** 3)).toBe('8 GiB');
    expect(formatByteSize(917_000_000)).toBe('874.5 MiB');
  });
});

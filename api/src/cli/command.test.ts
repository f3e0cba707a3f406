import { describe, expect, it } from 'vitest';
import { seedOption, UsageError } from './command.ts';

describe('seedOption', () => {
  it('reads seed 0 as a seed, as the generator takes it', () => {
    expect(seedOption('0', 1)).toBe(0);
  });

  it('gives the command its own default when --seed is absent', () => {
    expect(seedOption(undefined, 1)).toBe(1);
    expect(seedOption(undefined, 42)).toBe(42);
  });

  it.each(['-1', '1.5', '7x', '', '1e3'])('refuses --seed %j, naming the option', (value) => {
    expect(() => seedOption(value, 1)).toThrow(UsageError);
    expect(() => seedOption(value, 1)).toThrow(`--seed must be a non-negative integer, got "${value}"`);
  });
});

import { describe, expect, it } from 'vitest';
import { COMMANDS } from './index.ts';

describe('churnlens commands', () => {
  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    '%s has --help that starts with its usage and lists its options',
    async (name, entry) => {
      const command = await entry.load();
      expect(command.name).toBe(name);
      expect(command.help).toMatch(new RegExp(`^Usage: churnlens ${name}\\b`));
      expect(command.help).toMatch(/\n\s+--[a-z-]+/);
    },
  );
});

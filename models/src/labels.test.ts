import { describe, expect, it } from 'vitest';
import { channelLabel, offerLabel } from './labels.ts';

describe('channelLabel', () => {
  it.each([
    { code: 'self_serve', label: 'Self-serve' },
    { code: 'agent_phone', label: 'Agent (phone)' },
    { code: 'agent_chat', label: 'Agent (chat)' },
    { code: 'carrier_pigeon', label: 'carrier_pigeon' },
  ])('calls $code “$label”', ({ code, label }) => {
    expect(channelLabel(code)).toBe(label);
  });
});

describe('offerLabel', () => {
  it.each([
    { code: 'free_period', label: 'Free period' },
    { code: 'support_contact', label: 'Support contact' },
    { code: 'loyalty_points', label: 'loyalty_points' },
  ])('calls $code “$label”', ({ code, label }) => {
    expect(offerLabel(code)).toBe(label);
  });
});

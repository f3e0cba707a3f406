import { describe, expect, it } from 'vitest';
import { fixedOffsetMinutes } from './time-zones.ts';

describe('fixedOffsetMinutes', () => {
  it('reads Z and the offsets exports write, in minutes east of UTC', () => {
    expect(fixedOffsetMinutes('Z')).toBe(0);
    expect(fixedOffsetMinutes('+01:00')).toBe(60);
    expect(fixedOffsetMinutes('-0530')).toBe(-330);
    expect(fixedOffsetMinutes('+09')).toBe(540);
  });

  it('leaves a zone with a name to ICU, since its offset changes over the year', () => {
    expect(fixedOffsetMinutes('America/Denver')).toBeUndefined();
    expect(fixedOffsetMinutes('UTC')).toBeUndefined();
  });
});

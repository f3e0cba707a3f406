import { describe, expect, it } from 'vitest';
import { contrastRatio, heatColors } from './heat-scale.ts';

describe('heatColors', () => {
  it('runs from pale at 0 to deep blue at 1', () => {
    expect(heatColors(0).background).toBe('#e8f1fb');
    expect(heatColors(1).background).toBe('#0b3d7a');
  });

  it('clamps values outside [0, 1]', () => {
    expect(heatColors(-0.2)).toEqual(heatColors(0));
    expect(heatColors(1.5)).toEqual(heatColors(1));
  });

  it('keeps the cell text at AA contrast for every value', () => {
    for (let step = 0; step <= 100; step += 1) {
      const { background, text } = heatColors(step / 100);
      expect(contrastRatio(background, text), `at ${step}%`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b5cad', '#0b5cad')).toBe(1);
  });
});

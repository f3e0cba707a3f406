import { describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text.ts';

describe('text for the PDF’s Helvetica', () => {
  it('keeps Latin-1 and the Windows-1252 punctuation the report uses', () => {
    expect(pdfText('Café “déjà vu” – 95% CI 35.4%–48.9% — €12 • ok')).toBe(
      'Café “déjà vu” – 95% CI 35.4%–48.9% — €12 • ok',
    );
  });

  it('spells out the minus sign and arrows it has no glyph for', () => {
    expect(pdfText('−4.5 pts, 5 → 15')).toBe('-4.5 pts, 5 -> 15');
  });

  it('shows characters it cannot draw as a question mark instead of dropping them', () => {
    expect(pdfText('価格 😡 price')).toBe('?? ? price');
  });
});

import { describe, expect, it } from 'vitest';
import { highlightEvidence } from './highlight-evidence.ts';

const marked = (text: string, evidence: string[]) =>
  highlightEvidence(text, evidence)
    .map((segment) => (segment.evidence ? `[${segment.text}]` : segment.text))
    .join('');

describe('highlightEvidence', () => {
  it('marks each evidence phrase where it occurs', () => {
    expect(marked('Too expensive for what we use', ['expensive', 'what we use'])).toBe(
      'Too [expensive] for [what we use]',
    );
  });

  it('matches regardless of case and keeps the original spelling', () => {
    expect(marked('PRICE went up again', ['price'])).toBe('[PRICE] went up again');
  });

  it('marks every occurrence of a phrase', () => {
    expect(marked('slow, so slow', ['slow'])).toBe('[slow], so [slow]');
  });

  it('merges overlapping phrases into one mark', () => {
    expect(marked('no offline mode at all', ['no offline', 'offline mode'])).toBe('[no offline mode] at all');
  });

  it('leaves the text whole when no phrase occurs or there is no evidence', () => {
    expect(highlightEvidence('fine', ['missing'])).toEqual([{ text: 'fine', evidence: false }]);
    expect(highlightEvidence('fine', [])).toEqual([{ text: 'fine', evidence: false }]);
  });

  it('ignores blank phrases', () => {
    expect(marked('abc', ['  '])).toBe('abc');
  });
});

import { describe, expect, it } from 'vitest';
import { parseTokens } from './auth.ts';

describe('parseTokens', () => {
  it('reads comma-separated role:token entries', () => {
    expect(parseTokens('viewer:TOKEN-ONE-1, admin:TOKEN-TWO-2', 'CHURNLENS_TOKENS')).toEqual([
      { role: 'viewer', token: 'TOKEN-ONE-1' },
      { role: 'admin', token: 'TOKEN-TWO-2' },
    ]);
  });

  it('reads one entry per line from a file, skipping blanks and comments', () => {
    expect(parseTokens('# team tokens\nviewer:abcdefgh1\n\nadmin:abc:defgh2\n', 'tokens.txt')).toEqual([
      { role: 'viewer', token: 'abcdefgh1' },
      { role: 'admin', token: 'abc:defgh2' },
    ]);
  });

  it('names the source and hides the token of a bad entry', () => {
    expect(() => parseTokens('owner:secret-value', 'tokens.txt')).toThrow(
      'tokens.txt: token entry "owner:…" must look like viewer:TOKEN or admin:TOKEN',
    );
    expect(() => parseTokens('admin:short', 'CHURNLENS_TOKENS')).toThrow(
      'CHURNLENS_TOKENS: the admin token must be at least 8 characters',
    );
  });
});

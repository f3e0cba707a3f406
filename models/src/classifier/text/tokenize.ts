/**
 * Splits a verbatim into word, number, currency-symbol and emoji tokens with their offsets in the original
 * text, so evidence can quote the customer's own words (casing, typos and all).
 */

/**
 * One pass of the scanner. Alternatives, in order:
 * 1. a French/Italian elision prefix ("l'", "d'", "n'", "qu'") when a word of two or more letters follows,
 *    so "l'intégration" yields "l'" and "intégration" while "it's" and "don't" stay whole;
 * 2. a word: letters, marks and digits, with inner apostrophes ("don't", "isn't");
 * 3. a currency symbol ("$", "€"), which signals price talk;
 * 4. an emoji.
 */
const TOKEN_PATTERN =
  /(?:qu|[\p{L}]{1,2})['’](?=[\p{L}]{2})|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|\p{Sc}|\p{Extended_Pictographic}/gu;

/** Punctuation that closes a clause: it ends a negation scope and separates reasons in multi-reason text. */
const CLAUSE_BREAK = /[.;:!?,()\n•]/;

export interface TokenSink {
  /** Called once per token, in text order. `clauseBreakBefore` is true when punctuation precedes it. */
  token(raw: string, start: number, end: number, clauseBreakBefore: boolean): void;
}

/** Streams tokens into `sink`, stopping after `maxTokens`; returns the number of tokens emitted. */
export function scanTokens(text: string, sink: TokenSink, maxTokens: number): number {
  TOKEN_PATTERN.lastIndex = 0;
  let count = 0;
  let previousEnd = 0;
  for (let match = TOKEN_PATTERN.exec(text); match !== null; match = TOKEN_PATTERN.exec(text)) {
    const start = match.index;
    const breakBefore = count > 0 && start > previousEnd && CLAUSE_BREAK.test(text.slice(previousEnd, start));
    previousEnd = start + match[0].length;
    sink.token(match[0], start, previousEnd, breakBefore);
    count += 1;
    if (count >= maxTokens) break;
  }
  return count;
}

/** Convenience for tests and training: the tokens of `text` as strings. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  scanTokens(text, { token: (raw) => tokens.push(raw) }, Number.MAX_SAFE_INTEGER);
  return tokens;
}

/** Lower-cases and strips diacritics ("Não" → "nao"), so typed-without-accents text shares features. */
export function foldAccents(lowerCased: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path
  if (/^[\u0000-\u007f]*$/.test(lowerCased)) return lowerCased;
  return lowerCased.normalize('NFD').replace(/\p{M}+/gu, '').replace(/ß/g, 'ss').replace(/œ/g, 'oe');
}

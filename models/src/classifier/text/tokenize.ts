/**
 * Splits a verbatim into word, number, currency-symbol and emoji tokens with their offsets in the original
 * text, so evidence can quote the customer's own words (casing, typos and all).
 */

/**
 * Token rules, tried in order at each position:
 * 1. a French/Italian elision prefix ("l'", "d'", "n'", "qu'"): one or two letters and an apostrophe
 *    followed by two or more letters, so "l'intégration" yields "l'" and "intégration" while "it's" and
 *    "don't" stay whole;
 * 2. a word: letters, marks and digits, with inner apostrophes ("don't", "isn't");
 * 3. a currency symbol ("$", "€"), which signals price talk;
 * 4. an emoji.
 * Everything else separates tokens. The scanner classifies characters through a lazily filled table
 * instead of a Unicode regex: tokenizing is a large share of classification time.
 */
const OTHER = 1;
const LETTER = 2;
const MARK = 3;
const DIGIT = 4;
const CURRENCY = 5;
const PICTOGRAPH = 6;
const APOSTROPHE = 7;

function classifyCodePoint(codePoint: number): number {
  const character = String.fromCodePoint(codePoint);
  if (character === "'" || character === '’') return APOSTROPHE;
  if (/\p{L}/u.test(character)) return LETTER;
  if (/\p{M}/u.test(character)) return MARK;
  if (/\p{N}/u.test(character)) return DIGIT;
  if (/\p{Sc}/u.test(character)) return CURRENCY;
  if (/\p{Extended_Pictographic}/u.test(character)) return PICTOGRAPH;
  return OTHER;
}

/** Character class per BMP code unit, 0 until first seen. */
const basicClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const codePoint = text.codePointAt(index) as number;
    let type = astralClasses.get(codePoint);
    if (type === undefined) {
      type = classifyCodePoint(codePoint);
      astralClasses.set(codePoint, type);
    }
    return type;
  }
  let type = basicClasses[unit] as number;
  if (type === 0) {
    type = classifyCodePoint(unit);
    basicClasses[unit] = type;
  }
  return type;
}

/** UTF-16 length of the character at `index`. */
function widthAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  return unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length ? 2 : 1;
}

const isWordCharacter = (type: number) => type === LETTER || type === MARK || type === DIGIT;
const isLetterOrMark = (type: number) => type === LETTER || type === MARK;

/** Runs of one kind of character (separate loops rather than a callback: this is the hottest loop). */
function letterRunEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && classAt(text, end) === LETTER) end += widthAt(text, end);
  return end;
}

function letterOrMarkRunEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && isLetterOrMark(classAt(text, end))) end += widthAt(text, end);
  return end;
}

function wordCharacterRunEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && isWordCharacter(classAt(text, end))) end += widthAt(text, end);
  return end;
}

/** End of the elision prefix starting at `index`, or -1 when there is none. */
function elisionEnd(text: string, index: number): number {
  const lettersEnd = letterRunEnd(text, index);
  const letters = lettersEnd - index;
  if (letters < 1 || letters > 2 || lettersEnd >= text.length || classAt(text, lettersEnd) !== APOSTROPHE)
    return -1;
  const following = lettersEnd + 1;
  if (following >= text.length || classAt(text, following) !== LETTER) return -1;
  const second = following + widthAt(text, following);
  return second < text.length && classAt(text, second) === LETTER ? following : -1;
}

/** End of the word starting at `index` (a word character): word characters, then inner apostrophes. */
function wordEnd(text: string, index: number): number {
  let end = wordCharacterRunEnd(text, index);
  while (
    end + 1 < text.length &&
    classAt(text, end) === APOSTROPHE &&
    isLetterOrMark(classAt(text, end + 1))
  ) {
    end = letterOrMarkRunEnd(text, end + 1);
  }
  return end;
}

/** Punctuation that closes a clause: it ends a negation scope and separates reasons in multi-reason text. */
const CLAUSE_BREAKS = new Set([...'.;:!?,()\n•'].map((character) => character.charCodeAt(0)));

function hasClauseBreak(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (CLAUSE_BREAKS.has(text.charCodeAt(index))) return true;
  return false;
}

export interface TokenSink {
  /**
   * Called once per token, in text order: the token is text[start, end) (left unsliced, so memoized
   * tokens cost no allocation). `clauseBreakBefore` is true when punctuation precedes it.
   */
  token(text: string, start: number, end: number, clauseBreakBefore: boolean): void;
}

/**
 * Streams the tokens of `text` from `from` on into `sink`, stopping after `maxTokens`; returns the number
 * of tokens emitted.
 */
export function scanTokens(text: string, sink: TokenSink, maxTokens: number, from = 0): number {
  let count = 0;
  let previousEnd = from;
  let index = from;
  while (index < text.length && count < maxTokens) {
    const type = classAt(text, index);
    let end = -1;
    if (type === LETTER) end = elisionEnd(text, index);
    if (end < 0 && isWordCharacter(type)) end = wordEnd(text, index);
    if (end < 0 && (type === CURRENCY || type === PICTOGRAPH)) end = index + widthAt(text, index);
    if (end < 0) {
      index += widthAt(text, index);
      continue;
    }
    sink.token(text, index, end, count > 0 && hasClauseBreak(text, previousEnd, index));
    count += 1;
    previousEnd = end;
    index = end;
  }
  return count;
}

/** Convenience for tests and training: the tokens of `text` as strings. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  scanTokens(
    text,
    { token: (source, start, end) => tokens.push(source.slice(start, end)) },
    Number.MAX_SAFE_INTEGER,
  );
  return tokens;
}

/** Lower-cases and strips diacritics ("Não" → "nao"), so typed-without-accents text shares features. */
export function foldAccents(lowerCased: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path
  if (/^[\u0000-\u007f]*$/.test(lowerCased)) return lowerCased;
  return lowerCased
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe');
}

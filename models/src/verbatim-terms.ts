/**
 * The words of a verbatim as search and theme detection see them. Pure functions: ingest stores their
 * output per verbatim (models/src/database/verbatim-index.ts), the API tokenizes search queries with the
 * same rules, so a query word and a text word compare equal exactly when a person would expect it.
 */
import { withoutSalutation } from './letter-salutation.ts';
import { THEME_STOPWORDS } from './metrics/theme-stopwords.ts';

/** Lower-case, accent-free words of letters and digits ("Café crashed!" → ["cafe", "crashed"]). */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** ' word word word': every word follows a space, so `LIKE '% ' || prefix || '%'` finds word starts. */
export function searchText(text: string): string {
  return ` ${searchWords(text).join(' ')}`;
}

const STOPWORDS = new Set(THEME_STOPWORDS);

/** Theme tokens: lower case, apostrophes kept inside words ("don't"), everything else separates. */
function themeWords(text: string): string[] {
  return text
    .replaceAll('’', "'")
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '');
}

/**
 * A phrase someone asks for ("AI  Assistant", "Billing’s broken"), written as themePhrases writes the phrases
 * it finds ("ai assistant", "billing's broken"), so that it can be looked up among them.
 */
export function asThemePhrase(text: string): string {
  return themeWords(text).join(' ');
}

/**
 * The distinct 1–3-word phrases of a text that neither start nor end with a stopword or a one-character
 * word: the units emerging themes are counted in. A stopword may sit inside ("lack of support"). A letter's
 * salutation is left out ("Dear Support,"): whom it addresses is no theme.
 */
export function themePhrases(text: string): string[] {
  const words = themeWords(withoutSalutation(text));
  const stop = words.map((word) => [...word].length < 2 || STOPWORDS.has(word));
  const phrases = new Set<string>();
  for (let index = 0; index < words.length; index++) {
    if (stop[index]) continue;
    phrases.add(words[index] as string);
    if (index + 1 < words.length && !stop[index + 1]) phrases.add(`${words[index]} ${words[index + 1]}`);
    if (index + 2 < words.length && !stop[index + 2])
      phrases.add(`${words[index]} ${words[index + 1]} ${words[index + 2]}`);
  }
  return [...phrases];
}

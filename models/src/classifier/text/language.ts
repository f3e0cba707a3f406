/**
 * Language identification for short verbatims (en/es/fr/de/pt): every token votes from stopword membership,
 * diacritics and telltale suffixes. Votes are per token so the classifier can memoize them; a text's language
 * is the arg-max of its summed votes, English when nothing votes (most one-word answers are English).
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_COUNT = LANGUAGES.length;
/** BCP-47 "undetermined": text without a single word (only punctuation or emoji). */
export const UNDETERMINED_LANGUAGE = 'und';

/** English's index in LANGUAGES, the default where nothing votes. */
const EN = 0;

const STOPWORDS: Record<Language, string> = {
  en: `the a an and or but is are was were be been being it its it's this that these those to of in on for with
    my our we i i'm i've you your they them their not no don't doesn't didn't can't cannot won't isn't wasn't
    too very just so have has had do does did would could should will there what which me us any more much all
    about from at by as if than then now anymore only also really because since get got am into out up some`,
  es: `el la los las un una unos unas y o pero es son era fue de del en con por para que no muy mi mis nuestro
    nuestra nos me se lo le les ya más mas su sus este esta eso esto como cuando porque tengo tiene hay estoy
    está sin demasiado nada otro otra yo al ni también tampoco algo mucho poco`,
  fr: `le la les un une des et ou mais est sont était de du en dans avec par pour que qui ne pas plus très trop
    mon ma mes notre nos nous je j' il elle on ce cette c'est ça sur au aux comme quand parce sans rien autre
    vous l' d' n' qu' c' avons ai suis leur aussi peu beaucoup`,
  de: `der die das den dem des ein eine einen einem und oder aber ist sind war nicht kein keine keinen mit für
    von zu zum zur auf im ich wir es mein meine unser unsere uns sehr mehr nur auch wie wenn weil ohne nichts
    andere anderen habe haben hat bin sich man dass gibt mir zu viel wird wurde noch schon immer`,
  pt: `o os a as um uma e ou mas é são era foi de do da dos das em no na nos nas com por para pra que não nao
    muito meu minha nosso nossa se já mais seu sua este esta isso isto como quando porque tenho tem há estou
    está sem demais nada outro outra eu você voce ao também pouco`,
};

/** Each language's function words, which carry no topic: also the theme stopwords' other languages. */
const wordsOf = (language: Language) => STOPWORDS[language].split(/\s+/).filter((word) => word !== '');
export const FUNCTION_WORDS: Readonly<Record<Language, readonly string[]>> = {
  en: wordsOf('en'),
  es: wordsOf('es'),
  fr: wordsOf('fr'),
  de: wordsOf('de'),
  pt: wordsOf('pt'),
};

/** Votes for a stopword, split between the languages that share it. */
const stopwordVotes = new Map<string, Float32Array>();
for (const [index, language] of LANGUAGES.entries()) {
  for (const word of FUNCTION_WORDS[language]) {
    const votes = stopwordVotes.get(word) ?? new Float32Array(LANGUAGE_COUNT);
    votes[index] = 1;
    stopwordVotes.set(word, votes);
  }
}
for (const votes of stopwordVotes.values()) {
  const total = votes.reduce((sum, vote) => sum + vote, 0);
  for (let index = 0; index < votes.length; index++) votes[index] = (votes[index] ?? 0) / total;
}

/** [characters, votes en/es/fr/de/pt]. */
const CHARACTER_VOTES: [string, number[]][] = [
  ['ñ', [0, 2, 0, 0, 0]],
  ['ãõ', [0, 0, 0, 0, 2]],
  ['ç', [0, 0, 1, 0, 1]],
  ['êâô', [0, 0, 0.6, 0, 0.6]],
  ['é', [0, 0.6, 0.8, 0, 0.5]],
  ['èùœîïûëÿ', [0, 0, 1.2, 0, 0]],
  ['à', [0, 0, 0.8, 0, 0.4]],
  ['áíóú', [0, 1, 0, 0, 1]],
  ['äöüß', [0, 0, 0, 2, 0]],
];

/** [suffix, votes en/es/fr/de/pt]. */
const SUFFIX_VOTES: [string, number[]][] = [
  ['ção', [0, 0, 0, 0, 2]],
  ['ções', [0, 0, 0, 0, 2]],
  ['ción', [0, 2, 0, 0, 0]],
  ['ciones', [0, 2, 0, 0, 0]],
  ['ing', [1, 0, 0, 0, 0]],
  ['ly', [0.6, 0, 0, 0, 0]],
  ['ed', [0.4, 0, 0, 0, 0]],
  ['ung', [0, 0, 0, 1, 0]],
  ['keit', [0, 0, 0, 1, 0]],
  ['heit', [0, 0, 0, 1, 0]],
  ['lich', [0, 0, 0, 1, 0]],
  ['eux', [0, 0, 1, 0, 0]],
  ['mente', [0, 0.5, 0, 0, 0.5]],
  ['ment', [0.3, 0, 0.5, 0, 0]],
  ['tion', [0.5, 0, 0.5, 0, 0]],
];

/** The language votes of one lower-cased token, or null when it casts none (callers memoize per token). */
export function tokenLanguageVotes(token: string): Float32Array | null {
  const votes = new Float32Array(LANGUAGE_COUNT);
  let any = false;
  const stopword = stopwordVotes.get(token);
  if (stopword) {
    for (let index = 0; index < LANGUAGE_COUNT; index++)
      votes[index] = (votes[index] ?? 0) + (stopword[index] ?? 0);
    any = true;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range
  const ascii = /^[\u0000-\u007f]*$/.test(token);
  // Any diacritic makes English unlikely ("cambié", "não"), whatever language it points to.
  if (!ascii && /\p{L}/u.test(token)) {
    votes[EN] = (votes[EN] ?? 0) - 0.5;
    any = true;
  }
  for (const [characters, weights] of ascii ? [] : CHARACTER_VOTES) {
    for (const character of characters) {
      if (!token.includes(character)) continue;
      for (let index = 0; index < LANGUAGE_COUNT; index++)
        votes[index] = (votes[index] ?? 0) + (weights[index] ?? 0);
      any = true;
    }
  }
  if (token.length > 4) {
    for (const [suffix, weights] of SUFFIX_VOTES) {
      if (!token.endsWith(suffix)) continue;
      for (let index = 0; index < LANGUAGE_COUNT; index++)
        votes[index] = (votes[index] ?? 0) + (weights[index] ?? 0);
      any = true;
    }
  }
  return any ? votes : null;
}

/** Whether the token is a function word in the given language (it carries no reason on its own). */
export function isStopword(token: string, language: number): boolean {
  return (stopwordVotes.get(token)?.[language] ?? 0) > 0;
}

/** Arg-max of summed votes; ties and silence go to English, the first language. */
export function pickLanguage(totals: Float64Array): number {
  let best = EN;
  for (let index = 1; index < LANGUAGE_COUNT; index++) {
    if ((totals[index] ?? 0) > (totals[best] ?? 0)) best = index;
  }
  return best;
}

/** Detects the language of a whole text; for tests and one-off use (the classifier memoizes per token). */
export function detectLanguage(tokens: readonly string[]): Language {
  const totals = new Float64Array(LANGUAGE_COUNT);
  for (const token of tokens) {
    const votes = tokenLanguageVotes(token.toLowerCase().replace(/’/g, "'"));
    if (!votes) continue;
    for (let index = 0; index < LANGUAGE_COUNT; index++)
      totals[index] = (totals[index] ?? 0) + (votes[index] ?? 0);
  }
  return LANGUAGES[pickLanguage(totals)] ?? 'en';
}

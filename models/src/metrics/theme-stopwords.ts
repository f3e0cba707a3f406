/**
 * Words that never start or end a theme phrase: function words and filler that carry no topic on their own.
 * A phrase may still contain them inside ("lack of support"), which keeps phrases readable. Tokens are
 * compared after normalization (lower case, split on anything that is not a letter, digit or apostrophe).
 */
import { FUNCTION_WORDS } from '../classifier/text/language.ts';

const ARTICLES_AND_PRONOUNS = `a an the i i'm i've i'd i'll me my mine myself we we're we've us our ours you you're
  your yours he him his she her hers it it's its they they're them their theirs this that that's these those there
  there's here what which who whom whose each every some any all both few many much more most other another such
  same own`;
const AUXILIARIES_AND_COMMON_VERBS = `am is are was were be been being have has had having do does did doing done can
  could will would shall should may might must get got getting make made go going went`;
const PREPOSITIONS_AND_CONJUNCTIONS = `about above after again against along among and as at because before below
  between but by during for from if in into of off on onto or out over per since so than then through to under
  until up upon via when where whether while with within without why how`;
const FILLER = `just really very also too still even now anymore already yet ok okay yes no thanks thank please etc
  lot lots bit thing things like well tbh not don't doesn't didn't can't won't isn't wasn't aren't came come
  comes coming everything anything something want wants wanted keeps takes send sends`;
/**
 * Greetings, sign-offs and courtesies of emailed cancellations ("this is to let you know", "it was a
 * pleasure"), and whom they address: frequent, and never a reason.
 */
const LETTER_PHRASES = `hi hello hey dear regards cheers best bye thx sincerely kind team let know pleasure
  morning afternoon evening concern sir madam`;
/**
 * Words every cancellation uses, whatever its reason ("please close my account", "stop my plan asap at the end
 * of the month", "the reason is").
 */
const CANCELLATION_WORDS = `cancel cancelling canceling cancelled canceled cancellation subscription account plan
  close stop end asap immediately reason reasons`;
/** Answers that decline to give a reason ("nothing", "none", "no comment", "idk"): not a reason of their own. */
const NON_ANSWERS = `nothing none nope idk dunno comment comments`;

/** Function words of another language that are English words with a topic: "AI assistant", "war", "EU". */
const ENGLISH_TOPICS = new Set([
  'ai',
  'son',
  'era',
  'con',
  'sin',
  'die',
  'war',
  'hat',
  'man',
  'bin',
  'eu',
  'tem',
]);

export const THEME_STOPWORDS: readonly string[] = [
  ...[
    ARTICLES_AND_PRONOUNS,
    AUXILIARIES_AND_COMMON_VERBS,
    PREPOSITIONS_AND_CONJUNCTIONS,
    FILLER,
    LETTER_PHRASES,
    CANCELLATION_WORDS,
    NON_ANSWERS,
  ]
    .join(' ')
    .split(/\s+/)
    .filter((word) => word !== ''),
  // Verbatims come in Spanish, French, German and Portuguese too: "la" and "plus" were emerging themes.
  ...Object.values(FUNCTION_WORDS)
    .flat()
    .filter((word) => !ENGLISH_TOPICS.has(word)),
];

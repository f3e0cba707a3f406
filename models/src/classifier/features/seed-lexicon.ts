/**
 * A taxonomy's seed phrases as features: every word or two-word phrase seeded for a reason fires a shared
 * "seed of reason r" feature. Its weight is learned from every seed that occurs in training, so a seed the
 * corpus rarely or never shows ("teuer", "demasiado caro") still counts as price talk. Seeds match by stem
 * in every supported language, so inflections match too.
 */
import { LANGUAGE_COUNT } from '../text/language.ts';
import { stemWord } from '../text/stemming.ts';
import { foldAccents, tokenize } from '../text/tokenize.ts';
import { combineHashes, hashText, Namespace } from './hashing.ts';

/** Reason sets are bit masks. */
export const MAX_SEEDED_REASONS = 31;

export function stemKey(lowerCased: string, language: number): string {
  return /^\p{N}+$/u.test(lowerCased) ? '#' : foldAccents(stemWord(lowerCased, language));
}

export class SeedLexicon {
  private readonly words = new Map<string, number>();
  private readonly bigrams = new Map<number, number>();
  /** Stem keys that begin a seeded bigram: only after one of these is a bigram looked up. */
  private readonly bigramStarts = new Set<string>();

  /** `phrasesByReason[r]` are reason r's seed phrases; phrases of three or more words are ignored. */
  constructor(phrasesByReason: readonly (readonly string[])[]) {
    if (phrasesByReason.length > MAX_SEEDED_REASONS) {
      throw new Error(`seed phrases support at most ${MAX_SEEDED_REASONS} reasons`);
    }
    phrasesByReason.forEach((phrases, reason) => {
      const bit = 1 << reason;
      for (const phrase of phrases) {
        const tokens = tokenize(phrase).map((token) => token.toLowerCase().replace(/’/g, "'"));
        for (let language = 0; language < LANGUAGE_COUNT; language++) {
          if (tokens.length === 1) {
            const token = tokens[0] as string;
            this.add(this.words, stemKey(token, language), bit);
            this.add(this.words, foldAccents(token), bit);
          } else if (tokens.length === 2) {
            this.bigramStarts.add(stemKey(tokens[0] as string, language));
            const [first, second] = tokens.map((token) => hashText(stemKey(token, language), Namespace.word));
            this.add(this.bigrams, combineHashes(first as number, second as number, Namespace.bigram), bit);
          }
        }
      }
    });
  }

  private add<K>(map: Map<K, number>, key: K, bit: number): void {
    map.set(key, (map.get(key) ?? 0) | bit);
  }

  get isEmpty(): boolean {
    return this.words.size === 0 && this.bigrams.size === 0;
  }

  /** Reasons seeding this word, given its folded surface form and its stem key in the text's language. */
  wordReasons(folded: string, stem: string): number {
    return (this.words.get(stem) ?? 0) | (this.words.get(folded) ?? 0);
  }

  startsBigram(stem: string): boolean {
    return this.bigramStarts.has(stem);
  }

  /** Reasons seeding the bigram whose plain word bigram hash is given. */
  bigramReasons(bigramHash: number): number {
    return this.bigrams.get(bigramHash) ?? 0;
  }
}

export const EMPTY_SEED_LEXICON = new SeedLexicon([]);

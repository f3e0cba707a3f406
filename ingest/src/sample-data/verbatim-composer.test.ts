import { normalizeVerbatim, REASON_CODES, type ReasonCode } from '@churnlens/models';
import { describe, expect, it } from 'vitest';
import { compileTemplate, slotNames } from './phrase-template.ts';
import { SeededRandom } from './random.ts';
import {
  composeVerbatim,
  composeWinBackComment,
  EMERGING_THEME_PATTERN,
  ENGLISH_SLOT_NAMES,
  type Language,
  type VerbatimRequest,
  type Voice,
} from './verbatim-composer.ts';
import * as en from './verbatim-phrases-en.ts';
import { FOREIGN_PHRASES } from './verbatim-phrases-es-fr-de.ts';

const request = (overrides: Partial<VerbatimRequest> = {}): VerbatimRequest => ({
  reason: 'too_expensive',
  language: 'en',
  voice: 'customer',
  emergingTheme: false,
  plan: 'pro',
  mrr: 49,
  currency: 'USD',
  ...overrides,
});

const VOICES: Voice[] = ['customer', 'email', 'agent_note'];
const LANGUAGES: Language[] = ['en', 'es', 'fr', 'de'];

function compose(count: number, seed: number, make: (random: SeededRandom) => VerbatimRequest): string[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => composeVerbatim(random, make(random)));
}

function allPhraseSources(): string[] {
  const lists = (Object.values(en) as unknown[]).filter((value): value is string[] => Array.isArray(value));
  const byReason = [en.TERSE, en.CLAUSES, en.DETAILS, en.AGENT_NOTES, en.WIN_BACK].flatMap((bank) =>
    Object.values(bank).flat(),
  );
  const foreign = Object.values(FOREIGN_PHRASES).flatMap((bank) => [
    ...Object.values(bank.clauses).flat(),
    ...bank.openers,
    ...bank.closers,
    ...bank.features,
    ...bank.periods,
    ...bank.themeClauses,
  ]);
  return [...lists.flat(), ...byReason, ...foreign];
}

describe('phrase banks', () => {
  it('use only slots the composer can fill', () => {
    const unknown = allPhraseSources().flatMap((source) =>
      slotNames(compileTemplate(source)).filter((slot) => !ENGLISH_SLOT_NAMES.includes(slot)),
    );
    expect(unknown).toEqual([]);
  });

  it('never mention the emerging theme outside the theme phrases', () => {
    const themeFree = allPhraseSources().filter(
      (source) => !(en.THEME_CLAUSES as readonly string[]).includes(source),
    );
    const themed = new Set<string>([
      ...en.THEME_TERSE,
      ...en.THEME_CLAUSES,
      ...en.THEME_AGENT_NOTES,
      ...en.THEME_WIN_BACK,
      ...Object.values(FOREIGN_PHRASES).flatMap((bank) => bank.themeClauses),
    ]);
    expect(themeFree.filter((source) => !themed.has(source) && EMERGING_THEME_PATTERN.test(source))).toEqual(
      [],
    );
  });
});

describe('composeVerbatim', () => {
  it('is deterministic for a given random state', () => {
    const make = (random: SeededRandom) => request({ reason: random.pick(REASON_CODES) });
    expect(compose(500, 9, make)).toEqual(compose(500, 9, make));
  });

  it('never writes about the emerging theme unless asked to, in any voice or language', () => {
    const texts = compose(30_000, 1, (random) =>
      request({
        reason: random.pick(REASON_CODES),
        voice: random.pick(VOICES),
        language: random.pick(LANGUAGES),
        currency: random.pick(['USD', 'EUR', 'JPY']),
      }),
    );
    expect(texts.filter((text) => EMERGING_THEME_PATTERN.test(text))).toEqual([]);
  });

  it('always writes about the emerging theme when asked to, typos and all', () => {
    const texts = compose(5_000, 2, (random) =>
      request({
        reason: random.pick<ReasonCode>(['low_quality', 'too_complex', 'other']),
        voice: random.pick(VOICES),
        language: random.pick(LANGUAGES),
        emergingTheme: true,
      }),
    );
    expect(texts.filter((text) => !EMERGING_THEME_PATTERN.test(text))).toEqual([]);
  });

  it('writes one reason in many different ways, with a repeated head of short answers', () => {
    const texts = compose(5_000, 3, () => request()).map(normalizeVerbatim);
    const counts = new Map<string, number>();
    for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(2_000);
    expect(counts.get('too expensive')).toBeGreaterThan(100);
    expect(texts.some((text) => text.split(/[.!?]\s/).length >= 3)).toBe(true);
  });

  it('puts an email address or phone number into a few texts', () => {
    const texts = compose(10_000, 4, (random) => request({ voice: random.pick(VOICES) }));
    const withPii = texts.filter((text) => /@[a-z-]+\.[a-z.]+|\+\d{1,2} |\d{3}-555-\d{4}/.test(text)).length;
    expect(withPii / texts.length).toBeGreaterThan(0.01);
    expect(withPii / texts.length).toBeLessThan(0.08);
  });

  it('writes in the requested language', () => {
    const [spanish] = compose(1, 5, () => request({ language: 'es', reason: 'unused', voice: 'customer' }));
    const germanTexts = compose(50, 6, () => request({ language: 'de', reason: 'too_complex' }));
    expect(spanish).toMatch(/lo uso|proyecto|contrato|tiempo|necesito/i);
    const german = germanTexts.filter((text) =>
      /kompli|komplex|intuitiv|einrichtung|setup|team|mitarbeiter/i.test(text),
    );
    expect(german.length).toBeGreaterThan(45);
  });

  it('writes agent notes in the third person', () => {
    const notes = compose(200, 7, () => request({ voice: 'agent_note', reason: 'switched_service' }));
    expect(notes.every((note) => !/\b(I|we)\b/.test(note))).toBe(true);
  });
});

describe('composeWinBackComment', () => {
  it('answers what would bring a former customer back', () => {
    const random = new SeededRandom(8);
    const comment = composeWinBackComment(random, request({ reason: 'too_expensive' }));
    expect(comment).toMatch(/price|cheaper|discount|\$/i);
  });
});

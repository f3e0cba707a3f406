import { describe, expect, it } from 'vitest';
import { foldAccents, tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('keeps English contractions whole and splits French elisions', () => {
    expect(tokenize("Don't need it, it's fine")).toEqual(["Don't", 'need', 'it', "it's", 'fine']);
    expect(tokenize("L'intégration n'existe pas")).toEqual(["L'", 'intégration', "n'", 'existe', 'pas']);
  });

  it('emits currency symbols and emoji as tokens and drops other punctuation', () => {
    expect(tokenize('$$ costs 10€ 💸!!! n/a')).toEqual(['$', '$', 'costs', '10', '€', '💸', 'n', 'a']);
  });

  it('folds accents so unaccented typing matches', () => {
    expect(foldAccents('não')).toBe('nao');
    expect(foldAccents('größe')).toBe('grosse');
    expect(foldAccents('plain')).toBe('plain');
  });
});

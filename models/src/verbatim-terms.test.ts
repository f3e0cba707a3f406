import { describe, expect, it } from 'vitest';
import { asThemePhrase, searchText, searchWords, themePhrases } from './verbatim-terms.ts';

describe('searchWords', () => {
  it('drops accents and case and splits on anything but letters and digits', () => {
    expect(searchWords('Café CRASHED, 3 times!')).toEqual(['cafe', 'crashed', '3', 'times']);
  });
});

describe('searchText', () => {
  it('puts a space before every word so prefixes match word starts only', () => {
    expect(searchText('Too expensive')).toBe(' too expensive');
    expect(searchText('')).toBe(' ');
  });
});

describe('asThemePhrase', () => {
  it('writes a phrase as the phrases of a text are written', () => {
    expect(asThemePhrase(' AI  Assistant ')).toBe('ai assistant');
    expect(asThemePhrase('Billing’s  broken')).toBe("billing's broken");
    expect(themePhrases("The billing's broken")).toContain(asThemePhrase('Billing’s  broken'));
  });
});

describe('themePhrases', () => {
  it('lists words, pairs and triples that neither start nor end with a stopword', () => {
    expect(themePhrases('Switched to an AI assistant').sort()).toEqual(
      ['ai', 'ai assistant', 'assistant', 'switched'].sort(),
    );
  });

  it("cuts another language's function words off a phrase, but not the English words among them", () => {
    expect(themePhrases("c'est la plus mauvaise application")).toEqual([
      'mauvaise',
      'mauvaise application',
      'application',
    ]);
    expect(themePhrases('the EU war')).toEqual(['eu', 'eu war', 'war']);
  });

  it('keeps a stopword inside a three-word phrase', () => {
    expect(themePhrases('lack of support')).toContain('lack of support');
    expect(themePhrases('lack of support')).not.toContain('of');
  });

  it('treats curly and straight apostrophes alike and trims them from word ends', () => {
    expect(themePhrases('Billing’s broken')).toEqual(themePhrases("billing's broken"));
    expect(themePhrases("'quoted' words")).toContain('quoted words');
  });

  it('lists no phrase of a non-answer, a letter courtesy or the wording of any cancellation', () => {
    expect(themePhrases('Nothing. None, idk, no comment')).toEqual([]);
    expect(
      themePhrases('Good morning, this is to let you know: please stop it asap at the end of the month'),
    ).toEqual(['month']);
    expect(themePhrases('No reason, personal reasons')).toEqual(['personal']);
  });

  it('lists no phrase of whom a letter addresses, only of what it says ("Dear Support,")', () => {
    expect(themePhrases('Dear Support,\nThe price went up. Thanks, Noah')).toEqual(
      themePhrases('The price went up. Thanks, Noah'),
    );
    expect(themePhrases('Hi, support never answered')).toContain('support');
  });

  it('lists each phrase once and nothing for stopwords or single letters alone', () => {
    expect(themePhrases('price price')).toEqual(['price', 'price price']);
    expect(themePhrases('the a I')).toEqual([]);
  });
});

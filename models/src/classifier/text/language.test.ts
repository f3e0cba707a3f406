import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';
import { tokenize } from './tokenize.ts';

const languageOf = (text: string) => detectLanguage(tokenize(text));

describe('language detection', () => {
  it.each([
    ['The app is too expensive for our team', 'en'],
    ['to expensiv', 'en'],
    ['price', 'en'],
    ['Es demasiado caro y no lo uso', 'es'],
    ['Me cambié a Netflix', 'es'],
    ["L'application n'existe pas en français", 'fr'],
    ['Trop cher pour ce que c’est', 'fr'],
    ['Die App ist mir zu teuer', 'de'],
    ['Keine deutsche Benutzeroberfläche', 'de'],
    ['Não tem integração com o nosso ERP', 'pt'],
    ['Muito caro, não uso mais', 'pt'],
  ])('%s → %s', (text, language) => {
    expect(languageOf(text)).toBe(language);
  });
});

import { describe, expect, it } from 'vitest';
import { salutationLength, withoutSalutation } from './letter-salutation.ts';

describe('withoutSalutation', () => {
  it('leaves out a greeting and whom it addresses, up to the first comma or line break', () => {
    expect(withoutSalutation('Dear Support,\n\nPlease cancel my subscription asap.')).toBe(
      '\n\nPlease cancel my subscription asap.',
    );
    expect(withoutSalutation("Hi support team,\n\nI can't find basic settings.")).toBe(
      "\n\nI can't find basic settings.",
    );
    expect(withoutSalutation('Dear Sir or Madam: too expensive')).toBe(' too expensive');
    expect(withoutSalutation('Good morning, the price went up')).toBe(' the price went up');
  });

  it('takes one name before the addressee, or a name alone', () => {
    expect(withoutSalutation('Dear Acme support team, no budget')).toBe(' no budget');
    expect(withoutSalutation('Hi Sarah, no budget')).toBe(' no budget');
  });

  it('reads salutations in Spanish, French, German and Portuguese', () => {
    expect(withoutSalutation('Sehr geehrte Damen und Herren, zu teuer')).toBe(' zu teuer');
    expect(withoutSalutation('Hola equipo de soporte: muy caro')).toBe(' muy caro');
    expect(withoutSalutation("Bonjour l'équipe, trop cher")).toBe(' trop cher');
    expect(withoutSalutation('Prezados, muito caro')).toBe(' muito caro');
  });

  it('keeps a word of the reason that follows the greeting', () => {
    expect(withoutSalutation('Hey support sucks, cancelling')).toBe('Hey support sucks, cancelling');
    expect(withoutSalutation('Hello the support is slow and buggy')).toBe(
      'Hello the support is slow and buggy',
    );
    expect(withoutSalutation('Hi, support never answered')).toBe(' support never answered');
  });

  it('reads "cher" and "caro" as expensive unless they address someone', () => {
    expect(withoutSalutation('Cher, pas assez de fonctions')).toBe('Cher, pas assez de fonctions');
    expect(withoutSalutation('Caro, no vale la pena')).toBe('Caro, no vale la pena');
    expect(withoutSalutation('Cher support, trop cher')).toBe(' trop cher');
    expect(withoutSalutation('Caro cliente, muito caro')).toBe(' muito caro');
  });

  it('counts the salutation with the mark that ends it, and nothing in a long first clause', () => {
    expect(salutationLength('Dear Support,\nPlease cancel')).toBe('Dear Support,'.length);
    expect(salutationLength(`Hello ${'word '.repeat(20)}`)).toBe(0);
  });

  it('leaves a text without a salutation as it is', () => {
    expect(withoutSalutation('Support never answered.')).toBe('Support never answered.');
    expect(withoutSalutation('')).toBe('');
  });
});

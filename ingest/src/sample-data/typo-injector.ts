/**
 * Realistic typing mistakes for verbatims: common misspellings, swapped, dropped and doubled letters,
 * and a neighbouring key hit instead of the right one. Only words of four or more letters are touched.
 */
import type { SeededRandom } from './random.ts';

const MISSPELLINGS: Readonly<Record<string, readonly string[]>> = {
  cancel: ['cancle', 'cancell'],
  cancelling: ['canceling', 'cancelling', 'cancleing'],
  definitely: ['definately', 'defintely'],
  expensive: ['expencive', 'expensve', 'expesive'],
  subscription: ['subscribtion', 'subsciption', 'subcription'],
  receive: ['recieve'],
  because: ['becuase', 'becasue', 'bc', 'cuz'],
  really: ['realy', 'relly'],
  business: ['buisness', 'busness'],
  support: ['suport', 'supprot'],
  features: ['feautres', 'featurs'],
  feature: ['feautre', 'featur'],
  anymore: ['any more', 'anymroe'],
  necessary: ['neccessary', 'necesary'],
  separate: ['seperate'],
  complicated: ['complicted', 'complecated'],
  account: ['acount', 'accout'],
  integration: ['intergration', 'integraton'],
  using: ['usign', 'useing'],
  there: ['thier', 'their'],
  their: ['there', 'thier'],
  please: ['pls', 'plz', 'pleas'],
  thanks: ['thx', 'thnks', 'tanks'],
  without: ['withought', 'wihtout'],
  company: ['compnay', 'comapny'],
  month: ['mnth', 'monht'],
  price: ['prise', 'pirce'],
};

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qsz',
  b: 'vgn',
  c: 'xdv',
  d: 'sfe',
  e: 'wrd',
  f: 'dgr',
  g: 'fht',
  h: 'gjy',
  i: 'uok',
  j: 'hku',
  k: 'jli',
  l: 'kop',
  m: 'nj',
  n: 'bmh',
  o: 'ipl',
  p: 'ol',
  q: 'wa',
  r: 'etf',
  s: 'adw',
  t: 'ryg',
  u: 'yij',
  v: 'cbf',
  w: 'qes',
  x: 'zsc',
  y: 'tuh',
  z: 'xa',
};

const WORD = /[A-Za-zÀ-ÿ]{4,}/g;

function mistype(random: SeededRandom, word: string): string {
  const misspellings = MISSPELLINGS[word.toLowerCase()];
  if (misspellings && random.chance(0.6)) return random.pick(misspellings);
  const position = random.intBetween(1, word.length - 2);
  const before = word.slice(0, position);
  const char = word[position] as string;
  const after = word.slice(position + 1);
  switch (random.int(4)) {
    case 0:
      return `${before}${after.slice(0, 1)}${char}${after.slice(1)}`;
    case 1:
      return `${before}${after}`;
    case 2:
      return `${before}${char}${char}${after}`;
    default: {
      const neighbours = KEYBOARD_NEIGHBOURS[char.toLowerCase()];
      return neighbours ? `${before}${random.pick([...neighbours])}${after}` : `${before}${after}`;
    }
  }
}

/**
 * Introduces `count` typos into random words. Words matching `keepIntact` are never changed, so that a
 * planted phrase stays exactly measurable.
 */
export function injectTypos(random: SeededRandom, text: string, count: number, keepIntact?: RegExp): string {
  let result = text;
  for (let typo = 0; typo < count; typo++) {
    const words = [...result.matchAll(WORD)].filter((match) => !keepIntact?.test(match[0]));
    if (words.length === 0) return result;
    const word = random.pick(words);
    const start = word.index;
    result = result.slice(0, start) + mistype(random, word[0]) + result.slice(start + word[0].length);
  }
  return result;
}

/**
 * A tiny phrase-template language for the verbatim composer: `[a|b|]` picks one alternative (possibly
 * empty, nesting allowed), `{slot}` is filled by a named slot function. Templates are compiled once at
 * module load so that rendering a million verbatims is string concatenation only.
 */
import type { SeededRandom } from './random.ts';

type Part = string | { slot: string } | { choices: Template[] };
export type Template = readonly Part[];

export type SlotFiller<C> = (random: SeededRandom, context: C) => string;
export type SlotFillers<C> = Readonly<Record<string, SlotFiller<C>>>;

function closingBracket(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index++) {
    if (source[index] === '[') depth++;
    else if (source[index] === ']' && --depth === 0) return index;
  }
  throw new SyntaxError(`unbalanced "[" at ${open} in template "${source}"`);
}

function splitAlternatives(body: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (char === '|' && depth === 0) {
      alternatives.push(body.slice(start, index));
      start = index + 1;
    }
  }
  alternatives.push(body.slice(start));
  return alternatives;
}

export function compileTemplate(source: string): Template {
  const parts: Part[] = [];
  let literal = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '[') {
      const close = closingBracket(source, index);
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ choices: splitAlternatives(source.slice(index + 1, close)).map(compileTemplate) });
      index = close + 1;
    } else if (char === '{') {
      const close = source.indexOf('}', index);
      if (close < 0) throw new SyntaxError(`unbalanced "{" at ${index} in template "${source}"`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ slot: source.slice(index + 1, close) });
      index = close + 1;
    } else {
      literal += char;
      index++;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

export function compileTemplates(sources: readonly string[]): Template[] {
  return sources.map(compileTemplate);
}

/** Names of every slot a template uses, so a phrase bank can be checked against its slot fillers. */
export function slotNames(template: Template): string[] {
  return template.flatMap((part) => {
    if (typeof part === 'string') return [];
    if ('slot' in part) return [part.slot];
    return part.choices.flatMap(slotNames);
  });
}

export function renderTemplate<C>(
  template: Template,
  random: SeededRandom,
  slots: SlotFillers<C>,
  context: C,
): string {
  let text = '';
  for (const part of template) {
    if (typeof part === 'string') text += part;
    else if ('slot' in part) {
      const fill = slots[part.slot];
      if (!fill) throw new Error(`no filler for slot {${part.slot}}`);
      text += fill(random, context);
    } else text += renderTemplate(random.pick(part.choices), random, slots, context);
  }
  return text;
}

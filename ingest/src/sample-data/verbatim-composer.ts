/**
 * Composes free-text cancellation reasons and survey comments from a real reason: terse answers, single
 * clauses, multi-sentence and multi-reason texts, agent notes and emails, in English or (for some
 * customers) Spanish, French or German, with casing quirks, typos and occasional personal data. Pure:
 * the same random state and request always give the same text.
 */
import type { ReasonCode } from '@churnlens/models';
import { NEIGHBOUR_REASONS } from './business-model.ts';
import { compileTemplates, renderTemplate, type SlotFillers, type Template } from './phrase-template.ts';
import type { SeededRandom } from './random.ts';
import { injectTypos } from './typo-injector.ts';
import * as en from './verbatim-phrases-en.ts';
import { FOREIGN_PHRASES, type ForeignLanguage } from './verbatim-phrases-es-fr-de.ts';

export type Language = 'en' | ForeignLanguage;
/** Who wrote the text: the customer in a form or chat, an agent's call notes, or the customer's email. */
export type Voice = 'customer' | 'agent_note' | 'email';

export interface VerbatimRequest {
  reason: ReasonCode;
  language: Language;
  voice: Voice;
  /** Write about the planted emerging theme (the new AI assistant) instead of only the reason. */
  emergingTheme: boolean;
  plan: string;
  mrr: number;
  currency: string;
}

/**
 * Matches every text of the planted emerging theme and nothing else the composer writes; tests and
 * docs/sample-data.md use it to measure the theme's share.
 */
export const EMERGING_THEME_PATTERN = /\b(?:ai|ki|ia)\b|assistant|asistente|assistent|copilot/i;

/** Share of customer-written texts (and emails) that carry an email address or phone number. */
export const PII_SHARE: Readonly<Record<Voice, number>> = { customer: 0.02, email: 0.08, agent_note: 0.03 };

type ByReason = Record<ReasonCode, Template[]>;

function compileByReason(sources: Readonly<Record<ReasonCode, readonly string[]>>): ByReason {
  return Object.fromEntries(
    Object.entries(sources).map(([reason, templates]) => [reason, compileTemplates(templates as string[])]),
  ) as ByReason;
}

const EN = {
  terse: compileByReason(en.TERSE),
  clauses: compileByReason(en.CLAUSES),
  details: compileByReason(en.DETAILS),
  agentNotes: compileByReason(en.AGENT_NOTES),
  winBack: compileByReason(en.WIN_BACK),
  meaningless: compileTemplates(en.MEANINGLESS),
  openers: compileTemplates(en.OPENERS),
  closers: compileTemplates(en.CLOSERS),
  pii: compileTemplates(en.PII_PHRASES),
  agentPii: compileTemplates(en.AGENT_PII_PHRASES),
  emailRequests: compileTemplates(en.EMAIL_REQUESTS),
  themeTerse: compileTemplates(en.THEME_TERSE),
  themeClauses: compileTemplates(en.THEME_CLAUSES),
  themeAgentNotes: compileTemplates(en.THEME_AGENT_NOTES),
  themeWinBack: compileTemplates(en.THEME_WIN_BACK),
};

const FOREIGN = Object.fromEntries(
  Object.entries(FOREIGN_PHRASES).map(([language, bank]) => [
    language,
    {
      clauses: compileByReason(bank.clauses),
      openers: compileTemplates(bank.openers),
      closers: compileTemplates(bank.closers),
      greetings: bank.greetings,
      features: compileTemplates(bank.features),
      periods: compileTemplates(bank.periods),
      themeClauses: compileTemplates(bank.themeClauses),
    },
  ]),
) as Record<ForeignLanguage, ForeignTemplates>;

interface ForeignTemplates {
  clauses: ByReason;
  openers: Template[];
  closers: Template[];
  greetings: readonly string[];
  features: Template[];
  periods: Template[];
  themeClauses: Template[];
}

// --- Slots -----------------------------------------------------------------------------------------

const CURRENCY_STYLES: Readonly<Record<string, ReadonlyArray<(amount: string) => string>>> = {
  USD: [
    (a) => `$${a}`,
    (a) => `$${a}`,
    (a) => `${a} dollars`,
    (a) => `${a} bucks`,
    (a) => `${a} USD`,
    (a) => `${a}$`,
  ],
  EUR: [(a) => `€${a}`, (a) => `${a}€`, (a) => `${a} €`, (a) => `${a} euros`, (a) => `${a} EUR`],
  GBP: [(a) => `£${a}`, (a) => `£${a}`, (a) => `${a} quid`, (a) => `${a} GBP`, (a) => `${a} pounds`],
  CAD: [(a) => `$${a}`, (a) => `CA$${a}`, (a) => `${a} CAD`, (a) => `${a} dollars`],
  AUD: [(a) => `$${a}`, (a) => `A$${a}`, (a) => `${a} AUD`, (a) => `${a} bucks`],
  CHF: [(a) => `CHF ${a}`, (a) => `${a} CHF`, (a) => `${a} Franken`],
  JPY: [(a) => `¥${a}`, (a) => `${a} yen`, (a) => `${a}円`, (a) => `JPY ${a}`],
  BRL: [(a) => `R$${a}`, (a) => `R$ ${a}`, (a) => `${a} reais`],
};

function amountText(random: SeededRandom, mrr: number): string {
  const roll = random.float();
  if (roll < 0.25 && mrr >= 20) {
    const step = mrr >= 1000 ? 100 : mrr >= 100 ? 10 : 5;
    return `${random.pick(['about ', 'almost ', '~', 'nearly ', 'over '])}${Math.round(mrr / step) * step}`;
  }
  const rounded = Number.isInteger(mrr) ? String(mrr) : mrr.toFixed(2);
  return roll < 0.45 && mrr >= 1000 ? withThousandsSeparators(rounded) : rounded;
}

/** "12345.5" → "12,345.5" (toLocaleString is correct too, but far too slow for a million texts). */
function withThousandsSeparators(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function priceText(random: SeededRandom, request: VerbatimRequest): string {
  const styles = CURRENCY_STYLES[request.currency] ?? [(a: string) => `${a} ${request.currency}`];
  return random.pick(styles)(amountText(random, request.mrr));
}

function emailAddress(random: SeededRandom): string {
  const first = random
    .pick(en.FIRST_NAMES)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
  const last = random
    .pick(en.LAST_NAMES)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
  const domain = random.pick(en.EMAIL_DOMAINS);
  switch (random.int(4)) {
    case 0:
      return `${first}.${last}@${domain}`;
    case 1:
      return `${first}${random.intBetween(1, 99)}@${domain}`;
    case 2:
      return `${first.charAt(0)}${last}@${domain}`;
    default:
      return `${first}_${last}${random.intBetween(70, 99)}@${domain}`;
  }
}

function digits(random: SeededRandom, count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) text += String(random.int(10));
  return text;
}

function phoneNumber(random: SeededRandom): string {
  switch (random.int(5)) {
    case 0:
      return `+1 (${random.intBetween(201, 989)}) 555-${digits(random, 4)}`;
    case 1:
      return `+44 7700 900${digits(random, 3)}`;
    case 2:
      return `+49 151 ${digits(random, 8)}`;
    case 3:
      return `06 ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`;
    default:
      return `${random.intBetween(201, 989)}-555-${digits(random, 4)}`;
  }
}

function fromList(templates: Template[]): (random: SeededRandom, request: VerbatimRequest) => string {
  return (random, request) => renderTemplate(random.pick(templates), random, ENGLISH_SLOTS, request);
}

const ENGLISH_SLOTS: SlotFillers<VerbatimRequest> = {
  price: priceText,
  plan: (random, request) =>
    random.chance(0.5) ? request.plan : request.plan.charAt(0).toUpperCase() + request.plan.slice(1),
  competitor: (random) => random.pick(en.COMPETITORS),
  feature: (random) => random.pick(en.FEATURES),
  capability: (random) => random.pick(en.CAPABILITIES),
  bug: (random) => random.pick(en.BUGS),
  team: (random) => random.pick(en.TEAMS),
  period: fromList(compileTemplates(en.PERIODS)),
  month: (random) => random.pick(en.MONTHS),
  time_ref: (random) => random.pick(en.TIME_REFERENCES),
  n: (random) => String(random.intBetween(2, 40)),
  pct: (random) => String(random.pick([10, 15, 20, 25, 30, 40, 50])),
  simple_tool: (random) => random.pick(en.SIMPLE_TOOLS),
  support_issue: fromList(compileTemplates(en.SUPPORT_ISSUES)),
  ticket: (random) => String(random.intBetween(10_000, 999_999)),
  email: emailAddress,
  phone: phoneNumber,
};

function foreignSlots(bank: ForeignTemplates): SlotFillers<VerbatimRequest> {
  return {
    ...ENGLISH_SLOTS,
    feature: (random, request) => renderTemplate(random.pick(bank.features), random, ENGLISH_SLOTS, request),
    period: (random, request) => renderTemplate(random.pick(bank.periods), random, ENGLISH_SLOTS, request),
  };
}

const FOREIGN_SLOTS = Object.fromEntries(
  Object.entries(FOREIGN).map(([language, bank]) => [language, foreignSlots(bank)]),
) as Record<ForeignLanguage, SlotFillers<VerbatimRequest>>;

// --- Sentences and style ----------------------------------------------------------------------------

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function asSentence(text: string): string {
  const capitalised = capitalise(text);
  return /[.!?:)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

const ANGRY_REASONS: ReadonlySet<ReasonCode> = new Set(['customer_service', 'low_quality']);

interface StyleProfile {
  lowerCase: number;
  stripFinalPeriod: number;
  dropApostrophes: number;
  typoRate: number;
}

const STYLE: Readonly<Record<Voice, StyleProfile>> = {
  customer: { lowerCase: 0.33, stripFinalPeriod: 0.35, dropApostrophes: 0.2, typoRate: 0.12 },
  email: { lowerCase: 0.08, stripFinalPeriod: 0.1, dropApostrophes: 0.1, typoRate: 0.12 },
  agent_note: { lowerCase: 0.5, stripFinalPeriod: 0.5, dropApostrophes: 0.3, typoRate: 0.1 },
};

function applyStyle(random: SeededRandom, text: string, voice: Voice, reason: ReasonCode): string {
  const style = STYLE[voice];
  let styled = text;
  const casing = random.float();
  if (casing < style.lowerCase) styled = styled.toLowerCase();
  else if (voice === 'customer' && ANGRY_REASONS.has(reason) && casing < style.lowerCase + 0.04) {
    styled = styled.toUpperCase();
  }
  if (random.chance(style.stripFinalPeriod) && styled.length > 1) styled = styled.replace(/(?<!\.)\.$/, '');
  if (random.chance(style.dropApostrophes)) styled = styled.replace(/['’]/g, '');
  if (voice === 'customer' && ANGRY_REASONS.has(reason) && random.chance(0.05)) styled = `${styled}!!!`;
  if (random.chance(style.typoRate)) {
    const count = random.chance(0.7) ? 1 : random.chance(0.8) ? 2 : 3;
    styled = injectTypos(random, styled, count, EMERGING_THEME_PATTERN);
  }
  return styled;
}

// --- English composition ----------------------------------------------------------------------------

function render(random: SeededRandom, templates: Template[], request: VerbatimRequest): string {
  return renderTemplate(random.pick(templates), random, ENGLISH_SLOTS, request);
}

/** Picks from a most-common-first list so that the head repeats the way short real answers do. */
function renderCommon(random: SeededRandom, templates: Template[], request: VerbatimRequest): string {
  const template = templates[Math.floor(templates.length * random.float() ** 2.2)] as Template;
  return renderTemplate(template, random, ENGLISH_SLOTS, request);
}

function secondaryReason(random: SeededRandom, reason: ReasonCode): ReasonCode {
  return random.pick(NEIGHBOUR_REASONS[reason]);
}

function mainClause(random: SeededRandom, request: VerbatimRequest): string {
  return render(random, request.emergingTheme ? EN.themeClauses : EN.clauses[request.reason], request);
}

function customerText(random: SeededRandom, request: VerbatimRequest): string {
  const { reason } = request;
  if (!request.emergingTheme && random.chance(reason === 'other' ? 0.3 : 0.035)) {
    return renderCommon(random, EN.meaningless, request);
  }
  const shape = random.float();
  if (shape < 0.34)
    return renderCommon(random, request.emergingTheme ? EN.themeTerse : EN.terse[reason], request);
  if (shape < 0.64) return asSentence(mainClause(random, request));
  if (shape < 0.78)
    return `${asSentence(mainClause(random, request))} ${render(random, EN.details[reason], request)}`;
  if (shape < 0.9) {
    const opened = `${render(random, EN.openers, request)} ${mainClause(random, request)}`;
    const detail = random.chance(0.6) ? ` ${render(random, EN.details[reason], request)}` : '';
    return `${asSentence(opened)}${detail} ${render(random, EN.closers, request)}`;
  }
  const secondary = request.emergingTheme ? reason : secondaryReason(random, reason);
  const connector = random.pick(en.CONNECTORS);
  const combined = `${capitalise(mainClause(random, request))}${connector} ${render(random, EN.clauses[secondary], request)}`;
  return random.chance(0.4)
    ? `${asSentence(combined)} ${render(random, EN.closers, request)}`
    : asSentence(combined);
}

function withPii(
  random: SeededRandom,
  text: string,
  request: VerbatimRequest,
  templates: Template[],
): string {
  if (!random.chance(PII_SHARE[request.voice])) return text;
  const separator = request.voice === 'email' ? '\n' : ' ';
  return `${text}${separator}${render(random, templates, request)}`;
}

function agentNote(random: SeededRandom, request: VerbatimRequest): string {
  const notes = request.emergingTheme ? EN.themeAgentNotes : EN.agentNotes[request.reason];
  let note = `${random.pick(en.AGENT_PREFIXES)}${render(random, notes, request)}`;
  if (random.chance(0.15))
    note += `; ${render(random, EN.agentNotes[secondaryReason(random, request.reason)], request)}`;
  note += random.pick(en.AGENT_SUFFIXES);
  return withPii(random, note, request, EN.agentPii);
}

function emailSignature(random: SeededRandom, multiLine: boolean): string {
  const name = random.chance(0.6)
    ? random.pick(en.FIRST_NAMES)
    : `${random.pick(en.FIRST_NAMES)} ${random.pick(en.LAST_NAMES)}`;
  const signOff = random.pick(en.EMAIL_SIGN_OFFS);
  return multiLine ? `\n\n${signOff},\n${name}` : ` ${signOff}, ${name}`;
}

function emailText(random: SeededRandom, request: VerbatimRequest): string {
  // Many cancellation emails are the request alone, with no reason given.
  if (!request.emergingTheme && random.chance(0.35)) {
    const bare = renderCommon(random, EN.emailRequests, request);
    return random.chance(0.3) ? `${bare}${emailSignature(random, false)}` : bare;
  }
  const multiLine = random.chance(0.45);
  const breakOrSpace = multiLine ? '\n\n' : ' ';
  let body = random.chance(0.7) ? `${render(random, EN.emailRequests, request)} ` : '';
  let reasons = mainClause(random, request);
  if (random.chance(0.15)) {
    reasons += `${random.pick(en.CONNECTORS)} ${render(random, EN.clauses[secondaryReason(random, request.reason)], request)}`;
  }
  body += asSentence(reasons);
  if (random.chance(0.5)) body += ` ${render(random, EN.details[request.reason], request)}`;
  if (random.chance(0.4)) body += ` ${render(random, EN.closers, request)}`;
  const greeting = random.chance(0.8) ? `${random.pick(en.EMAIL_GREETINGS)}${breakOrSpace}` : '';
  const signature = random.chance(0.85) ? emailSignature(random, multiLine) : '';
  return withPii(random, `${greeting}${body}${signature}`, request, EN.pii);
}

// --- Other languages ----------------------------------------------------------------------------------

const FOREIGN_CONNECTORS: Readonly<Record<ForeignLanguage, readonly string[]>> = {
  es: [' y ', ', además ', '. También '],
  fr: [' et ', ', en plus ', '. Aussi '],
  de: [' und ', ', außerdem ', '. Auch '],
};

function foreignText(random: SeededRandom, request: VerbatimRequest, language: ForeignLanguage): string {
  const bank = FOREIGN[language];
  const slots = FOREIGN_SLOTS[language];
  const pick = (templates: Template[]) => renderTemplate(random.pick(templates), random, slots, request);
  const clause = pick(request.emergingTheme ? bank.themeClauses : bank.clauses[request.reason]);
  const shape = random.float();
  let text: string;
  if (shape < 0.45) text = capitalise(clause);
  else if (shape < 0.7) text = `${asSentence(clause)} ${pick(bank.closers)}`;
  else if (shape < 0.9) text = asSentence(`${pick(bank.openers)} ${clause}`);
  else {
    const other = pick(bank.clauses[secondaryReason(random, request.reason)]);
    text = asSentence(`${clause}${random.pick(FOREIGN_CONNECTORS[language])}${other}`);
  }
  return request.voice === 'email' ? `${random.pick(bank.greetings)} ${text}` : text;
}

// --- Public API ---------------------------------------------------------------------------------------

/** The free-text reason of a cancellation request. */
export function composeVerbatim(random: SeededRandom, request: VerbatimRequest): string {
  if (request.voice === 'agent_note')
    return applyStyle(random, agentNote(random, request), 'agent_note', request.reason);
  if (request.language !== 'en') {
    return applyStyle(random, foreignText(random, request, request.language), 'customer', request.reason);
  }
  const text =
    request.voice === 'email'
      ? emailText(random, request)
      : withPii(random, customerText(random, request), request, EN.pii);
  return applyStyle(random, text, request.voice, request.reason);
}

/** The follow-up survey's answer to "what would bring you back?". */
export function composeWinBackComment(random: SeededRandom, request: VerbatimRequest): string {
  if (request.language !== 'en') return composeVerbatim(random, { ...request, voice: 'customer' });
  const templates = request.emergingTheme ? EN.themeWinBack : EN.winBack[request.reason];
  return applyStyle(random, render(random, templates, request), 'customer', request.reason);
}

/** Slot names the English phrase bank may use; tests check every template against this list. */
export const ENGLISH_SLOT_NAMES: readonly string[] = Object.keys(ENGLISH_SLOTS);

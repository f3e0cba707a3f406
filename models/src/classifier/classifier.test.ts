import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../taxonomy.ts';
import { DEFAULT_MODEL_FILE, loadReasonClassifier } from './index.ts';
import { seededRandom } from './training/seeded-random.ts';

const classifier = loadReasonClassifier();
const reasonOf = (text: string) => classifier.classify(text).reason;

describe('the committed reason classifier', () => {
  it('returns every field of the public contract', () => {
    const result = classifier.classify('Way too expensive for what we use');
    expect(result.reason).toBe('too_expensive');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.alternatives).toHaveLength(3);
    expect(result.alternatives[0]).toEqual({ reason: 'too_expensive', score: result.confidence });
    expect(result.alternatives.every((alternative) => REASON_CODES.includes(alternative.reason))).toBe(true);
    expect(result.sentiment).toBeGreaterThanOrEqual(-1);
    expect(result.sentiment).toBeLessThanOrEqual(1);
    expect(result.evidence).toContain('expensive');
    expect(result.language).toBe('en');
    expect(result.needsReview).toBe(false);
  });

  it('has a version of the form reasons-<date>-<content hash>', () => {
    expect(classifier.version).toMatch(/^reasons-\d{4}\.\d{2}\.\d{2}-[0-9a-f]{10}$/);
  });

  it.each([
    ['to expensiv', 'too_expensive'],
    ['TOO EXPENSIVE!!!', 'too_expensive'],
    ['cant aford it', 'too_expensive'],
    ['to complicatd to set up', 'too_complex'],
    ['app keeps crashin', 'low_quality'],
  ])('reads through typos and casing: %s → %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  // A letter of the sample data that read as customer_service at 0.75 for its salutation.
  const LETTER_BODY = "Please cancel my account. I need PDF export and you still don't have it.";

  it("reads a letter's reason, not whom it addresses", () => {
    const letter = classifier.classify(`Dear Support,\n\n${LETTER_BODY}`);
    expect(letter).toEqual(classifier.classify(LETTER_BODY));
    expect(letter.reason).toBe('missing_features');
    expect(reasonOf('Hi, support never answered my tickets')).toBe('customer_service');
  });

  it('keeps reading salutations with a model file from before, whose version stands for those readings', () => {
    const folder = mkdtempSync(join(tmpdir(), 'churnlens-old-model-'));
    try {
      const artifact = JSON.parse(readFileSync(DEFAULT_MODEL_FILE, 'utf8'));
      delete artifact.features.skipSalutation;
      const modelFile = join(folder, 'reason-model.json');
      writeFileSync(modelFile, JSON.stringify(artifact));
      const old = loadReasonClassifier({ modelFile });
      expect(old.classify(`Dear Support,\n\n${LETTER_BODY}`)).not.toEqual(old.classify(LETTER_BODY));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('does not count a negated price mention as too_expensive', () => {
    const result = classifier.classify("Not the price, it's missing an API for our CRM");
    expect(result.reason).toBe('missing_features');
    expect(result.evidence.join(' ')).not.toMatch(/price/i);
  });

  it('reads "no X" as a missing feature and quotes the negation in the evidence', () => {
    const result = classifier.classify('no offline mode');
    expect(result.reason).toBe('missing_features');
    expect(result.evidence[0]).toBe('no offline mode');
  });

  it('reports the second reason of multi-reason text', () => {
    const result = classifier.classify('Too expensive, and support never answers my emails');
    expect([result.reason, result.secondaryReason].sort()).toEqual(['customer_service', 'too_expensive']);
  });

  it('has no secondary reason for single-reason text', () => {
    expect(classifier.classify('We moved to a competitor').secondaryReason).toBeNull();
  });

  it.each([
    ['Switched to Notion', 'switched_service'],
    ['moved everything over to HubSpot', 'switched_service'],
    ['Zendesk support never replied', 'customer_service'],
  ])('classifies around brand and product names: %s → %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it.each([
    ['price', 'too_expensive'],
    ['bugs', 'low_quality'],
    ['support', 'customer_service'],
    ['confusing', 'too_complex'],
  ])('classifies one-word answers: %s → %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('understands emoji', () => {
    expect(reasonOf('💸💸💸')).toBe('too_expensive');
  });

  it.each(['', '.', 'n/a', 'no', '???', '   '])(
    'answers content-free input %j with other, low confidence',
    (text) => {
      const result = classifier.classify(text);
      expect(result.reason).toBe('other');
      expect(result.confidence).toBeLessThan(0.2);
      expect(result.evidence).toEqual([]);
      expect(result.secondaryReason).toBeNull();
    },
  );

  // The phrasings of the next three tests are in no corpus file and no seed phrase: they check that the
  // model generalizes from its examples, not that it remembers them.
  it.each([
    "we're moving house",
    'relocating to another country for work',
    'we are moving abroad next month',
    'moving overseas with my family',
    'moving to a different state',
    'we just relocated',
    'nos mudamos al extranjero',
    'on déménage',
    'wir ziehen ins Ausland',
    'vou me mudar para o exterior',
  ])('reads a move as other, not as a switch to a competitor: %s', (text) => {
    expect(reasonOf(text)).toBe('other');
  });

  it('still reads moving to a product as switched_service', () => {
    expect(reasonOf("we're moving our CRM to Pipedrive")).toBe('switched_service');
  });

  it.each([
    'just lost my job',
    'I got laid off',
    'was laid off recently',
    'currently unemployed',
    'my wife lost her job',
    'out of work right now',
    'perdí el trabajo',
    'estoy desempleado',
    'ich bin arbeitslos geworden',
    'perdi o meu trabalho',
  ])('reads a lost job or income as too_expensive: %s', (text) => {
    expect(reasonOf(text)).toBe('too_expensive');
  });

  it.each([
    'none really',
    'nothing in particular',
    'no comments',
    'prefer not to answer',
    'I prefer not to say',
    'no reason at all',
    'just because really',
    'aucune raison',
    'kein besonderer Grund',
    'nenhum motivo',
  ])('answers a reply that gives no reason with other, kept out of review: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('other');
    expect(result.needsReview).toBe(false);
  });

  it.each(['no reason', 'n/a', 'none', '-', 'nothing', 'just because', 'no comment', 'prefer not to say'])(
    'answers the common no-reason replies with other, kept out of review: %j',
    (text) => {
      const result = classifier.classify(text);
      expect(result.reason).toBe('other');
      expect(result.needsReview).toBe(false);
    },
  );

  // The texts users reported; "moving house" is also one of other's seed phrases.
  it.each([
    ['moving house', 'other'],
    ["we're relocating abroad", 'other'],
    ['moving to another country', 'other'],
    ['lost my job', 'too_expensive'],
    ['got laid off', 'too_expensive'],
    ["can't afford it right now", 'too_expensive'],
    ['money is tight', 'too_expensive'],
  ])('reads the reported misreadings right: %s → %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  // The demo's Verbatims page showed these misread. The first text of each list is the one the demo shows;
  // the others are in no corpus file (train-d.tsv taught the family with other phrasings).
  it.each([
    'Work slowed down for winter.',
    'our business slows right down in winter',
    'work is quiet over the summer',
    'things are slow for the season',
  ])("reads a slow season in the customer's business as unused, not as a slow product: %s", (text) => {
    expect(reasonOf(text)).toBe('unused');
  });

  it.each(['the app is slow', 'the dashboard slowed down this week'])(
    'still reads a slow product as low_quality: %s',
    (text) => {
      expect(reasonOf(text)).toBe('low_quality');
    },
  );

  it.each([
    'Back to pen and paper.',
    'going back to paper and a calendar',
    'back to excel for now',
    'retour au papier',
  ])(
    'reads going back to paper or a spreadsheet as switched_service (another way of doing the job): %s',
    (text) => {
      expect(reasonOf(text)).toBe('switched_service');
    },
  );

  it('still reads going back to spreadsheets because the product is confusing as too_complex', () => {
    expect(reasonOf('so confusing that we went back to spreadsheets')).toBe('too_complex');
  });

  it.each([
    'call summary: cannot track time per client, dealbreaker for cust. offered retention',
    'cx called - needs recurring invoices, not on roadmap. processed',
    'inbound call: cust cannot bulk edit tasks, dealbreaker. retention attempted',
    'chat: no gantt chart, dealbreaker for them. sent confirmation',
  ])(
    "reads an agent's note about a missing capability as missing_features, not its call wording: %s",
    (text) => {
      const result = classifier.classify(text);
      expect(result.reason).toBe('missing_features');
      expect(result.needsReview).toBe(false);
    },
  );

  it.each([
    ['call summary: cust found setup too complicated. escalated to T2', 'too_complex'],
    ['call notes: support never answered his tickets. processed cancellation', 'customer_service'],
  ])("reads an agent's note by its reason: %s → %s", (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it.each([
    'we moved to a different city',
    'we just moved to a smaller town',
    'we moved across the country',
    'I moved to another city last month',
  ])('reads having moved house as other, not as a switch: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('other');
    expect(result.needsReview).toBe(false);
  });

  it('still reads having moved to a product as switched_service', () => {
    expect(reasonOf('we moved to Pipedrive')).toBe('switched_service');
  });

  it.each(["j'ai perdu mon travail", 'ma femme a perdu son emploi', 'on vient de perdre nos emplois'])(
    'reads a lost job in French as too_expensive, not as lost data: %s',
    (text) => {
      expect(reasonOf(text)).toBe('too_expensive');
    },
  );

  it.each(["j'ai perdu toutes mes données", 'nous avons perdu nos fichiers après la mise à jour'])(
    'still reads lost data in French as low_quality: %s',
    (text) => {
      expect(reasonOf(text)).toBe('low_quality');
    },
  );

  // A QA pass of realistic cancel reasons found these misread (docs/classifier.md, "Business closure and
  // billing errors"); train-e.tsv taught the families with other phrasings. The first text of each list is
  // the reported one.
  it.each([
    'our company went bankrupt',
    'we went bankrupt',
    'the company is closing down',
    'we are shutting down the business',
  ])('reads a business that closed or went bankrupt as other, not as a switch: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('other');
    expect(result.needsReview).toBe(false);
  });

  it('still reads a company that went with a competitor as switched_service', () => {
    expect(reasonOf('our company went with HubSpot')).toBe('switched_service');
  });

  it.each([
    'charged twice this month',
    'I was charged twice',
    'you charged me after I cancelled',
    'billed twice for the same month',
  ])('reads a billing error as customer_service, not as a price complaint: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('customer_service');
    expect(result.needsReview).toBe(false);
  });

  it.each(['the renewal charge was too high', 'I got charged $99 at renewal, way too much'])(
    'still reads a charge that is too high as too_expensive: %s',
    (text) => {
      expect(reasonOf(text)).toBe('too_expensive');
    },
  );

  it.each(['payment failed', 'my card was declined'])(
    'reads a failed payment as other, not as a bug: %s',
    (text) => {
      expect(reasonOf(text)).toBe('other');
    },
  );

  it('reads "not the price" followed by another reason as that reason', () => {
    expect(reasonOf('Not the price, we need an API')).toBe('missing_features');
  });

  // Reported from the demo data as read as other: a temporary need that ended, and not finding things in the
  // product ("locate" shares its n-grams with "relocating", a move). train-f.tsv teaches both, and slowness
  // told as a wait, with other sentences; the texts here are the reported ones, the sample-data generator's
  // wordings and probe.tsv's.
  it.each([
    'subscribed for one client and its done',
    "we signed up for a single event and that's done",
    'I subscribed for one client and thats done',
    'just needed it for a client job',
  ])('reads a temporary need that ended as unused, not as other: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('unused');
    expect(result.needsReview).toBe(false);
  });

  it.each(["can't locate where things are", "we can't locate basic settings", 'we cant locate anything'])(
    'reads not finding things in the product as too_complex, not as a move or a missing feature: %s',
    (text) => {
      const result = classifier.classify(text);
      expect(result.reason).toBe('too_complex');
      expect(result.needsReview).toBe(false);
    },
  );

  it.each(['the board takes like a minute to open', 'wait 20 secs every click'])(
    'reads waiting on the product as low_quality (slowness): %s',
    (text) => {
      const result = classifier.classify(text);
      expect(result.reason).toBe('low_quality');
      expect(result.needsReview).toBe(false);
    },
  );

  // Reported from the demo data as read as other: a switch to a competitor the model has never seen named,
  // in agents' notes, letters and replies. train-g.tsv teaches it with other names; the texts here are the
  // sample-data generator's wordings and probe.tsv's.
  it.each([
    'cx called - company consolidating on Flowdeck. processed',
    'chat: moving to Kanbo. follow up in 2 wks',
    'note: moving to Corvo. sent confirmation',
    'Please cancel my subscription. Switching to Ferny. Thanks, Omar',
    'company is consolidating on Helio',
  ])('reads a switch to a product it does not know as switched_service, not as other: %s', (text) => {
    const result = classifier.classify(text);
    expect(result.reason).toBe('switched_service');
    expect(result.needsReview).toBe(false);
  });

  it.each([
    'call notes: cust moving abroad. processed',
    'moving to Portugal next month',
    'Please cancel my subscription. We are moving house. Thanks, Ella',
    'I would like to cancel our subscription please.',
  ])('still reads a move, or a letter that gives no reason, as other: %s', (text) => {
    expect(reasonOf(text)).toBe('other');
  });

  // The corpus names few places, and "moving to" a name it has never seen is read from the name's letters:
  // the model trained with train-g.tsv alone read these three as switches. Places are seed names of other.
  it.each(['we are moving to Denver next month', 'moving to Berlin', 'we are moving to Toronto next month'])(
    'reads a move to a named place as other, not as a switch: %s',
    (text) => {
      expect(reasonOf(text)).toBe('other');
    },
  );

  it.each([
    ['Es demasiado caro para nosotros', 'es', 'too_expensive'],
    ['Trop cher pour ce que c’est', 'fr', 'too_expensive'],
    ['Die App stürzt ständig ab', 'de', 'low_quality'],
    ['Mudamos para um concorrente', 'pt', 'switched_service'],
    ['El soporte nunca responde', 'es', 'customer_service'],
    ['Je ne l’utilise plus', 'fr', 'unused'],
    ['Viel zu kompliziert', 'de', 'too_complex'],
    ['Falta integração com o nosso ERP', 'pt', 'missing_features'],
  ])('detects and classifies other languages: %s → %s, %s', (text, language, reason) => {
    const result = classifier.classify(text);
    expect(result.language).toBe(language);
    expect(result.reason).toBe(reason);
  });

  it('sends vague answers to review and keeps clear ones out of it', () => {
    for (const vague of ['it was fine I guess', 'my cat walked on the keyboard']) {
      const result = classifier.classify(vague);
      expect(result.confidence).toBeLessThan(0.5);
      expect(result.needsReview).toBe(true);
    }
    expect(classifier.classify('Way too expensive for what we use').needsReview).toBe(false);
  });

  it('quotes meaningful words as evidence, never bare filler words', () => {
    expect(classifier.classify('it was fine I guess').evidence).not.toContain('I');
    expect(classifier.classify('it was fine I guess').evidence).not.toContain('was');
  });

  it('scores negative complaints with negative sentiment', () => {
    expect(classifier.classify('terrible, awful support').sentiment).toBeLessThan(-0.3);
    expect(classifier.classify('great product, just too expensive').sentiment).toBeGreaterThan(0);
  });

  it('gives the same answer however often it is asked (memoization does not leak state)', () => {
    const first = classifier.classify('Too expensive, and support never answers my emails');
    for (const text of ['no', 'bugs', 'Trop cher', '']) classifier.classify(text);
    expect(classifier.classify('Too expensive, and support never answers my emails')).toEqual(first);
  });
});

describe('robustness', () => {
  it('answers arbitrary input, long text, control characters and lone surrogates within the contract', () => {
    const random = seededRandom(7);
    const alphabet = [
      'a',
      'É',
      'ß',
      ' ',
      '.',
      "'",
      '’',
      '\u0000',
      '\n',
      '\ud83d',
      '😡',
      '$',
      '9',
      'l',
      'n',
      'x',
      '\u0301',
    ];
    const inputs = [
      'too expensive '.repeat(2_000),
      `${'word '.repeat(1_000)}and it keeps crashing`,
      ...Array.from({ length: 300 }, () =>
        Array.from(
          { length: Math.floor(random() * 40) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(''),
      ),
    ];
    for (const text of inputs) {
      const result = classifier.classify(text);
      expect(REASON_CODES).toContain(result.reason);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(Math.abs(result.sentiment)).toBeLessThanOrEqual(1);
      expect(result.alternatives).toHaveLength(3);
      for (const phrase of result.evidence) expect(text).toContain(phrase);
    }
    expect(classifier.classify('too expensive '.repeat(2_000)).reason).toBe('too_expensive');
  });
});

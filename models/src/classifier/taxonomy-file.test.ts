import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReasonClassifier } from './index.ts';
import { writeModelFile } from './io/model-file.ts';
import { defaultTaxonomy, parseTaxonomy, reasonSeeds, taxonomyExamples } from './taxonomy-file.ts';
import { trainReasonModel } from './training/train-model.ts';

const directory = mkdtempSync(join(tmpdir(), 'churnlens-taxonomy-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const seedOnly = {
  name: 'tiny-seeds',
  reasons: [
    {
      code: 'pricing',
      label: 'Pricing',
      description: 'Cost',
      seedPhrases: ['too expensive', 'price increase', 'cost'],
    },
    { code: 'reliability', label: 'Reliability', seedPhrases: ['keeps crashing', 'bugs', 'outage'] },
    { code: 'other', label: 'Other' },
  ],
};

function writeJson(name: string, value: unknown): string {
  const file = join(directory, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('custom taxonomy files', () => {
  it('fills defaults and accepts seed phrases without examples', () => {
    const taxonomy = parseTaxonomy(seedOnly, 'seeds.json');
    expect(taxonomy.fallbackReason).toBe('other');
    expect(taxonomy.reasons[1]).toMatchObject({ description: '', examples: [] });
  });

  it.each([
    [
      { ...seedOnly, reasons: [...seedOnly.reasons, seedOnly.reasons[0]] },
      /reasons\.3\.code: duplicate code "pricing"/,
    ],
    [{ ...seedOnly, fallbackReason: 'misc' }, /fallbackReason: "misc" is not one of the reason codes/],
    [
      { ...seedOnly, reasons: [{ code: 'pricing', label: 'P' }, seedOnly.reasons[2]] },
      /reasons\.0\.seedPhrases/,
    ],
    [
      { ...seedOnly, reasons: [{ code: 'Pricing!', label: 'P', seedPhrases: ['x'] }, seedOnly.reasons[2]] },
      /reasons\.0\.code/,
    ],
  ])('rejects an invalid taxonomy, naming the file and field (%#)', (json, message) => {
    expect(() => parseTaxonomy(json, 'mine.json')).toThrow(/^mine\.json: invalid taxonomy at /);
    expect(() => parseTaxonomy(json, 'mine.json')).toThrow(message);
  });

  it('classifies by similarity to seed phrases when the taxonomy has no examples', () => {
    const classifier = loadReasonClassifier({ taxonomyFile: writeJson('seeds.json', seedOnly) });
    expect(classifier.reasons).toEqual(['pricing', 'reliability', 'other']);
    expect(classifier.version).toMatch(/^tiny-seeds-seeds-[0-9a-f]{10}$/);
    const pricing = classifier.classify('Way too expensiv now');
    expect(pricing.reason).toBe('pricing');
    expect(pricing.evidence).toContain('expensiv');
    expect(classifier.classify('the app keeps crashing').reason).toBe('reliability');
    const unrelated = classifier.classify('my neighbour recommended gardening');
    expect(unrelated.reason).toBe('other');
    expect(unrelated.needsReview).toBe(true);
    expect(classifier.classify('???')).toMatchObject({ reason: 'other', needsReview: false });
  });

  it('trains a model in memory from the examples of a taxonomy that has them', () => {
    const withExamples = {
      ...seedOnly,
      name: 'tiny-examples',
      reasons: [
        {
          ...seedOnly.reasons[0],
          examples: ['we cut the tooling budget', 'pricing is steep', 'cannot justify the cost'],
        },
        {
          ...seedOnly.reasons[1],
          examples: ['sync fails daily', 'the editor freezes', 'data got lost twice'],
        },
        { code: 'other', label: 'Other', examples: ['personal reasons', 'no comment', 'rather not say'] },
      ],
    };
    const classifier = loadReasonClassifier({ taxonomyFile: writeJson('examples.json', withExamples) });
    expect(classifier.version).toMatch(/^tiny-examples-[0-9a-f]{10}$/);
    expect(classifier.classify('the editor keeps freezing').reason).toBe('reliability');
    expect(classifier.classify('budget cuts').reason).toBe('pricing');
  });

  it('counts seed names with the seed phrases but trains on no bare name', () => {
    const taxonomy = parseTaxonomy(
      {
        ...seedOnly,
        reasons: [
          seedOnly.reasons[0],
          { code: 'switched', label: 'Switched', seedPhrases: ['competitor'], seedNames: ['Acme', 'Globex'] },
          seedOnly.reasons[2],
        ],
      },
      'names.json',
    );
    const [pricing, switched] = taxonomy.reasons;
    expect(pricing?.seedNames).toEqual([]);
    expect(reasonSeeds(switched as NonNullable<typeof switched>)).toEqual(['competitor', 'Acme', 'Globex']);
    expect(taxonomyExamples(taxonomy).map((example) => example.text)).not.toContain('Acme');
    expect(taxonomyExamples(taxonomy).map((example) => example.text)).toContain('competitor');
  });

  it("gives the default taxonomy's other reason the place names as seed names, not as examples", () => {
    const taxonomy = defaultTaxonomy();
    const other = taxonomy.reasons.find((reason) => reason.code === 'other');
    expect(other?.seedNames).toContain('Denver');
    expect(taxonomyExamples(taxonomy).map((example) => example.text)).not.toContain('Denver');
  });

  it('refuses a model trained for another taxonomy', () => {
    const taxonomy = parseTaxonomy(seedOnly, 'seeds.json');
    const { artifact } = trainReasonModel(taxonomyExamples(taxonomy), {
      taxonomyName: taxonomy.name,
      reasons: taxonomy.reasons.map((reason) => reason.code),
      fallbackReason: 'other',
      versionPrefix: 'tiny',
    });
    const modelFile = join(directory, 'tiny-model.json');
    writeModelFile(modelFile, artifact);
    expect(() => loadReasonClassifier({ modelFile })).toThrow(
      /model is for taxonomy "tiny-seeds".*pass its taxonomy file/,
    );
    const other = writeJson('other.json', { ...seedOnly, reasons: seedOnly.reasons.slice(1) });
    expect(() => loadReasonClassifier({ taxonomyFile: other, modelFile })).toThrow(/do not match taxonomy/);
    expect(loadReasonClassifier({ taxonomyFile: writeJson('same.json', seedOnly), modelFile }).version).toBe(
      artifact.version,
    );
  });
});

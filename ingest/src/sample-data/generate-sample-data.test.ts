import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Cancellation,
  type Customer,
  cancellationSchema,
  customerSchema,
  normalizeVerbatim,
  type Offer,
  offerSchema,
  REASON_CODES,
  RETAINED_OUTCOMES,
  type SurveyResponse,
  surveyResponseSchema,
} from '@churnlens/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_CHANNELS,
  type BillingCurrency,
  EXIT_QUESTIONS,
  monthlyRevenue,
  OUTCOME_OF_ACCEPTED_OFFER,
  type Plan,
} from './business-model.ts';
import { DAY_MS } from './calendar.ts';
import { generateSampleData } from './generate-sample-data.ts';
import { SAMPLE_COLUMNS, SAMPLE_FILES, type SampleFile, type SampleFormat } from './record-format.ts';
import { EMERGING_THEME_PATTERN } from './verbatim-composer.ts';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'churnlens-sample-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function generate(
  name: string,
  options: { customers: number; seed: number; format: SampleFormat; cancellations?: number },
) {
  const outDir = join(workDir, name);
  const result = await generateSampleData({ ...options, outDir });
  const contents = Object.fromEntries(
    await Promise.all(
      SAMPLE_FILES.map(async (file) => [file, await readFile(result.files[file], 'utf8')] as const),
    ),
  ) as Record<SampleFile, string>;
  return { ...result, contents };
}

/** RFC 4180 reader, just enough to check what the generator writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

function ndjsonRecords(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** How a parsed NDJSON value appears in the CSV file. */
function asCsvField(value: unknown): string {
  return value === null ? '' : String(value);
}

describe('generateSampleData output files', () => {
  it('writes byte-identical files for the same seed', async () => {
    const first = await generate('same-a', { customers: 2_000, seed: 7, format: 'csv' });
    const second = await generate('same-b', { customers: 2_000, seed: 7, format: 'csv' });
    for (const file of SAMPLE_FILES) expect(second.contents[file]).toBe(first.contents[file]);
  });

  it('writes different data for a different seed', async () => {
    const first = await generate('seed-7', { customers: 2_000, seed: 7, format: 'csv' });
    const other = await generate('seed-8', { customers: 2_000, seed: 8, format: 'csv' });
    expect(other.contents.cancellations).not.toBe(first.contents.cancellations);
  });

  it('writes the same records as CSV and NDJSON, with the schema fields as CSV header', async () => {
    const csv = await generate('as-csv', { customers: 2_000, seed: 11, format: 'csv' });
    const ndjson = await generate('as-ndjson', { customers: 2_000, seed: 11, format: 'ndjson' });
    expect(ndjson.files.offers.endsWith('offers.ndjson')).toBe(true);
    for (const file of SAMPLE_FILES) {
      const [header, ...rows] = parseCsv(csv.contents[file]);
      expect(header).toEqual(SAMPLE_COLUMNS[file]);
      const records = ndjsonRecords(ndjson.contents[file]);
      expect(records.map((record) => Object.keys(record))[0]).toEqual(SAMPLE_COLUMNS[file]);
      expect(rows).toEqual(
        records.map((record) => SAMPLE_COLUMNS[file].map((column) => asCsvField(record[column]))),
      );
    }
  });

  it('files exactly the requested number of cancellations across exactly the requested customers', async () => {
    const result = await generate('exact', {
      customers: 3_000,
      cancellations: 1_234,
      seed: 5,
      format: 'ndjson',
    });
    expect(result.counts.customers).toBe(3_000);
    expect(result.counts.cancellations).toBe(1_234);
    expect(ndjsonRecords(result.contents.cancellations)).toHaveLength(1_234);
  });

  it('refuses more cancellations than customers', async () => {
    await expect(
      generateSampleData({
        customers: 10,
        cancellations: 11,
        seed: 1,
        format: 'csv',
        outDir: join(workDir, 'x'),
      }),
    ).rejects.toThrow(/may not exceed customers/);
  });
});

describe('sample data of 20,000 customers', () => {
  const endMs = Date.parse('2026-11-01T00:00:00Z');
  const themeStartMs = endMs - 28 * DAY_MS;
  const problems: string[] = [];
  let customers: Customer[];
  let cancellations: Cancellation[];
  let offers: Offer[];
  let surveys: SurveyResponse[];
  let cancellationById: Map<string, Cancellation>;
  let offersByCancellation: Map<string, Offer[]>;

  function parseAll<T>(text: string, file: string, parse: (record: unknown) => T): T[] {
    return ndjsonRecords(text).map((record, index) => {
      try {
        return parse(record);
      } catch (error) {
        problems.push(`${file} line ${index + 1}: ${(error as Error).message}`);
        return record as T;
      }
    });
  }

  beforeAll(async () => {
    const { contents } = await generate('signals', { customers: 20_000, seed: 42, format: 'ndjson' });
    customers = parseAll(contents.customers, 'customers', (record) => customerSchema.parse(record));
    cancellations = parseAll(contents.cancellations, 'cancellations', (record) =>
      cancellationSchema.parse(record),
    );
    offers = parseAll(contents.offers, 'offers', (record) => offerSchema.parse(record));
    surveys = parseAll(contents.survey_responses, 'survey_responses', (record) =>
      surveyResponseSchema.parse(record),
    );
    cancellationById = new Map(cancellations.map((cancellation) => [cancellation.id, cancellation]));
    offersByCancellation = new Map();
    for (const offer of offers) {
      offersByCancellation.set(offer.cancellation_id, [
        ...(offersByCancellation.get(offer.cancellation_id) ?? []),
        offer,
      ]);
    }
  });

  const share = <T>(items: T[], predicate: (item: T) => boolean) =>
    items.filter(predicate).length / items.length;
  const saved = (cancellation: Cancellation) =>
    (RETAINED_OUTCOMES as readonly string[]).includes(cancellation.outcome);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const waits = (rows: Cancellation[]) =>
    rows.flatMap((row) => (row.handled_at ? [row.handled_at.getTime() - row.requested_at.getTime()] : []));
  const acceptance = (offerType: string, reasonCode: string) =>
    share(
      offers.filter(
        (offer) =>
          offer.offer_type === offerType &&
          cancellationById.get(offer.cancellation_id)?.reason_code === reasonCode,
      ),
      (offer) => offer.accepted,
    );

  it('has rows that all parse with the churnlens record schemas', () => {
    expect(problems).toEqual([]);
    expect(customers).toHaveLength(20_000);
    expect(cancellations).toHaveLength(20_000);
  });

  it('links every cancellation, offer and survey to records that exist', () => {
    const customerIds = new Set(customers.map((customer) => customer.id));
    expect(cancellations.filter((row) => !customerIds.has(row.customer_id))).toEqual([]);
    expect(offers.filter((offer) => !cancellationById.has(offer.cancellation_id))).toEqual([]);
    expect(surveys.filter((row) => !customerIds.has(row.customer_id))).toEqual([]);
    expect(
      surveys.filter((row) => row.cancellation_id !== null && !cancellationById.has(row.cancellation_id)),
    ).toEqual([]);
  });

  it('writes no blank verbatims: a text is either absent or has words', () => {
    const texts = [...cancellations.map((row) => row.reason_text), ...surveys.map((row) => row.free_text)];
    expect(texts.filter((text) => text !== null && text.trim() === '')).toEqual([]);
    const comments = surveys.filter((row) => row.question === EXIT_QUESTIONS.comment);
    expect(comments.filter((row) => row.free_text === null)).toEqual([]);
  });

  it('keeps tenure, handling and effective dates consistent with sign-up and request times', () => {
    const signedUp = new Map(customers.map((customer) => [customer.id, customer.signed_up_at.getTime()]));
    const inconsistent = cancellations.filter((row) => {
      const tenure = Math.floor((row.requested_at.getTime() - (signedUp.get(row.customer_id) ?? 0)) / DAY_MS);
      return (
        tenure !== row.tenure_days ||
        (row.handled_at !== null && row.handled_at <= row.requested_at) ||
        (row.effective_at !== null && row.effective_at < row.requested_at) ||
        (row.reactivated_at !== null && (row.effective_at === null || row.reactivated_at <= row.effective_at))
      );
    });
    expect(inconsistent).toEqual([]);
  });

  it('observes nothing after the data end, except cancellations scheduled to take effect later', () => {
    const observed = [
      ...cancellations.flatMap((row) => [row.requested_at, row.handled_at, row.reactivated_at]),
      ...offers.flatMap((offer) => [offer.presented_at, offer.accepted_at, offer.churned_at]),
      ...surveys.map((row) => row.submitted_at),
    ];
    expect(observed.filter((at) => at !== null && at.getTime() >= endMs)).toEqual([]);
    expect(
      cancellations.some((row) => row.effective_at !== null && row.effective_at.getTime() >= endMs),
    ).toBe(true);
  });

  it('charges each request the list price per seat of its plan, for a seat count the plan allows', () => {
    const events = {
      proPriceIncreaseMs: Date.parse('2026-04-01T00:00:00Z'),
      emergingThemeStartMs: themeStartMs,
      endMs,
    };
    const seatRange = { starter: [1, 1], pro: [1, 5], business: [5, 120], enterprise: [40, 900] } as const;
    const mispriced = cancellations.filter((row) => {
      const plan = row.plan as Plan;
      const seats =
        row.mrr /
        monthlyRevenue(plan, row.currency as BillingCurrency, 1, row.requested_at.getTime(), events);
      const [fewest, most] = seatRange[plan];
      return !Number.isInteger(Math.round(seats * 1e6) / 1e6) || seats < fewest || seats > most;
    });
    expect(mispriced).toEqual([]);
  });

  it('names an agent exactly for agent-handled channels', () => {
    const mismatched = cancellations.filter(
      (row) => (row.agent_id !== null) !== AGENT_CHANNELS.has(row.channel),
    );
    expect(mismatched).toEqual([]);
    expect(new Set(cancellations.flatMap((row) => (row.agent_id ? [row.agent_id] : []))).size).toBe(12);
  });

  it('retains a customer exactly when an offer was accepted, with the outcome that offer leads to', () => {
    const inconsistent = cancellations.filter((row) => {
      const [accepted, ...more] = (offersByCancellation.get(row.id) ?? []).filter((offer) => offer.accepted);
      if (!accepted) return saved(row);
      return more.length > 0 || OUTCOME_OF_ACCEPTED_OFFER[accepted.offer_type] !== row.outcome;
    });
    expect(inconsistent).toEqual([]);
    expect(share(cancellations, (row) => offersByCancellation.has(row.id))).toBeGreaterThan(0.75);
  });

  it('shows some retained customers churning within 90 days of accepting an offer', () => {
    const churned = offers.filter((offer) => offer.churned_at !== null);
    expect(churned.length).toBeGreaterThan(200);
    const outOfWindow = churned.filter(({ accepted_at: acceptedAt, churned_at: churnedAt }) => {
      const daysAfter = acceptedAt && churnedAt ? (churnedAt.getTime() - acceptedAt.getTime()) / DAY_MS : -1;
      return daysAfter <= 0 || daysAfter > 90;
    });
    expect(outOfWindow).toEqual([]);
    expect(cancellations.filter((row) => row.reactivated_at !== null).length).toBeGreaterThan(100);
  });

  it('plants: a pause saves customers who do not use the product, not those who switched', () => {
    expect(acceptance('pause', 'unused')).toBeGreaterThan(acceptance('pause', 'switched_service') + 0.15);
  });

  it('plants: a discount saves price-sensitive customers far more than anyone else', () => {
    const tooExpensive = acceptance('discount', 'too_expensive');
    for (const reason of REASON_CODES.filter((code) => code !== 'too_expensive')) {
      expect(tooExpensive, reason).toBeGreaterThan(acceptance('discount', reason) + 0.08);
    }
  });

  it('plants: agents save more customers than self-serve but make them wait longer', () => {
    const agentHandled = cancellations.filter((row) => row.agent_id !== null);
    const selfServe = cancellations.filter((row) => row.channel === 'self_serve');
    expect(share(agentHandled, saved)).toBeGreaterThan(share(selfServe, saved) + 0.04);
    expect(median(waits(agentHandled))).toBeGreaterThan(5 * median(waits(selfServe)));
    expect(median(waits(selfServe))).toBeLessThan(5 * 60_000);
  });

  it('plants: agent-07 has the best save rate by a clear margin', () => {
    const byAgent = new Map<string, Cancellation[]>();
    for (const row of cancellations)
      if (row.agent_id) byAgent.set(row.agent_id, [...(byAgent.get(row.agent_id) ?? []), row]);
    const rates = [...byAgent].map(([agent, rows]) => ({ agent, rate: share(rows, saved) }));
    const [best, runnerUp] = rates.sort((a, b) => b.rate - a.rate);
    expect(best?.agent).toBe('agent-07');
    expect(best?.rate).toBeGreaterThan((runnerUp?.rate ?? 1) + 0.05);
  });

  it('plants: the AI-assistant theme appears only in the last four weeks, in 4–9% of the verbatims there', () => {
    const texts = [
      ...cancellations.flatMap((row) =>
        row.reason_text ? [{ at: row.requested_at, text: row.reason_text }] : [],
      ),
      ...surveys.flatMap((row) => (row.free_text ? [{ at: row.submitted_at, text: row.free_text }] : [])),
    ];
    const themed = texts.filter(({ text }) => EMERGING_THEME_PATTERN.test(text));
    expect(themed.filter(({ at }) => at.getTime() < themeStartMs)).toEqual([]);
    const inWindow = texts.filter(({ at }) => at.getTime() >= themeStartMs);
    expect(themed.length / inWindow.length).toBeGreaterThan(0.04);
    expect(themed.length / inWindow.length).toBeLessThan(0.09);
  });

  it('varies the reason mix by plan', () => {
    const codeShare = (plan: string, code: string) =>
      share(
        cancellations.filter((row) => row.plan === plan && row.reason_code !== null),
        (row) => row.reason_code === code,
      );
    expect(codeShare('starter', 'too_expensive')).toBeGreaterThan(
      codeShare('enterprise', 'too_expensive') + 0.08,
    );
    expect(codeShare('enterprise', 'switched_service')).toBeGreaterThan(
      codeShare('starter', 'switched_service') + 0.08,
    );
  });

  it('has a picked reason code on about 60% of self-serve requests', () => {
    const selfServe = cancellations.filter((row) => row.channel === 'self_serve');
    expect(share(selfServe, (row) => row.reason_code !== null)).toBeCloseTo(0.6, 1);
  });

  it('has many distinct verbatims with a repeated head of short answers', () => {
    const texts = cancellations.flatMap((row) =>
      row.reason_text ? [normalizeVerbatim(row.reason_text)] : [],
    );
    const counts = new Map<string, number>();
    for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
    expect(counts.size / texts.length).toBeGreaterThan(0.4);
    expect(counts.size / texts.length).toBeLessThan(0.9);
    expect(Math.max(...counts.values()) / texts.length).toBeGreaterThan(0.005);
  });

  it('gets more exit-survey answers from self-serve than from phone customers', () => {
    const responded = new Set(
      surveys.filter((row) => row.survey === 'exit').map((row) => row.cancellation_id),
    );
    const rate = (channel: string) =>
      share(
        cancellations.filter((row) => row.channel === channel),
        (row) => responded.has(row.id),
      );
    expect(rate('self_serve')).toBeGreaterThan(2 * rate('agent_phone'));
    expect(surveys.some((row) => row.survey === 'follow_up')).toBe(true);
  });
});

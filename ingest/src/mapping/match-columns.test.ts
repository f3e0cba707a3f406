import { describe, expect, it } from 'vitest';
import { findHeader, headerNames, normalizeHeader } from './column-synonyms.ts';
import { EMPTY_MAPPING, parseMapping } from './mapping-file.ts';
import { centsReadAsWrittenWarnings, detectKind, planColumns } from './match-columns.ts';

const CANCELLATION_EXPORT = [
  'Cancellation ID',
  'Customer',
  'Subscription',
  'Canceled At',
  'Channel',
  'Plan Name',
  'MRR',
  'Currency',
  'Tenure',
  'Outcome',
];

describe('normalizeHeader', () => {
  it.each([
    ['Churn Reason ', 'churn_reason'],
    ['churn-reason', 'churn_reason'],
    ['CHURN_REASON', 'churn_reason'],
    ['\uFEFFid', 'id'],
    ['Kündigungs Grund', 'kündigungs_grund'],
    ['tenureDays', 'tenure_days'],
    ['CustomerID', 'customer_id'],
    ['MRR', 'mrr'],
  ])('reads %j as %j', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });
});

describe('overlong headers', () => {
  /** "Customer ID" padded with spaces to `length` characters: a name once normalised, however long. */
  const paddedCustomerId = (length: number) => 'Customer ID'.padEnd(length, ' ');

  it('names a header of up to 1,000 characters as any other', () => {
    expect(headerNames(paddedCustomerId(1_000))).toEqual(['customer_id']);
    expect(findHeader([paddedCustomerId(1_000)], 'customer_id')).toBe(0);
  });

  it('gives a header longer than 1,000 characters no name, so it feeds no field and no mapping finds it', () => {
    const overlong = paddedCustomerId(1_001);
    expect(headerNames(overlong)).toEqual([]);
    expect(findHeader([overlong], 'customer_id')).toBe(-1);
    expect(findHeader(['customer_id'], overlong)).toBe(-1);
    const plan = planColumns('cancellations', ['Cancellation ID', overlong], EMPTY_MAPPING);
    expect(plan.matches.map((match) => match.field)).toEqual(['id', 'subscription_id']);
    expect(plan.unmatched).toEqual([overlong]);
  });

  it('is found by a mapping that names it exactly as written', () => {
    const overlong = paddedCustomerId(1_001);
    expect(findHeader(['id', overlong], overlong)).toBe(1);
  });

  it('gives an overlong header of dotted parts no name either, not even its last part', () => {
    // Split into its tails, a megabyte-long line with a dot every other character (a minified JSON document)
    // would be joined and normalised a million times over.
    const header = `${'a.'.repeat(500)}id`;
    expect(headerNames(header)).toEqual([]);
    expect(detectKind([header], EMPTY_MAPPING).plan.matches).toEqual([]);
  });
});

describe('planColumns', () => {
  it('matches names and synonyms case- and space-insensitively', () => {
    const plan = planColumns('cancellations', [...CANCELLATION_EXPORT, 'Feedback'], EMPTY_MAPPING);
    expect(Object.fromEntries(plan.matches.map((match) => [match.header, match.field]))).toEqual({
      'Cancellation ID': 'id',
      Customer: 'customer_id',
      Subscription: 'subscription_id',
      'Canceled At': 'requested_at',
      Channel: 'channel',
      'Plan Name': 'plan',
      MRR: 'mrr',
      Currency: 'currency',
      Tenure: 'tenure_days',
      Outcome: 'outcome',
      Feedback: 'reason_text',
    });
    expect(plan.missing).toEqual([]);
  });

  it("counts the tenure from the subscription's start date when a file gives no tenure in days", () => {
    const headers = CANCELLATION_EXPORT.filter((header) => header !== 'Tenure');
    const plan = planColumns('cancellations', [...headers, 'Subscription Start'], EMPTY_MAPPING);
    expect(plan.matches.find((match) => match.field === 'tenure_days')).toEqual({
      field: 'tenure_days',
      column: headers.length,
      header: 'Subscription Start',
      via: 'synonym',
      daysUntil: 'requested_at',
    });
    expect(plan.missing).toEqual([]);
    const withTenure = planColumns('cancellations', [...CANCELLATION_EXPORT, 'Start Date'], EMPTY_MAPPING);
    expect(withTenure.matches.find((match) => match.field === 'tenure_days')?.header).toBe('Tenure');
    expect(withTenure.unmatched).toEqual(['Start Date']);
  });

  it("takes the tenure from the customer's signup when a file has neither, and only with a customer column", () => {
    const headers = CANCELLATION_EXPORT.filter((header) => header !== 'Tenure');
    const plan = planColumns('cancellations', headers, EMPTY_MAPPING);
    expect(plan.customerSignupTenure).toBe(true);
    expect(plan.missing).toEqual([]);
    const anonymous = planColumns(
      'cancellations',
      headers.filter((header) => header !== 'Customer'),
      EMPTY_MAPPING,
    );
    expect(anonymous.customerSignupTenure).toBeUndefined();
    expect(anonymous.missing).toEqual(['customer_id', 'tenure_days']);
  });

  it('reads a time column whose header says it is in UTC as that time ("Canceled At (UTC)")', () => {
    const plan = planColumns('cancellations', ['Canceled At (UTC)', 'Handled At GMT'], EMPTY_MAPPING);
    expect(plan.matches.map((match) => [match.header, match.field])).toEqual([
      ['Canceled At (UTC)', 'requested_at'],
      ['Handled At GMT', 'handled_at'],
    ]);
  });

  it('matches a header qualified by a table name by its last part ("subscriptions.cancelled_at")', () => {
    const headers = [
      'subscriptions.id',
      'subscriptions.customer_id',
      'subscriptions.plan_id',
      'subscriptions.cancelled_at',
      'subscriptions.cancel_reason',
      'subscriptions.started_at',
    ];
    const plan = planColumns('cancellations', headers, EMPTY_MAPPING);
    expect(plan.matches.map((match) => [match.header, match.field])).toEqual([
      ['subscriptions.id', 'id'],
      ['subscriptions.id', 'subscription_id'],
      ['subscriptions.customer_id', 'customer_id'],
      ['subscriptions.plan_id', 'plan'],
      ['subscriptions.cancelled_at', 'requested_at'],
      ['subscriptions.started_at', 'tenure_days'],
    ]);
    expect(plan.ambiguousReason).toEqual({
      column: 4,
      header: 'subscriptions.cancel_reason',
      fields: ['reason_code', 'reason_text'],
    });
  });

  it('keeps a nested key whole before its last part: "customer.id" is the customer, not the record id', () => {
    const plan = planColumns('cancellations', ['customer.id', 'subscription.id'], EMPTY_MAPPING);
    expect(plan.matches.map((match) => [match.header, match.field])).toEqual([
      ['customer.id', 'customer_id'],
      ['subscription.id', 'subscription_id'],
      ['subscription.id', 'id'],
    ]);
  });

  it('matches a path three keys deep by its last two keys as a two-key path is matched whole, before its last key', () => {
    const headers = [
      'cancellation.reason.code',
      'cancellation.reason.text',
      'account.customer.id',
      'data.plan.name',
    ];
    const plan = planColumns('cancellations', headers, EMPTY_MAPPING);
    expect(plan.matches.map((match) => [match.header, match.field])).toEqual([
      ['cancellation.reason.code', 'reason_code'],
      ['cancellation.reason.text', 'reason_text'],
      ['account.customer.id', 'customer_id'],
      ['data.plan.name', 'plan'],
    ]);
    expect(plan.unmatched).toEqual([]);
  });

  it('matches no field to a column of lists or objects, by name, as a reason or through the mapping', () => {
    const headers = [...CANCELLATION_EXPORT, 'notes', 'Reason', 'Started At', 'comment'];
    const nested = new Map([
      ['notes', 'lists'],
      ['Reason', 'objects'],
      ['Started At', 'lists'],
    ] as const);
    const mapping = { ...EMPTY_MAPPING, columns: { notes: 'reason_text' } };
    const plan = planColumns('cancellations', headers, mapping, nested);
    expect(plan.matches.find((match) => match.field === 'reason_text')?.header).toBe('comment');
    expect(plan.ambiguousReason).toBeUndefined();
    expect(plan.unmatched).toEqual(['notes', 'Reason', 'Started At']);
  });

  it("reads Stripe's cancellation details as Sigma, warehouses and flattened JSON name them", () => {
    const spellings: [string, string, string][] = [
      ['cancellation_details_feedback', 'cancellation_details_comment', 'cancellation_details_reason'],
      ['cancellation_details.feedback', 'cancellation_details.comment', 'cancellation_details.reason'],
    ];
    for (const [feedback, comment, reason] of spellings) {
      const plan = planColumns('cancellations', [feedback, comment, reason], EMPTY_MAPPING);
      expect(plan.matches.map((match) => [match.header, match.field])).toEqual([
        [feedback, 'reason_code'],
        [comment, 'reason_text'],
        [reason, 'cancellation_trigger'],
      ]);
    }
  });

  it("uses a file's one identifier as both the cancellation's and its subscription's", () => {
    const withoutSubscription = CANCELLATION_EXPORT.filter((header) => header !== 'Subscription');
    const plan = planColumns('cancellations', withoutSubscription, EMPTY_MAPPING);
    expect(plan.matches.find((match) => match.field === 'subscription_id')).toMatchObject({
      header: 'Cancellation ID',
      sharedWith: 'id',
    });
    expect(plan.missing).toEqual([]);
    const both = planColumns('cancellations', CANCELLATION_EXPORT, EMPTY_MAPPING);
    expect(both.matches.filter((match) => match.sharedWith)).toEqual([]);
    const neither = planColumns(
      'cancellations',
      withoutSubscription.filter((header) => header !== 'Cancellation ID'),
      EMPTY_MAPPING,
    );
    expect(neither.missing).toEqual(['id', 'subscription_id']);
  });

  it('prefers a column named exactly like the field over a synonym, and lists the loser as unmatched', () => {
    const plan = planColumns('cancellations', ['cancelled_at', 'requested_at'], EMPTY_MAPPING);
    expect(plan.matches.find((match) => match.field === 'requested_at')?.header).toBe('requested_at');
    expect(plan.unmatched).toEqual(['cancelled_at']);
    expect(plan.secondColumns).toEqual(
      new Map([['cancelled_at', { field: 'requested_at', readFrom: 'requested_at' }]]),
    );
  });

  it('names the reason column read beside a second reason-like column it left unread', () => {
    const plan = planColumns(
      'cancellations',
      [...CANCELLATION_EXPORT, 'cancel_reason', 'Churn Reason'],
      EMPTY_MAPPING,
    );
    expect(plan.unmatched).toEqual(['Churn Reason']);
    expect(plan.secondColumns?.get('Churn Reason')).toEqual({
      field: 'reason_code or reason_text',
      readFrom: 'cancel_reason',
    });
  });

  it('gives no second column for a header that names no field at all', () => {
    const plan = planColumns('cancellations', [...CANCELLATION_EXPORT, 'Kommentar'], EMPTY_MAPPING);
    expect(plan.unmatched).toEqual(['Kommentar']);
    expect(plan.secondColumns).toBeUndefined();
  });

  it('lets the mapping file rename, ignore and default columns', () => {
    const plan = planColumns(
      'cancellations',
      [...CANCELLATION_EXPORT.filter((h) => h !== 'Currency'), 'Kündigungsgrund', 'Note'],
      {
        columns: { KÜNDIGUNGSGRUND: 'reason_text', Note: null },
        defaults: { currency: 'EUR' },
      },
    );
    expect(plan.matches.find((match) => match.field === 'reason_text')).toMatchObject({
      header: 'Kündigungsgrund',
      via: 'mapping',
    });
    expect(plan.defaults).toEqual({ currency: 'EUR' });
    expect(plan.unmatched).toEqual([]);
    expect(plan.missing).toEqual([]);
  });

  it("feeds each field of a mapping's list from the one column, which then also serves as subscription_id", () => {
    const headers = ['customer_id', 'cancelled_at', 'plan', 'mrr', 'currency'];
    const plan = planColumns('cancellations', headers, {
      columns: { customer_id: ['customer_id', 'id'] },
      defaults: { channel: 'self_serve', outcome: 'cancelled' },
    });
    expect(plan.matches.filter((match) => match.column === 0)).toEqual([
      { field: 'customer_id', column: 0, header: 'customer_id', via: 'mapping' },
      { field: 'id', column: 0, header: 'customer_id', via: 'mapping' },
      { field: 'subscription_id', column: 0, header: 'customer_id', via: 'synonym', sharedWith: 'id' },
    ]);
    expect(plan.missing).toEqual([]);
    expect(plan.unmatched).toEqual([]);
  });

  it("leaves a field of a mapping's list to another kind's files, as a single target is", () => {
    const mapping = { columns: { customer_id: ['customer_id', 'id'] }, defaults: {} };
    const plan = planColumns('customers', ['customer_id', 'signed_up_at', 'plan', 'country'], mapping);
    expect(plan.matches.find((match) => match.column === 0)).toMatchObject({ field: 'id', via: 'mapping' });
    expect(plan.missing).toEqual([]);
  });

  it('names the required fields that have neither a column nor a default', () => {
    expect(planColumns('offers', ['offer_id', 'offer_type'], EMPTY_MAPPING).missing).toEqual([
      'cancellation_id',
      'presented_at',
      'accepted',
    ]);
  });

  it('leaves a "Churn Reason" column to be decided from its values when both reason fields are free', () => {
    const plan = planColumns('cancellations', [...CANCELLATION_EXPORT, 'Churn Reason'], EMPTY_MAPPING);
    expect(plan.ambiguousReason).toEqual({
      column: 10,
      header: 'Churn Reason',
      fields: ['reason_code', 'reason_text'],
    });
    const withText = planColumns(
      'cancellations',
      [...CANCELLATION_EXPORT, 'Churn Reason', 'Comment'],
      EMPTY_MAPPING,
    );
    expect(withText.matches.find((match) => match.header === 'Churn Reason')?.field).toBe('reason_code');
  });

  it('reads a cancel flow\'s question as its export writes it ("Why are you leaving?") as the reason column', () => {
    const plan = planColumns(
      'cancellations',
      [...CANCELLATION_EXPORT, 'Why are you leaving?'],
      EMPTY_MAPPING,
    );
    expect(plan.ambiguousReason).toEqual({
      column: 10,
      header: 'Why are you leaving?',
      fields: ['reason_code', 'reason_text'],
    });
  });

  it('reads a CRM\'s "Churn reason details" as the text beside its "Churn reason" pick', () => {
    const plan = planColumns(
      'cancellations',
      [...CANCELLATION_EXPORT, 'Churn reason', 'Churn reason details'],
      EMPTY_MAPPING,
    );
    const field = (header: string) => plan.matches.find((match) => match.header === header)?.field;
    expect([field('Churn reason'), field('Churn reason details')]).toEqual(['reason_code', 'reason_text']);
  });
});

describe('planColumns: two synonyms of one field', () => {
  it("takes a customers file's Customer ID for the id, not the Customer name before it", () => {
    const plan = planColumns(
      'customers',
      ['Customer', 'Customer ID', 'Country', 'Plan', 'Signup Date'],
      EMPTY_MAPPING,
    );
    expect(plan.matches.find((match) => match.field === 'id')?.header).toBe('Customer ID');
    expect(plan.unmatched).toEqual(['Customer']);
  });
});

describe('detectKind', () => {
  it.each([
    { headers: CANCELLATION_EXPORT, kind: 'cancellations' },
    { headers: ['customer_id', 'signup_date', 'plan', 'country_code'], kind: 'customers' },
    { headers: ['offer_id', 'cancellation_id', 'offer', 'offered_at', 'was_accepted'], kind: 'offers' },
    {
      headers: ['response_id', 'customer_id', 'survey', 'submitted_at', 'question', 'answer'],
      kind: 'surveys',
    },
  ])('recognises $kind', ({ headers, kind }) => {
    const decision = detectKind(headers, EMPTY_MAPPING);
    expect(decision.plan.kind).toBe(kind);
    expect(decision.reason).toMatch(new RegExp(`^all \\d+ required ${kind} fields found`));
  });

  it('counts the required fields apart from all the fields matched', () => {
    const decision = detectKind(
      ['customer_id', 'signup_date', 'plan', 'country_code', 'segment'],
      EMPTY_MAPPING,
    );
    expect(decision.reason).toMatch(
      /^all 2 required customers fields found: 5 matched \(id, signed_up_at, plan, country, segment\); /,
    );
  });

  it('takes a cancellations export without an outcome column for cancellations, not customers', () => {
    // Every required customers field is there; as customers, the dates, reasons and comments would be ignored.
    const headers = [
      'Subscription ID',
      'Customer ID',
      'Country',
      'Plan',
      'Signup Date',
      'Cancelled At',
      'Channel',
      'MRR',
      'Currency',
      'Reason',
      'Comment',
    ];
    const decision = detectKind(headers, EMPTY_MAPPING);
    expect(decision.plan.kind).toBe('cancellations');
    expect(decision.plan.missing).toEqual(['outcome']);
    expect(decision.reason).toBe(
      'its requested_at, reason_code, reason_text columns are cancellations data, which customers would ignore; as cancellations it lacks outcome',
    );
  });

  it('takes a churn export with a churn date and a "Churn Reason" to be settled for cancellations', () => {
    const headers = [
      'Customer ID',
      'Email',
      'Plan',
      'Country',
      'Customer Since',
      'Churn Date',
      'Churn Reason',
    ];
    const decision = detectKind(headers, EMPTY_MAPPING);
    expect(decision.plan.kind).toBe('cancellations');
    expect(decision.reason).toMatch(/^its requested_at, reason_code columns are cancellations data/);
  });

  it('still takes a customers file with one date beside its customer fields for customers', () => {
    const decision = detectKind(
      ['customer_id', 'signup_date', 'plan', 'country_code', 'cancelled_at'],
      EMPTY_MAPPING,
    );
    expect(decision.plan.kind).toBe('customers');
  });

  it("takes Stripe's customer export (Created (UTC), Address Country, no plan) for customers", () => {
    const decision = detectKind(
      ['id', 'Description', 'Email', 'Name', 'Created (UTC)', 'Card ID', 'Delinquent', 'Address Country'],
      EMPTY_MAPPING,
    );
    expect(decision.plan.kind).toBe('customers');
    expect(decision.plan.matches.map((match) => [match.header, match.field])).toEqual([
      ['id', 'id'],
      ['Created (UTC)', 'signed_up_at'],
      ['Address Country', 'country'],
    ]);
  });

  it('takes no file for customers on an id and a date alone, and says how to load it as customers', () => {
    const decision = detectKind(['id', 'created_at', 'subject', 'priority'], EMPTY_MAPPING);
    expect(decision.plan.kind).not.toBe('customers');
    expect(decision.plan.missing.length).toBeGreaterThan(0);
    expect(decision.reason).toMatch(
      /; it has the id and signup date customers need, but no plan, country or segment to tell it is customers \(pass --kind customers to load it as such\)$/,
    );
  });

  it('says which fields the closest kind lacks', () => {
    const decision = detectKind(['offer_id', 'offer_type'], EMPTY_MAPPING);
    expect(decision.reason).toBe(
      'closest match is offers (id, offer_type), but it lacks cancellation_id, presented_at, accepted',
    );
  });
});

describe("planColumns: the mapping's values", () => {
  const plan = (values: Record<string, Record<string, string>>) =>
    planColumns('cancellations', CANCELLATION_EXPORT, { ...EMPTY_MAPPING, values });

  it('keys each spelling as enum values are matched: lower case, spaces and dashes as "_"', () => {
    expect(plan({ channel: { 'Live-Agent Call': 'agent_phone' } })).toMatchObject({
      valueSpellings: { channel: { live_agent_call: 'agent_phone' } },
      valueProblems: [],
    });
  });

  it("leaves the values of another kind's field to that kind's files", () => {
    expect(plan({ offer_type: { Rabatt: 'discount' } })).toMatchObject({
      valueSpellings: {},
      valueProblems: [],
    });
  });

  it.each([
    [{ plan: { Pro: 'pro' } }, 'values.plan: plan has no fixed list of values to map to'],
    [{ scroe: { hi: '9' } }, 'values.scroe: no kind has a field scroe'],
    [{ channel: { Phone: 'fax' } }, 'values.channel: "Phone" maps to "fax", which is not one of'],
    [{ outcome: { Saved: 'cancelled' } }, 'values.outcome: "Saved" is already one of the outcome values'],
  ])('says what it cannot use in %j', (values, problem) => {
    const [first] = plan(values).valueProblems;
    expect(first).toContain(problem);
  });
});

describe('planColumns: the MRR in minor units (cents)', () => {
  const WITHOUT_MRR = CANCELLATION_EXPORT.filter((header) => header !== 'MRR');
  const mrrMatch = (headers: string[], mapping = EMPTY_MAPPING) =>
    planColumns('cancellations', headers, mapping).matches.find((match) => match.field === 'mrr');

  it.each([
    'Monthly Price (in cents)',
    'MRR in Cents',
    'mrr_cents',
    'monthlyAmountInCents',
    'plans.mrr_in_cents',
  ])('reads a column headed %j as the MRR in minor units, without a mapping', (header) => {
    expect(mrrMatch([...WITHOUT_MRR, header])).toEqual({
      field: 'mrr',
      column: WITHOUT_MRR.length,
      header,
      via: 'synonym',
      minorUnits: true,
    });
  });

  it.each(['unit_amount', 'price', 'amount', 'cents', 'price_cents', 'subscription_unit_amount_in_cents'])(
    'does not read %j as the MRR: the header does not say both monthly amount and cents (a price may be yearly)',
    (header) => {
      const plan = planColumns('cancellations', [...WITHOUT_MRR, header], EMPTY_MAPPING);
      expect(plan.missing).toEqual(['mrr']);
      expect(plan.unmatched).toEqual([header]);
    },
  );

  it('takes a column of the MRR as written before one in cents, and lists the cents one as ignored', () => {
    const plan = planColumns('cancellations', [...CANCELLATION_EXPORT, 'price_cents'], EMPTY_MAPPING);
    expect(plan.matches.find((match) => match.field === 'mrr')).toMatchObject({ header: 'MRR' });
    expect(plan.unmatched).toEqual(['price_cents']);
  });

  it('reads a column the mapping maps to "mrr_minor_units" as the MRR in minor units', () => {
    const mapping = { columns: { 'Betrag (Cent)': 'mrr_minor_units' }, defaults: {} };
    const plan = planColumns('cancellations', [...WITHOUT_MRR, 'Betrag (Cent)'], mapping);
    expect(plan.matches.find((match) => match.field === 'mrr')).toEqual({
      field: 'mrr',
      column: WITHOUT_MRR.length,
      header: 'Betrag (Cent)',
      via: 'mapping',
      minorUnits: true,
    });
    expect(plan).toMatchObject({ missing: [], unmatched: [] });
  });

  it('leaves a mapping to "mrr_minor_units" alone in a file of another kind', () => {
    const mapping = { columns: { price_cents: 'mrr_minor_units' }, defaults: {} };
    const plan = planColumns('offers', ['offer_id', 'price_cents'], mapping);
    expect(() => parseMapping(JSON.stringify(mapping), 'mapping')).not.toThrow();
    expect(plan.matches.map((match) => match.field)).toEqual(['id']);
  });
});

describe('centsReadAsWrittenWarnings', () => {
  const warnings = (headers: string[], columns: Record<string, string>) =>
    centsReadAsWrittenWarnings(planColumns('cancellations', headers, { columns, defaults: {} }).matches);

  it('warns, in one sentence saying how to map it, of a column mapped to mrr whose name says cents', () => {
    expect(warnings(['id', 'price_cents'], { price_cents: 'mrr' })).toEqual([
      'mrr: column "price_cents" is read as written, but its name says minor units: if 4900 in it means 49.00, ' +
        'map it to "mrr_minor_units" instead ({"columns": {"price_cents": "mrr_minor_units"}})',
    ]);
  });

  it.each([
    ['Amount (in cents)', true],
    ['amount_minor', true],
    ['Total Cent', true],
    ['percent_of_plan', false],
    ['Monthly Fee', false],
  ])('for a column %j mapped to mrr, warns: %s', (header, warned) => {
    expect(warnings(['id', header], { [header]: 'mrr' })).toHaveLength(warned ? 1 : 0);
  });

  it('says nothing of a column read in minor units, or of a plain MRR column', () => {
    expect(warnings(['id', 'price_cents'], { price_cents: 'mrr_minor_units' })).toEqual([]);
    expect(warnings(['id', 'price_cents'], {})).toEqual([]);
    expect(warnings(CANCELLATION_EXPORT, {})).toEqual([]);
  });
});

describe('planColumns: a date and its time of day in two columns', () => {
  const WITHOUT_DATE = CANCELLATION_EXPORT.filter((header) => header !== 'Canceled At');
  const timeOf = (plan: ReturnType<typeof planColumns>, field: string) =>
    plan.matches.find((match) => match.field === field)?.timeOfDay;

  it('reads "Cancel Time" as the time of day of "Cancel Date", and no longer lists it as ignored', () => {
    const plan = planColumns('cancellations', [...WITHOUT_DATE, 'Cancel Date', 'Cancel Time'], EMPTY_MAPPING);
    expect(timeOf(plan, 'requested_at')).toEqual({ column: WITHOUT_DATE.length + 1, header: 'Cancel Time' });
    expect(plan.unmatched).toEqual([]);
    const utc = planColumns(
      'cancellations',
      [...WITHOUT_DATE, 'Cancel Date (UTC)', 'Cancel Time (UTC)'],
      EMPTY_MAPPING,
    );
    expect(timeOf(utc, 'requested_at')?.header).toBe('Cancel Time (UTC)');
  });

  it('pairs "Date" with "Time" and "Date Cancelled" with "Time Cancelled"', () => {
    const mapping = { columns: { Date: 'requested_at' }, defaults: {} };
    expect(
      timeOf(planColumns('cancellations', [...WITHOUT_DATE, 'Time', 'Date'], mapping), 'requested_at'),
    ).toEqual({ column: WITHOUT_DATE.length, header: 'Time' });
    const cancelled = { columns: { 'Date Cancelled': 'requested_at' }, defaults: {} };
    const headers = [...WITHOUT_DATE, 'Date Cancelled', 'Time Cancelled'];
    expect(timeOf(planColumns('cancellations', headers, cancelled), 'requested_at')?.header).toBe(
      'Time Cancelled',
    );
  });

  it('pairs nothing when two columns could be the time, or the date column has no "date" in its name', () => {
    const twice = planColumns(
      'cancellations',
      [...WITHOUT_DATE, 'Cancel Date', 'Cancel Time', 'cancel_time'],
      EMPTY_MAPPING,
    );
    expect(timeOf(twice, 'requested_at')).toBeUndefined();
    expect(twice.unmatched).toEqual(['Cancel Time', 'cancel_time']);
    const canceledAt = planColumns('cancellations', [...CANCELLATION_EXPORT, 'Cancel Time'], EMPTY_MAPPING);
    expect(timeOf(canceledAt, 'requested_at')).toBeUndefined();
  });

  it('reads a column the mapping maps to "requested_at_time" as the time of day of requested_at', () => {
    const mapping = parseMapping(
      JSON.stringify({ columns: { Datum: 'requested_at', Uhrzeit: 'requested_at_time' } }),
      'mapping',
    );
    const plan = planColumns('cancellations', [...WITHOUT_DATE, 'Datum', 'Uhrzeit'], mapping);
    expect(timeOf(plan, 'requested_at')).toEqual({ column: WITHOUT_DATE.length + 1, header: 'Uhrzeit' });
    expect(plan.unmatched).toEqual([]);
  });
});

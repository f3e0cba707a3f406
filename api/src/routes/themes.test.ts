import type { ReasonCode } from '@churnlens/models';
import { describe, expect, it } from 'vitest';
import type { EmergingTheme } from '../schemas/themes.ts';
import { CHURN_FIXTURE, type ChurnFixture, type FixtureCancellation } from '../testing/churn-fixture.ts';
import { useTestApp } from '../testing/test-app.ts';

/**
 * A cancellation with free text and no classification: its effective reason is `reasonCode`, by default none,
 * which makes it 'other'.
 */
function verbatim(
  id: string,
  requestedAt: string,
  text: string,
  reasonCode: ReasonCode | null = null,
): FixtureCancellation {
  return {
    ...(CHURN_FIXTURE.cancellations[0] as FixtureCancellation),
    id,
    requestedAt,
    channel: 'email',
    reasonCode,
    reasonText: text,
  };
}

// The fixture's June (current period) has 10 cancellations with text and May (previous period) 4, plus the
// May survey answer s7: 10 and 5 documents. We plant "ai assistant" in 8 June texts and 1 May text, and three
// June texts about an acquisition.
const planted: FixtureCancellation[] = [
  verbatim('p1', '2024-06-21 10:00:00', 'Switched to an AI assistant that does it for free'),
  verbatim('p2', '2024-06-22 10:00:00', 'Switched to an AI assistant that does it for free'),
  verbatim('p3', '2024-06-23 10:00:00', 'Switched to an AI assistant that does it for free'),
  verbatim('p4', '2024-06-24 10:00:00', 'The AI assistant in our CRM replaced you'),
  verbatim('p5', '2024-06-25 10:00:00', 'The AI assistant in our CRM replaced you'),
  verbatim('p6', '2024-06-26 10:00:00', 'An ai assistant writes our reports now'),
  verbatim('p7', '2024-06-27 10:00:00', 'An ai assistant writes our reports now'),
  verbatim('p8', '2024-06-28 10:00:00', 'Our new AI Assistant is good enough'),
  verbatim('p9', '2024-05-12 10:00:00', 'We tried an AI assistant once'),
  verbatim('q1', '2024-06-11 10:00:00', 'Company was acquired by Globex'),
  verbatim('q2', '2024-06-12 10:00:00', 'We were acquired, the new owner uses other tools'),
  verbatim('q3', '2024-06-13 10:00:00', 'Acquired by a bigger firm'),
];
const fixture: ChurnFixture = {
  ...CHURN_FIXTURE,
  cancellations: [...CHURN_FIXTURE.cancellations, ...planted],
};
const CURRENT_DOCUMENTS = 10 + 8 + 3;
const PREVIOUS_DOCUMENTS = 5 + 1;

describe('GET /api/themes', () => {
  const t = useTestApp({ fixture });

  it('compares the last 30 days with the 30 days before, counting verbatims', async () => {
    const { status, body } = await t.getJson('/api/themes');
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2024-06-01', to: '2024-06-30' });
    expect(body.previousPeriod).toEqual({ from: '2024-05-02', to: '2024-05-31' });
    expect(body.documents).toEqual({ current: CURRENT_DOCUMENTS, previous: PREVIOUS_DOCUMENTS });
  });

  it('says the fewest verbatims a phrase or a cluster is listed with, for the dashboard to quote', async () => {
    const { body } = await t.getJson('/api/themes');
    expect(body.minDocuments).toBe(3);
  });

  it('finds the planted phrase first, as one phrase rather than its words, with counts and growth', async () => {
    const { body } = await t.getJson('/api/themes');
    const [top] = body.emerging;
    const currentShare = 8 / CURRENT_DOCUMENTS;
    const previousShare = 1 / PREVIOUS_DOCUMENTS;
    expect(top).toMatchObject({ phrase: 'ai assistant', current: 8, previous: 1 });
    expect(top.currentShare).toBeCloseTo(currentShare, 12);
    expect(top.previousShare).toBeCloseTo(previousShare, 12);
    expect(top.growth).toBeCloseTo(currentShare / previousShare - 1, 12);
    expect(top.score).toBeCloseTo((currentShare - previousShare) * (Math.log((1 + 6) / (1 + 1)) + 1), 12);
    expect(body.emerging.map((entry: EmergingTheme) => entry.phrase)).not.toContain('ai');
    expect(body.emerging.map((entry: EmergingTheme) => entry.phrase)).not.toContain('assistant');
  });

  it('gives each phrase the documented fields and no others', async () => {
    const { body } = await t.getJson('/api/themes');
    expect(Object.keys(body.emerging[0]).sort()).toEqual(
      [
        'phrase',
        'current',
        'previous',
        'currentShare',
        'previousShare',
        'growth',
        'score',
        'pValue',
        'qValue',
      ]
        .concat(['weekly', 'examples', 'related'])
        .sort(),
    );
  });

  it('gives each phrase its documents and share per calendar week across both periods', async () => {
    const { body } = await t.getJson('/api/themes');
    // Weeks run Monday to Sunday, from the week of 2024-05-02 to the week of 2024-06-30; a week's share is
    // of all its documents (e.g. 5 of the 8 verbatims of the week of 24 June mention the assistant).
    expect(body.emerging[0].weekly).toEqual([
      { week: '2024-04-29', documents: 0, share: 0 },
      { week: '2024-05-06', documents: 1, share: 1 / 2 },
      { week: '2024-05-13', documents: 0, share: null },
      { week: '2024-05-20', documents: 0, share: 0 },
      { week: '2024-05-27', documents: 0, share: 0 },
      { week: '2024-06-03', documents: 0, share: 0 },
      { week: '2024-06-10', documents: 0, share: 0 },
      { week: '2024-06-17', documents: 3, share: 3 / 4 },
      { week: '2024-06-24', documents: 5, share: 5 / 8 },
    ]);
  });

  it('lists the weeks that have verbatims, not every week of a window of centuries', async () => {
    const { status, body } = await t.getJson('/api/themes?from=1900-01-01&to=2999-12-31');
    expect(status).toBe(200);
    // The fixture's first verbatim is of Friday 2024-03-15 (c19), its last of Friday 2024-06-28 (p8).
    const weeks = body.emerging[0].weekly.map((entry: { week: string }) => entry.week);
    expect([weeks[0], weeks.at(-1), weeks.length]).toEqual(['2024-03-11', '2024-06-24', 16]);
  });

  it('gives three distinct example verbatims, newest first', async () => {
    const { body } = await t.getJson('/api/themes');
    expect(body.emerging[0].examples).toEqual([
      'Our new AI Assistant is good enough',
      'An ai assistant writes our reports now',
      'The AI assistant in our CRM replaced you',
    ]);
  });

  it('ranks equally new phrases of equal frequency alphabetically and honours limit', async () => {
    const { body } = await t.getJson('/api/themes?limit=3');
    // acquired (q1–q3), budget (c01, c05, c12): 3 June verbatims each, none in May.
    expect(
      body.emerging.map((entry: EmergingTheme) => [
        entry.phrase,
        entry.current,
        entry.previous,
        entry.growth,
      ]),
    ).toEqual([
      ['ai assistant', 8, 1, expect.any(Number)],
      ['acquired', 3, 0, null],
      ['budget', 3, 0, null],
    ]);
  });

  it("names the phrases found mostly in the planted phrase's verbatims under it instead of listing them", async () => {
    const { body } = await t.getJson('/api/themes?limit=50');
    // "switched" and "free" are only in the 3 June verbatims "Switched to an AI assistant that does it for
    // free", and "expensive" only in the 3 "Too expensive for our budget".
    expect(body.emerging.map((entry: EmergingTheme) => [entry.phrase, entry.related])).toEqual([
      ['ai assistant', ['free', 'switched']],
      ['acquired', []],
      ['budget', ['expensive']],
    ]);
  });

  it("lists through /api/verbatims?phrase= the very cancellations whose text a phrase's count holds", async () => {
    const { body: themes } = await t.getJson('/api/themes');
    const june = 'from=2024-06-01&to=2024-06-30';
    const { body: listed } = await t.getJson(`/api/verbatims?${june}&phrase=ai%20assistant`);
    expect([themes.emerging[0].phrase, themes.emerging[0].current]).toEqual(['ai assistant', 8]);
    expect(listed.total).toBe(8);
    expect(listed.items.map((item: { cancellation: { id: string } }) => item.cancellation.id).sort()).toEqual(
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'],
    );
    // Case is ignored; words are whole words in order, so a prefix or the words apart find nothing.
    expect((await t.getJson(`/api/verbatims?${june}&phrase=AI%20Assistant`)).body.total).toBe(8);
    expect((await t.getJson(`/api/verbatims?${june}&phrase=ai%20assist`)).body.total).toBe(0);
    expect((await t.getJson(`/api/verbatims?${june}&phrase=assistant%20ai`)).body.total).toBe(0);
  });

  it('never returns a phrase that starts or ends with a stopword', async () => {
    const { body } = await t.getJson('/api/themes?limit=50');
    for (const entry of body.emerging) {
      expect(entry.phrase).not.toMatch(/^(an?|the|our|to|that|it|for) |\s(an?|the|our|to|that|it|for)$/);
    }
  });

  it("clusters the period's unexplained verbatims into candidate new reasons", async () => {
    const { body } = await t.getJson('/api/themes');
    // Unexplained in June: p1–p8, q1–q3 (unclassified), c09 (unclassified), c10 (needs review).
    expect(body.candidateReasons).toEqual([
      {
        phrase: 'ai assistant',
        size: 8,
        examples: [
          'Our new AI Assistant is good enough',
          'An ai assistant writes our reports now',
          'The AI assistant in our CRM replaced you',
        ],
      },
      {
        phrase: 'acquired',
        size: 3,
        examples: [
          'Acquired by a bigger firm',
          'We were acquired, the new owner uses other tools',
          'Company was acquired by Globex',
        ],
      },
    ]);
  });

  it('still clusters the verbatims when filtered to reason other, which leaves few or no explained ones to compare with', async () => {
    const { body } = await t.getJson('/api/themes?reason=other');
    expect(
      body.candidateReasons.map((cluster: { phrase: string; size: number }) => [
        cluster.phrase,
        cluster.size,
      ]),
    ).toEqual([
      ['ai assistant', 8],
      ['acquired', 3],
    ]);
  });

  it('applies the common filters to both periods', async () => {
    const { body } = await t.getJson('/api/themes?channel=email');
    // email: c05 and c11 (June), the 12 planted rows (11 June, 1 May); c19 is older than both periods.
    expect(body.documents).toEqual({ current: 13, previous: 1 });
  });

  it('adjusts each p-value for all eight phrases in three verbatims or more of the period', async () => {
    // June's phrases in three verbatims or more: "acquired", "ai", "ai assistant", "assistant", "budget",
    // "expensive", "free", "switched". Each is in 3 of 21 and 0 of 6, or 8 of 21 and 1 of 6: both z = 0.982,
    // p = 0.326, so tied and the eight q-values are p × 8 / 8.
    const { body } = await t.getJson('/api/themes?limit=1');
    expect(body.phrasesTested).toBe(8);
    expect(body.emerging[0]).toMatchObject({ phrase: 'ai assistant', pValue: expect.closeTo(0.3261, 4) });
    expect(body.emerging[0].qValue).toBeCloseTo(body.emerging[0].pValue, 12);
  });

  it('tests no phrase of a period it does not compare', async () => {
    const { body } = await t.getJson('/api/themes?from=2024-06-15&to=2024-07-14');
    expect(body.phrasesTested).toBeNull();
    expect(body.emerging.every((entry: EmergingTheme) => entry.qValue === null)).toBe(true);
  });

  it('says reasonSpecificOnly only of periods not compared', async () => {
    expect((await t.getJson('/api/themes')).body.reasonSpecificOnly).toBe(false);
  });

  it('compares the periods when the data covers both', async () => {
    const { body } = await t.getJson('/api/themes');
    expect(body.notCompared).toBeNull();
    expect(body.emerging[0]).toMatchObject({
      phrase: 'ai assistant',
      previous: 1,
      growth: expect.any(Number),
      score: expect.any(Number),
      pValue: expect.any(Number),
    });
  });

  it('lists the most frequent phrases, none new or rising, when the data begins after the previous period does', async () => {
    // The previous period, 2024-01-29 … 2024-04-14, starts before c19 of 2024-03-15, the oldest request: the
    // phrases of the current period's May and June are absent from it only because the data is.
    const { body } = await t.getJson('/api/themes?from=2024-04-15&to=2024-06-30&limit=3');
    expect(body.notCompared).toBe('the data begins on 2024-03-15');
    expect(body.documents).toEqual({ current: CURRENT_DOCUMENTS + PREVIOUS_DOCUMENTS, previous: 1 });
    expect(
      body.emerging.map((entry: EmergingTheme) => [
        entry.phrase,
        entry.current,
        entry.previous,
        entry.growth,
        entry.score,
        entry.pValue,
      ]),
    ).toEqual([
      ['ai assistant', 9, 0, null, null, null],
      ['acquired', 3, 0, null, null, null],
      ['budget', 3, 0, null, null, null],
    ]);
    expect(body.emerging[0].currentShare).toBeCloseTo(9 / (CURRENT_DOCUMENTS + PREVIOUS_DOCUMENTS), 12);
  });

  it('compares nothing when the period runs past the newest request', async () => {
    const { body } = await t.getJson('/api/themes?from=2024-06-15&to=2024-07-14');
    expect(body.notCompared).toBe('the data ends on 2024-06-30, 16 of the period’s 30 days');
    expect(body.emerging[0]).toMatchObject({
      phrase: 'ai assistant',
      growth: null,
      score: null,
      pValue: null,
    });
  });

  it('calls no phrase new when the previous period has no verbatims at all', async () => {
    // Email requests of 2024-06-21 … 2024-06-27: p1–p7; of the week before, none.
    const { body } = await t.getJson('/api/themes?from=2024-06-21&to=2024-06-27&channel=email');
    expect(body.documents).toEqual({ current: 7, previous: 0 });
    expect(body.notCompared).toBe('the previous period has no verbatims');
    expect(body.emerging[0]).toMatchObject({
      phrase: 'ai assistant',
      current: 7,
      previous: 0,
      currentShare: 1,
      previousShare: null,
      growth: null,
    });
  });

  it('returns empty lists for a period without verbatims', async () => {
    const { status, body } = await t.getJson('/api/themes?from=2020-01-01&to=2020-01-31');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      documents: { current: 0, previous: 0 },
      emerging: [],
      candidateReasons: [],
    });
  });

  it('rejects a limit outside 1–50, or empty', async () => {
    for (const limit of ['0', '51', 'ten', '2.5', '']) {
      const { status, body } = await t.getJson(`/api/themes?limit=${limit}`);
      expect(status).toBe(400);
      expect(body.message).toContain('limit:');
    }
  });
});

describe('GET /api/themes candidate reasons among filler', () => {
  // June call notes: the agents' "call notes" and "need" fill the texts of every reason. Of the unexplained
  // ones, four name a closed gym and three a move abroad; six more give no reason at all.
  const explainedNotes = [
    ['too_expensive', 'Call notes: too pricey, they need a cheaper option'],
    ['unused', 'Call notes: not used in months, need to save'],
    ['missing_features', 'Call notes: they need a Gantt view'],
    ['switched_service', 'Call notes: switched to Jira, need its integration'],
    ['customer_service', 'Call notes: support never answered, need faster replies'],
    ['too_complex', 'Call notes: too hard to set up, need something simpler'],
    ['low_quality', 'Call notes: crashes daily, need a stable app'],
  ] as const;
  const explained = [1, 2].flatMap((copy) =>
    explainedNotes.map(([reason, text], index) =>
      verbatim(`e${copy}${index}`, `2024-06-${10 + index} 1${copy}:00:00`, text, reason),
    ),
  );
  const unexplained = [
    'Call notes: my gym closed, need to cancel',
    'Call notes: need to cancel, my gym closed down',
    'My gym closed. Call me if you need anything',
    'call notes: the gym closed',
    'Call notes: moving abroad, need to stop',
    'Moving abroad next month, call notes say they need nothing else',
    'call notes: moving abroad',
    'Nothing',
    'nothing, sorry',
    'Call notes: nothing. Just to let you know',
    'This is to let you know we are cancelling',
    'Hi, just to let you know: cancel asap',
    'Please cancel at the end of the month',
  ].map((text, index) => verbatim(`u${index}`, `2024-06-${10 + index} 09:00:00`, text));
  const t = useTestApp({
    fixture: {
      ...CHURN_FIXTURE,
      cancellations: [...CHURN_FIXTURE.cancellations, ...explained, ...unexplained],
    },
  });

  it('clusters unexplained verbatims by the reason they name, not by the filler every reason uses', async () => {
    const { body } = await t.getJson('/api/themes');
    expect(
      body.candidateReasons.map((cluster: { phrase: string; size: number }) => [
        cluster.phrase,
        cluster.size,
      ]),
    ).toEqual([
      // The fixture's own "Café closed, meh" (c09) joins the four gyms by "closed".
      ['gym closed', 5],
      ['moving abroad', 3],
    ]);
  });

  it("lists a candidate reason's unexplained verbatims with its phrase through /api/verbatims", async () => {
    const { body } = await t.getJson('/api/themes');
    const { from, to } = body.period;
    const { body: listed } = await t.getJson(
      `/api/verbatims?from=${from}&to=${to}&phrase=gym%20closed&unexplained=true`,
    );
    // Four of the cluster's five: the fixture's "Café closed, meh" joined it by "closed" alone.
    expect(listed.items.map((item: { text: string }) => item.text).sort()).toEqual([
      'Call notes: my gym closed, need to cancel',
      'Call notes: need to cancel, my gym closed down',
      'My gym closed. Call me if you need anything',
      'call notes: the gym closed',
    ]);
  });

  it('offers no filler, non-answer or courtesy as a candidate reason', async () => {
    const { body } = await t.getJson('/api/themes');
    const phrases = body.candidateReasons.map((cluster: { phrase: string }) => cluster.phrase).join(' | ');
    expect(phrases).not.toMatch(/\b(call|notes|need|nothing|let|know|asap|end)\b/);
  });

  it('lists no word found under every reason among the frequent phrases of a period not compared', async () => {
    // The data begins on 2024-03-15, after this period's previous one begins. "call notes" (21 verbatims) and
    // "need" fill the texts of all eight reasons; listed by verbatims alone, "call notes" came first and named
    // the others under it. "gym closed" and "moving abroad" are only under other.
    const { body } = await t.getJson('/api/themes?from=2024-04-15&to=2024-06-30&limit=10');
    expect(body.notCompared).toBe('the data begins on 2024-03-15');
    expect(body.reasonSpecificOnly).toBe(true);
    const listed = body.emerging.flatMap((theme: EmergingTheme) => [theme.phrase, ...theme.related]);
    expect(listed).not.toContain('call notes');
    expect(listed).not.toContain('need');
    expect(listed).toEqual(expect.arrayContaining(['gym closed', 'moving abroad']));
  });

  it('lists the most frequent phrases, "call notes" first, when the filters leave the period one reason', async () => {
    const { body } = await t.getJson('/api/themes?from=2024-04-15&to=2024-06-30&reason=other');
    expect(body.notCompared).toBe('the data begins on 2024-03-15');
    expect(body.reasonSpecificOnly).toBe(false);
    expect(body.emerging[0]?.phrase).toBe('call notes');
  });
});

describe('GET /api/themes examples among verbatims of the same date', () => {
  // Four of the five verbatims naming the broken export were given at the same minute, after the fifth.
  const sameMinute = '2024-06-20 09:00:00';
  const exportBroke = [
    verbatim('x1', '2024-06-15 09:00:00', 'The CSV export broke in June'),
    verbatim('x2', sameMinute, 'Charlie team: the CSV export broke'),
    verbatim('x3', sameMinute, 'Delta team: the CSV export broke'),
    verbatim('x4', sameMinute, 'Alpha team: the CSV export broke'),
    verbatim('x5', sameMinute, 'Bravo team: the CSV export broke'),
  ];
  const newestAlphabetically = [
    'Alpha team: the CSV export broke',
    'Bravo team: the CSV export broke',
    'Charlie team: the CSV export broke',
  ];
  const t = useTestApp({
    fixture: { ...CHURN_FIXTURE, cancellations: [...CHURN_FIXTURE.cancellations, ...exportBroke] },
  });

  it("breaks a tie between a phrase's newest verbatims alphabetically", async () => {
    const { body } = await t.getJson('/api/themes');
    const exportPhrases = body.emerging.filter((theme: EmergingTheme) => theme.phrase.includes('export'));
    expect(exportPhrases.length).toBeGreaterThan(0);
    for (const theme of exportPhrases) expect(theme.examples).toEqual(newestAlphabetically);
  });

  it("breaks a tie between a candidate reason's newest verbatims alphabetically", async () => {
    const { body } = await t.getJson('/api/themes');
    const cluster = body.candidateReasons.find((reason: { phrase: string }) =>
      reason.phrase.includes('export'),
    );
    expect(cluster).toMatchObject({ size: 5, examples: newestAlphabetically });
  });
});

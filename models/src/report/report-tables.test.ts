import { describe, expect, it } from 'vitest';
import type { ChannelRow, InsightReport, OfferRow, ThemeRow } from './insight-report.ts';
import {
  formatCell,
  type ReportTable,
  rawColumnTitle,
  reportHeadingLines,
  reportTables,
  tableAsRead,
} from './report-tables.ts';

function offer(reason: OfferRow['reason'], offerType: OfferRow['offerType'], presented: number): OfferRow {
  return {
    reason,
    offerType,
    presented,
    accepted: Math.round(presented / 2),
    rate: 0.5,
    low: 0.3,
    high: 0.7,
    smallSample: presented < 30,
    keptAt30: null,
    keptAt30Judged: 0,
  };
}

const REPORT: InsightReport = {
  title: 'Churn insight report',
  generatedAt: '2026-04-01T09:30:00.000Z',
  period: { from: '2026-03-01', to: '2026-03-30', days: 30 },
  previousPeriod: { from: '2026-01-30', to: '2026-02-28', days: 30 },
  notCompared: null,
  themesNotCompared: null,
  themesReasonSpecificOnly: false,
  themesTested: 400,
  currency: 'EUR',
  filters: [
    { name: 'Plan', value: 'pro' },
    { name: 'Country', value: 'DE' },
  ],
  kpis: [
    {
      key: 'requests',
      label: 'Cancellation requests',
      unit: 'count',
      current: 120,
      previous: 100,
      change: 0.2,
      significant: true,
    },
    {
      key: 'save_rate',
      label: 'Save rate',
      unit: 'ratio',
      current: 0.25,
      previous: 0.2,
      change: 0.05,
      significant: true,
    },
    {
      key: 'mrr_lost',
      label: 'MRR lost',
      unit: 'money',
      current: 1234,
      previous: null,
      change: null,
      significant: false,
    },
  ],
  reasons: [],
  offers: [
    offer('too_expensive', 'discount', 40),
    offer('too_expensive', 'pause', 12),
    offer('unused', 'pause', 8),
  ],
  channels: [],
  agents: [],
  themes: [],
  narrative: [
    { text: 'Cancellation requests rose 20%.', figures: ['kpi.requests.change', 'offer.unused.pause.rate'] },
  ],
};

function table(id: string, report: InsightReport = REPORT) {
  const found = reportTables(report).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} table`);
  return found;
}

/** The cells as PDF and Markdown print them. */
function printed(found: ReportTable): string[][] {
  return tableAsRead(found).rows.map((row) => row.map((cell) => formatCell(cell, REPORT.currency)));
}

describe('report tables', () => {
  it('opens with the period, the comparison and the filters', () => {
    expect(reportHeadingLines(REPORT)).toEqual([
      'Period: 2026-03-01 to 2026-03-30 (30 days)',
      'Compared with: 2026-01-30 to 2026-02-28',
      'Filters: Plan: pro; Country: DE',
      'Generated: 2026-04-01 09:30 UTC',
    ]);
  });

  it('writes a period of one day as “1 day”', () => {
    const oneDay = { ...REPORT, period: { from: '2026-03-01', to: '2026-03-01', days: 1 } };
    expect(reportHeadingLines(oneDay)[0]).toBe('Period: 2026-03-01 to 2026-03-01 (1 day)');
  });

  it('says the comparison is not made when the data begins after the previous period starts', () => {
    expect(reportHeadingLines({ ...REPORT, notCompared: 'the data begins on 2026-02-01' })[1]).toBe(
      'Compared with: 2026-01-30 to 2026-02-28 (not compared: the data begins on 2026-02-01)',
    );
  });

  it('says the comparison is not made when the period runs past the newest data', () => {
    expect(reportHeadingLines({ ...REPORT, notCompared: 'the data ends on 2026-03-20' })[1]).toBe(
      'Compared with: 2026-01-30 to 2026-02-28 (not compared: the data ends on 2026-03-20)',
    );
  });

  it('shows an unknown previous count of a reason as a dash, not 0', () => {
    const reason = {
      reason: 'unused' as const,
      label: 'Unused',
      current: 54,
      previous: null,
      change: null,
      significant: false,
      share: 0.2,
      mrrLost: 100,
      topPlan: null,
      topPlanShare: null,
    };
    const reasons = reportTables({ ...REPORT, reasons: [reason] }).find((table) => table.id === 'reasons');
    expect(reasons?.rows[0]?.slice(0, 4).map((cell) => formatCell(cell, 'EUR'))).toEqual([
      'Unused',
      '54',
      '—',
      '—',
    ]);
  });

  it('lists each finding with the sections whose figures it quotes', () => {
    expect(table('summary').rows).toEqual([
      ['Cancellation requests rose 20%.', 'Headline KPIs, Offers by reason'],
    ]);
  });

  it('gives KPI changes in percent for counts and in points for rates, and a dash when unknown', () => {
    const cells = table('kpis').rows.map((row) => row.map((cell) => formatCell(cell, REPORT.currency)));
    expect(cells).toEqual([
      ['Cancellation requests', '120', '100', '+20%'],
      ['Save rate', '25.0%', '20.0%', '+5.0 pts'],
      ['MRR lost', '€1,234', '—', '—'],
    ]);
  });

  it('names once under the table the offers presented too few times, and the reasons none of whose offers can be judged', () => {
    const offers = table('offers');
    expect(offers.columns.map((column) => column.title)).not.toContain('Note');
    expect(offers.notes).toContain(
      'Too few to tell, presented fewer than 30 times (their intervals are too wide to compare): 2 of the 3 offers — Too expensive (Pause); every offer for Unused, so what works for it cannot be told.',
    );
  });

  it('groups the offers too few to tell by reason, in the order of the table', () => {
    const offers = table('offers', {
      ...REPORT,
      offers: [
        offer('too_expensive', 'discount', 92),
        offer('too_expensive', 'downgrade', 22),
        offer('too_expensive', 'support_contact', 14),
        offer('too_complex', 'discount', 20),
        offer('too_complex', 'pause', 12),
        offer('low_quality', 'pause', 19),
        offer('other', 'discount', 52),
        offer('other', 'extension', 14),
      ],
    });
    expect(offers.notes.filter((note) => note.includes('too few') || note.includes('Too few'))).toEqual([
      'Too few to tell, presented fewer than 30 times (their intervals are too wide to compare): 6 of the 8 offers — Too expensive (Downgrade, Support contact); Other (Extension); every offer for Too complex, Low quality, so what works for them cannot be told.',
    ]);
  });

  it('says nothing is too few to tell when every offer was presented often enough', () => {
    const offers = table('offers', { ...REPORT, offers: [offer('too_expensive', 'discount', 40)] });
    expect(offers.notes.join(' ')).not.toMatch(/too few/i);
  });

  it('gives beside the kept-30-days share the offers it is out of, and says why it can read above the acceptance', () => {
    // 40 of 100 presented accepted; of the 40 made early enough to judge, 18 kept: 45% kept against 40% accepted.
    const pause: OfferRow = {
      ...offer('unused', 'pause', 100),
      accepted: 40,
      rate: 0.4,
      keptAt30: 0.45,
      keptAt30Judged: 40,
    };
    const offers = table('offers', { ...REPORT, offers: [pause] });
    const titles = offers.columns.map((column) => column.title);
    expect(titles.slice(-2)).toEqual(['Kept 30 days', 'Judged at 30 days']);
    const cells = offers.rows[0]?.map((cell) => formatCell(cell, REPORT.currency)) ?? [];
    expect([
      cells[titles.indexOf('Acceptance')],
      cells[titles.indexOf('Kept 30 days')],
      cells[titles.indexOf('Judged at 30 days')],
    ]).toEqual(['40.0%', '45.0%', '40']);
    expect(offers.notes.join(' ')).toContain(
      'Those are fewer than the offers presented, so the kept share can read above the acceptance.',
    );
  });

  it('names a kept-30-days share judged on too few acceptances, though the offer was presented often', () => {
    const downgrade: OfferRow = {
      ...offer('low_quality', 'downgrade', 60),
      accepted: 2,
      rate: 2 / 60,
      low: 0.0092,
      high: 0.1136,
      keptAt30: 1,
      keptAt30Judged: 2,
    };
    const discount: OfferRow = {
      ...offer('low_quality', 'discount', 242),
      keptAt30: 0.912,
      keptAt30Judged: 34,
    };
    const offers = table('offers', { ...REPORT, offers: [downgrade, discount] });
    expect(offers.rows.map((row) => row.map((cell) => formatCell(cell, REPORT.currency)))).toEqual([
      ['Low quality', 'Downgrade', '60', '2', '3.3%', '0.9%', '11.4%', '100.0%', '2'],
      ['Low quality', 'Discount', '242', '121', '50.0%', '30.0%', '70.0%', '91.2%', '34'],
    ]);
    expect(offers.notes).toContain(
      'Kept 30 days is too few to tell as well where an offer presented often enough was judged on fewer than 30 (Judged at 30 days): Low quality (Downgrade).',
    );
  });

  it("lists each emerging theme's share of the answers and its change, as the dashboard does, beside the answers", () => {
    // The demo database's September 2026: 11,626 answers against 12,429.
    const theme = (label: string, current: number, previous: number, significant: boolean): ThemeRow => ({
      key: label,
      label,
      current,
      previous,
      currentShare: current / 11_626,
      previousShare: previous / 12_429,
      change: current / 11_626 / (previous / 12_429) - 1,
      significant,
      verbatims: [],
      related: [],
    });
    const themes = table('themes', {
      ...REPORT,
      themes: [theme('moving', 205, 151, true), theme('team', 577, 557, false)],
    });
    expect(tableAsRead(themes).columns.map((column) => column.title)).toEqual([
      'Theme',
      'Answers',
      'Share',
      'Previous answers',
      'Previous share',
      'Change in share',
      'Note',
    ]);
    expect(printed(themes)).toEqual([
      ['moving', '205', '1.8%', '151', '1.2%', '+45%', ''],
      ['team', '577', '5.0%', '557', '4.5%', '+11%', 'Could be noise'],
    ]);
    expect(themes.notes.join(' ')).toContain(
      '“Could be noise” marks a rise that is not significant once adjusted for the 400 phrases tested (q ≥ 0.05',
    );
  });

  it('names the phrases of the same theme in the note, after “Could be noise”', () => {
    const theme = (label: string, significant: boolean, related: string[]): ThemeRow => ({
      key: label,
      label,
      current: 40,
      previous: 30,
      currentShare: 0.04,
      previousShare: 0.03,
      change: 1 / 3,
      significant,
      verbatims: [],
      related,
    });
    const themes = table('themes', {
      ...REPORT,
      themes: [
        theme('ai', true, ['forced', 'sidebar']),
        theme('tasks', false, ['recurring']),
        theme('board', false, []),
      ],
    });
    expect(printed(themes).map((row) => row.at(-1))).toEqual([
      'Also “forced”, “sidebar”',
      'Could be noise; Also “recurring”',
      'Could be noise',
    ]);
    expect(themes.notes.join(' ')).toContain('“Also” names phrases of the same theme');
  });

  it('says “new” in the change of a theme absent in the previous period, and “<0.1%” for a share under 0.1%', () => {
    const sso: ThemeRow = {
      key: 'sso',
      label: 'single sign-on',
      current: 24,
      previous: 0,
      currentShare: 24 / 1_200,
      previousShare: 0,
      change: null,
      significant: true,
      verbatims: [],
      related: [],
    };
    const invoice: ThemeRow = {
      ...sso,
      key: 'invoice',
      label: 'invoice',
      previous: 4,
      previousShare: 4 / 12_429,
      change: 24 / 1_200 / (4 / 12_429) - 1,
    };
    const themes = table('themes', { ...REPORT, themes: [sso, invoice] });
    expect(printed(themes)).toEqual([
      ['single sign-on', '24', '2.0%', '0', '0.0%', 'new', ''],
      ['invoice', '24', '2.0%', '4', '<0.1%', '+6,115%', ''],
    ]);
  });

  it('says “not compared” in the change of themes not compared, with why under the table, and no previous figures', () => {
    const sso: ThemeRow = {
      key: 'sso',
      label: 'single sign-on',
      current: 24,
      previous: null,
      currentShare: 24 / 1_200,
      previousShare: null,
      change: null,
      significant: false,
      verbatims: [],
      related: [],
    };
    const themes = table('themes', {
      ...REPORT,
      themesNotCompared: 'the previous period has no verbatims',
      themesReasonSpecificOnly: true,
      themes: [sso],
    });
    expect(printed(themes)).toEqual([['single sign-on', '24', '2.0%', '—', '—', 'not compared', '']]);
    const titles = themes.columns.map((column) => column.title);
    expect(themes.rows[0]?.[titles.indexOf('New this period')]).toBeNull();
    expect(themes.notes).toContain(
      "Not compared with 2026-01-30 to 2026-02-28: the previous period has no verbatims. These are the phrases in the most answers of the period among those specific to some reasons, none called new or rising (as on the dashboard's Themes page); words found under every reason about as often as the reasons themselves are say nothing about why customers leave.",
    );
    expect(themes.notes.join(' ')).not.toContain('Could be noise');
  });

  it('says the themes not compared are simply the most frequent when the answers all have one reason', () => {
    const themes = table('themes', { ...REPORT, themesNotCompared: 'the data begins on 2026-02-10' });
    expect(themes.notes).toContain(
      "Not compared with 2026-01-30 to 2026-02-28: the data begins on 2026-02-10. These are the phrases in the most answers of the period, none called new or rising (as on the dashboard's Themes page).",
    );
  });

  it('titles the themes “Frequent phrases” when they are not compared, as the Themes page does, else “Emerging themes”', () => {
    expect(table('themes', { ...REPORT, themesNotCompared: 'the data begins on 2026-02-10' }).title).toBe(
      'Frequent phrases',
    );
    expect(table('themes').title).toBe('Emerging themes');
  });

  it('keeps the change in share a number for spreadsheets, and says a theme is new in a column of its own', () => {
    const sso: ThemeRow = {
      key: 'sso',
      label: 'single sign-on',
      current: 24,
      previous: 0,
      currentShare: 0.02,
      previousShare: 0,
      change: null,
      significant: true,
      verbatims: [],
      related: [],
    };
    const moving: ThemeRow = {
      ...sso,
      key: 'moving',
      label: 'moving',
      previous: 12,
      previousShare: 0.01,
      change: 1,
    };
    const themes = table('themes', { ...REPORT, themes: [sso, moving] });
    const titles = themes.columns.map((column) => column.title);
    expect(titles.slice(-3)).toEqual(['Change in share', 'New this period', 'Note']);
    const column = (title: string) => themes.rows.map((row) => row[titles.indexOf(title)]);
    expect(column('Change in share')).toEqual([{ word: 'new' }, { value: 1, unit: 'relative_change' }]);
    expect(column('New this period')).toEqual([true, false]);
    expect(themes.columns.filter((found) => found.rawOnly).map((found) => found.title)).toEqual([
      'New this period',
    ]);
  });

  it('defines the wait as request to handling for every channel, and puts the minutes of raw waits in the header', () => {
    const channel = (row: Omit<ChannelRow, 'saveRate'>): ChannelRow => ({
      ...row,
      saveRate: row.retained / row.requests,
    });
    const report: InsightReport = {
      ...REPORT,
      channels: [
        channel({
          channel: 'self_serve',
          requests: 6482,
          retained: 1002,
          medianWaitMinutes: 1.2,
          p90WaitMinutes: 3.4,
        }),
        channel({
          channel: 'email',
          requests: 1570,
          retained: 254,
          medianWaitMinutes: 536.67,
          p90WaitMinutes: 1575,
        }),
      ],
    };
    const channels = table('channels', report);
    expect(channels.rows.map((row) => row.map((cell) => formatCell(cell, REPORT.currency)))).toEqual([
      ['Self-serve', '6,482', '1,002', '15.5%', '1.2 min', '3.4 min'],
      ['Email', '1,570', '254', '16.2%', '8.9 h', '26.3 h'],
    ]);
    expect(channels.notes).toEqual([
      'Wait is the time from the request until it was handled, whether by an agent, the self-serve flow or the chatbot; requests never handled, such as those abandoned in a queue, are left out.',
    ]);
    expect(channels.columns.map(rawColumnTitle)).toEqual([
      'Channel',
      'Requests',
      'Retained',
      'Save rate',
      'Median wait (min)',
      '90th pct wait (min)',
    ]);
    expect(table('agents', report).columns.map(rawColumnTitle)).toContain('Median wait (min)');
  });

  it('declares which columns hold numbers', () => {
    expect(
      table('reasons', { ...REPORT, filters: [{ name: 'Country', value: 'DE' }] })
        .columns.filter((column) => !column.numeric)
        .map((column) => column.title),
    ).toEqual(['Reason', 'Top plan']);
  });

  it('leaves out the top plan of a report filtered to one plan, and says why under the table', () => {
    const reason = {
      reason: 'unused' as const,
      label: 'Unused',
      current: 54,
      previous: 40,
      change: 0.35,
      significant: false,
      share: 0.2,
      mrrLost: 100,
      topPlan: null,
      topPlanShare: null,
    };
    const reasons = table('reasons', { ...REPORT, reasons: [reason] });
    expect(reasons.columns.map((column) => column.title)).toEqual([
      'Reason',
      'Requests',
      'Previous',
      'Change',
      'Share',
      'MRR lost',
    ]);
    expect(printed(reasons)).toEqual([['Unused', '54', '40', '+35%', '20.0%', '€100']]);
    expect(reasons.notes).toContain('No top plan: every request in this report is on the pro plan.');
  });
});

/**
 * A guard against the report drifting from the API: for one filtered period of the fixture database, every
 * figure of the report (as `buildReport` assembles it, and as the CSV zip writes it) equals what the API's
 * own endpoints answer for the same filters. A report is forwarded without being checked again; a figure
 * that differs from the dashboard's is the one that does the most damage.
 */
import type { InsightReport } from '@churnlens/models/report/insight-report';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHURN_FIXTURE, type ChurnFixture, type FixtureCancellation } from '../testing/churn-fixture.ts';
import { type JsonBody, readJson, useTestApp } from '../testing/test-app.ts';
import { buildReport, REPORT_AGENT_LIMIT, REPORT_THEME_LIMIT } from './build-report.ts';
import { renderCsvZip } from './render-csv.ts';

const PERIOD = { from: '2024-06-01', to: '2024-06-30' };
const PREVIOUS = 'from=2024-05-02&to=2024-05-31';
const FILTER = 'plan=pro';
const CURRENT = `from=${PERIOD.from}&to=${PERIOD.to}&${FILTER}`;

/** A pro-plan cancellation by e-mail whose text has no classification (so its reason is 'other'). */
function proVerbatim(id: string, requestedAt: string, text: string): FixtureCancellation {
  return {
    ...(CHURN_FIXTURE.cancellations[0] as FixtureCancellation),
    id,
    requestedAt,
    channel: 'email',
    plan: 'pro',
    reasonCode: null,
    reasonText: text,
  };
}

// The fixture alone has too few pro-plan answers for a theme to emerge: "ai assistant" is planted in six June
// answers and one May answer, so the themes table has a rise to reconcile.
const FIXTURE: ChurnFixture = {
  ...CHURN_FIXTURE,
  cancellations: [
    ...CHURN_FIXTURE.cancellations,
    proVerbatim('r0', '2024-05-20 10:00:00', 'Our AI assistant does the same'),
    ...[1, 2, 3, 4, 5, 6].map((day) =>
      proVerbatim(`r${day}`, `2024-06-2${day} 10:00:00`, 'Switched to an AI assistant that does it for free'),
    ),
  ],
};

/** The rows of one CSV of the zip, header first, as the text cells a spreadsheet would read. */
function csvRows(zip: Record<string, Uint8Array>, name: string): string[][] {
  const file = zip[name];
  if (!file) throw new Error(`${name} is missing from the zip`);
  // The fixture's CSV cells hold no commas or quotes: labels, codes and numbers only.
  return strFromU8(file)
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

const number = (cell: string | undefined) => (cell === undefined || cell === '' ? null : Number(cell));

describe('the report reconciles with the API for the pro plan in June', () => {
  const t = useTestApp({ fixture: FIXTURE });
  let report: InsightReport;
  let zip: Record<string, Uint8Array>;
  const api: Record<string, JsonBody> = {};

  beforeAll(async () => {
    report = await buildReport(t.fixture.db, { ...PERIOD, plan: 'pro' }, { currency: 'USD' });
    zip = unzipSync(renderCsvZip(report));
    const get = async (path: string) => readJson(await t.app.request(path));
    api.summary = await get(`/api/summary?${CURRENT}`);
    api.reasons = await get(`/api/reasons?${CURRENT}`);
    api.previousReasons = await get(`/api/reasons?${PREVIOUS}&${FILTER}`);
    api.offers = await get(`/api/offers?${CURRENT}&by=reason`);
    api.channels = await get(`/api/channels?${CURRENT}`);
    api.themes = await get(`/api/themes?${CURRENT}&limit=${REPORT_THEME_LIMIT}`);
  });

  it('covers the period asked and the 30 days before it, which /api/summary compares with', () => {
    expect(report.period).toMatchObject(api.summary.period);
    expect(report.previousPeriod).toMatchObject(api.summary.previous.period);
    expect(api.summary.previous.period).toEqual({ from: '2024-05-02', to: '2024-05-31' });
    expect(report.filters).toEqual([{ name: 'Plan', value: 'pro' }]);
  });

  it('has the KPIs of /api/summary, this period and the previous one', () => {
    const { summary } = api;
    const expected = (of: JsonBody) => [
      of.cancelRequests,
      of.cancelled,
      of.retained,
      of.saveRate,
      of.mrrLost,
      of.mrrRetained,
    ];
    expect(report.kpis.map((kpi) => kpi.current)).toEqual(expected(summary));
    expect(report.kpis.map((kpi) => kpi.previous)).toEqual(expected(summary.previous));
    expect(summary.cancelRequests).toBeGreaterThan(0);
    const kpis = csvRows(zip, '02-kpis.csv').slice(1);
    expect(kpis.map((row) => number(row[1]))).toEqual(expected(summary));
    expect(kpis.map((row) => number(row[2]))).toEqual(expected(summary.previous));
  });

  it('has the reasons of /api/reasons, with the previous counts /api/reasons gives for the previous period', () => {
    const previous = new Map<string, number>(
      api.previousReasons.reasons.map((row: JsonBody) => [row.reason, row.count]),
    );
    const expected = api.reasons.reasons.map((row: JsonBody) => [
      row.label,
      row.count,
      previous.get(row.reason) ?? 0,
      row.share,
      row.mrrLost,
    ]);
    expect(expected.length).toBeGreaterThan(1);
    expect(
      report.reasons
        .filter((row) => row.current > 0)
        .map((row) => [row.label, row.current, row.previous, row.share, row.mrrLost]),
    ).toEqual(expected);
    const csv = csvRows(zip, '03-reasons.csv')
      .slice(1, 1 + expected.length)
      .map((row) => [row[0], number(row[1]), number(row[2]), number(row[4]), number(row[5])]);
    expect(csv).toEqual(expected);
  });

  it('has the acceptance, interval and kept share of each offer by reason from /api/offers', () => {
    const expected = api.offers.reasons.flatMap((reason: JsonBody) =>
      reason.offers.map((offer: JsonBody) => [
        offer.presented,
        offer.accepted,
        offer.acceptanceRate.rate,
        offer.acceptanceRate.low,
        offer.acceptanceRate.high,
        offer.keptAt30.rate,
        offer.keptAt30.n,
      ]),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      report.offers.map((row) => [
        row.presented,
        row.accepted,
        row.rate,
        row.low,
        row.high,
        row.keptAt30,
        row.keptAt30Judged,
      ]),
    ).toEqual(expected);
    expect(
      csvRows(zip, '04-offers.csv')
        .slice(1)
        .map((row) => row.slice(2).map(number)),
    ).toEqual(expected);
  });

  it('has the channels and agents of /api/channels, waits in minutes', () => {
    const minutes = (seconds: number | null) => (seconds === null ? null : seconds / 60);
    const channels = api.channels.channels.map((row: JsonBody) => [
      row.requests,
      row.retained,
      row.saveRate,
      minutes(row.medianWaitSeconds),
      minutes(row.p90WaitSeconds),
    ]);
    expect(channels.length).toBeGreaterThan(1);
    expect(
      report.channels.map((row) => [
        row.requests,
        row.retained,
        row.saveRate,
        row.medianWaitMinutes,
        row.p90WaitMinutes,
      ]),
    ).toEqual(channels);
    expect(
      csvRows(zip, '05-channels.csv')
        .slice(1)
        .map((row) => row.slice(1).map(number)),
    ).toEqual(channels);
    const agents = api.channels.agents
      .slice(0, REPORT_AGENT_LIMIT)
      .map((row: JsonBody) => [row.agentId, row.requests, row.retained, row.saveRate]);
    expect(report.agents.map((row) => [row.agentId, row.requests, row.retained, row.saveRate])).toEqual(
      agents,
    );
  });

  it('has the emerging themes of /api/themes: shares, growth and which rises are significant', () => {
    const expected = api.themes.emerging.map((theme: JsonBody) => [
      theme.phrase,
      theme.current,
      theme.previous,
      theme.currentShare,
      theme.previousShare,
      theme.growth,
      theme.pValue < 0.05,
    ]);
    expect(expected.length).toBeGreaterThan(0);
    expect(
      report.themes.map((row) => [
        row.label,
        row.current,
        row.previous,
        row.currentShare,
        row.previousShare,
        row.change,
        row.significant,
      ]),
    ).toEqual(expected);
  });
});

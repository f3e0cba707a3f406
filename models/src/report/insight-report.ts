/**
 * The insight report as data: everything a report shows, already computed, so the narrative templates and
 * every renderer (PDF, XLSX, CSV, Markdown) read one validated object and never query the database.
 * Figures carry the previous period's value next to the current one; a change is only called a change
 * when `significant` says the difference is more than noise.
 */
import { z } from 'zod';
import { channelSchema, offerTypeSchema } from '../schema/records.ts';
import { effectiveReasonSchema } from '../taxonomy.ts';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'md'] as const;
export const reportFormatSchema = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)');
const count = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1);
const amount = z.number().nonnegative();
/** A relative change (0.32 = +32%) for counts and amounts, or a difference in rate for ratios. */
const change = z.number().nullable();

export const reportPeriodSchema = z.object({
  from: isoDate,
  to: isoDate,
  days: z.number().int().positive(),
});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

export const FIGURE_UNITS = ['count', 'ratio', 'money', 'minutes'] as const;
export const figureUnitSchema = z.enum(FIGURE_UNITS);
export type FigureUnit = z.infer<typeof figureUnitSchema>;

export const KPI_KEYS = ['requests', 'cancelled', 'retained', 'save_rate', 'mrr_lost', 'mrr_saved'] as const;
export const kpiKeySchema = z.enum(KPI_KEYS);
export type KpiKey = z.infer<typeof kpiKeySchema>;

export const kpiSchema = z.object({
  key: kpiKeySchema,
  label: z.string(),
  unit: figureUnitSchema,
  current: z.number().nullable(),
  previous: z.number().nullable(),
  /** Relative for counts, amounts and minutes; in rate points (0.045 = 4.5 points) for ratios. */
  change,
  significant: z.boolean(),
});
export type Kpi = z.infer<typeof kpiSchema>;

export const reasonRowSchema = z.object({
  reason: effectiveReasonSchema,
  label: z.string(),
  current: count,
  /** Null when the periods cannot be compared (see `notCompared`). */
  previous: count.nullable(),
  change,
  significant: z.boolean(),
  /** Share of all cancellation requests in the period. */
  share: ratio,
  /** MRR, in the report's currency, of the requests with this reason that ended cancelled. */
  mrrLost: amount,
  /** The plan most of this reason's requests were on, with its share of them. */
  topPlan: z.string().nullable(),
  topPlanShare: ratio.nullable(),
});
export type ReasonRow = z.infer<typeof reasonRowSchema>;

export const offerRowSchema = z.object({
  reason: effectiveReasonSchema,
  offerType: offerTypeSchema,
  presented: count,
  accepted: count,
  /** Acceptance rate (accepted / presented) with its 95% Wilson interval. */
  rate: ratio.nullable(),
  low: ratio.nullable(),
  high: ratio.nullable(),
  /** Too few presentations for the interval to tell offers apart; shown, never called the best. */
  smallSample: z.boolean(),
  /**
   * Of the offers made old enough to judge (the API's keptAt30: on requests of months that ended 30 days before
   * the data end), the share accepted whose customer was still subscribed 30 days after accepting; null when
   * none is old enough. The customers an offer keeps per offer made, which acceptance alone does not show.
   */
  keptAt30: ratio.nullable(),
  /** keptAt30's denominator: the offers made old enough to judge. */
  keptAt30Judged: count,
});
export type OfferRow = z.infer<typeof offerRowSchema>;

export const channelRowSchema = z.object({
  channel: channelSchema,
  requests: count,
  retained: count,
  saveRate: ratio.nullable(),
  medianWaitMinutes: z.number().nonnegative().nullable(),
  p90WaitMinutes: z.number().nonnegative().nullable(),
});
export type ChannelRow = z.infer<typeof channelRowSchema>;

export const agentRowSchema = z.object({
  agentId: z.string(),
  requests: count,
  retained: count,
  saveRate: ratio.nullable(),
  medianWaitMinutes: z.number().nonnegative().nullable(),
});

export const themeRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Answers (verbatims) of each period that mention the theme; previous is null when not compared. */
  current: count,
  previous: count.nullable(),
  /** Those answers over all answers of each period: the measure /api/themes and the dashboard track. */
  currentShare: ratio,
  previousShare: ratio.nullable(),
  /**
   * Relative change of the share, null when the theme is new or the themes are not compared; a count also
   * rises with more answers.
   */
  change,
  significant: z.boolean(),
  /** A few representative answers, PII already redacted by ingest. */
  verbatims: z.array(z.string()),
  /** Phrases of the same theme that /api/themes names under this one instead of listing them. */
  related: z.array(z.string()),
});
export type ThemeRow = z.infer<typeof themeRowSchema>;

export const narrativeSentenceSchema = z.object({
  text: z.string(),
  /** Keys of the report figures the sentence quotes (see `reportFigures`); never empty. */
  figures: z.array(z.string()).min(1),
});
export type NarrativeSentence = z.infer<typeof narrativeSentenceSchema>;

export const insightReportSchema = z.object({
  title: z.string(),
  generatedAt: z.string(),
  period: reportPeriodSchema,
  previousPeriod: reportPeriodSchema,
  /**
   * Why the two periods are not compared, as /api/summary says it ("the data begins on 2025-05-01"), else
   * null. A previous period that starts before the data, or a period that ends after it, has figures the data
   * does not cover in full: the previous KPIs and reason counts are then null.
   */
  notCompared: z.string().nullable(),
  /**
   * Why the themes are not compared with the previous period, as /api/themes says it, else null: the data's
   * gap above, or "the previous period has no verbatims". The themes are then the period's most frequent
   * phrases (only those specific to some reasons when themesReasonSpecificOnly), none new or rising, with no
   * previous figures.
   */
  themesNotCompared: z.string().nullable(),
  /**
   * Whether the themes not compared are only the phrases specific to some reasons (/api/themes'
   * reasonSpecificOnly): not when the period's answers all have one reason.
   */
  themesReasonSpecificOnly: z.boolean(),
  /**
   * How many phrases /api/themes tested for a rise (phrasesTested); a theme is significant when its p-value
   * adjusted for all of them is (qValue). Null when the themes are not compared.
   */
  themesTested: z.number().int().nullable(),
  /** ISO 4217 code every money figure is in. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Filters other than the period, as shown in the title block, e.g. { name: 'Plan', value: 'pro' }. */
  filters: z.array(z.object({ name: z.string(), value: z.string() })),
  kpis: z.array(kpiSchema),
  reasons: z.array(reasonRowSchema),
  offers: z.array(offerRowSchema),
  channels: z.array(channelRowSchema),
  agents: z.array(agentRowSchema),
  themes: z.array(themeRowSchema),
  narrative: z.array(narrativeSentenceSchema),
});
export type InsightReport = z.infer<typeof insightReportSchema>;
/** A report before its narrative is written from its figures. */
export type InsightReportData = Omit<InsightReport, 'narrative'>;

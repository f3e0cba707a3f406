/** `churnlens report`: the insight report for a period and filters, written to a PDF, XLSX, zipped-CSV or Markdown file. */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { describeIssues } from '@churnlens/models';
import { type InsightFiltersQuery, insightFiltersSchema } from '@churnlens/models/insight-filters';
import {
  REPORT_FORMATS,
  type ReportFormat,
  reportFormatSchema,
} from '@churnlens/models/report/insight-report';
import { REPORT_MEDIA, reportFileName } from '@churnlens/models/report/report-file';
import { createApiDatabase } from '../../db.ts';
import { hasFxRate } from '../../queries/fx-rates.ts';
import { buildReport } from '../../report/build-report.ts';
import { renderReport } from '../../report/render-report.ts';
import {
  type Command,
  currencyOption,
  openExistingDatabase,
  parseCommandArgs,
  UsageError,
} from '../command.ts';
import { requestFromServer, serverUrl } from '../server-request.ts';

const help = `Usage: churnlens report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [filters] [--format pdf|xlsx|csv|md] [--out FILE]

Writes the insight report: headline KPIs against the previous period, top reasons and how they moved, MRR
lost by reason, which offers worked for which reasons (with 95% intervals), channel and agent performance,
emerging themes with representative verbatims, and a short narrative built from those numbers.

Options:
  --from DATE        First day of the period (default: 29 days before --to)
  --to DATE          Last day of the period (default: the newest cancellation request in the database)
  --plan NAME        Only this plan
  --country CODE     Only customers in this ISO country
  --channel NAME     Only this channel (self_serve, agent_phone, agent_chat, email, chatbot)
  --segment NAME     Only this customer segment
  --tenure BUCKET    Only this tenure bucket (0-30d, 31-90d, 91-180d, 181-365d, 1-2y, 2y+)
  --reason CODE      Only this effective reason (repeatable)
  --format FORMAT    pdf, xlsx, csv (a zip with one CSV per table) or md (default: from --out's extension, else pdf)
  --out FILE         Where to write it (default: churnlens-report-FROM-to-TO.EXT in the current directory,
                     with the filters before the extension: …-plan-pro.pdf)
  --currency CODE    Currency for money figures (default USD; needs a row in fx_rates; with --server, the
                     server's own, set by serve --currency)
  --server URL       Ask a running \`churnlens serve\` for the report instead of opening the database
                     (sends the bearer token in env CHURNLENS_TOKEN)

The previous period is as long as the period and ends the day before it starts. Where the data does not
cover both (the previous period starts before the oldest request, or the period ends after the newest),
the two are not compared: the report says so and leaves the previous figures out.

Examples:
  churnlens report --from 2026-03-01 --to 2026-03-31 --out march.pdf
  churnlens report --from 2026-03-01 --to 2026-03-31 --plan pro --format xlsx --out pro-march.xlsx
  churnlens report --server http://127.0.0.1:8787 --format md --out report.md`;

const FILTER_OPTIONS = ['from', 'to', 'plan', 'country', 'channel', 'segment', 'tenure'] as const;
/** A report is a batch job: give its queries far longer than the server's interactive limit. */
const CLI_QUERY_TIMEOUT_MS = 10 * 60 * 1000;

function formatFor(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    const parsed = reportFormatSchema.safeParse(format);
    if (!parsed.success)
      throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
    return parsed.data;
  }
  const extension = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  const byExtension = REPORT_FORMATS.find((candidate) => REPORT_MEDIA[candidate].extension === extension);
  return byExtension ?? 'pdf';
}

function filterQuery(values: Record<string, unknown>): InsightFiltersQuery {
  const query: Record<string, unknown> = {};
  for (const key of FILTER_OPTIONS) if (values[key] !== undefined) query[key] = values[key];
  const reasons = values.reason as string[] | undefined;
  if (reasons && reasons.length > 0) query.reason = reasons;
  return query as InsightFiltersQuery;
}

async function reportFromServer(server: string, query: InsightFiltersQuery, format: ReportFormat) {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const response = await requestFromServer(server, `/api/report?${params}`);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    fileName: fileName ?? `churnlens-report.${format}`,
  };
}

async function reportFromDatabase(
  path: string,
  query: InsightFiltersQuery,
  format: ReportFormat,
  currency: string,
) {
  const parsed = insightFiltersSchema.safeParse(query);
  if (!parsed.success)
    throw new UsageError(
      describeIssues(parsed.error)
        .map((issue) => `--${issue}`)
        .join('; '),
    );
  const db = createApiDatabase(await openExistingDatabase(path), { queryTimeoutMs: CLI_QUERY_TIMEOUT_MS });
  try {
    if (!(await hasFxRate(db, currency)))
      throw new UsageError(`--currency ${currency} has no row in the fx_rates table of ${path}`);
    const report = await buildReport(db, parsed.data, { currency });
    const rendered = await renderReport(report, format);
    return { bytes: rendered.bytes, fileName: reportFileName(report, format) };
  } finally {
    await db.close();
  }
}

export const reportCommand: Command = {
  name: 'report',
  help,
  async run(args) {
    const { values, db } = parseCommandArgs(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      plan: { type: 'string' },
      country: { type: 'string' },
      channel: { type: 'string' },
      segment: { type: 'string' },
      tenure: { type: 'string' },
      reason: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      currency: { type: 'string' },
      server: { type: 'string' },
    });
    const format = formatFor(values.format, values.out);
    const currency = currencyOption(values.currency);
    const query = filterQuery(values);
    const started = performance.now();
    const server = serverUrl(values.server);
    // A server reports in its own currency (serve --currency); saying nothing would hand back dollars.
    if (server && values.currency !== undefined)
      throw new UsageError(
        '--currency cannot be used with --server: the server reports in its own currency (churnlens serve --currency)',
      );
    const result = server
      ? await reportFromServer(server, query, format)
      : await reportFromDatabase(db, query, format, currency);
    const out = values.out ?? result.fileName;
    try {
      await writeFile(out, result.bytes);
    } catch (error) {
      process.stderr.write(`churnlens report: cannot write ${out}: ${(error as Error).message}\n`);
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Wrote ${out} (${format}, ${Math.ceil(result.bytes.byteLength / 1024)} KB) in ${seconds} s\n`,
    );
    return 0;
  },
};

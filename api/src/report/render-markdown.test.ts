import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.ts';
import { SAMPLE_REPORT } from './testing/sample-report.ts';

describe('the Markdown report', () => {
  it('opens with the title block and lists the summary with its sources', () => {
    const markdown = renderMarkdown(SAMPLE_REPORT);
    expect(
      markdown.startsWith('# Churn insight report\n\nPeriod: 2026-03-01 to 2026-03-30 (30 days)  \n'),
    ).toBe(true);
    expect(markdown).toContain(
      '- Cancellation requests citing “Too expensive” rose 32% vs the previous 30 days (from 250 to 330), mostly on the pro plan (61.0% of them). _(Top reasons)_',
    );
  });

  it('right-aligns number columns and leaves text columns left-aligned', () => {
    expect(renderMarkdown(SAMPLE_REPORT)).toContain(
      '| Reason | Requests | Previous | Change | Share | MRR lost | Top plan | Top plan share |\n|---|---:|---:|---:|---:|---:|---|---:|',
    );
  });

  it('says “new” in the change in share of a theme absent in the previous period, without a column for it', () => {
    const markdown = renderMarkdown(SAMPLE_REPORT);
    expect(markdown).toContain(
      '| Theme | Answers | Share | Previous answers | Previous share | Change in share | Note |',
    );
    expect(markdown).toContain('| single sign-on | 12 | 1.0% | 0 | 0.0% | new |  |');
  });

  it('says “not compared” with dashes for the previous figures when the data does not reach back', () => {
    const markdown = renderMarkdown({
      ...SAMPLE_REPORT,
      themesNotCompared: 'the data begins on 2026-02-10',
      themes: SAMPLE_REPORT.themes.map((theme) => ({
        ...theme,
        previous: null,
        previousShare: null,
        change: null,
        significant: false,
      })),
    });
    expect(markdown).toContain('| single sign-on | 12 | 1.0% | — | — | not compared |  |');
    expect(markdown).toContain('_Not compared with 2026-01-30 to 2026-02-28: the data begins on 2026-02-10.');
    expect(markdown).toContain('\n## Frequent phrases\n');
    expect(markdown).not.toContain('Emerging');
  });

  it('keeps a verbatim literal: no cell break, emphasis, link, HTML or formula', () => {
    const [theme] = SAMPLE_REPORT.themes;
    if (!theme) throw new Error('the sample report has themes');
    const verbatim = '-1 *star* [x](http://evil) <b>bold</b> a|b';
    const markdown = renderMarkdown({ ...SAMPLE_REPORT, themes: [{ ...theme, verbatims: [verbatim] }] });
    expect(markdown).toContain(
      `| invoice errors | '-1 \\*star\\* \\[x\\](http://evil) \\<b\\>bold\\</b\\> a\\|b |`,
    );
  });

  it('has no top plan columns when the report is filtered to one plan', () => {
    const onePlan = {
      ...SAMPLE_REPORT,
      filters: [{ name: 'Plan', value: 'pro' }],
      reasons: SAMPLE_REPORT.reasons.map((row) => ({ ...row, topPlan: null, topPlanShare: null })),
    };
    const markdown = renderMarkdown(onePlan);
    expect(markdown).toContain(
      '| Reason | Requests | Previous | Change | Share | MRR lost |\n|---|---:|---:|---:|---:|---:|',
    );
    expect(markdown).toContain('_No top plan: every request in this report is on the pro plan._');
  });
});

/// <reference lib="dom" />
/**
 * Runs axe-core, from the test package's own node_modules (never a CDN), on the page as it is now, against
 * the WCAG 2.0 and 2.1 A and AA rules, and returns the violations a user is blocked or badly hindered by.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

let axeSource: Promise<string> | undefined;

export interface AxeViolation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  /** The failing elements' selectors, each with axe's summary of what is wrong with it. */
  nodes: { target: string; failure: string }[];
}

/** The serious and critical WCAG 2.1 A/AA violations on the page. */
export async function blockingViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(AXE_SOURCE_PATH, 'utf8');
  // A page navigated to since the last run has lost the script; one still holding it keeps it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await axeSource });
  const results = (await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_21_AA_TAGS,
  )) as AxeResults;
  return results.violations
    .filter((violation) => violation.impact && BLOCKING_IMPACTS.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        failure: node.failureSummary ?? '',
      })),
    }));
}

/** One paragraph per violation, each failing element on its own line: what a failed test prints. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .map((node) => `  ${node.target}\n    ${node.failure.replace(/\n/g, '\n    ')}`)
          .join('\n'),
    )
    .join('\n\n');
}

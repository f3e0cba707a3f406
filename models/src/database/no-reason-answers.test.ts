import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChurnlensDatabase, openDatabase } from './open-database.ts';

// The pattern is read by DuckDB (RE2) through migration 29's macro; these tests ask DuckDB, as ingest does.
describe('names_no_reason', () => {
  let database: ChurnlensDatabase;
  beforeAll(async () => {
    database = await openDatabase(':memory:');
  });
  afterAll(() => database.close());

  async function namesNoReason(answer: string): Promise<boolean> {
    const reader = await database.connection.runAndReadAll('SELECT names_no_reason($answer) AS none', {
      answer,
    });
    return reader.getRowObjectsJson()[0]?.none as boolean;
  }

  it.each([
    'n/a',
    'N/A!!!',
    '-',
    '...',
    '?',
    'None',
    'no comment',
    'Not telling',
    'see above',
    'Please cancel my subscription.',
    'Please cancel my subscription at the end of the billing period.',
    "I'd like to end our subscription this month.",
    'Can you cancel our Starter plan please?',
    'pls cancle my subscribtion',
    'Hi support team, please close our account.',
    'Please cancel my subscription. Thank you, Rosa',
    'Please cancel my account. Regards, Léa',
    'Call summary: no reason given. Sent confirmation',
    'CX called - declined to give reason. Processed cancellation',
    'keine Angabe',
  ])('reads "%s" as naming no reason', async (answer) => {
    expect(await namesNoReason(answer)).toBe(true);
  });

  it.each([
    'Personal reasons',
    'moving abroad',
    'no need',
    'no longer needed',
    'nothing works',
    'Not using it',
    'closing business',
    'second account - please close this one.',
    'cx called - duplicate acct',
    'pirce',
    'Please cancel, too pricey for us',
    'Please cancel my subscription. Thanks, Rosa. The app keeps crashing',
    'keine Zeit',
    'noise',
  ])('leaves "%s" to the classifier', async (answer) => {
    expect(await namesNoReason(answer)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { sheetPlacement } from './choose-kind.ts';
import { EMPTY_MAPPING } from './mapping-file.ts';

const CANCELLATIONS = [
  'id',
  'customer_id',
  'subscription_id',
  'requested_at',
  'channel',
  'plan',
  'mrr',
  'currency',
  'tenure_days',
  'outcome',
];
const CUSTOMERS = ['id', 'signed_up_at', 'plan', 'country'];
const SUMMARY = [['Churn report, March 2024'], ['Period', '2024-03'], ['Plan', 'all']];

describe('sheetPlacement', () => {
  it('places a sheet whose header covers a kind, below title rows', () => {
    expect(sheetPlacement({})([['Cancellations, March'], CANCELLATIONS, ['c1']])).toBe(true);
  });

  it('does not place a summary whose rows name a field or two but cover no kind', () => {
    expect(sheetPlacement({})(SUMMARY)).toBe(false);
    expect(sheetPlacement({})([])).toBe(false);
  });

  it('places a sheet by the kind given with --kind only when its columns cover that kind', () => {
    expect(sheetPlacement({ kind: 'customers' })([CANCELLATIONS])).toBe(false);
    expect(sheetPlacement({ kind: 'customers' })([CUSTOMERS])).toBe(true);
  });

  it("places a form's export by the mapping's questions, which name no field", () => {
    const mapping = { ...EMPTY_MAPPING, questions: { 'Why did you leave?': 'free_text' as const } };
    expect(sheetPlacement({ mapping })([['Respondent', 'Why did you leave?']])).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_MAPPING } from '../mapping/mapping-file.ts';
import { planColumns } from '../mapping/match-columns.ts';
import { NO_REDACTION, rejectionRedaction } from './rejection-redaction.ts';

// A billing tool's cancellations whose customer ids are e-mail addresses, with columns no field reads.
const HEADERS = [
  'Customer ID',
  'Subscription ID',
  'Canceled At',
  'Plan',
  'MRR',
  'Currency',
  'Comment',
  'Customer Email',
  'Notes',
];
const column = (header: string) => HEADERS.indexOf(header);

describe('rejectionRedaction', () => {
  const plan = planColumns('cancellations', HEADERS, EMPTY_MAPPING);
  const redaction = rejectionRedaction(plan);

  it('reads the headers as a billing export names them', () => {
    const fieldOf = (header: string) => plan.matches.find((match) => match.header === header)?.field;
    expect([fieldOf('Customer ID'), fieldOf('Comment')]).toEqual(['customer_id', 'reason_text']);
    expect(plan.unmatched).toEqual(['Customer Email', 'Notes']);
  });

  it('keeps an e-mail customer id and every other field as written, as the loaded tables keep them', () => {
    expect(redaction.value(column('Customer ID'), 'jo@example.com')).toBe('jo@example.com');
    expect(redaction.value(column('Subscription ID'), 'sub_jo@example.com')).toBe('sub_jo@example.com');
    expect(redaction.value(column('Canceled At'), '555-123-4567')).toBe('555-123-4567');
  });

  it('redacts the free text and the columns no field reads, which the loaded tables never hold', () => {
    expect(redaction.value(column('Customer Email'), 'jo@example.com')).toBe('[email]');
    expect(redaction.value(column('Comment'), 'Mail me at jo@example.com')).toBe('Mail me at [email]');
    expect(redaction.value(column('Notes'), 'VIP, call 555-123-4567')).toBe('VIP, call [phone]');
  });

  it('keeps a message quoting ids or other fields as written, and redacts one quoting free text', () => {
    const repeated =
      'id: "jo@example.com" appears again later in this file (line 9); only that row is loaded';
    expect(redaction.message('id', repeated)).toBe(repeated);
    const twoFields = 'customer_id: is required; requested_at: "jo@example.com" is not a valid date';
    expect(redaction.message('customer_id, requested_at', twoFields)).toBe(twoFields);
    expect(redaction.message('requested_at, reason_text', 'reason_text: "jo@example.com…" is too long')).toBe(
      'reason_text: "[email]…" is too long',
    );
    expect(redaction.message(null, 'not a record: jo@example.com')).toBe('not a record: [email]');
  });

  it('redacts a line the reader could not split into fields whole', () => {
    expect(redaction.line('jo@example.com,sub_1,2024-06-01,pro,49,USD,too pricey,,surplus')).toBe(
      '[email],sub_1,2024-06-01,pro,49,USD,too pricey,,surplus',
    );
  });

  it('keeps everything as written without redaction (--no-redact)', () => {
    expect(NO_REDACTION.value(column('Comment'), 'Mail me at jo@example.com')).toBe(
      'Mail me at jo@example.com',
    );
    expect(NO_REDACTION.message(null, 'not a record: jo@example.com')).toBe('not a record: jo@example.com');
    expect(NO_REDACTION.line('jo@example.com,sub_1')).toBe('jo@example.com,sub_1');
  });
});

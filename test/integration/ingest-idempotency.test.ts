/**
 * Re-ingesting is safe: the same file again changes nothing, and an overlapping newer export updates only
 * the rows that changed. Every run is recorded in ingest_runs with its checksum, kind and mapping.
 */
import { ingestFiles } from '@churnlens/ingest';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';

const OFFER_HEADER = 'offer_id,cancellation_id,offer_type,presented_at,accepted,accepted_at,churned_at';

describe('ingest idempotency', () => {
  const temp = tempDatabasePerTest();
  let classifier: ReturnType<typeof keywordClassifier>;
  beforeEach(() => {
    classifier = keywordClassifier();
  });

  const ingest = (paths: string[]) => ingestFiles(temp.db, paths, { classifier });
  /** c1 saved by an accepted discount (offer o1), each from its own export, cancellations first. */
  const loadSavedCancellationWithAcceptedOffer = async () => {
    await ingest([
      temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c1', { outcome: 'saved' })])),
    ]);
    await ingest([
      temp.file(
        'offers-march.csv',
        `${OFFER_HEADER}\no1,c1,discount,2024-03-01T10:02:00Z,yes,2024-03-01T10:03:00Z,\n`,
      ),
    ]);
  };
  const count = async (table: string) =>
    Number((await temp.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))[0]?.n);

  it('adds nothing when the same files are ingested again', async () => {
    const cancellations = temp.file(
      'cancellations.csv',
      cancellationsCsv([
        cancellationRow('c1'),
        cancellationRow('c2', { reason_text: 'Price went up' }),
        cancellationRow('c3', { outcome: 'saved' }),
      ]),
    );
    const offers = temp.file(
      'offers.csv',
      `${OFFER_HEADER}\no1,c3,discount,2024-03-01T10:02:00Z,true,2024-03-01T10:03:00Z,\n`,
    );
    const first = await ingest([offers, cancellations]);
    expect(first.files.map((file) => [file.kind, file.loaded])).toEqual([
      ['cancellations', 3],
      ['offers', 1],
    ]);
    const classifiedOnce = classifier.calls.length;

    const second = await ingest([cancellations, offers]);
    expect(second.totals).toEqual({ read: 4, loaded: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await count('cancellations')).toBe(3);
    expect(await count('offers')).toBe(1);
    expect(await count('verbatims')).toBe(2);
    expect(await count('reason_classifications')).toBe(2);
    expect(classifier.calls.length).toBe(classifiedOnce);
  });

  it('updates the rows an overlapping newer export changed, such as a saved customer who churned later', async () => {
    await loadSavedCancellationWithAcceptedOffer();
    const april = await ingest([
      temp.file(
        'offers-april.csv',
        `${OFFER_HEADER}\n` +
          'o1,c1,discount,2024-03-01T10:02:00Z,yes,2024-03-01T10:03:00Z,2024-04-20T08:00:00Z\n' +
          'o2,c1,pause,2024-04-20T07:55:00Z,no,,\n',
      ),
    ]);
    expect(april.files[0]).toMatchObject({ read: 2, loaded: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(await temp.rows(`SELECT id, churned_at::VARCHAR AS churned_at FROM offers ORDER BY id`)).toEqual([
      { id: 'o1', churned_at: '2024-04-20 08:00:00' },
      { id: 'o2', churned_at: null },
    ]);
  });

  it('warns when an older export ingested after a newer one blanks values the newer one filled in', async () => {
    const monday = temp.file(
      'cancellations-2024-03-04.csv',
      cancellationsCsv([
        cancellationRow('c1', { outcome: 'saved' }),
        cancellationRow('c2', { outcome: 'saved' }),
        cancellationRow('c3'),
      ]),
    );
    const tuesday = temp.file(
      'cancellations-2024-03-05.csv',
      cancellationsCsv([
        cancellationRow('c1', { outcome: 'cancelled', reason_code: 'too_expensive' }),
        cancellationRow('c2', { outcome: 'saved', reason_code: 'unused' }),
        cancellationRow('c3'),
      ]),
    );
    await ingest([monday]);
    const next = await ingest([tuesday]);
    expect(next.files[0]).toMatchObject({ updated: 2, unchanged: 1, warnings: [] });

    const late = await ingest([monday]);

    expect(late.files[0]).toMatchObject({ updated: 2, unchanged: 1 });
    expect(late.files[0]?.warnings).toEqual([
      '2 rows of this file blank values stored before (reason_code of "c1"; reason_code of "c2"): the file ingested last wins, so if this export is older than one ingested before, ingest that one again after it',
    ]);
    expect(await temp.rows(`SELECT id, outcome, reason_code FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', outcome: 'saved', reason_code: null },
      { id: 'c2', outcome: 'saved', reason_code: null },
      { id: 'c3', outcome: 'cancelled', reason_code: null },
    ]);
  });

  it("gives each offer its cancellation's reason and filter columns, and follows updates of either file", async () => {
    const offerFacts = () =>
      temp.rows(
        `SELECT id, reason, plan, accepted, churned_at::VARCHAR AS churned_at, mrr_usd FROM offer_facts ORDER BY id`,
      );
    await loadSavedCancellationWithAcceptedOffer();
    expect(await offerFacts()).toEqual([
      { id: 'o1', reason: 'too_expensive', plan: 'pro', accepted: true, churned_at: null, mrr_usd: 49 },
    ]);

    await ingest([
      temp.file(
        'cancellations-later.csv',
        cancellationsCsv([cancellationRow('c1', { outcome: 'saved', plan: 'team' })]),
      ),
      temp.file(
        'offers-later.csv',
        `${OFFER_HEADER}\no1,c1,discount,2024-03-01T10:02:00Z,yes,2024-03-01T10:03:00Z,2024-04-20T08:00:00Z\n`,
      ),
    ]);
    expect(await offerFacts()).toEqual([
      {
        id: 'o1',
        reason: 'too_expensive',
        plan: 'team',
        accepted: true,
        churned_at: '2024-04-20 08:00:00',
        mrr_usd: 49,
      },
    ]);
  });

  it('keeps columns an export does not carry, and refuses a file without the required ones', async () => {
    await ingest([
      temp.file('full.csv', cancellationsCsv([cancellationRow('c1', { reason_code: 'too_expensive' })])),
    ]);
    const withoutCode = cancellationsCsv([cancellationRow('c1', { plan: 'team' })])
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, index) => index !== 9)
          .join(','),
      )
      .join('\n');
    const update = await ingest([temp.file('no-reason-code.csv', withoutCode)]);
    expect(update.files[0]).toMatchObject({ status: 'ok', updated: 1 });
    expect(await temp.rows(`SELECT plan, reason_code FROM cancellations`)).toEqual([
      { plan: 'team', reason_code: 'too_expensive' },
    ]);

    const partial = temp.file('partial.csv', 'cancellation_id,status\nc1,abandoned\n');
    const refused = await ingestFiles(temp.db, [partial], { classifier, kind: 'cancellations' });
    expect(refused.files[0]).toMatchObject({ status: 'failed' });
    expect(refused.files[0]?.error).toContain('no column for required cancellations field(s) customer_id');
    expect(await temp.rows(`SELECT outcome FROM cancellations`)).toEqual([{ outcome: 'cancelled' }]);
  });

  it('records each run with its checksum, kind, counts and the mapping it used', async () => {
    const path = temp.file(
      'export.csv',
      'Cancel ID,Customer,Subscription,Cancelled At,Channel,Plan Name,MRR,Currency,Tenure,Churn Reason,Outcome\n' +
        'c1,cus_1,sub_1,2024-03-01,Self Serve,pro,10,usd,30,It costs too much,Cancelled\n',
    );
    await ingest([path]);
    const [run] = await temp.rows<Record<string, unknown>>(
      `SELECT file, kind, length(checksum) AS checksum_length, status, rows_read, rows_loaded, mapping::VARCHAR AS mapping,
         finished_at >= started_at AS finished_after_start
       FROM ingest_runs`,
    );
    expect(run).toMatchObject({
      file: path,
      kind: 'cancellations',
      checksum_length: '64',
      status: 'succeeded',
      rows_read: '1',
      rows_loaded: '1',
      finished_after_start: true,
    });
    expect(JSON.parse(String(run?.mapping)).columns).toMatchObject({
      'Cancel ID': 'id',
      'Cancelled At': 'requested_at',
      'Churn Reason': 'reason_text',
      MRR: 'mrr',
    });
    expect(await temp.rows(`SELECT channel, currency, reason_text, outcome FROM cancellations`)).toEqual([
      { channel: 'self_serve', currency: 'USD', reason_text: 'It costs too much', outcome: 'cancelled' },
    ]);
  });
});

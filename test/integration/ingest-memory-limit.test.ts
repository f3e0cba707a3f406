/**
 * A file that needs more memory than DuckDB may use fails on its own: nothing of it is written, the
 * message says what to change, and the database takes the next file as before. A failed file is reported
 * even when the database cannot record its run.
 */
import { ingestFiles } from '@churnlens/ingest';
import { describe, expect, it } from 'vitest';
import { cancellationRow, cancellationsCsv, tempDatabasePerTest } from '../support/ingest-fixtures.ts';

describe('ingest within a memory limit', () => {
  const temp = tempDatabasePerTest();

  it('limits DuckDB to the budget of each file when asked to, and leaves the limit alone otherwise', async () => {
    const memoryLimit = async () =>
      (await temp.rows<{ limit: string }>(`SELECT current_setting('memory_limit') AS limit`))[0]?.limit;
    const before = await memoryLimit();
    const file = temp.file('c.csv', cancellationsCsv([cancellationRow('c1')]));
    await ingestFiles(temp.db, [file]);
    expect(await memoryLimit()).toBe(before);
    const report = await ingestFiles(temp.db, [file], { budgetMemoryPerFile: true });
    expect(report.files[0]).toMatchObject({ status: 'ok', unchanged: 1 });
    expect(await memoryLimit()).toBe('512.0 MiB');
  });

  it("fails a file that does not fit, writes none of it, and gives the caller's advice", async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) =>
      cancellationRow(`c${index}`, { reason_text: `Too expensive for team ${index}` }),
    );
    const file = temp.file('big.csv', cancellationsCsv(rows));
    await temp.db.connection.run(`SET memory_limit = '16MB'`);
    const report = await ingestFiles(temp.db, [file], { outOfMemoryAdvice: 'raise the limit' });
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(
      /^DuckDB ran out of memory \(.+\); nothing of this file was written: raise the limit$/,
    );
    // A server's upload cannot set a limit, and its message names none.
    const upload = await ingestFiles(temp.db, [file]);
    expect(upload.files[0]?.error).toMatch(
      /^DuckDB ran out of memory \(.+\); nothing of this file was written$/,
    );
    await temp.db.connection.run(`SET memory_limit = '1GB'`);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
    const small = temp.file('small.csv', cancellationsCsv([cancellationRow('c1')]));
    expect((await ingestFiles(temp.db, [small])).files[0]).toMatchObject({ status: 'ok', loaded: 1 });
  });

  it('still reports a failed file when the database cannot record its run', async () => {
    // Stands in for a database with no memory left after the rollback: the run's insert fails.
    await temp.db.connection.run(`DROP TABLE ingest_runs`);
    const report = await ingestFiles(temp.db, [temp.file('broken.json', '{"id": "c1", "customer_id": ')]);
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(
      /^cannot be read as json: .+; the failed run could not be recorded in ingest_runs: .*ingest_runs/,
    );
  });
});

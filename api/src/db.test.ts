import { openDatabase } from '@churnlens/models/database/open-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDatabase, QueryTimeoutError } from './db.ts';
import { createFixtureDatabase, type FixtureDatabase } from './testing/churn-fixture.ts';

describe('the server database', () => {
  let fixture: FixtureDatabase;
  beforeAll(async () => {
    fixture = await createFixtureDatabase(undefined, { queryTimeoutMs: 300, maxReaders: 2 });
  });
  afterAll(() => fixture.cleanup());

  const countCancellations = async () =>
    (await fixture.db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cancellations'))[0]?.n;

  it('interrupts a read that runs past the timeout and keeps the connection usable', async () => {
    const started = Date.now();
    await expect(fixture.db.query('SELECT count(*) FROM range(100000000000) a')).rejects.toBeInstanceOf(
      QueryTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await countCancellations()).toBe(20);
  });

  it('keeps answering reads from the last committed snapshot while a write is in progress', async () => {
    let readsDuringWrite: (number | undefined)[] = [];
    await fixture.db.write(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      await connection.run(`DELETE FROM cancellations WHERE id IN ('c01', 'c02')`);
      // More concurrent reads than reader connections: they queue for the pool instead of failing.
      readsDuringWrite = await Promise.all([
        countCancellations(),
        countCancellations(),
        countCancellations(),
      ]);
      await connection.run('COMMIT');
    });
    expect(readsDuringWrite).toEqual([20, 20, 20]);
    expect(await countCancellations()).toBe(18);
  });

  it('runs writes one after another in call order', async () => {
    const order: string[] = [];
    const slow = fixture.db.write(async (connection) => {
      await connection.run('SELECT count(*) FROM range(3000000)');
      order.push('first');
    });
    const fast = fixture.db.write(async () => {
      order.push('second');
    });
    const failing = fixture.db.write(async () => {
      throw new Error('write failed');
    });
    await Promise.all([slow, fast, expect(failing).rejects.toThrow('write failed')]);
    await fixture.db.write(async () => {
      order.push('after a failure');
    });
    expect(order).toEqual(['first', 'second', 'after a failure']);
  });

  it('gives every statement of a read one snapshot, unless the read does without it', async () => {
    const countsAroundAWrite = (snapshot: boolean, deleted: string) =>
      fixture.db.read(
        async (connection) => {
          const count = async () =>
            (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM cancellations'))
              .getRowObjectsJson()
              .map((row) => row.n)[0];
          const before = await count();
          await fixture.db.write((writer) =>
            writer.run(`DELETE FROM cancellations WHERE id = $id`, { id: deleted }),
          );
          return [before, await count()];
        },
        { snapshot },
      );
    expect(await countsAroundAWrite(true, 'c03')).toEqual([18, 18]);
    expect(await countsAroundAWrite(false, 'c04')).toEqual([17, 16]);
  });
});

describe('the server database after DuckDB invalidates it', () => {
  // What DuckDB answers every statement once a checkpoint failed for want of disk space.
  const invalidated = new Error(
    'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\nOriginal error: "Failed to create checkpoint because of error: Could not write file "/srv/churn.duckdb": No space left on device"',
  );

  it('tells once, on the first read that fails so', async () => {
    const told: unknown[] = [];
    const db = createApiDatabase(await openDatabase(':memory:'), {
      onInvalidated: (error) => told.push(error),
    });
    const failingRead = () =>
      db.read(async () => {
        throw invalidated;
      });
    await expect(failingRead()).rejects.toBe(invalidated);
    await expect(failingRead()).rejects.toBe(invalidated);
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    expect(told).toEqual([invalidated]);
    await db.close();
  });

  it('tells after a write that left it so, although the write itself reported no error', async () => {
    const database = await openDatabase(':memory:');
    let broken = false;
    // The writer connection answers as an invalidated database does once `broken` is set.
    const connection = new Proxy(database.connection, {
      get(target, property) {
        if (property === 'run' && broken) return () => Promise.reject(invalidated);
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const told: unknown[] = [];
    const db = createApiDatabase({ ...database, connection }, { onInvalidated: (error) => told.push(error) });
    await db.write(async () => 'a healthy write');
    expect(told).toEqual([]);
    // An ingest reports a failed file in its result rather than throwing.
    await expect(
      db.write(async () => {
        broken = true;
        return { status: 'failed' };
      }),
    ).resolves.toEqual({ status: 'failed' });
    expect(told).toEqual([invalidated]);
    broken = false;
    await db.close();
  });
});

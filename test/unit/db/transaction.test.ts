/**
 * The transaction helper's retry: PostgreSQL deadlocks (40P01) and serialization failures
 * (40001) run the whole transaction again, a bounded number of times; anything else is
 * thrown at once; on an already-open transaction the work runs directly, once.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/connection.ts';
import { MAX_TRANSACTION_ATTEMPTS, inTransaction, isRetryableTransactionError, onCommit } from '../../../src/db/transaction.ts';

const fakeError = (code: string) => Object.assign(new Error(`fake ${code}`), { code });

/** A Db whose transactions only count how often they were opened. */
function fakeDb(isTransaction = false): Db & { opened: number } {
  const trx = { isTransaction: true } as const;
  const db = {
    opened: 0,
    dialect: 'postgres' as const,
    close: () => Promise.resolve(),
    kysely: {
      isTransaction,
      transaction: () => ({
        execute: async <T>(fn: (t: typeof trx) => Promise<T>) => {
          db.opened += 1;
          return fn(trx);
        },
      }),
    },
  };
  return db as unknown as Db & { opened: number };
}

const noWait = { sleep: () => Promise.resolve() };

describe('inTransaction', () => {
  it('runs a callback that deadlocks twice three times, and returns its result', async () => {
    const db = fakeDb();
    let runs = 0;
    const result = await inTransaction(
      db,
      async () => {
        await Promise.resolve();
        runs += 1;
        if (runs <= 2) throw fakeError('40P01');
        return 'done';
      },
      noWait,
    );
    expect(result).toBe('done');
    expect(runs).toBe(3);
    expect(db.opened).toBe(3);
  });

  it('retries serialization failures too, waiting a little longer each time', async () => {
    const waits: number[] = [];
    let runs = 0;
    await inTransaction(
      fakeDb(),
      async () => {
        await Promise.resolve();
        runs += 1;
        if (runs <= 3) throw fakeError('40001');
      },
      { sleep: (ms) => Promise.resolve(void waits.push(ms)) },
    );
    expect(runs).toBe(4);
    expect(waits).toHaveLength(3);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(2.5 * 2 ** (i + 1));
      expect(ms).toBeLessThanOrEqual(5 * 2 ** (i + 1));
    });
  });

  it('does not retry any other error', async () => {
    for (const error of [fakeError('23505'), fakeError('SQLITE_BUSY'), new Error('boom'), Object.assign(new Error('numeric code'), { code: 40001 })]) {
      let runs = 0;
      await expect(
        inTransaction(
          fakeDb(),
          async () => {
            await Promise.resolve();
            runs += 1;
            throw error;
          },
          noWait,
        ),
      ).rejects.toBe(error);
      expect(runs).toBe(1);
    }
  });

  it(`gives up after ${MAX_TRANSACTION_ATTEMPTS} attempts with the last error`, async () => {
    let runs = 0;
    const error = fakeError('40P01');
    await expect(
      inTransaction(
        fakeDb(),
        async () => {
          await Promise.resolve();
          runs += 1;
          throw error;
        },
        noWait,
      ),
    ).rejects.toBe(error);
    expect(runs).toBe(MAX_TRANSACTION_ATTEMPTS);
  });

  it('runs directly, once, on an open transaction: the retry belongs to whoever opened it', async () => {
    const db = fakeDb(true);
    let runs = 0;
    await expect(
      inTransaction(
        db,
        async () => {
          await Promise.resolve();
          runs += 1;
          throw fakeError('40P01');
        },
        noWait,
      ),
    ).rejects.toThrow('fake 40P01');
    expect(runs).toBe(1);
    expect(db.opened).toBe(0);
  });

  it('recognises exactly the retryable codes', () => {
    expect(isRetryableTransactionError(fakeError('40P01'))).toBe(true);
    expect(isRetryableTransactionError(fakeError('40001'))).toBe(true);
    expect(isRetryableTransactionError(fakeError('40002'))).toBe(false);
    expect(isRetryableTransactionError(null)).toBe(false);
  });
});

describe('onCommit', () => {
  it('runs after the transaction commits, once, and never for a rolled-back attempt', async () => {
    const db = fakeDb();
    const ran: string[] = [];
    let attempt = 0;
    const result = await inTransaction(
      db,
      (trx) => {
        attempt += 1;
        onCommit(trx, () => ran.push(`hook of attempt ${attempt}`));
        expect(ran).toEqual([]);
        return attempt === 1 ? Promise.reject(fakeError('40P01')) : Promise.resolve('done');
      },
      { sleep: () => Promise.resolve() },
    );
    expect(result).toBe('done');
    expect(ran).toEqual(['hook of attempt 2']);
  });

  it('drops the hooks of a transaction that fails', async () => {
    const ran: string[] = [];
    await expect(
      inTransaction(fakeDb(), (trx) => {
        onCommit(trx, () => ran.push('hook'));
        return Promise.reject(new Error('business rule'));
      }),
    ).rejects.toThrow('business rule');
    expect(ran).toEqual([]);
  });

  it('runs at once outside a transaction', () => {
    const ran: string[] = [];
    onCommit({ isTransaction: false } as never, () => ran.push('now'));
    expect(ran).toEqual(['now']);
  });
});

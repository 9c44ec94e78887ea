/**
 * Running the heavier report queries — those that aggregate tens of thousands of customers —
 * with settings that suit them. On PostgreSQL: in a transaction of their own with more
 * work_mem (a year of per-customer rows is hashed in memory instead of sorted on disk: about
 * twice as fast) and without JIT compilation (its ~60 ms compile is not repaid by queries of
 * a few hundred ms). SQLite has nothing to tune here, and a transaction there would take the
 * write lock: the query runs as it is.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor } from '../../kernel/context.ts';

const WORK_MEM = '64MB';

export function withReportSettings<T>(db: Db, run: (executor: Executor) => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return run(db.kysely);
  return inTransaction(db, async (trx) => {
    await sql`select set_config('work_mem', ${WORK_MEM}, true), set_config('jit', 'off', true)`.execute(trx);
    return run(trx);
  });
}

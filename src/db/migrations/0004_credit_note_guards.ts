/**
 * Credit notes are issued once and never change: the service has no update or delete, and
 * these triggers refuse any UPDATE or DELETE on credit_notes as the second guard.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const MESSAGE = 'credit notes never change once issued';

export async function up(db: AnyDb): Promise<void> {
  const statements =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? [
          `create function settle_guard_credit_note() returns trigger language plpgsql as $$
           begin
             raise exception '${MESSAGE}' using errcode = 'integrity_constraint_violation';
           end $$`,
          `create trigger credit_notes_frozen before update or delete on credit_notes
           for each row execute function settle_guard_credit_note()`,
        ]
      : [
          `create trigger credit_notes_frozen_update before update on credit_notes begin select raise(abort, '${MESSAGE}'); end`,
          `create trigger credit_notes_frozen_delete before delete on credit_notes begin select raise(abort, '${MESSAGE}'); end`,
        ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

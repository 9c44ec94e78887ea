/**
 * `settle verify`: recomputes the document chain of every organization (the same check as
 * GET /api/v1/integrity) and prints one line per organization. Exit code 0 when every chain
 * verifies, 2 when any is broken (1 stays "the command failed"), so a cron job or a
 * monitoring probe can tell tampering from an unreachable database.
 *
 * Like the other commands it brings the database up to date first: the migrations, and the
 * one-time chaining of documents issued before the chain existed (chain.repo.ts).
 */
import type { Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { chainExistingDocuments } from '../modules/integrity/chain.repo.ts';
import { verifyChain } from '../modules/integrity/verify-chain.ts';
import { systemClock } from '../shared/clock.ts';

export const BROKEN_CHAIN_EXIT_CODE = 2;

export async function verifyCommand(db: Db, log: (line: string) => void = console.log): Promise<number> {
  await migrateToLatest(db);
  await chainExistingDocuments(db, systemClock);
  const orgs = await db.kysely.selectFrom('organizations').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
  let broken = 0;
  for (const org of orgs) {
    const report = await verifyChain(db.kysely, org.id);
    const at = `${org.id} (${org.name})`;
    if (report.first_break === undefined) {
      log(`verified  ${at}: ${report.documents} documents, head ${report.head_hash ?? '(no documents yet)'}`);
      continue;
    }
    broken++;
    const b = report.first_break;
    log(`BROKEN    ${at}: ${b.reason} at ${b.type} ${b.id}${b.number === null ? '' : ` (${b.number})`}: ${b.detail}`);
  }
  log(broken === 0 ? `All ${orgs.length} organizations verified.` : `${broken} of ${orgs.length} organizations have a broken chain.`);
  return broken === 0 ? 0 : BROKEN_CHAIN_EXIT_CODE;
}

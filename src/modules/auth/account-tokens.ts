/**
 * Single-use links e-mailed to the owner of an address: invitations to join an
 * organization (valid 7 days) and password resets (valid 1 hour).
 *
 * A token row is written in the transaction of the change that asks for it (invite,
 * reset request) without a token: the secret is minted only by whoever delivers it — the
 * e-mail job, or the operator's `settle users invite-link` — which stores its SHA-256 and
 * hands the plaintext on. So the plaintext is never at rest anywhere but in the e-mail, and
 * an admin who reads the database, the outbox or the API cannot learn it. A new link for
 * the same purpose ends the earlier ones, and using a link ends it (compare-and-set on
 * `used_at`, so two clicks cannot both succeed).
 */
import type { AccountTokensTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { newId } from '../../shared/ids.ts';
import { randomToken, sha256 } from './secrets.ts';

export type AccountTokenPurpose = 'invitation' | 'password_reset';

export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

export type AccountTokenRow = AccountTokensTable;

export interface NewAccountToken {
  purpose: AccountTokenPurpose;
  userId: string;
  orgId: string | null;
  createdBy: string | null;
  now: Date;
}

function scope(db: Executor, purpose: AccountTokenPurpose, userId: string, orgId: string | null) {
  let query = db.updateTable('account_tokens').where('purpose', '=', purpose).where('user_id', '=', userId).where('used_at', 'is', null);
  query = orgId === null ? query.where('organization_id', 'is', null) : query.where('organization_id', '=', orgId);
  return query;
}

/** Ends every open link of this purpose for the user (and organization). */
export async function endAccountTokens(db: Executor, purpose: AccountTokenPurpose, userId: string, orgId: string | null, now: Date): Promise<void> {
  await scope(db, purpose, userId, orgId).set({ used_at: now.toISOString() }).execute();
}

/** Records a new link (not yet minted) and ends the earlier ones of the same purpose. */
export async function createAccountToken(db: Executor, token: NewAccountToken): Promise<AccountTokenRow> {
  await endAccountTokens(db, token.purpose, token.userId, token.orgId, token.now);
  const row: AccountTokenRow = {
    id: newId('atk'),
    purpose: token.purpose,
    user_id: token.userId,
    organization_id: token.orgId,
    token_hash: null,
    created_by: token.createdBy,
    created_at: token.now.toISOString(),
    expires_at: new Date(token.now.getTime() + ACCOUNT_TOKEN_TTL_MS[token.purpose]).toISOString(),
    used_at: null,
  };
  await db.insertInto('account_tokens').values(row).execute();
  return row;
}

/**
 * Gives a live link its secret and returns it, to be sent at once; null when the link was
 * used, ended or expired meanwhile. Minting again replaces the secret (an earlier e-mail's
 * link then stops working), so a retried delivery never needs a stored plaintext.
 */
export async function mintAccountToken(db: Executor, tokenId: string, now: Date): Promise<string | null> {
  const token = randomToken('');
  const result = await db
    .updateTable('account_tokens')
    .set({ token_hash: sha256(token) })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? token : null;
}

/** The live link behind a presented token, without using it. */
export async function findLiveAccountToken(db: Executor, purpose: AccountTokenPurpose, token: string, now: Date): Promise<AccountTokenRow | undefined> {
  if (token.length === 0) return undefined;
  return db
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** Uses a link: exactly one caller gets the row; everyone else (and any later click) gets undefined. */
export async function consumeAccountToken(db: Executor, purpose: AccountTokenPurpose, token: string, now: Date): Promise<AccountTokenRow | undefined> {
  if (token.length === 0) return undefined;
  return db
    .updateTable('account_tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returningAll()
    .executeTakeFirst();
}

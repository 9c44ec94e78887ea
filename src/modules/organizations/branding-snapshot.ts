/**
 * Branding frozen on issued documents (issue "Trust", item 3). An issued invoice or credit
 * note must print the same forever: re-downloading it after a new logo, accent colour, footer
 * or bank account must not change a byte. So at finalization (and when a credit note is
 * issued) every branding input the printed document reads from the live organization is
 * copied into the document's `branding_snapshot` column:
 *
 *   accent_color, document_footer, bank_details — as stored on the organization, so the one
 *     set of readers in documents/document-model.ts (validAccent, bankDetailsOf…) interprets them;
 *   logo — by SHA-256 of its bytes; the bytes go to document_assets once per organization and
 *     content, so thousands of invoices share one copy;
 *   locale — the document's language as resolved at issue (customer's, else organization's).
 *     Null on documents snapshotted by migration 0009: they keep following the live language.
 *
 * Drafts have no snapshot and print the live branding. The seller's name, address and tax id
 * are frozen separately (seller_snapshot). Written here, below the issuing modules (invoices,
 * credit notes); read back by documents/frozen-branding.ts when the document is printed.
 */
import crypto from 'node:crypto';
import { documentLocale } from '../../domain/document-language.ts';
import type { Executor } from '../../kernel/context.ts';

export interface BrandingSnapshot {
  accent_color: string | null;
  document_footer: string | null;
  bank_details: string | null;
  logo: { sha256: string; content_type: string } | null;
  locale: string | null;
}

/** Reads the live branding, stores the logo in document_assets (once per content) and returns the JSON to store. */
export async function snapshotBranding(trx: Executor, orgId: string, customerId: string, now: string): Promise<string> {
  const org = await trx
    .selectFrom('organizations')
    .select(['accent_color', 'document_footer', 'bank_details', 'locale'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  const customer = await trx.selectFrom('customers').select('language').where('organization_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
  const logo = await trx.selectFrom('organization_logos').select(['content_type', 'data']).where('organization_id', '=', orgId).executeTakeFirst();
  let logoRef: BrandingSnapshot['logo'] = null;
  if (logo) {
    const bytes = Buffer.from(logo.data, 'base64');
    logoRef = { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), content_type: logo.content_type };
    const stored = await trx
      .selectFrom('document_assets')
      .select('sha256')
      .where('organization_id', '=', orgId)
      .where('sha256', '=', logoRef.sha256)
      .executeTakeFirst();
    // Checked first so the usual case (the logo is already stored) writes nothing; a concurrent
    // first insert of the same logo is absorbed by ON CONFLICT (the content is the same).
    if (!stored) {
      await trx
        .insertInto('document_assets')
        .values({ organization_id: orgId, sha256: logoRef.sha256, content_type: logo.content_type, data: logo.data, byte_size: bytes.length, created_at: now })
        .onConflict((oc) => oc.columns(['organization_id', 'sha256']).doNothing())
        .execute();
    }
  }
  const snapshot: BrandingSnapshot = {
    accent_color: org.accent_color,
    document_footer: org.document_footer,
    bank_details: org.bank_details,
    logo: logoRef,
    locale: documentLocale(customer?.language, org.locale),
  };
  return JSON.stringify(snapshot);
}

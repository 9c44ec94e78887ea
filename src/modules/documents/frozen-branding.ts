/**
 * The branding an issued document prints: the snapshot taken when it was issued
 * (organizations/branding-snapshot.ts), with the logo from document_assets.
 */
import type { OrganizationLogosTable, OrganizationsTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import type { BrandingSnapshot } from '../organizations/branding-snapshot.ts';
import { brandingOf, type Branding } from './document-model.ts';

/** The branding (and locale, when frozen) an issued document prints, from its snapshot. */
export async function frozenBranding(db: Executor, orgId: string, json: string): Promise<{ branding: Branding; locale: string | null }> {
  const snapshot = JSON.parse(json) as BrandingSnapshot;
  let logo: Pick<OrganizationLogosTable, 'content_type' | 'data'> | undefined;
  if (snapshot.logo !== null) {
    logo = await db
      .selectFrom('document_assets')
      .select(['content_type', 'data'])
      .where('organization_id', '=', orgId)
      .where('sha256', '=', snapshot.logo.sha256)
      .executeTakeFirst();
  }
  const settings: Pick<OrganizationsTable, 'accent_color' | 'document_footer' | 'bank_details'> = snapshot;
  return { branding: brandingOf(settings, logo), locale: snapshot.locale };
}

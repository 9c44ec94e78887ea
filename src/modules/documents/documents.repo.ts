/**
 * What printing a document reads besides the invoice or credit note itself, for one
 * organization: its settings and branding, its logo, and the customer's language.
 * Read only: the branding settings API (organizations module) writes these.
 */
import type { OrganizationLogosTable, OrganizationsTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';

export class DocumentsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  organization(): Promise<OrganizationsTable | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', this.orgId).executeTakeFirst();
  }

  logo(): Promise<Pick<OrganizationLogosTable, 'content_type' | 'data'> | undefined> {
    return this.db.selectFrom('organization_logos').select(['content_type', 'data']).where('organization_id', '=', this.orgId).executeTakeFirst();
  }

  /** The live customer's language and payment terms (a finalized document keeps its own snapshot otherwise). */
  customer(id: string): Promise<{ language: string | null; payment_terms_days: number | null } | undefined> {
    return this.db
      .selectFrom('customers')
      .select(['language', 'payment_terms_days'])
      .where('organization_id', '=', this.orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}

/**
 * The data a printed document is made from: the API view of the invoice or credit note, the
 * seller as printed (frozen once finalized), the organization's branding and the language
 * the customer reads. Loading it is in document-data.ts; turning it into what the page
 * shows, in document-view.ts. Pure.
 */
import type { PrintedCustomField } from '../../domain/custom-fields.ts';
import type { OrganizationLogosTable, OrganizationsTable } from '../../db/schema.ts';
import type { AddressValue } from '../../kernel/http/schemas.ts';
import type { CreditNoteOut } from '../credit-notes/credit-notes.schemas.ts';
import type { InvoiceOut } from '../invoices/invoices.schemas.ts';
import type { DocumentLanguage } from '../../domain/document-language.ts';

export interface DocumentParty {
  name: string;
  address: AddressValue | null;
  tax_id: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface BankDetails {
  account_holder: string | null;
  bank_name: string | null;
  iban: string | null;
  bic: string | null;
  instructions: string | null;
}

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export interface DocumentLogo {
  contentType: LogoType;
  data: Buffer;
  base64: string;
}

export interface Branding {
  /** Always a valid #RRGGBB: it goes into CSS and PDF colours. */
  accentColor: string;
  logo: DocumentLogo | null;
  footer: string | null;
  bankDetails: BankDetails | null;
}

interface Common {
  seller: DocumentParty;
  branding: Branding;
  /** The BCP 47 tag dates and numbers follow ("de-AT"). */
  locale: string;
  /** The language of the labels. */
  language: DocumentLanguage;
}

export interface InvoiceDocumentData extends Common {
  kind: 'invoice';
  invoice: InvoiceOut;
  /** For a draft without dates: the terms that will apply when it is finalized. */
  paymentTermsDays: number | null;
  /** Custom fields printed on it as "Label: value" (frozen at finalization); absent: none. */
  customFields?: PrintedCustomField[];
}

export interface CreditNoteDocumentData extends Common {
  kind: 'credit_note';
  creditNote: CreditNoteOut;
}

export type DocumentData = InvoiceDocumentData | CreditNoteDocumentData;

export const DEFAULT_ACCENT = '#2f4b7c';
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export function validAccent(color: string | null | undefined): string {
  return color !== null && color !== undefined && HEX_COLOR.test(color) ? color.toLowerCase() : DEFAULT_ACCENT;
}

const MAGIC: Record<Exclude<LogoType, 'image/svg+xml'>, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** The stored logo when it is what it claims to be; anything else is left off the document. */
export function logoOf(row: Pick<OrganizationLogosTable, 'content_type' | 'data'> | undefined): DocumentLogo | null {
  if (!row || !(LOGO_TYPES as readonly string[]).includes(row.content_type)) return null;
  const contentType = row.content_type as LogoType;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(row.data)) return null;
  const data = Buffer.from(row.data, 'base64');
  if (contentType === 'image/svg+xml') {
    if (!/<svg[\s>]/i.test(data.toString('utf8'))) return null;
  } else if (!MAGIC[contentType].every((byte, i) => data[i] === byte)) {
    return null;
  }
  return { contentType, data, base64: row.data };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** organizations.bank_details (JSON); null when absent, unreadable or empty. */
export function bankDetailsOf(json: string | null): BankDetails | null {
  if (json === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const details: BankDetails = {
    account_holder: text(r.account_holder),
    bank_name: text(r.bank_name),
    iban: text(r.iban),
    bic: text(r.bic),
    instructions: text(r.instructions),
  };
  return Object.values(details).some((v) => v !== null) ? details : null;
}

export function brandingOf(org: Pick<OrganizationsTable, 'accent_color' | 'document_footer' | 'bank_details'>, logo: Pick<OrganizationLogosTable, 'content_type' | 'data'> | undefined): Branding {
  return {
    accentColor: validAccent(org.accent_color),
    logo: logoOf(logo),
    footer: text(org.document_footer),
    bankDetails: bankDetailsOf(org.bank_details),
  };
}

/**
 * The e-invoice formats the API writes (GET …/einvoice?format=…), named as people know them,
 * and the addresses of their files. The order is the Download menu's: the German and French
 * formats most customers ask for first, the plain EN 16931 syntaxes last.
 */
import type { z } from 'zod';
import type { EInvoiceValidationOut } from '../../../../src/modules/einvoices/einvoices.schemas.ts';
import { EINVOICE_FORMAT_LABELS, type EinvoiceFormat } from '../../../../src/domain/einvoice/formats.ts';

export type EInvoiceValidation = z.output<typeof EInvoiceValidationOut>;
export type EInvoiceFinding = EInvoiceValidation['errors'][number];

/**
 * Each format: its value, its name (a proper name, the same in every language), and `key`, the
 * translation key of the sentence saying what the file is (invoice.formats.<key>).
 */
export const EINVOICE_FORMATS = [
  { value: 'facturx', label: EINVOICE_FORMAT_LABELS['facturx'], key: 'facturx', syntax: 'a PDF carrying the CII XML (Factur-X / ZUGFeRD, EN 16931 profile)' },
  { value: 'xrechnung-cii', label: EINVOICE_FORMAT_LABELS['xrechnung-cii'], key: 'xrechnungCii', syntax: 'XRechnung 3.0, CII syntax' },
  { value: 'xrechnung-ubl', label: EINVOICE_FORMAT_LABELS['xrechnung-ubl'], key: 'xrechnungUbl', syntax: 'XRechnung 3.0, UBL syntax' },
  { value: 'ubl', label: EINVOICE_FORMAT_LABELS['ubl'], key: 'ubl', syntax: 'UBL 2.1, Peppol BIS Billing 3.0' },
  { value: 'cii', label: EINVOICE_FORMAT_LABELS['cii'], key: 'cii', syntax: 'UN/CEFACT CII D16B' },
] as const satisfies readonly { value: EinvoiceFormat; label: string; key: string; syntax: string }[];

export type EInvoiceFormat = EinvoiceFormat;

/** Without a format on the customer, the check starts with the one German public buyers require. */
export const DEFAULT_CHECK_FORMAT: EInvoiceFormat = 'xrechnung-cii';

export function isEInvoiceFormat(value: unknown): value is EInvoiceFormat {
  return EINVOICE_FORMATS.some((f) => f.value === value);
}

export function formatLabel(format: EInvoiceFormat): string {
  return EINVOICE_FORMATS.find((f) => f.value === format)?.label ?? format;
}

export type DocumentKind = 'invoices' | 'credit-notes';

/** A plain link to the file; with download=1 the server sends it as an attachment. */
export function einvoiceHref(kind: DocumentKind, id: string, format: EInvoiceFormat): string {
  return `/api/v1/${kind}/${id}/einvoice?format=${format}&download=1`;
}

/**
 * The rule messages of the official Schematron start with their own id ("[BR-DE-15]-The
 * element …"); shown beside the id, that prefix only repeats it.
 */
export function ruleMessage(finding: { rule: string; message: string }): string {
  const prefix = `[${finding.rule}]`;
  const text = finding.message.trim();
  return text.startsWith(prefix) ? text.slice(prefix.length).replace(/^\s*-\s*/, '') : text;
}

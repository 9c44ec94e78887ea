/**
 * Request and response pieces for the e-invoice data several modules share (organization and
 * customer electronic addresses, the e-invoice format, VATEX codes). The code lists live in
 * the pure domain (domain/einvoice); these only wire them into zod, naming the sub-field.
 */
import { z } from 'zod';
import { electronicAddressProblem, MAX_ELECTRONIC_ADDRESS_LENGTH } from '../../domain/einvoice/eas-codes.ts';
import { EINVOICE_FORMATS } from '../../domain/einvoice/formats.ts';
import { MAX_VATEX_LENGTH, vatexProblem } from '../../domain/einvoice/vatex-codes.ts';
import { text } from './schemas.ts';

export const ElectronicAddressOut = z
  .object({
    scheme: z.string().meta({ description: 'CEF EAS code: "EM" e-mail, "0088" GLN, "9930" German VAT number, "0204" Leitweg-ID, …' }),
    value: z.string(),
  })
  .meta({ id: 'ElectronicAddress' });
export type ElectronicAddressValue = z.output<typeof ElectronicAddressOut>;

/** {scheme, value}: the scheme on the CEF EAS list, the value ≤ 200 characters (an e-mail for "EM"); null clears it. */
export const ElectronicAddressInput = z
  .object({
    scheme: z.string().max(10).transform((s) => s.trim().toUpperCase()),
    value: text(MAX_ELECTRONIC_ADDRESS_LENGTH + 1),
  })
  .strict()
  .superRefine((address, ctx) => {
    const problem = electronicAddressProblem(address.scheme, address.value);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  })
  .meta({
    description: 'Electronic address for e-invoices (EN 16931 BT-34 seller / BT-49 buyer), e.g. a Peppol participant id {"scheme":"0088","value":"4012345000009"} or {"scheme":"EM","value":"invoices@example.com"}',
  });

/** The stored pair of columns as the API shows it (both set, or null). */
export function electronicAddressOf(row: { electronic_address_scheme: string | null; electronic_address_value: string | null }): ElectronicAddressValue | null {
  if (row.electronic_address_scheme === null || row.electronic_address_value === null) return null;
  return { scheme: row.electronic_address_scheme, value: row.electronic_address_value };
}

/** The columns for an electronic address given in a request (undefined: leave as is). */
export function electronicAddressColumns(address: ElectronicAddressValue | null | undefined): { electronic_address_scheme: string | null; electronic_address_value: string | null } | Record<string, never> {
  if (address === undefined) return {};
  return { electronic_address_scheme: address?.scheme ?? null, electronic_address_value: address?.value ?? null };
}

export const EinvoiceFormat = z.enum(EINVOICE_FORMATS).meta({
  description: 'E-invoice format: ubl (Peppol BIS Billing 3.0), cii (EN 16931 CII), xrechnung-ubl, xrechnung-cii (XRechnung 3.0), facturx (Factur-X / ZUGFeRD PDF)',
});

/** A VATEX code (BT-121), upper-cased; "" or null clears it. */
export const VatexCode = z
  .string()
  .max(MAX_VATEX_LENGTH)
  .transform((s) => s.trim().toUpperCase())
  .superRefine((code, ctx) => {
    if (code === '') return;
    const problem = vatexProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** Registration ids (BT-30/BT-32/BT-47): free text like "HRB 12345" or "123/456/78901". */
export const RegistrationId = text(100)
  .nullish()
  .transform((s) => (s === '' || s === undefined ? null : s));

/**
 * The e-invoice formats Settle writes (the contract of GET /invoices/{id}/einvoice?format=…)
 * and a customer may prefer (customer.einvoice_format). Pure: shared by server and web app.
 */
export const EINVOICE_FORMATS = ['ubl', 'cii', 'xrechnung-ubl', 'xrechnung-cii', 'facturx'] as const;
export type EinvoiceFormat = (typeof EINVOICE_FORMATS)[number];

export function isEinvoiceFormat(value: string): value is EinvoiceFormat {
  return (EINVOICE_FORMATS as readonly string[]).includes(value);
}

/** How every screen names each format (customer form, Download menu, check card). */
export const EINVOICE_FORMAT_LABELS: Readonly<Record<EinvoiceFormat, string>> = {
  ubl: 'UBL (Peppol BIS 3)',
  cii: 'CII (EN 16931)',
  'xrechnung-ubl': 'XRechnung (UBL)',
  'xrechnung-cii': 'XRechnung (CII)',
  facturx: 'Factur-X / ZUGFeRD (PDF/A-3)',
};

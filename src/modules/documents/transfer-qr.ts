/**
 * The EPC QR code ("GiroCode") on an invoice: scanned by a banking app, it fills in a SEPA
 * credit transfer of the amount due to the organization's IBAN with the invoice number as
 * reference. Shown on the PDF and the customer's pages when the organization has an IBAN,
 * the invoice is in EUR, issued, not void, and has an amount due. The payload comes from
 * domain/epc-qr.ts; this file draws it (uqr) as an SVG data URI for HTML and as squares in
 * a PDF.
 */
import { encode } from 'uqr';
import type { DocumentLanguage } from '../../domain/document-language.ts';
import { epcPayload } from '../../domain/epc-qr.ts';
import { parseAmount } from '../../domain/money/index.ts';
import { escapeHtml as e } from '../../shared/html.ts';
import type { InvoiceDocumentData } from './document-model.ts';

export interface TransferQr {
  /** The EPC payload the code holds. */
  payload: string;
  /** "Scan to pay by bank transfer", in the document's language. */
  label: string;
}

const LABELS: Record<DocumentLanguage, string> = {
  en: 'Scan with your banking app to pay by bank transfer',
  de: 'Mit der Banking-App scannen und per Überweisung bezahlen',
  fr: 'Scannez avec votre application bancaire pour payer par virement',
  es: 'Escanee con su aplicación bancaria para pagar por transferencia',
};

export function transferQrOf(data: InvoiceDocumentData): TransferQr | null {
  const { invoice } = data;
  const bank = data.branding.bankDetails;
  if (!bank?.iban || invoice.currency !== 'EUR' || invoice.number === null) return null;
  if (invoice.status === 'draft' || invoice.status === 'void') return null;
  const due = parseAmount(invoice.amount_due, 'EUR');
  if (due <= 0n) return null;
  const payload = epcPayload({
    name: bank.account_holder || data.seller.name,
    iban: bank.iban,
    bic: bank.bic,
    currency: 'EUR',
    amountMinor: due,
    remittance: invoice.number,
  });
  return payload === null ? null : { payload, label: LABELS[data.language] };
}

/** The code's modules, true for dark; the EPC guideline asks for error correction level M. */
function modules(payload: string): boolean[][] {
  return encode(payload, { ecc: 'M', border: 0 }).data;
}

function svg(payload: string): string {
  const data = modules(payload);
  const size = data.length;
  const path = data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${size + 4} ${size + 4}" shape-rendering="crispEdges"><rect x="-2" y="-2" width="${size + 4}" height="${size + 4}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

export const TRANSFER_QR_CSS = '.qr{display:flex;gap:.8rem;align-items:center;margin:.8rem 0 0}.qr figcaption{min-width:0}.qr img{width:7.5rem;height:7.5rem;flex:none}.qr figcaption{color:#616e7c;font-size:.85em}';

/** A figure with the code as an image (the CSP allows data: images) and its payload in `data-epc`. */
export function transferQrHtml(qr: TransferQr | null): string {
  if (qr === null) return '';
  const uri = `data:image/svg+xml;base64,${Buffer.from(svg(qr.payload)).toString('base64')}`;
  return `<figure class="qr" data-epc="${e(qr.payload)}"><img src="${uri}" alt="${e(qr.label)}"><figcaption>${e(qr.label)}</figcaption></figure>`;
}

/** The code's side on the PDF, in points (about 25 mm: scans well when printed). */
export const PDF_QR_SIZE = 72;

/** Draws the code at (x, y) with its label to the right, within `width`; returns its height. */
export function drawTransferQr(doc: PDFKit.PDFDocument, qr: TransferQr, x: number, y: number, width: number, font: string, color: string): number {
  const size = PDF_QR_SIZE;
  const data = modules(qr.payload);
  const cell = size / data.length;
  doc.save();
  data.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(x + c * cell, y + r * cell, cell, cell);
    }),
  );
  doc.fill('#000000');
  doc.restore();
  doc.font(font).fontSize(8).fillColor(color).text(qr.label, x + size + 12, y + size / 2 - 10, { width: Math.max(60, width - size - 12) });
  return size;
}

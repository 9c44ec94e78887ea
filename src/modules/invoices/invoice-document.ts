/**
 * The invoice document as HTML: a plain, printable template (A4) showing exactly the
 * figures of the API. Every value is HTML-escaped; the page carries no script and is served
 * with a Content-Security-Policy that allows nothing but its own inline style.
 * Kept apart from the use cases so that a richer template (logo, locale) can replace it.
 */
import { TAX_CATEGORY_NAMES } from '../../domain/tax/index.ts';
import { escapeHtml } from '../../shared/html.ts';
import { STYLE, addressLines, party, priceText } from '../documents/document-layout.ts';
import type { SellerSnapshot } from './invoice-view.ts';
import type { InvoiceOut } from './invoices.schemas.ts';

export { DOCUMENT_CSP } from '../documents/document-layout.ts';

export interface InvoiceDocument {
  invoice: InvoiceOut;
  /** The frozen seller once finalized; the organization as it is now for a draft. */
  seller: SellerSnapshot;
}

function taxLabel(tax: { category: keyof typeof TAX_CATEGORY_NAMES; percentage: string; name: string | null }): string {
  return tax.name ?? `${TAX_CATEGORY_NAMES[tax.category]} ${tax.percentage}%`;
}

export function renderInvoiceDocument({ invoice, seller }: InvoiceDocument): string {
  const cur = invoice.currency;
  const money = (amount: string) => `${escapeHtml(amount)} ${escapeHtml(cur)}`;
  const isDraft = invoice.status === 'draft';
  const mark = isDraft ? 'DRAFT' : invoice.status === 'void' ? 'VOID' : null;
  const title = isDraft ? 'Invoice (draft)' : `Invoice ${invoice.number ?? ''}`;
  const customer = invoice.customer;

  const meta: [string, string][] = [
    ['Invoice number', invoice.number ?? 'DRAFT (assigned when finalized)'],
    ['Issue date', invoice.issue_date ?? 'on finalization'],
    ['Due date', invoice.due_date ?? 'by payment terms, on finalization'],
    ['Currency', cur],
    ['Status', invoice.status.replace('_', ' ')],
  ];

  const lineRows = invoice.lines.map(
    (line, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(line.description)}</td><td class="num">${escapeHtml(line.quantity)}${
      line.unit === null ? '' : ` ${escapeHtml(line.unit)}`
    }</td><td class="num">${escapeHtml(priceText(line.unit_price, cur))}</td><td class="num">${escapeHtml(line.discount ?? '')}</td><td>${escapeHtml(
      taxLabel(line.tax),
    )}</td><td class="num">${escapeHtml(line.net_amount)}</td></tr>`,
  );

  const adjustmentRows = [
    ...invoice.allowances.map((a) => ({ kind: 'Allowance', sign: '−', ...a })),
    ...invoice.charges.map((c) => ({ kind: 'Charge', sign: '', ...c })),
  ].map(
    (a) =>
      `<tr><td>${a.kind}</td><td>${escapeHtml(a.reason)}</td><td>${escapeHtml(taxLabel(a.tax))}</td><td class="num">${a.sign}${escapeHtml(
        a.net_amount,
      )}</td></tr>`,
  );

  const taxRows = invoice.taxes.map(
    (t) =>
      `<tr><td>${escapeHtml(t.category)}</td><td>${escapeHtml(t.name ?? TAX_CATEGORY_NAMES[t.category])}</td><td class="num">${escapeHtml(
        t.percentage,
      )}%</td><td class="num">${escapeHtml(t.taxable_amount)}</td><td class="num">${escapeHtml(t.tax_amount)}</td><td>${escapeHtml(
        t.exemption_reason ?? '',
      )}</td></tr>`,
  );

  const totals: [string, string, string?][] = [['Subtotal', money(invoice.subtotal)]];
  if (invoice.allowances.length > 0) totals.push(['Allowances', `−${money(invoice.allowance_total)}`]);
  if (invoice.charges.length > 0) totals.push(['Charges', money(invoice.charge_total)]);
  totals.push(['Tax', money(invoice.tax_total)], ['Total', money(invoice.total), 'grand']);
  if (!isDraft) {
    totals.push(['Paid', money(invoice.amount_paid)]);
    if (/[1-9]/.test(invoice.amount_credited)) totals.push(['Credited', money(invoice.amount_credited)]);
    totals.push(['Amount due', money(invoice.amount_due), 'grand']);
  }

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${mark === null ? '' : `<div class="mark" aria-hidden="true">${mark}</div>`}
<header><h1>${escapeHtml(title)}</h1>${mark === null ? '' : `<div class="muted"><strong>${mark}</strong> — ${isDraft ? 'not a valid invoice until finalized' : 'this invoice was voided'}</div>`}</header>
<section class="parties">
${party('From', [seller.name, ...addressLines(seller.address), seller.tax_id === null ? null : `Tax ID: ${seller.tax_id}`, seller.email, seller.phone])}
${party('Bill to', [customer.name, ...addressLines(customer.address), customer.tax_id === null ? null : `Tax ID: ${customer.tax_id}`, customer.email])}
</section>
<h2>Details</h2>
<table class="meta">${meta.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Items</h2>
<table class="items"><thead><tr><th>#</th><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Discount</th><th>Tax</th><th class="num">Net amount</th></tr></thead>
<tbody>${lineRows.join('\n')}</tbody></table>
${invoice.prices_include_tax ? '<p class="muted">Unit prices include tax; net amounts are shown without tax.</p>' : ''}
${adjustmentRows.length === 0 ? '' : `<h2>Allowances and charges</h2><table class="items"><thead><tr><th>Type</th><th>Reason</th><th>Tax</th><th class="num">Net amount</th></tr></thead><tbody>${adjustmentRows.join('\n')}</tbody></table>`}
<h2>Tax breakdown</h2>
<table class="items"><thead><tr><th>Category</th><th>Tax</th><th class="num">Rate</th><th class="num">Taxable amount</th><th class="num">Tax amount</th><th>Exemption reason</th></tr></thead>
<tbody>${taxRows.join('\n')}</tbody></table>
<table class="totals">${totals.map(([k, v, cls]) => `<tr${cls ? ` class="${cls}"` : ''}><td>${escapeHtml(k)}</td><td class="num">${v}</td></tr>`).join('')}</table>
${invoice.notes === null ? '' : `<h2>Notes</h2><div class="text">${escapeHtml(invoice.notes)}</div>`}
${invoice.terms === null ? '' : `<h2>Terms</h2><div class="text">${escapeHtml(invoice.terms)}</div>`}
</body></html>
`;
}

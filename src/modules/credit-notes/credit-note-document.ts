/**
 * The credit note as a printable HTML document, on the same layout as invoices: its own
 * title, the invoice it corrects, seller and customer as frozen on that invoice, lines, tax
 * breakdown and the total credited. Every value is escaped.
 */
import { escapeHtml as e } from '../../shared/html.ts';
import { STYLE, party, partyLines, priceText, type DocumentParty } from '../documents/document-layout.ts';
import type { CreditNoteOut } from './credit-notes.schemas.ts';

export function renderCreditNote(note: CreditNoteOut, seller: DocumentParty): string {
  const cur = note.currency;
  const money = (amount: string) => `${e(amount)} ${e(cur)}`;
  const customer = note.customer as unknown as DocumentParty;
  const rows = note.lines.map(
    (l, i) =>
      `<tr><td>${i + 1}</td><td>${e(l.description)}</td><td class="num">${e(l.quantity)}</td><td class="num">${e(priceText(l.unit_price, cur))}</td><td>${e(
        l.tax.name ?? `${l.tax.category} ${l.tax.percentage}%`,
      )}</td><td class="num">${e(l.net_amount)}</td></tr>`,
  );
  const taxes = note.taxes.map(
    (t) => `<tr><td>${e(t.category)}</td><td class="num">${e(t.percentage)}%</td><td class="num">${e(t.taxable_amount)}</td><td class="num">${e(t.tax_amount)}</td></tr>`,
  );
  const meta: [string, string][] = [
    ['Credit note number', note.number],
    ['Corrects invoice', note.invoice_number ?? ''],
    ['Issue date', note.issue_date],
    ['Currency', cur],
    ['Reason', note.reason],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Credit note ${e(note.number)}</title><style>${STYLE}</style></head>
<body>
<header><h1>Credit note ${e(note.number)}</h1><div class="muted">Corrects invoice ${e(note.invoice_number ?? '')}</div></header>
<section class="parties">
${party('From', partyLines(seller))}
${party('Credit to', partyLines(customer))}
</section>
<h2>Details</h2>
<table class="meta">${meta.map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('')}</table>
<h2>Items</h2>
<table class="items"><thead><tr><th>#</th><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th>Tax</th><th class="num">Net amount</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<h2>Tax breakdown</h2>
<table class="items"><thead><tr><th>Category</th><th class="num">Rate</th><th class="num">Taxable amount</th><th class="num">Tax amount</th></tr></thead>
<tbody>${taxes.join('\n')}</tbody></table>
<table class="totals"><tr><td>Subtotal</td><td class="num">${money(note.subtotal)}</td></tr><tr><td>Tax</td><td class="num">${money(note.tax_total)}</td></tr>
<tr class="grand"><td>Total credited</td><td class="num">${money(note.total)}</td></tr></table>
</body></html>`;
}

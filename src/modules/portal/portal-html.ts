/**
 * The customer portal page: the customer's invoices (status, due date, amount due; each
 * with its document page and PDF), credit notes (PDF), payments (receipt PDF) and a
 * statement (PDF). One inline style allowed by its hash (documentCsp), no script; reads
 * at phone width (375 px) without sideways scrolling: rows are cards that wrap.
 *
 * Invoice rows carry a list of actions (`InvoiceAction`): the page offers View and PDF;
 * paying online adds its own action (a "Pay" button, a form POST) to the rows that have an
 * amount due, and a "Payment methods" section (portal-methods-html.ts). Form posts go to the
 * page itself, which redirects to the gateway's hosted page: the CSP's form-action allows
 * 'self' and the gateway's checkout origins (`formTargets`), else nothing.
 */
import type { DocumentLanguage } from '../../domain/document-language.ts';
import { escapeHtml as e } from '../../shared/html.ts';
import type { AccountLabels } from '../documents/account-labels.ts';
import { documentCsp } from '../documents/document-html.ts';
import type { DocumentLabels } from '../documents/document-labels.ts';
import type { DocumentLogo } from '../documents/document-model.ts';
import { formatDate, formatMoney } from '../documents/locale-format.ts';
import type { PortalData, PortalInvoice } from './portal-data.ts';

export interface InvoiceAction {
  label: string;
  href: string;
  primary?: boolean;
  /** A form POST to `href` (a button), instead of a link. */
  post?: boolean;
}

export interface PortalPage {
  base: string;
  language: DocumentLanguage;
  locale: string;
  accent: string;
  logo: DocumentLogo | null;
  organization: string;
  customer: string;
  labels: DocumentLabels;
  account: AccountLabels;
  data: PortalData;
  /** Extra actions per invoice (e.g. "Pay" while an amount is due); none by default. */
  invoiceActions?: (invoice: PortalInvoice) => InvoiceAction[];
  /** A message at the top (after returning from the gateway). */
  notice?: string | null;
  /** More sections after the payments (e.g. the saved payment methods), as HTML. */
  extraSections?: string;
  /** Where the page's forms may lead (besides itself): the gateway's checkout origins. */
  formTargets?: readonly string[];
}

const WORDS: Record<DocumentLanguage, { portal: string; invoices: string; creditNotes: string; payments: string; none: string; view: string; issued: string; due: string; total: string; receipt: string; statementText: string; forInvoice: string }> = {
  en: { portal: 'Customer portal', invoices: 'Invoices', creditNotes: 'Credit notes', payments: 'Payments', none: 'None yet.', view: 'View', issued: 'Issued', due: 'Due', total: 'Total', receipt: 'Receipt', statementText: 'All invoices, credit notes, payments and refunds with the balance due.', forInvoice: 'for' },
  de: { portal: 'Kundenportal', invoices: 'Rechnungen', creditNotes: 'Gutschriften', payments: 'Zahlungen', none: 'Noch keine.', view: 'Ansehen', issued: 'Ausgestellt', due: 'Fällig', total: 'Gesamt', receipt: 'Beleg', statementText: 'Alle Rechnungen, Gutschriften, Zahlungen und Erstattungen mit dem offenen Saldo.', forInvoice: 'zu' },
  fr: { portal: 'Espace client', invoices: 'Factures', creditNotes: 'Avoirs', payments: 'Paiements', none: 'Aucun pour le moment.', view: 'Voir', issued: 'Émise le', due: 'Échéance', total: 'Total', receipt: 'Reçu', statementText: 'Toutes les factures, avoirs, paiements et remboursements avec le solde dû.', forInvoice: 'pour' },
  es: { portal: 'Portal del cliente', invoices: 'Facturas', creditNotes: 'Notas de crédito', payments: 'Pagos', none: 'Ninguno todavía.', view: 'Ver', issued: 'Emitida', due: 'Vence', total: 'Total', receipt: 'Recibo', statementText: 'Todas las facturas, notas de crédito, pagos y reembolsos con el saldo pendiente.', forInvoice: 'de' },
};

function style(accent: string): string {
  // `accent` is a validated #rrggbb (document-model validAccent): safe inside CSS.
  return `
*{box-sizing:border-box}
html{background:#eef1f5}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;margin:0;padding:1rem .75rem 2rem}
.wrap{max-width:52rem;margin:0 auto}
header{background:#fff;border-top:6px solid ${accent};border-radius:6px;padding:1rem 1.2rem;box-shadow:0 1px 4px rgba(15,23,42,.12);display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
.logo{display:block;max-width:11rem;max-height:3.5rem}
.brand{font-size:1.25rem;font-weight:700;color:${accent};overflow-wrap:anywhere}
.who{text-align:right;min-width:0}.who .kicker{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:#616e7c}.who .name{font-weight:700;overflow-wrap:anywhere}
section{background:#fff;border-radius:6px;margin-top:1rem;padding:1rem 1.2rem;box-shadow:0 1px 4px rgba(15,23,42,.12)}
h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:${accent};margin:0 0 .4rem}
ul{list-style:none;margin:0;padding:0}
li{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1rem;padding:.75rem 0;border-top:1px solid #dfe3e8}
li:first-child{border-top:0}
.main{flex:1 1 12rem;min-width:0}
.main .num{font-weight:700;overflow-wrap:anywhere}
.sub{color:#616e7c;font-size:.85rem}
.amount{flex:0 1 auto;min-width:7rem}
.amount strong{display:block;font-size:1.05rem;white-space:nowrap}
.actions{flex:1 1 100%;display:flex;flex-wrap:wrap;gap:.5rem;justify-content:flex-end}
.btn{display:inline-block;border:1px solid ${accent};color:${accent};text-decoration:none;padding:.35rem .8rem;border-radius:5px;font-weight:600;font-size:.9rem}
.btn.primary{background:${accent};color:#fff}
form{display:inline;margin:0}button.btn{background:#fff;font:inherit;font-weight:600;font-size:.9rem;cursor:pointer}button.btn.primary{background:${accent};color:#fff}
.notice{margin-top:1rem;padding:.8rem 1.2rem;border-radius:6px;background:#e3f4e8;color:#14532d;font-weight:600}
.lead{margin:0 0 .5rem;color:#616e7c;font-size:.9rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;background:#e4e7eb;font-weight:600;font-size:.75rem;margin-left:.35rem;vertical-align:middle}
.badge.overdue{background:#fde2e1;color:#b42318}.badge.paid{background:#dcf5e6;color:#146c43}
.empty{color:#616e7c}
@media (min-width:40rem){.actions{flex:0 0 auto}.amount{text-align:right}}
`;
}

export function renderPortalHtml(page: PortalPage): { html: string; csp: string } {
  const css = style(page.accent);
  const w = WORDS[page.language];
  const { labels, account: a, locale } = page;
  const money = (amount: string, currency: string) => e(formatMoney(amount, currency, locale));
  const date = (value: string | null) => (value === null ? '' : e(formatDate(value, locale)));
  const btn = (x: InvoiceAction) => portalButton(x);
  const list = (items: string[]) => (items.length === 0 ? `<p class="empty">${e(w.none)}</p>` : `<ul>${items.join('\n')}</ul>`);

  const invoices = page.data.invoices.map((inv) => {
    const actions: InvoiceAction[] = [
      ...(page.invoiceActions?.(inv) ?? []),
      { label: w.view, href: `${page.base}/invoices/${inv.id}` },
      { label: 'PDF', href: `${page.base}/invoices/${inv.id}/pdf` },
    ];
    const badge = `<span class="badge${inv.status === 'paid' ? ' paid' : ''}">${e(labels.statuses[inv.status])}</span>${inv.overdue ? `<span class="badge overdue">${e(labels.overdue)}</span>` : ''}`;
    return `<li class="invoice" data-invoice-id="${e(inv.id)}"><div class="main"><span class="num">${e(inv.number)}</span>${badge}<div class="sub">${e(w.issued)} ${date(inv.issue_date)}${inv.due_date ? ` · ${e(w.due)} ${date(inv.due_date)}` : ''}</div></div><div class="amount"><span class="sub">${e(labels.amountDue)}</span><strong>${money(inv.amount_due, inv.currency)}</strong><span class="sub">${e(w.total)} ${money(inv.total, inv.currency)}</span></div><div class="actions">${actions.map(btn).join('')}</div></li>`;
  });
  const creditNotes = page.data.creditNotes.map(
    (cn) =>
      `<li class="credit-note"><div class="main"><span class="num">${e(cn.number)}</span><div class="sub">${date(cn.issue_date)}${cn.invoice_number ? ` · ${e(w.forInvoice)} ${e(cn.invoice_number)}` : ''}</div></div><div class="amount"><strong>${money(cn.total, cn.currency)}</strong></div><div class="actions">${btn({ label: 'PDF', href: `${page.base}/credit-notes/${cn.id}/pdf` })}</div></li>`,
  );
  const payments = page.data.payments.map(
    (p) =>
      `<li class="payment"><div class="main"><span class="num">${date(p.date)}</span><div class="sub">${e(a.methods[p.method] ?? p.method)}${p.invoice_number ? ` · ${e(w.forInvoice)} ${e(p.invoice_number)}` : ''}${/[1-9]/.test(p.refunded_amount) ? ` · ${e(a.refunded)} ${money(p.refunded_amount, p.currency)}` : ''}</div></div><div class="amount"><strong>${money(p.amount, p.currency)}</strong></div><div class="actions">${btn({ label: w.receipt, href: `${page.base}/payments/${p.id}/receipt` })}</div></li>`,
  );
  const logo = page.logo === null ? `<div class="brand">${e(page.organization)}</div>` : `<img class="logo" src="data:${page.logo.contentType};base64,${e(page.logo.base64)}" alt="${e(page.organization)}">`;
  const html = `<!doctype html>
<html lang="${e(page.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">
<title>${e(w.portal)} · ${e(page.organization)}</title><style>${css}</style></head>
<body><div class="wrap">
<header><div>${logo}</div><div class="who"><div class="kicker">${e(w.portal)}</div><div class="name">${e(page.customer)}</div></div></header>
${page.notice ? `<div class="notice" role="status">${e(page.notice)}</div>` : ''}
<section id="invoices"><h2>${e(w.invoices)}</h2>${list(invoices)}</section>
<section id="credit-notes"><h2>${e(w.creditNotes)}</h2>${list(creditNotes)}</section>
<section id="payments"><h2>${e(w.payments)}</h2>${list(payments)}</section>
${page.extraSections ?? ''}
<section id="statement"><h2>${e(a.statement)}</h2><ul><li><div class="main"><div class="sub">${e(w.statementText)}</div></div><div class="actions">${btn({ label: labels.downloadPdf, href: `${page.base}/statement.pdf` })}</div></li></ul></section>
</div></body></html>
`;
  return { html, csp: documentCsp(css, page.formTargets ?? []) };
}

/** A link styled as a button, or a form POST with one button (no fields). */
export function portalButton(x: InvoiceAction): string {
  const cls = `btn${x.primary ? ' primary' : ''}`;
  return x.post ? `<form method="post" action="${e(x.href)}"><button type="submit" class="${cls}">${e(x.label)}</button></form>` : `<a class="${cls}" href="${e(x.href)}">${e(x.label)}</a>`;
}

/**
 * A small page in the portal's look (header, one section), e.g. "Remove this card?": the same
 * style and CSP as the portal page (forms to itself only).
 */
export function renderPortalSubpage(page: Pick<PortalPage, 'language' | 'accent' | 'logo' | 'organization' | 'customer'>, title: string, body: string): { html: string; csp: string } {
  const css = style(page.accent);
  const w = WORDS[page.language];
  const logo = page.logo === null ? `<div class="brand">${e(page.organization)}</div>` : `<img class="logo" src="data:${page.logo.contentType};base64,${e(page.logo.base64)}" alt="${e(page.organization)}">`;
  const html = `<!doctype html>
<html lang="${e(page.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">
<title>${e(title)} · ${e(page.organization)}</title><style>${css}</style></head>
<body><div class="wrap">
<header><div>${logo}</div><div class="who"><div class="kicker">${e(w.portal)}</div><div class="name">${e(page.customer)}</div></div></header>
<section><h2>${e(title)}</h2>${body}</section>
</div></body></html>
`;
  // Its one form posts to the portal, which redirects within the portal: form-action 'self'.
  return { html, csp: documentCsp(css).replace("form-action 'none'", "form-action 'self'") };
}

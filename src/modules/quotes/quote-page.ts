/**
 * The customer's quote page (`/p/{token}`, reached through the invoice links' route when the
 * token is a quote's): the quote in the customer's language and, while it is open, two plain
 * HTML forms — Accept (asks the name) and Decline (optional reason) — that work without
 * JavaScript. No script at all; the CSP allows only this page's inline style and posting
 * forms to itself.
 */
import crypto from 'node:crypto';
import { documentLocale } from '../../domain/document-language.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { escapeHtml } from '../../shared/html.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../documents/locale-format.ts';
import { readQuote, type QuoteLinks } from './quote-view.ts';
import { quoteLabels } from './quote-labels.ts';
import type { QuoteOut } from './quotes.schemas.ts';

const CSS =
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;padding:1.5rem .75rem;background:#eef1f5;color:#1f2933}' +
  'main{max-width:46rem;margin:0 auto;background:#fff;padding:1.25rem 1rem;border-radius:8px;box-shadow:0 1px 4px rgba(15,23,42,.12)}' +
  'h1{font-size:1.4rem;margin:0 0 .25rem}table{width:100%;border-collapse:collapse;margin:1rem 0}th,td{padding:.35rem .25rem;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}' +
  '.num{text-align:right;white-space:nowrap}.total td{font-weight:700}.status{padding:.6rem .8rem;border-radius:6px;background:#f1f5f9;margin:1rem 0}' +
  'form{margin:1rem 0;display:flex;flex-direction:column;gap:.4rem}input,textarea{font:inherit;padding:.45rem;border:1px solid #94a3b8;border-radius:4px;max-width:100%;box-sizing:border-box}' +
  'button{font:inherit;padding:.55rem 1rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;font-weight:600;cursor:pointer;align-self:flex-start}button.secondary{background:#64748b}' +
  'a{color:#1f5fbf;font-weight:600}.meta{color:#475569;margin:.2rem 0}.scroll{overflow-x:auto}@media(max-width:480px){.unit{display:none}th,td{padding:.35rem .15rem}}';

export const QUOTE_PAGE_CSP = `default-src 'none'; style-src 'sha256-${crypto.createHash('sha256').update(CSS).digest('base64')}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** The quote with what its page needs: the seller's name and the customer's locale. */
export async function loadQuoteForPage(ctx: RequestContext, quoteId: string, links: QuoteLinks, executor: Executor = ctx.db.kysely) {
  const quote = await readQuote(ctx, quoteId, links, executor);
  const org = await findOrganization(executor, ctx.orgId);
  const customer = await executor.selectFrom('customers').select('language').where('organization_id', '=', ctx.orgId).where('id', '=', quote.customer_id).executeTakeFirst();
  const locale = documentLocale(customer?.language, org?.locale);
  return { quote, seller: org?.name ?? '', locale };
}

export function renderQuotePage(view: { quote: QuoteOut; seller: string; locale: string }, token: string): string {
  const { quote, seller, locale } = view;
  const t = quoteLabels(locale);
  const money = (amount: string) => escapeHtml(formatMoney(amount, quote.currency, locale));
  const rows = quote.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description)}${line.discount ? ` <small>(−${escapeHtml(line.discount)})</small>` : ''}</td>` +
        `<td class="num">${escapeHtml(formatNumber(line.quantity, locale))}${line.unit ? ` ${escapeHtml(line.unit)}` : ''}</td>` +
        `<td class="num unit">${money(line.unit_price)}</td><td class="num">${money(line.net_amount)}</td></tr>`,
    )
    .join('');
  const adjustments = [...quote.allowances.map((a) => ({ ...a, sign: '−' })), ...quote.charges.map((c) => ({ ...c, sign: '' }))]
    .map((a) => `<tr><td colspan="3">${escapeHtml(a.reason)}</td><td class="num">${a.sign}${money(a.net_amount)}</td></tr>`)
    .join('');
  const taxes = quote.taxes
    .map((tax) => `<tr><td colspan="3">${escapeHtml(t.tax)} ${escapeHtml(formatPercent(tax.percentage, locale))}</td><td class="num">${money(tax.tax_amount)}</td></tr>`)
    .join('');
  const date = (value: string | null) => (value === null ? '' : escapeHtml(formatDate(value, locale)));
  let status = '';
  if (quote.status === 'accepted' || (quote.status === 'invoiced' && quote.accepted_name !== null)) {
    status = t.acceptedBy(escapeHtml(quote.accepted_name ?? ''), date((quote.accepted_at ?? '').slice(0, 10)));
  } else if (quote.status === 'declined') status = escapeHtml(t.declined);
  else if (quote.status === 'expired') status = escapeHtml(t.expired(formatDate(quote.expiry_date ?? '', locale)));
  else if (quote.status === 'invoiced') status = escapeHtml(t.invoiced);
  const forms =
    quote.status === 'open'
      ? `<form method="post" action="/p/${escapeHtml(token)}/accept"><label for="name">${escapeHtml(t.yourName)}</label>` +
        `<input id="name" name="name" required maxlength="200" autocomplete="name"><button type="submit">${escapeHtml(t.accept)}</button></form>` +
        `<form method="post" action="/p/${escapeHtml(token)}/decline"><label for="reason">${escapeHtml(t.reason)}</label>` +
        `<textarea id="reason" name="reason" maxlength="2000" rows="2"></textarea><button type="submit" class="secondary">${escapeHtml(t.decline)}</button></form>`
      : '';
  const lang = escapeHtml(locale.split('-')[0] ?? 'en');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow"><title>${escapeHtml(t.title)} ${escapeHtml(quote.number)}</title><style>${CSS}</style></head>
<body><main>
<p class="meta">${escapeHtml(seller)}</p>
<h1>${escapeHtml(t.title)} ${escapeHtml(quote.number)}</h1>
<p class="meta">${escapeHtml(quote.customer.name)}</p>
<p class="meta">${escapeHtml(t.issueDate)}: ${date(quote.issue_date)} · ${escapeHtml(t.expiryDate)}: ${date(quote.expiry_date)}</p>
<div class="scroll"><table>
<thead><tr><th>${escapeHtml(t.description)}</th><th class="num">${escapeHtml(t.quantity)}</th><th class="num unit">${escapeHtml(t.unitPrice)}</th><th class="num">${escapeHtml(t.amount)}</th></tr></thead>
<tbody>${rows}${adjustments}${taxes}<tr class="total"><td colspan="3">${escapeHtml(t.total)}</td><td class="num">${money(quote.total)}</td></tr></tbody>
</table></div>
${quote.notes ? `<p>${escapeHtml(quote.notes)}</p>` : ''}
<p><a href="/p/${escapeHtml(token)}/pdf">${escapeHtml(t.download)}</a></p>
${status ? `<p class="status" role="status">${status}</p>` : ''}
${forms}
</main></body></html>
`;
}

/**
 * The document as an HTML page (A4 when printed), laid out from the same view as the PDF.
 * Every value is HTML-escaped. The page carries no script; its one inline style (which
 * holds the accent colour) is allowed by its hash in the Content-Security-Policy returned
 * with it, so the policy is computed per rendered style.
 */
import crypto from 'node:crypto';
import { escapeHtml as e } from '../../shared/html.ts';
import type { DocumentView, ViewTable } from './document-view.ts';
import { TRANSFER_QR_CSS, transferQrHtml } from './transfer-qr.ts';

export interface HtmlOptions {
  /** The customer's public page: a bar with status, amount due and a link to the PDF, and no other link. */
  publicView?: {
    pdfHref: string;
    /** A "Pay now" button: a form POST to `action` (same origin), which redirects to the gateway's hosted page at one of `origins`. */
    pay?: { action: string; label: string; origins: readonly string[] } | null;
    /** A message after returning from the gateway ("Thank you — your payment is being confirmed"). */
    notice?: string | null;
    /** A link back to where the customer came from (the customer portal). */
    back?: { href: string; label: string } | null;
  };
}

function style(accent: string): string {
  // `accent` is a validated #rrggbb (document-model validAccent): safe inside CSS.
  return `
@page{size:A4;margin:14mm}
*{box-sizing:border-box}
html{background:#eef1f5}
body{font:10pt/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;margin:0;padding:1.5rem .75rem}
.doc{position:relative;max-width:52rem;margin:0 auto;background:#fff;padding:2.4rem 2.8rem 2rem;border-top:6px solid ${accent};box-shadow:0 1px 4px rgba(15,23,42,.12)}
.top{display:flex;justify-content:space-between;gap:2rem;align-items:flex-start}
.logo{display:block;max-width:13rem;max-height:4.6rem}
.brand{font-size:1.35rem;font-weight:700;color:${accent}}
.title{text-align:right}
h1{font-size:2rem;font-weight:700;color:${accent};margin:0;line-height:1.1}
.number{font-size:1.05rem;font-weight:700;margin-top:.2rem}
.marknote{margin-top:.4rem;color:#c81e1e;font-weight:700;font-size:.9rem}
.parties{display:flex;gap:2.4rem;margin-top:1.8rem}.parties>div{flex:1 1 0;min-width:0}
.party div{color:#616e7c;font-size:.9rem;overflow-wrap:anywhere}.party .name{color:#1f2933;font-weight:700;font-size:1rem}
h2{font-size:.7rem;text-transform:uppercase;letter-spacing:.08em;color:${accent};margin:1.3rem 0 .3rem}
.party h2{margin-top:0}
.meta{display:flex;flex-wrap:wrap;background:#f3f5f8;border-radius:5px;margin-top:1.3rem;padding:.6rem 0}
.meta div{flex:1 1 9rem;padding:.15rem .75rem}
.meta .label{display:block;font-size:.75rem;color:#616e7c}
.meta .value{display:block;font-weight:700;overflow-wrap:break-word}
.fields{margin-top:.8rem;font-size:.9rem}
.fields div{overflow-wrap:break-word}
.fields .label{color:#616e7c}
table{border-collapse:collapse}
table.grid{width:100%;margin-top:.2rem}
.items{margin-top:1.3rem}
.grid th{font-size:.72rem;font-weight:700;text-align:left;color:#616e7c;border-bottom:1.5px solid ${accent};padding:.4rem .45rem;vertical-align:bottom}
.grid td{border-bottom:1px solid #dfe3e8;padding:.38rem .45rem;vertical-align:top;font-size:.92rem}
.grid .num{text-align:right;white-space:nowrap}
.grid th.num{white-space:normal}
.grid .pos{color:#9aa5b1;width:1.5rem}
.scroll{overflow-x:auto}
.grid .wrap{overflow-wrap:anywhere;width:99%;min-width:9rem}.grid .nowrap{white-space:nowrap}
.note{color:#616e7c;font-size:.85em;margin-top:.15rem}
.summary{display:flex;flex-wrap:wrap;gap:0 1.6rem;align-items:flex-start}
.summary .taxes{flex:1 1 25rem;min-width:0}
table.taxes th{white-space:normal;overflow-wrap:normal;word-break:normal;hyphens:auto}
table.taxes .wrap{min-width:4.5rem}
table.totals{flex:0 0 17rem;margin:1.95rem 0 0 auto}
.totals td{padding:.25rem .4rem;color:#616e7c}.totals td:last-child{text-align:right;white-space:nowrap;color:#1f2933}
.totals tr.strong td{font-weight:700;color:#1f2933;font-size:1.05rem;border-top:1.5px solid ${accent};padding-top:.4rem}
.closing{display:flex;gap:2.4rem;margin-top:.6rem}.closing>div{flex:1 1 0;min-width:0}.closing>div:first-child{flex-grow:1.35}
.pay{width:100%}.pay td{padding:.08rem 0;font-size:.92rem;vertical-align:top}.pay td:first-child{color:#616e7c;white-space:nowrap;width:1%;padding-right:1.2rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.muted{color:#616e7c;font-size:.85em;margin-top:.3rem}
footer{margin-top:2rem;padding-top:.6rem;border-top:1px solid #dfe3e8;color:#616e7c;font-size:.78rem;white-space:pre-wrap}
.mark{position:absolute;top:32%;left:0;right:0;text-align:center;font-size:6.5rem;font-weight:800;letter-spacing:.15em;color:rgba(200,30,30,.1);transform:rotate(-28deg);pointer-events:none;user-select:none}
.bar{max-width:52rem;margin:0 auto 1rem;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;background:#fff;padding:.8rem 1.2rem;border-radius:6px;box-shadow:0 1px 4px rgba(15,23,42,.12)}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:999px;background:#e4e7eb;font-weight:600;font-size:.85rem}
.badge.overdue{background:#fde2e1;color:#b42318}
.due{font-size:1.05rem}.due strong{font-size:1.2rem}
.bar a{margin-left:auto;background:${accent};color:#fff;text-decoration:none;padding:.5rem 1rem;border-radius:5px;font-weight:600}
.bar a.back{margin-left:0;background:none;color:${accent};padding:.5rem 0}
.bar form{margin:0}.bar button{background:#1f7a3d;color:#fff;border:0;padding:.55rem 1.1rem;border-radius:5px;font:inherit;font-weight:700;cursor:pointer}
.notice{max-width:52rem;margin:0 auto 1rem;padding:.8rem 1.2rem;border-radius:6px;background:#e3f4e8;color:#14532d;font-weight:600}
${TRANSFER_QR_CSS}
@media (max-width:40rem){.doc{padding:1.4rem 1rem}.top,.parties,.summary,.closing{flex-direction:column;gap:1rem}.summary{align-items:stretch}.summary .taxes{flex:none;width:100%}.title{text-align:left}table.totals{flex:none;width:100%;margin-top:.5rem}.grid th,.grid td{padding-left:.2rem;padding-right:.2rem}.grid td{font-size:.8rem}.grid .pos{display:none}.grid .wrap{min-width:4.5rem}}
@media print{html{background:#fff}body{padding:0}.doc{box-shadow:none;max-width:none;padding:0;border-top:0}.bar,.notice{display:none}.mark{position:fixed}}
`;
}

/**
 * The Content-Security-Policy for a page whose one inline style is `css`: nothing else may
 * load or run. `formTargets`: where its one form (Pay now) may go — itself, and the gateway
 * origin its answer redirects to (Chrome applies form-action to redirects after a POST).
 */
export function documentCsp(css: string, formTargets: readonly string[] = []): string {
  const hash = crypto.createHash('sha256').update(css).digest('base64');
  const formAction = formTargets.length === 0 ? "form-action 'none'" : `form-action 'self' ${formTargets.join(' ')}`;
  return ["default-src 'none'", `style-src 'sha256-${hash}'`, 'img-src data:', "base-uri 'none'", formAction, "frame-ancestors 'self'"].join('; ');
}

function table(t: ViewTable, className: string): string {
  const textColumn = t.columns.findIndex((c) => c.key === 'description');
  const cls = (i: number) => {
    const column = t.columns[i];
    if (column?.key === 'position') return ' class="num pos"';
    if (column?.align === 'right') return ' class="num"';
    return i === textColumn ? ' class="wrap"' : ' class="nowrap"';
  };
  const head = t.columns.map((c, i) => `<th${cls(i)}>${e(c.label)}</th>`).join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row.cells
          .map((cell, i) => `<td${cls(i)}>${e(cell)}${i === textColumn && row.note ? `<div class="note">${e(row.note)}</div>` : ''}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  // On a phone a wide table scrolls sideways rather than squeezing the description to a letter a line.
  return `<div class="scroll"><table class="grid ${className}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function publicBar(view: DocumentView, options: NonNullable<HtmlOptions['publicView']>): string {
  if (view.status === null) return '';
  const { status } = view;
  const notice = options.notice ? `<div class="notice" role="status">${e(options.notice)}</div>\n` : '';
  const pay = options.pay ? `<form method="post" action="${e(options.pay.action)}"><button type="submit">${e(options.pay.label)}</button></form>` : '';
  const back = options.back ? `<a class="back" href="${e(options.back.href)}">← ${e(options.back.label)}</a>` : '';
  return `${notice}<div class="bar">${back}<span class="badge">${e(status.label)}</span>${status.overdue ? `<span class="badge overdue">${e(status.overdue)}</span>` : ''}<span class="due">${e(
    status.amountDue.label,
  )}: <strong>${e(status.amountDue.value)}</strong></span>${pay}<a href="${e(options.pdfHref)}">${e(view.labels.downloadPdf)}</a></div>`;
}

/** Payment instructions, notes and terms: the first on the left, the others on the right, as in the PDF. */
function closing(view: DocumentView): string {
  const payment = view.payment;
  const section = (s: { heading: string; text: string } | null) => (s === null ? null : `<h2>${e(s.heading)}</h2><div class="text">${e(s.text)}</div>`);
  const blocks = [
    payment === null
      ? null
      : `<h2>${e(payment.heading)}</h2>${
          payment.rows.length === 0 ? '' : `<table class="pay">${payment.rows.map((r) => `<tr><td>${e(r.label)}</td><td>${e(r.value)}</td></tr>`).join('')}</table>`
        }${payment.instructions === null ? '' : `<div class="text">${e(payment.instructions)}</div>`}${transferQrHtml(view.transferQr)}`,
    section(view.notes),
    section(view.terms),
  ].filter((block): block is string => block !== null);
  if (blocks.length === 0) return '';
  const [first, ...rest] = blocks;
  return `<section class="closing"><div>${first ?? ''}</div>${rest.length === 0 ? '' : `<div>${rest.join('')}</div>`}</section>`;
}

export function renderDocumentHtml(view: DocumentView, options: HtmlOptions = {}): { html: string; csp: string } {
  const css = style(view.accent);
  const logo = view.logo === null ? '' : `<img class="logo" src="data:${view.logo.contentType};base64,${e(view.logo.base64)}" alt="${e(view.seller.name)}">`;
  const lines = (list: string[]) => list.map((line) => `<div>${e(line)}</div>`).join('');

  const party = (p: { heading: string; name: string; lines: string[] }) =>
    `<div class="party"><h2>${e(p.heading)}</h2><div class="name">${e(p.name)}</div>${lines(p.lines)}</div>`;
  const html = `<!doctype html>
<html lang="${e(view.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(view.title)}</title><style>${css}</style></head>
<body>
${options.publicView ? publicBar(view, options.publicView) : ''}
<main class="doc">
${view.mark === null ? '' : `<div class="mark" aria-hidden="true">${e(view.mark.text)}</div>`}
<header class="top">
<div>${logo || `<div class="brand">${e(view.seller.name)}</div>`}</div>
<div class="title"><h1>${e(view.heading)}</h1>${view.number === null ? '' : `<div class="number">${e(view.number)}</div>`}${
    view.mark === null ? '' : `<div class="marknote">${e(view.mark.note)}</div>`
  }</div>
</header>
<section class="parties">${party(view.seller)}${party(view.customer)}</section>
<section class="meta">${view.meta.map((m) => `<div><span class="label">${e(m.label)}</span><span class="value">${e(m.value)}</span></div>`).join('')}</section>${
  view.fields.length === 0 ? '' : `\n<section class="fields">${view.fields.map((f) => `<div><span class="label">${e(f.label)}:</span> ${e(f.value)}</div>`).join('')}</section>`
}
${table(view.lines, 'items')}
${view.linesNote === null ? '' : `<div class="muted">${e(view.linesNote)}</div>`}
${view.adjustments === null ? '' : `<h2>${e(view.adjustments.heading)}</h2>${table(view.adjustments.table, 'adjustments')}`}
<section class="summary">
<div class="taxes">${view.taxes === null ? '' : `<h2>${e(view.taxes.heading)}</h2>${table(view.taxes.table, 'taxes')}`}</div>
<table class="totals">${view.totals.map((t) => `<tr${t.strong ? ' class="strong"' : ''}><td>${e(t.label)}</td><td>${e(t.value)}</td></tr>`).join('')}</table>
</section>
${closing(view)}
${view.footer === null ? '' : `<footer>${e(view.footer)}</footer>`}
</main>
</body></html>
`;
  return { html, csp: documentCsp(css, options.publicView?.pay?.origins ?? []) };
}

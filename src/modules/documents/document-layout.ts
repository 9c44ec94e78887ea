/**
 * What every printable document (invoice, credit note) shares: the stylesheet, the
 * Content-Security-Policy that lets nothing but that stylesheet load or run, and the
 * blocks for seller and customer. Every value is HTML-escaped.
 */
import crypto from 'node:crypto';
import { currencyExponent, padFraction } from '../../domain/money/index.ts';
import { escapeHtml } from '../../shared/html.ts';
import type { AddressValue } from '../../server/schemas.ts';

export interface DocumentParty {
  name: string;
  address: AddressValue | null;
  tax_id: string | null;
  email?: string | null;
  phone?: string | null;
}

export const STYLE = `
@page{size:A4;margin:16mm}
body{font:10.5pt/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2933;max-width:50rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem;margin:0 0 .2rem}
h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:#52606d;margin:1.4rem 0 .3rem}
.parties{display:flex;gap:2rem;justify-content:space-between}.parties>div{flex:1}
.meta td{padding:.1rem 1.2rem .1rem 0}.meta td:first-child{color:#52606d}
table.items{width:100%;border-collapse:collapse;margin-top:.4rem}
table.items th{text-align:left;font-weight:600;border-bottom:1.5px solid #1f2933;padding:.35rem .4rem}
table.items td{border-bottom:1px solid #d9e2ec;padding:.35rem .4rem;vertical-align:top}
.num{text-align:right!important;white-space:nowrap}
table.totals{margin:.8rem 0 0 auto;border-collapse:collapse;min-width:20rem}
table.totals td{padding:.2rem .4rem}table.totals tr.grand td{font-weight:700;border-top:1.5px solid #1f2933}
.muted{color:#52606d;font-size:.9em}.text{white-space:pre-wrap}
.mark{position:fixed;top:38%;left:0;right:0;text-align:center;font-size:7rem;font-weight:800;letter-spacing:.2em;
color:rgba(200,30,30,.14);transform:rotate(-24deg);pointer-events:none}
`;

/** For the Content-Security-Policy: the one inline style, by its hash; nothing else may load or run. */
const STYLE_HASH = crypto.createHash('sha256').update(STYLE).digest('base64');
export const DOCUMENT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** A unit price with at least the currency's minor digits ("120" EUR → "120.00"), more when it has them ("0.004"). */
export function priceText(price: string, currency: string): string {
  return padFraction(price, currencyExponent(currency));
}

export function addressLines(address: AddressValue | null): string[] {
  if (address === null) return [];
  const cityLine = [address.postal_code, address.city].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.region, address.country].filter((line): line is string => Boolean(line));
}

export function party(title: string, lines: (string | null)[]): string {
  const body = lines.filter((line): line is string => line !== null && line !== '').map((line) => `<div>${escapeHtml(line)}</div>`);
  return `<div><h2>${escapeHtml(title)}</h2>${body.join('')}</div>`;
}

/** The lines of a party block: name, address, tax id, contact. */
export function partyLines(p: DocumentParty): (string | null)[] {
  return [p.name, ...addressLines(p.address), p.tax_id === null ? null : `Tax ID: ${p.tax_id}`, p.email ?? null, p.phone ?? null];
}

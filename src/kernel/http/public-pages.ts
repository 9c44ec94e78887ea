/**
 * What every customer page outside the API shares (the invoice page /p/{token} and the
 * customer portal /portal/{token}): the capability token (32 random bytes, only its SHA-256
 * stored), the private headers (no-store, noindex, no Referer), the one bare 404 for
 * anything wrong, the per-address request budget run before anything else, and attachment
 * headers for PDFs. These pages never read or set a cookie (the guard skips credentials
 * for public routes outside /api/).
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { escapeHtml } from '../../shared/html.ts';
import { sha256 } from '../../shared/tokens.ts';
import type { VisitorLimit } from './visitor-limit.ts';
import type { SecretBox } from '../secret-box.ts';

/** 32 random bytes, base64url: 256 bits nobody can guess or enumerate. */
export function newLinkToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * What is stored of a token, and looked up when one is presented: its SHA-256. The token
 * is 256 random bits, so no salt or slow hash is needed (as for session and API tokens).
 */
export function linkTokenHash(token: string): string {
  return sha256(token);
}

/** What a token looks like; anything else is refused before it reaches the database. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A link token opened from its sealed copy (the secret box, bound to `aad`); null when there
 * is none (an older link, or revoked), it cannot be opened (another key, altered), or it does
 * not hash to the link's `tokenHash` — so a URL shown or e-mailed is always one that works.
 */
export function openSealedLinkToken(secrets: Pick<SecretBox, 'decrypt'>, sealed: string | null | undefined, aad: string, tokenHash: string): string | null {
  if (!sealed) return null;
  try {
    const token = secrets.decrypt(sealed, aad);
    return LINK_TOKEN_PATTERN.test(token) && linkTokenHash(token) === tokenHash ? token : null;
  } catch {
    return null;
  }
}

export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Not found</title></head>
<body><h1>Not found</h1><p>This link is not valid. Please ask the sender for a new one.</p></body></html>`;

export const BARE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Not constrained here: a malformed token must get the same 404 as any other, not a validation problem.
export const TokenParams = z.object({ token: z.string() });

export function privateHeaders(reply: FastifyReply): void {
  void reply
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Robots-Tag', 'noindex, nofollow')
    .header('X-Content-Type-Options', 'nosniff');
}

export function notFound(reply: FastifyReply): FastifyReply {
  privateHeaders(reply);
  return reply.code(404).type('text/html; charset=utf-8').header('Content-Security-Policy', BARE_CSP).send(NOT_FOUND_PAGE);
}

/** RFC 6266 attachment header: an ASCII fallback and the exact UTF-8 name. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends a PDF from a customer page: private, as an attachment, under the bare CSP. */
export function sendPdf(reply: FastifyReply, pdf: { filename: string; content: Buffer }): FastifyReply {
  privateHeaders(reply);
  return reply.type('application/pdf').header('Content-Disposition', attachment(pdf.filename)).header('Content-Security-Policy', BARE_CSP).send(pdf.content);
}

/** Sends an HTML page from a customer page: private, under the page's own CSP. */
export function sendPage(reply: FastifyReply, page: { html: string; csp: string }): FastifyReply {
  privateHeaders(reply);
  return reply.type('text/html; charset=utf-8').header('Content-Security-Policy', page.csp).send(page.html);
}

/**
 * The onRequest hook of a customer page; runs before any body or parameter checks: over
 * budget → 429 with Retry-After; a token that cannot be one → the same 404 as any other
 * (never a validation problem).
 */
export function screenWith(limit: VisitorLimit) {
  return async function screen(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply): Promise<void> {
    const wait = limit.take(request.ip);
    if (wait !== null) {
      privateHeaders(reply);
      await reply
        .code(429)
        .header('Retry-After', String(wait))
        .header('Content-Security-Policy', BARE_CSP)
        .type('text/plain; charset=utf-8')
        .send('Too many requests. Please try again in a minute.');
      return;
    }
    if (!LINK_TOKEN_PATTERN.test(request.params.token)) await notFound(reply);
  };
}

/** OpenAPI responses of a customer page. */
export function pageResponses(description: string) {
  return {
    200: { description, content: { 'text/html': { schema: z.string() } } },
    404: { description: 'Unknown, revoked or malformed link', content: { 'text/html': { schema: z.string() } } },
    429: { description: 'Too many requests from this address', content: { 'text/plain': { schema: z.string() } } },
  };
}

export function pdfResponses() {
  return { ...pageResponses(''), 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.unknown() } } } };
}

const MESSAGE_CSS = 'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;padding:2rem .75rem;background:#eef1f5;color:#1f2933}main{max-width:32rem;margin:0 auto;background:#fff;padding:1.5rem 1.2rem;border-radius:8px;box-shadow:0 1px 4px rgba(15,23,42,.12)}h1{font-size:1.25rem;margin:0 0 .6rem}p{margin:.4rem 0}a{color:#1f5fbf;font-weight:600}';
const MESSAGE_CSP = `default-src 'none'; style-src 'sha256-${crypto.createHash('sha256').update(MESSAGE_CSS).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * A short HTML page with a message (e.g. "the payment service is not reachable right now")
 * and a link back, for a customer page whose action could not be done: private, no script.
 */
export function sendMessagePage(reply: FastifyReply, status: number, message: { title: string; text: string; back?: { href: string; label: string } }): FastifyReply {
  const back = message.back ? `<p><a href="${escapeHtml(message.back.href)}">${escapeHtml(message.back.label)}</a></p>` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow"><title>${escapeHtml(message.title)}</title><style>${MESSAGE_CSS}</style></head>
<body><main role="alert"><h1>${escapeHtml(message.title)}</h1><p>${escapeHtml(message.text)}</p>${back}</main></body></html>
`;
  privateHeaders(reply);
  return reply.code(status).type('text/html; charset=utf-8').header('Content-Security-Policy', MESSAGE_CSP).send(html);
}

/**
 * What a customer page answers when the payment gateway failed (down, or refusing the
 * organization's key or the request): a page saying so, never a JSON problem. Errors that
 * are not the gateway's are thrown on.
 */
export function sendGatewayFailure(reply: FastifyReply, error: unknown, back: { href: string; label: string }): FastifyReply {
  if (error instanceof AppError && (error.code === 'bad_gateway' || error.code === 'conflict')) {
    return sendMessagePage(reply, 502, {
      title: 'Online payment is not available right now',
      text: 'The payment service could not be reached or refused the request, so nothing was charged or changed. Please try again in a few minutes.',
      back,
    });
  }
  throw error;
}

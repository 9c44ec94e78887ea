/**
 * What a webhook URL may be. The syntax rules hold everywhere (schema); the scheme and the
 * address depend on the installation's settings and are checked when an endpoint is saved
 * (here) and again at every delivery (webhook-http.ts).
 */
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import { checkHostWhenSaving, RefusedAddressError } from './webhook-address.ts';

export const MAX_URL_LENGTH = 2048;

export type WebhookNetworkSettings = Pick<Config, 'WEBHOOK_ALLOW_HTTP' | 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'>;

/**
 * Why `text` cannot be a webhook URL whatever the settings, or null. Whitespace and control
 * characters are refused before parsing: the URL parser silently drops tabs and newlines,
 * so "https://exa\nmple.com" would otherwise become a different host than the one shown.
 */
export function urlSyntaxProblem(text: string): string | null {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\s\u0000-\u001F\u007F]/.test(text)) return 'must not contain spaces or control characters';
  if (!URL.canParse(text)) return 'must be an absolute URL such as https://example.com/webhooks';
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https: URL';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.hostname === '') return 'must name a host';
  return null;
}

/** The checks that depend on the settings: the scheme, and (unless allowed) the host's addresses. 422 naming `url`. */
export async function assertUrlAllowed(text: string, settings: WebhookNetworkSettings): Promise<URL> {
  const problem = urlSyntaxProblem(text);
  if (problem !== null) throw AppError.validation('url', problem);
  const url = new URL(text);
  if (url.protocol === 'http:' && !settings.WEBHOOK_ALLOW_HTTP) {
    throw AppError.validation('url', 'must be an https: URL (plain http: only where the server sets WEBHOOK_ALLOW_HTTP=true)');
  }
  if (!settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS) {
    try {
      await checkHostWhenSaving(url);
    } catch (error) {
      if (!(error instanceof RefusedAddressError)) throw error;
      throw AppError.validation('url', `must be a public address: ${error.message} (allowed only where the server sets WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)`);
    }
  }
  return url;
}

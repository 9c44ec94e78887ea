/**
 * Server configuration from the environment, validated once at start-up so a typo in a
 * variable fails fast with a clear message instead of surfacing later as odd behaviour.
 */
import net from 'node:net';
import { z } from 'zod';

/** An address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY, as Fastify's `trustProxy`: unset or `false` (the client address is the
 * connection's), `true` (trust every proxy: only when nothing reaches Settle but the proxy),
 * a hop count, or a comma-separated list of proxy addresses and ranges.
 */
const TrustProxy = z
  .string()
  .optional()
  .transform((value, context): boolean | number | string[] => {
    const text = value?.trim() ?? '';
    if (text === '' || text === 'false') return false;
    if (text === 'true') return true;
    if (/^\d{1,2}$/.test(text)) return Number(text);
    const list = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const bad = list.find((part) => !isAddressOrRange(part));
    if (bad !== undefined || list.length === 0) {
      context.addIssue({ code: 'custom', message: 'must be true, false, a hop count, or proxy addresses/ranges separated by commas' });
      return z.NEVER;
    }
    return list;
  });

/** A yes/no setting: `true`/`false` (also `1`/`0`); unset or empty is false. */
const EnvBoolean = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z
    .enum(['', 'true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true' || value === '1'),
);

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/settle.db')
    .refine((url) => url.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(url), {
      message: 'must be sqlite:PATH or postgres://…',
    }),
  /** smtp://user:password@host:port or smtps://…; unset (or empty): outgoing mail stays in the outbox. */
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      // The message never repeats the value: it may hold the SMTP password.
      .refine((url) => /^smtps?:\/\/[^/\s]+/.test(url) && URL.canParse(url), { message: 'must be smtp://user:password@host:port or smtps://…' })
      .optional(),
  ),
  /** The sender of e-mails; replies go to the organization's own address (Reply-To). */
  MAIL_FROM: z
    .string()
    .max(320)
    .refine((from) => /^[^\r\n]*@[^\r\n]*$/.test(from), { message: 'must be an address such as "Settle <billing@example.com>"' })
    .default('Settle <no-reply@localhost>'),
  /** How often each server's job worker looks for due jobs (it is also woken when this server queues one). */
  JOB_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** How often each server looks for due periodic work (the overdue check); 0 turns the timer off (tests drive it). */
  SCHEDULER_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  PUBLIC_URL: z.url().optional(),
  /** On SIGTERM/SIGINT, how long in-flight requests and the job in hand may take before the process exits anyway (code 1). */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: TrustProxy,
  /** Sign-in attempts allowed per (e-mail address, client address) within the window before answering 429; ×5 per client address. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /**
   * Bearer token a Prometheus scrape of GET /metrics must send. Unset (or empty): /metrics is
   * open to whoever reaches the listen address — set it whenever HOST is not a loopback address.
   */
  METRICS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16, { message: 'must be at least 16 characters' }).max(512).optional()),
  /** Requests per minute one address may make to the public customer pages (/p/…), per server process. */
  PUBLIC_LINK_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /**
   * Who may create further organizations with POST /organizations: `owners` (default: people
   * who own an organization here), `all` (any signed-in user; also `true`) or `none` (also
   * `false`; the first-run setup still creates the first one).
   */
  ALLOW_ORGANIZATION_CREATION: z
    .preprocess((value) => (value === 'true' ? 'all' : value === 'false' ? 'none' : value), z.enum(['owners', 'all', 'none'], { message: 'must be owners, all (true) or none (false)' }))
    .default('owners'),
  /**
   * Test mode: the owner may move the installation's clock forward (GET/POST /test-clock) to
   * run months of billing in seconds. Never on an installation that bills real customers.
   */
  SETTLE_TEST_CLOCK: EnvBoolean,
  /** Webhook endpoints may use plain http: URLs (development; production endpoints should be https:). */
  WEBHOOK_ALLOW_HTTP: EnvBoolean,
  /**
   * Webhook endpoints may be on loopback, private, link-local or metadata addresses. Off, such
   * URLs are refused when saved and every delivery checks the address it connects to (DNS
   * rebinding): a webhook must not become a way into the server's own network.
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: EnvBoolean,
  /**
   * The Stripe API's address (default https://api.stripe.com): tests and local checks point
   * the SDK at a Stripe-compatible server (test/support/stripe-server.ts). Its origin is also
   * where hosted checkout pages are expected to live (the customer page's form-action).
   */
  STRIPE_API_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine((url) => /^https?:\/\/[^/\s]+\/?$/.test(url) && URL.canParse(url), { message: 'must be an http(s) origin such as https://api.stripe.com' })
      .optional(),
  ),
  /**
   * The key that encrypts stored gateway secrets (AES-256-GCM): 64 hex characters or the
   * base64 of 32 bytes. Unset: a key file generated on first start in the data folder.
   * The message never repeats the value.
   */
  SETTLE_SECRET_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine((key) => /^\s*[0-9a-fA-F]{64}\s*$/.test(key) || (/^\s*[A-Za-z0-9+/_-]{43}=?\s*$/.test(key) && Buffer.from(key.trim().replace(/-/g, '+').replace(/_/g, '/'), 'base64').length === 32), {
        message: 'must be 64 hex characters or the base64 of 32 random bytes (e.g. `openssl rand -hex 32`)',
      })
      .optional(),
  ),
  /** Folder of the generated key file (settle-secret.key); default: beside the SQLite file, or ./data with PostgreSQL. */
  SETTLE_DATA_DIR: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The address users reach Settle at, for links in e-mails and customer links. Built only
 * from configuration — never from a request's Host header, which a client chooses. Without
 * PUBLIC_URL it is the listen address (a wildcard host becomes localhost), and the server
 * warns at start (see publicUrlWarning).
 */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL !== undefined) return config.PUBLIC_URL.replace(/\/+$/, '');
  const wildcard = config.HOST === '0.0.0.0' || config.HOST === '::' || config.HOST === '[::]';
  const host = wildcard ? 'localhost' : config.HOST.includes(':') && !config.HOST.startsWith('[') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** The start-up warning when links fall back to the listen address; null when PUBLIC_URL is set. */
export function publicUrlWarning(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string | null {
  if (config.PUBLIC_URL !== undefined) return null;
  return `PUBLIC_URL is not set: links in e-mails and customer links use ${publicBaseUrl(config)}. Set PUBLIC_URL to the address your users reach Settle at.`;
}

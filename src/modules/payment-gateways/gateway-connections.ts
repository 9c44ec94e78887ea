/**
 * Connecting an organization to a payment gateway (admin): the secrets are checked for
 * form, verified against the provider, sealed (AES-256-GCM, kernel/secret-box.ts) and
 * stored; the API shows them masked only. Audit entries and events carry the mode, the
 * account and the masked key, never a secret.
 */
import type { Config } from '../../config.ts';
import { publicBaseUrl } from '../../config.ts';
import type { PaymentGatewaysTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { openedSecretBox, type SecretBox } from '../../kernel/secret-box.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { GatewaysRepo } from './gateways.repo.ts';
import type { ConnectStripeInput, PaymentGatewayOut } from './gateways.schemas.ts';
import { ProviderError, type PaymentProvider, type ProviderCredentials } from './payment-provider.ts';
import { PROVIDER_NAMES, providerFor, type ProviderName } from './providers.ts';

export interface GatewayDeps {
  config: Config;
  secrets: SecretBox;
}

const aad = (orgId: string, provider: string, field: 'secret_key' | 'webhook_secret') => `payment_gateways:${orgId}:${provider}:${field}`;

export function webhookUrl(config: Config, provider: ProviderName, orgId: string): string {
  return `${publicBaseUrl(config)}/api/v1/gateways/${provider}/webhook/${orgId}`;
}

function gatewayOut(config: Config, orgId: string, provider: ProviderName, row: PaymentGatewaysTable | undefined): PaymentGatewayOut {
  return {
    provider,
    connected: row !== undefined,
    mode: row === undefined ? null : (row.mode as 'test' | 'live'),
    secret_key: row?.secret_key_hint ?? null,
    webhook_secret: row?.webhook_secret_hint ?? null,
    account_id: row?.account_id ?? null,
    webhook_url: webhookUrl(config, provider, orgId),
    connected_at: row?.connected_at ?? null,
  };
}

/**
 * A provider's refusal as an HTTP problem: a refused key being saved names secret_key (422);
 * a refused request (e.g. already refunded) is 409; an outage or a stored key refused is 502.
 */
export function providerProblem(error: unknown, path?: string): never {
  if (error instanceof ProviderError) {
    if (error.kind === 'unavailable') throw new AppError('bad_gateway', error.message);
    if (error.kind === 'authentication' && path !== undefined) throw AppError.validation(path, `was refused by the payment provider: ${error.message}`);
    if (error.kind === 'authentication') throw new AppError('bad_gateway', `The payment provider refused the organization's stored key: ${error.message}`);
    throw AppError.conflict(`The payment provider refused the request: ${error.message}`);
  }
  throw error;
}

export async function getGateway(ctx: RequestContext, deps: GatewayDeps, provider: ProviderName): Promise<PaymentGatewayOut> {
  return gatewayOut(deps.config, ctx.orgId, provider, await new GatewaysRepo(ctx.db.kysely, ctx.orgId).find(provider));
}

export async function listGateways(ctx: RequestContext, deps: GatewayDeps): Promise<{ data: PaymentGatewayOut[] }> {
  const rows = await new GatewaysRepo(ctx.db.kysely, ctx.orgId).all();
  return { data: PROVIDER_NAMES.map((name) => gatewayOut(deps.config, ctx.orgId, name, rows.find((row) => row.provider === name))) };
}

export async function connectStripe(ctx: RequestContext, deps: GatewayDeps, input: ConnectStripeInput): Promise<PaymentGatewayOut> {
  const provider = providerFor(deps.config, 'stripe');
  const bad = provider.validateSecrets({ secretKey: input.secret_key, webhookSecret: input.webhook_secret });
  if (bad !== null) throw AppError.validation(bad.path, bad.message);
  const verified = await provider.verifyCredentials({ secretKey: input.secret_key }).catch((error: unknown) => providerProblem(error, 'secret_key'));

  return inTransaction(ctx.db, async (trx) => {
    const repo = new GatewaysRepo(trx, ctx.orgId);
    const before = await repo.find('stripe');
    const now = nowIso(ctx.clock);
    const row = {
      id: before?.id ?? newId('pgw'),
      provider: 'stripe',
      secret_key_sealed: deps.secrets.encrypt(input.secret_key, aad(ctx.orgId, 'stripe', 'secret_key')),
      webhook_secret_sealed: deps.secrets.encrypt(input.webhook_secret, aad(ctx.orgId, 'stripe', 'webhook_secret')),
      secret_key_hint: provider.mask(input.secret_key),
      webhook_secret_hint: provider.mask(input.webhook_secret),
      mode: verified.mode,
      account_id: verified.accountId,
      connected_at: before?.connected_at ?? now,
      updated_at: now,
    };
    await repo.upsert(row);
    const out = gatewayOut(deps.config, ctx.orgId, 'stripe', { ...row, organization_id: ctx.orgId });
    const audited = (o: PaymentGatewayOut) => ({ provider: o.provider, mode: o.mode, account_id: o.account_id, secret_key: o.secret_key, webhook_secret: o.webhook_secret });
    await emit(trx, ctx, {
      type: 'payment_gateway.connected',
      resource: { type: 'payment_gateway', id: row.id },
      before: before === undefined ? undefined : audited(gatewayOut(deps.config, ctx.orgId, 'stripe', before)),
      after: audited(out),
    });
    return out;
  });
}

export async function disconnectGateway(ctx: RequestContext, provider: ProviderName): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new GatewaysRepo(trx, ctx.orgId);
    const before = await repo.find(provider);
    if (before === undefined) return;
    await repo.remove(provider);
    await repo.expireAllCheckouts();
    await emit(trx, ctx, {
      type: 'payment_gateway.disconnected',
      resource: { type: 'payment_gateway', id: before.id },
      before: { provider, mode: before.mode, account_id: before.account_id, secret_key: before.secret_key_hint },
    });
  });
}

export interface OpenedConnection {
  row: PaymentGatewaysTable;
  provider: PaymentProvider;
  credentials: ProviderCredentials;
  webhookSecret: string;
}

/** The organization's connection to `provider` with its secrets opened, read with `db`; null when not connected. */
export async function openConnection(db: Executor, deps: GatewayDeps, orgId: string, provider: ProviderName): Promise<OpenedConnection | null> {
  const row = await new GatewaysRepo(db, orgId).find(provider);
  if (row === undefined) return null;
  return {
    row,
    provider: providerFor(deps.config, provider),
    credentials: { secretKey: deps.secrets.decrypt(row.secret_key_sealed, aad(orgId, provider, 'secret_key')) },
    webhookSecret: deps.secrets.decrypt(row.webhook_secret_sealed, aad(orgId, provider, 'webhook_secret')),
  };
}

/** The organization's first connected gateway, opened; null when none. */
export async function openAnyConnection(db: Executor, deps: GatewayDeps, orgId: string): Promise<OpenedConnection | null> {
  const row = await new GatewaysRepo(db, orgId).first();
  if (row === undefined || !(PROVIDER_NAMES as readonly string[]).includes(row.provider)) return null;
  return openConnection(db, deps, orgId, row.provider as ProviderName);
}

/** What modules need from the app's deps; fails loudly when the composition root forgot the secret box. */
export function gatewayDeps(deps: { config: Config; secrets?: SecretBox | undefined }): GatewayDeps {
  return { config: deps.config, secrets: openedSecretBox(deps) };
}

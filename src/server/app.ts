/**
 * Assembles the HTTP application: logging with request ids, security headers, cookies,
 * schema validation (zod) that also feeds the OpenAPI document, the auth guard, problem
 * responses, and every module's routes.
 */
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicUrlWarning, type Config } from '../config.ts';
import { registerAuthGuard } from './auth-guard.ts';
import { errorHandler } from '../kernel/http/problems.ts';
import { registerOpenApi } from './openapi.ts';
import { EVENT_SUBSCRIBERS, MODULES } from './modules.ts';
import { installEventSubscribers } from '../kernel/events.ts';
import { registerWebApp } from './web-app.ts';
import { registerTextGuard } from './text-guard.ts';
import { registerIdempotency } from './idempotency.ts';
import type { AppDeps } from '../kernel/deps.ts';
import { jobHandlers, registerJobWorker } from './jobs.ts';
import { createMetrics } from './metrics.ts';
import { wallClockOf } from '../kernel/test-clock.ts';
import { registerTestClockRoutes, testClockDeps } from './test-clock.ts';
import { openSecretBox } from '../kernel/secret-box.ts';
import { createGatewayRefunds } from '../modules/payment-gateways/gateway-refunds.ts';
import { createEInvoicing } from '../modules/einvoices/einvoicing.ts';

export type { AppDeps };

export type App = FastifyInstance;

/** A hop count trusts that many proxies in front of Settle (what Fastify does with a number, expressed in its typed form). */
function trustProxySetting(value: Config['TRUST_PROXY']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/** Bodies are bounded well above any legitimate form so oversized fields are named, not cut off. */
const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export async function buildApp(appDeps: AppDeps, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  installEventSubscribers(EVENT_SUBSCRIBERS);
  // Stored gateway secrets: SETTLE_SECRET_KEY or the key file, opened (or created) at start.
  const secrets = appDeps.secrets ?? openSecretBox(appDeps.config);
  appDeps = {
    ...appDeps,
    secrets,
    gatewayRefunds: appDeps.gatewayRefunds ?? createGatewayRefunds({ config: appDeps.config, secrets }),
    einvoicing: appDeps.einvoicing ?? createEInvoicing(),
  };
  const app = Fastify({
    logger: options.logger ?? {
      level: appDeps.config.LOG_LEVEL,
      // Credentials never reach the logs.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // The client address (login throttle, customer-page budget) comes from X-Forwarded-For only behind a trusted proxy.
    trustProxy: trustProxySetting(appDeps.config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  // Test mode: business time follows the installation's test clock (server/test-clock.ts).
  const deps = appDeps.config.SETTLE_TEST_CLOCK ? await testClockDeps(app, appDeps) : appDeps;

  // Action endpoints (finalize, void, logout) take no body, and many clients still send
  // Content-Type: application/json with an empty one: read that as "no body". Anything
  // else goes through Fastify's own parser, which also strips __proto__ poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });

  // Links in e-mails and customer links are built from configuration only; say so once when
  // they fall back to the listen address.
  const linkWarning = publicUrlWarning(deps.config);
  if (linkWarning !== null) app.log.warn(linkWarning);

  // First, so every request (and every route registered below) is timed by its route pattern.
  const metrics = createMetrics({ db: deps.db, clock: deps.clock, token: deps.config.METRICS_TOKEN, jobKinds: Object.keys(jobHandlers(deps)) });
  metrics.timeRequests(app);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  app.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('Cache-Control', 'no-store');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The interactive API docs (Swagger UI) need inline styles and data: images.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.config.PUBLIC_URL?.startsWith('https:') ?? false,
  });
  await app.register(cookie);

  // Sessions, sign-in limits and stored idempotent responses keep real time under the test clock.
  registerAuthGuard(app, { db: deps.db, clock: wallClockOf(deps.clock), sessionDays: deps.config.SESSION_DAYS });
  registerTextGuard(app);
  registerIdempotency(app, { db: deps.db, clock: wallClockOf(deps.clock), faults: deps.faults?.idempotency });
  // Background jobs (e-mail delivery): started when the app is ready, stopped when it closes.
  registerJobWorker(app, deps);
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.db.kysely.selectFrom('installation').select('key').limit(1).execute();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  await app.register((api, _opts, done) => {
    for (const module of MODULES) module.routes?.(api, deps);
    registerTestClockRoutes(api, deps);
    done();
  }, { prefix: '/api/v1' });
  // Prometheus metrics (/metrics): outside the API, before the web app's fallback.
  metrics.registerRoute(app);
  // Pages outside the API (the customer's invoice pages, /p/{token}), before the web app's fallback.
  for (const module of MODULES) module.pages?.(app, deps);
  await registerWebApp(app);
  return app;
}

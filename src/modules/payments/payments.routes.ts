import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Routes for payments, refunds and customer credit (being built). */
export function registerPaymentRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

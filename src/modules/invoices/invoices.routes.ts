import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Routes for invoices (being built). */
export function registerInvoiceRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

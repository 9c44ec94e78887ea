import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Sales and revenue over time, and the tax report (being built). */
export function registerSalesRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

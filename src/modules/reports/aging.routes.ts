import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Aging and customer statements (being built). */
export function registerAgingRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

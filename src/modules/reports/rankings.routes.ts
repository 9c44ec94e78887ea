import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Top customers and products, and customer analytics (being built). */
export function registerRankingRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

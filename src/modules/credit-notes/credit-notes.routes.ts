import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../server/app.ts';

/** Routes for credit notes (being built). */
export function registerCreditNoteRoutes(_app: FastifyInstance, _deps: AppDeps): void {}

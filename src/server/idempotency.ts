import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';

/** Idempotency-Key support for POST requests (being built). */
export function registerIdempotency(_app: FastifyInstance, _deps: AppDeps): void {}

/**
 * PostgreSQL cannot store the NUL character in text, and no legitimate billing data
 * contains it. Rather than let it surface as a database error (a 500), every request's
 * parameters, query and body are checked before validation, and the field is named.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNul(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const where = findNul(request.params, '') ?? findNul(request.query, '') ?? findNul(request.body, '');
    done(where === null ? undefined : AppError.validation(where || 'body', 'must not contain NUL characters'));
  });
}

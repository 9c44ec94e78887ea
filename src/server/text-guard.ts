/**
 * Text the databases cannot store faithfully is refused before validation, with the field
 * named (422), rather than surfacing later as a database error (a 500) or as silently
 * altered data. Every request's parameters, query and body are checked, keys included:
 *
 * - NUL characters: PostgreSQL cannot store them in text, and no billing data contains them.
 * - Lone UTF-16 surrogates (JSON.parse turns "\ud800" into one): they have no UTF-8 form, so
 *   SQLite would store invalid UTF-8 and PostgreSQL a U+FFFD in their place. Surrogate pairs
 *   (emoji such as 😀) are well-formed and pass.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

interface Refusal {
  path: string;
  message: string;
}

const NUL = 'must not contain NUL characters';
const LONE_SURROGATE = 'must not contain unpaired surrogates (invalid Unicode text)';

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return NUL;
  // Native since Node 20 (see shared/es2024.d.ts): one scan, and no hand-written
  // surrogate-pair regular expression to get subtly wrong.
  if (!text.isWellFormed()) return LONE_SURROGATE;
  return null;
}

/**
 * The first string (or key) in `value` that cannot be stored, with its path ("lines.0.name");
 * a bad key names the object holding it (`root` at the top: "query", "body").
 */
export function findBadText(value: unknown, root: string, path = '', depth = 0): Refusal | null {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message === null ? null : { path: path || root, message };
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const keyMessage = textProblem(key);
    // Not named by the key itself: the answer would carry the very text it refuses.
    if (keyMessage !== null) return { path: path || root, message: `${keyMessage} (in a property name)` };
    const found = findBadText(child, root, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const bad = findBadText(request.params, 'params') ?? findBadText(request.query, 'query') ?? findBadText(request.body, 'body');
    done(bad === null ? undefined : AppError.validation(bad.path, bad.message));
  });
}

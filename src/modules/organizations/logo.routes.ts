/**
 * Logo upload and download. The upload is the raw image as the request body, so these
 * routes live in a raw-body scope (kernel/http/raw-body.ts): image media types only, at
 * most 512 KB, errors naming the `logo` field.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { RawBody, rawBodyError, rawBodyScope, type RawBodyErrorCode } from '../../kernel/http/raw-body.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { LOGO_MAX_BYTES, LOGO_TYPES, logoType } from './logo-image.ts';
import { deleteLogo, findLogo, putLogo } from './logo.service.ts';
import { Organization } from './organizations.schemas.ts';

const tags = ['Organizations'];

const ACCEPTED = LOGO_TYPES.join(', ');

/** An SVG served from our origin must not run anything, even when opened on its own. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function logoError(code: RawBodyErrorCode, message: string): AppError {
  return rawBodyError('logo', code, message);
}

export function registerLogoRoutes(app: FastifyInstance, deps: AppDeps): void {
  rawBodyScope(app, { types: LOGO_TYPES, maxBytes: LOGO_MAX_BYTES, field: 'logo', maxText: '512 KB', typesText: ACCEPTED }, (scope) => {
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.put(
      '/organization/logo',
      {
        config: { requires: 'admin' },
        bodyLimit: LOGO_MAX_BYTES,
        schema: {
          tags,
          summary: `Upload the logo: the image itself as the body (${ACCEPTED}, at most 512 KB)`,
          consumes: [...LOGO_TYPES],
          response: { 200: Organization, ...problemResponses(401, 403, 413, 415, 422) },
        },
      },
      async (request) => {
        const type = logoType(request.headers['content-type']);
        if (type === null) throw logoError('unsupported_media_type', `must be sent as ${ACCEPTED}`);
        if (!(request.body instanceof RawBody)) throw logoError('validation', 'is empty');
        return putLogo(contextOf(request, deps), type, request.body.bytes);
      },
    );

    api.get(
      '/organization/logo',
      {
        config: { requires: 'viewer' },
        schema: {
          tags,
          summary: 'The logo image, with its media type',
          response: {
            200: { description: 'The image', content: Object.fromEntries(LOGO_TYPES.map((t) => [t, { schema: z.unknown() }])) },
            ...problemResponses(401, 404),
          },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request, deps);
        const logo = await findLogo(ctx.db.kysely, ctx.orgId);
        if (!logo) throw AppError.notFound('Logo');
        void reply.type(logo.contentType).header('X-Content-Type-Options', 'nosniff');
        if (logo.contentType === 'image/svg+xml') void reply.header('Content-Security-Policy', SVG_CSP);
        return reply.send(logo.bytes);
      },
    );

    api.delete(
      '/organization/logo',
      {
        config: { requires: 'admin' },
        schema: { tags, summary: 'Remove the logo', response: { 204: z.null(), ...problemResponses(401, 403, 404) } },
      },
      async (request, reply) => {
        await deleteLogo(contextOf(request, deps));
        return reply.code(204).send(null);
      },
    );
  });
}

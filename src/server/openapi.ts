/**
 * The OpenAPI 3.1 document is generated from the same zod schemas that validate requests,
 * served at /api/v1/openapi.json, with interactive docs (Swagger UI) at /api/docs.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Settle API',
        version: '1',
        description:
          'Billing and invoicing. Authenticate with the session cookie from /auth/login or with `Authorization: Bearer <API token>`. ' +
          'Errors are RFC 9457 problem details. Money and quantities are decimal strings.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token created at /api/v1/api-tokens' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'settle_session' },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { deepLinking: true } });

  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: { requires: 'public' } }, () => app.swagger());
}

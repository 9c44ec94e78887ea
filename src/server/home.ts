/**
 * What a browser sees at the root until the web application is built: where things are.
 */
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Settle</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.6rem}a{color:#1c64f2}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Settle is running</h1>
<p>Billing and invoicing for small businesses, freelancers and their accountants.</p>
<ul><li><a href="/api/docs">Interactive API documentation</a></li>
<li><a href="/api/v1/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/healthz">Health check</a></li></ul>
<p>First start? Create your organization and owner account with <code>POST /api/v1/setup</code> (see the docs).</p>
</body></html>`;

export function registerHomePage(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}

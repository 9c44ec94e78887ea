/**
 * The web application: the built single-page app (dist/web) on the same port as the API.
 * Any GET that is not an API, health, metrics or asset path gets index.html, so deep links
 * such as /invoices/inv_… work on reload; an unknown /api/… path is a JSON 404, never the app. Without a build, a short page says how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from '../kernel/http/problems.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '../../dist/web');

const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Settle</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>Settle is running</h1>
<p>The web application has not been built yet: run <code>npm run build:web</code> (npm start does this for you).</p>
<p><a href="/api/docs">API documentation</a></p></body></html>`;

/** Paths of the server itself (the API, health, metrics), in any letter case or percent-encoding: never a page. */
const SERVER_PATHS = ['/api', '/healthz', '/metrics'];

function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url).toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

function isServerPath(url: string): boolean {
  const path = decodedPath(url);
  return SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Customer pages (/p/{token}) are served by their own routes; the app never stands in for one. */
function isCustomerPagePath(url: string): boolean {
  return url === '/p' || url.startsWith('/p/') || url === '/portal' || url.startsWith('/portal/');
}

export async function registerWebApp(app: FastifyInstance): Promise<void> {
  const index = path.join(WEB_ROOT, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_ROOT,
      prefix: '/',
      wildcard: false,
      index: false,
      // Hashed asset names never change content: cache them for a year; index.html never.
      setHeaders: (res, filePath) => {
        res.setHeader('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && !isServerPath(url) && !isCustomerPagePath(url) && !url.startsWith('/assets/');
    if (!wantsPage) return sendProblem(reply, 404, 'not_found', `No route for ${request.method} ${url}`);
    if (!built) return reply.type('text/html; charset=utf-8').send(NO_BUILD_PAGE);
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(fs.readFileSync(index));
  });
}

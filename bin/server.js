#!/usr/bin/env node
// `npm start`: builds the web app when its build is missing or older than its sources
// (a few seconds with Vite), then starts the server from the TypeScript sources (tsx
// compiles on the fly), or from the compiled output with SETTLE_USE_DIST=1.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

async function ensureWebBuild() {
  const index = path.join(root, 'dist/web/index.html');
  const sources = [path.join(root, 'web'), path.join(root, 'src/domain')];
  const stale = !existsSync(index) || sources.some((dir) => existsSync(dir) && newestMtime(dir) > statSync(index).mtimeMs);
  if (!stale || process.env.SETTLE_SKIP_WEB_BUILD === '1') return;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('settle: the web app is not built and Vite is not installed (npm install, then npm run build:web)');
    return;
  }
  console.log('settle: building the web app…');
  await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

await ensureWebBuild();
const compiled = path.join(root, 'dist/main.js');
if (process.env.SETTLE_USE_DIST === '1' && existsSync(compiled)) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

#!/usr/bin/env node
// `npm start`: builds the web app when its build is missing or older than its sources
// (a few seconds with Vite), then serves the compiled server in dist/ — compiling it first
// (tsc, once, like the web app) when it is missing or older than its sources. The compiled
// build starts in about half the time and memory of compiling on the fly. Without the
// TypeScript compiler (a production install without dev dependencies and no build) or when
// the build fails, it runs the sources through tsx as before.
//   SETTLE_USE_DIST=1  the compiled output as it is (production: `npm run build` once);
//   SETTLE_USE_TSX=1   the TypeScript sources (what `npm run dev` and the tests' servers use).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

const compiled = path.join(root, 'dist/main.js');
// Written after each build by this script: tsc rewrites only the files that changed, so
// dist/main.js's own time says nothing about the rest of the build.
const stamp = path.join(root, 'dist/.server-build');
const serverSources = [path.join(root, 'src'), path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json'), path.join(root, 'package-lock.json')];

function newestSource() {
  return Math.max(...serverSources.filter((p) => existsSync(p)).map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
}

/** True when dist/ holds a build of the current sources (compiling it first if needed and possible). */
function ensureServerBuild() {
  if (existsSync(compiled) && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) return true;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return false; // no compiler: run the sources
  }
  console.log('settle: compiling the server (once, until the sources change)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--incremental', 'false'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(compiled)) {
    console.warn('settle: compiling the server failed; running the TypeScript sources instead');
    return false;
  }
  // Dated at the start of the build: a source saved while it ran makes the build stale.
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  utimesSync(stamp, new Date(started), new Date(started));
  return true;
}

await ensureWebBuild();
if (process.env.SETTLE_USE_DIST === '1' && existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else if (process.env.SETTLE_USE_TSX !== '1' && ensureServerBuild()) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

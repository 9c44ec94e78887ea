#!/usr/bin/env node
// Starts the server from the TypeScript sources (tsx compiles on the fly), or from the
// compiled output when `npm run build` has produced it.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const compiled = new URL('../dist/main.js', import.meta.url);
if (process.env.SETTLE_USE_DIST === '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  register();
  await import('../src/main.ts');
}

/**
 * The rule stylesheets compiled to SaxonJS's SEF form, once: compiling an official XSLT takes
 * about 20 seconds, running the compiled form a fraction of a second. The compiled file is
 * cached under node_modules/.cache/settle (or the system's temp folder when that is not
 * writable), named by a hash of the stylesheet and the compiler's version, so a new rule
 * release or SaxonJS upgrade recompiles by itself. Concurrent processes may compile at the
 * same time; each writes a private file and renames it into place, so readers never see half
 * a file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ruleStylesheet, rulesDirectory, type EInvoiceSyntax } from './rule-files.ts';

const require = createRequire(import.meta.url);

function compilerScript(): { script: string; version: string } {
  const manifest = require.resolve('xslt3-he/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { script: path.join(path.dirname(manifest), 'xslt3.js'), version };
}

function cacheDirectory(): string {
  const preferred = path.join(rulesDirectory(), '..', 'node_modules', '.cache', 'settle', 'einvoice-rules');
  for (const dir of [preferred, path.join(os.tmpdir(), 'settle-einvoice-rules')]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // Read-only installation: try the next place.
    }
  }
  throw new Error('No writable folder for the compiled e-invoice rules (node_modules/.cache or the temp folder)');
}

function runCompiler(script: string, stylesheet: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, `-xsl:${stylesheet}`, `-export:${target}`, '-nogo', '-relocate:on'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && existsSync(target)) resolve();
      else reject(new Error(`Compiling ${path.basename(stylesheet)} failed (exit ${code}): ${stderr.slice(0, 2000)}`));
    });
  });
}

const compiling = new Map<EInvoiceSyntax, Promise<string>>();

/** The path of the compiled rules for a syntax, compiling them first when needed. */
export function compiledRules(syntax: EInvoiceSyntax): Promise<string> {
  let pending = compiling.get(syntax);
  if (pending === undefined) {
    pending = compile(syntax);
    // A failed compilation is retried on the next call rather than remembered.
    pending.catch(() => compiling.delete(syntax));
    compiling.set(syntax, pending);
  }
  return pending;
}

async function compile(syntax: EInvoiceSyntax): Promise<string> {
  const stylesheet = ruleStylesheet(syntax);
  const { script, version } = compilerScript();
  const hash = createHash('sha256').update(readFileSync(stylesheet)).update(version).digest('hex').slice(0, 16);
  const dir = cacheDirectory();
  const target = path.join(dir, `${syntax.toLowerCase()}-${hash}.sef.json`);
  if (existsSync(target)) return target;
  const partial = `${target}.${process.pid}.${Date.now()}.part`;
  try {
    await runCompiler(script, stylesheet, partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return target;
}

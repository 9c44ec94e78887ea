/**
 * Runs the compiled rules off the event loop: a transformation takes a few hundred
 * milliseconds of CPU, which would stall every other request if it ran on the main thread.
 * One worker thread holds the compiled rule sets in memory and takes validations one at a
 * time; callers queue. The worker's code is plain JavaScript given as text (it only needs
 * SaxonJS), so it runs the same under tsx, vitest and the compiled build.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const SaxonJS = require(workerData.saxonPath);
const stylesheets = new Map();
parentPort.on('message', ({ id, sefPath, xml }) => {
  try {
    let sef = stylesheets.get(sefPath);
    if (sef === undefined) {
      sef = JSON.parse(readFileSync(sefPath, 'utf8'));
      stylesheets.set(sefPath, sef);
    }
    const result = SaxonJS.transform({ stylesheetInternal: sef, sourceText: xml, destination: 'serialized' });
    parentPort.postMessage({ id, svrl: result.principalResult });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && (error.message || error.code)) || error) });
  }
});
`;

interface Pending {
  resolve(svrl: string): void;
  reject(error: Error): void;
}

/** Raised when SaxonJS cannot read the document (not well-formed XML and the like). */
export class UnreadableXmlError extends Error {}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function startWorker(): Worker {
  const require = createRequire(import.meta.url);
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { saxonPath: require.resolve('saxonjs-he') } });
  started.on('message', ({ id, svrl, error }: { id: number; svrl?: string; error?: string }) => {
    const job = pending.get(id);
    if (job === undefined) return;
    pending.delete(id);
    if (svrl !== undefined) job.resolve(svrl);
    else job.reject(new UnreadableXmlError(error ?? 'unknown error'));
    // Idle: do not keep the process alive for the worker's sake.
    if (pending.size === 0) started.unref();
  });
  started.on('error', (error) => {
    worker = undefined;
    failAll(error);
  });
  started.on('exit', () => {
    if (worker === started) worker = undefined;
    failAll(new Error('The e-invoice rules worker stopped'));
  });
  return started;
}

/** Applies a compiled rule set to a document; resolves with the SVRL report. */
export function runRules(sefPath: string, xml: string): Promise<string> {
  worker ??= startWorker();
  const current = worker;
  current.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    current.postMessage({ id, sefPath, xml });
  });
}

/** Stops the worker (tests, shutdown); the next validation starts a new one. */
export async function stopRulesWorker(): Promise<void> {
  const current = worker;
  worker = undefined;
  if (current !== undefined) await current.terminate();
}

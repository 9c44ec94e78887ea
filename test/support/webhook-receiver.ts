/**
 * Starts webhook-receiver-process.ts as a child process and keeps what it received. Tests
 * program its answers (`respondWith([500, 500])`: two failures, then 200), stop it with
 * SIGKILL like a crashed receiver, and start a new one on the same port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered. */
  status: number;
  receivedAt: number;
}

export interface WebhookReceiver {
  port: number;
  /** http://127.0.0.1:port */
  origin: string;
  /** Everything received, in order (kept after the process stops). */
  requests: ReceivedRequest[];
  respondWith(statuses: number[]): Promise<void>;
  /** Delay every answer (to hold a request in flight). */
  delay(ms: number): Promise<void>;
  /** Answer with the request's body. */
  echo(on: boolean): Promise<void>;
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const SCRIPT = path.join(import.meta.dirname, 'webhook-receiver-process.ts');

export async function startWebhookReceiver(port = 0, requests: ReceivedRequest[] = []): Promise<WebhookReceiver> {
  const child = fork(SCRIPT, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, RECEIVER_PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const acks = new Map<number, () => void>();
  let nextId = 0;
  const listening = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`webhook receiver exited with ${code}`)));
    child.on('message', (message: { type: string; port?: number; request?: ReceivedRequest; id?: number }) => {
      if (message.type === 'listening') resolve(message.port ?? 0);
      if (message.type === 'request' && message.request) requests.push(message.request);
      if (message.type === 'ack' && message.id !== undefined) acks.get(message.id)?.();
    });
  });
  const actualPort = await listening;
  const tell = (message: object) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      acks.set(id, resolve);
      child.send({ ...message, id });
    });
  return {
    port: actualPort,
    origin: `http://127.0.0.1:${actualPort}`,
    requests,
    respondWith: (statuses) => tell({ type: 'respond', statuses }),
    delay: (ms) => tell({ type: 'delay', ms }),
    echo: (on) => tell({ type: 'echo', on }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

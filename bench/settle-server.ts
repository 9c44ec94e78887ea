/**
 * What the HTTP benchmarks share: Settle started as `npm start` starts it (`node
 * bin/server.js`) in a process group of its own, waiting for /healthz; a keep-alive HTTP
 * client with a session cookie or an API token; scratch PostgreSQL databases created and
 * dropped; a process's CPU time and memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type pg from 'pg';
import { pgMaintenance } from './seeded.ts';

export const PG_ADMIN = process.env.SETTLE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLK_TCK = 100;

export interface Server {
  name: string;
  child: ChildProcess;
  base: string;
  pid: number;
}

const children: ChildProcess[] = [];

/** A port nothing listens on now (other benchmarks may run on the machine at the same time). */
export function takePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export async function waitHealthy(base: string, pathName: string, child: ChildProcess): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${base}${pathName}`).then((r) => r.ok, () => false);
    if (ok) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`${base} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A child process in its own group, stopped by stopAll. */
export function spawnGroup(command: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(command[0] ?? '', command.slice(1), { ...options, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  children.push(child);
  return child;
}

export interface StartOptions {
  /** The checkout to run. */
  root: string;
  /** Extra environment (SETTLE_TEST_CLOCK, …). */
  env?: Record<string, string>;
  /** Writes a CPU profile of the server into this folder when it exits. */
  profileDir?: string;
  /** Another command than `node bin/server.js` (e.g. `npm start`). */
  command?: string[];
}

export async function startSettle(name: string, databaseUrl: string, options: StartOptions): Promise<Server & { startMs: number }> {
  const port = await takePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profileDir)}`] : [];
  const command = options.command ?? [process.execPath, ...profile, path.join(options.root, 'bin/server.js')];
  const child = spawnGroup(command, {
    cwd: options.root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', PUBLIC_URL: base, ...options.env },
  });
  const startMs = await waitHealthy(base, '/healthz', child);
  return { name, child, base, pid: child.pid ?? 0, startMs };
}

/** Stops a server (its whole group) and waits for it to exit: its CPU profile is written then. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  process.kill(-server.pid, 'SIGTERM');
  await exited;
}

export function stopAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
  }
}

/** utime + stime of a process and its threads, in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK;
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

// ── a small keep-alive HTTP client ─────────────────────────────────────────

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Client {
  base: string;
  cookie: string;
  /** An API token (`stl_…`), sent instead of the cookie when set. */
  token?: string;
}

/** One request to `/api/v1{url}` (or `/hello…`); a status of 300 or more rejects with the answer's start. */
export function request<T = Record<string, string>>(client: Client, method: string, url: string, body?: unknown): Promise<{ status: number; json: Partial<T> }> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const target = new URL(url.startsWith('/hello') ? url : `/api/v1${url}`, client.base);
  const auth = client.token ? { authorization: `Bearer ${client.token}` } : { cookie: client.cookie, origin: client.base };
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method,
        agent,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...auth,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          if (setCookie) client.cookie = setCookie.split(';')[0] ?? '';
          const text = Buffer.concat(chunks).toString();
          const status = res.statusCode ?? 0;
          if (status >= 300) {
            reject(new Error(`${method} ${url}: ${status} ${text.slice(0, 300)}`));
            return;
          }
          resolve({ status, json: text && text[0] === '{' ? (JSON.parse(text) as Partial<T>) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** First-run setup of a fresh server (organization "Bench", Germany, EUR): the owner's signed-in client. */
export async function setupBench(server: Server): Promise<Client> {
  const client: Client = { base: server.base, cookie: '' };
  await request(client, 'POST', '/setup', {
    organization: { name: 'Bench', currency: 'EUR', country: 'DE' },
    user: { name: 'Bench', email: 'bench@example.com', password: 'bench-password-very-long-1' },
  });
  return client;
}

// ── PostgreSQL scratch databases ───────────────────────────────────────────

/** Runs `fn` on the server's maintenance database (`postgres`) of PG_ADMIN. */
export function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return pgMaintenance(PG_ADMIN, fn);
}

export function pgUrl(database: string): string {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops the databases (connections still open are ended), after a moment for servers to exit. */
export async function dropPgDatabases(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await new Promise((resolve) => setTimeout(resolve, 500));
  await pgAdmin(async (c) => {
    for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
  });
}

/** What bin/server.js ran: the compiled build when it wrote its build stamp (once the first server is up). */
export function isDistFresh(root: string): boolean {
  if (process.env.SETTLE_USE_TSX === '1') return false;
  if (process.env.SETTLE_USE_DIST === '1') return fs.existsSync(path.join(root, 'dist/main.js'));
  return fs.existsSync(path.join(root, 'dist/.server-build'));
}

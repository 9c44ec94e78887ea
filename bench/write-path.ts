/**
 * The everyday write path over real HTTP, one client: create a 3-line draft, finalize it,
 * record its payment — against `node bin/server.js` (as `npm start` runs it) on a fresh
 * SQLite file, or `--postgres URL` (a database that will be emptied: use a scratch one).
 * Prints milliseconds per invoice as the median of 3 rounds of --invoices (default 200).
 * Compare two checkouts with `--root ../other-checkout` (it must have built its web app).
 * This measures; it asserts nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '200' }, root: { type: 'string' }, postgres: { type: 'string' } } });
const N = Number(values.invoices);
const root = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-bench-write-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const databaseUrl = values.postgres ?? `sqlite:${path.join(dir, 'bench.db')}`;

const server = spawn(process.execPath, [path.join(root, 'bin/server.js')], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: 'inherit',
});

let cookie = '';
async function call(method: string, url: string, body?: unknown): Promise<{ id: string }> {
  const response = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0] ?? '';
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : { id: '' }) as { id: string };
}

try {
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await call('POST', '/setup', { organization: { name: 'Bench', currency: 'EUR', country: 'DE' }, user: { name: 'Bench', email: 'bench@example.com', password: 'bench-password-very-long-1' } });
  const tax = await call('POST', '/tax-rates', { name: 'VAT', percentage: '19' });
  const customer = await call('POST', '/customers', { name: 'Customer' });
  const perInvoice: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const lines = [1, 2, 3].map((k) => ({ description: `Item ${k}`, quantity: '2', unit_price: '10.50', tax_rate_id: tax.id }));
      const invoice = await call('POST', '/invoices', { customer_id: customer.id, issue_date: '2026-11-23', lines });
      await call('POST', `/invoices/${invoice.id}/finalize`);
      await call('POST', '/payments', { invoice_id: invoice.id, amount: '74.97', date: '2026-11-23', method: 'card' });
    }
    perInvoice.push((performance.now() - started) / N);
  }
  perInvoice.sort((a, b) => a - b);
  const [min, median, max] = perInvoice.map((ms) => ms.toFixed(2));
  console.log(`create + finalize + pay, one client, ${values.postgres ? 'PostgreSQL' : 'SQLite'}: ${median} ms per invoice (median of 3 × ${N}; min ${min}, max ${max}) — ${root}`);
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs once before the integration tests: under CI=true, PostgreSQL must be reachable,
 * so that its suites can never be skipped silently. It also compiles the official e-invoice
 * rules once (cached in node_modules/.cache), instead of every test server doing it at once.
 */
import rulesSetup from './rules-setup.ts';
import { postgresAvailable, PG_ADMIN_URL } from './postgres.ts';

export default async function globalSetup(): Promise<void> {
  await rulesSetup();
  const available = await postgresAvailable();
  if (!available && process.env.CI === 'true') {
    throw new Error(`CI=true but PostgreSQL is not reachable at ${PG_ADMIN_URL}: the PostgreSQL suites must run in CI`);
  }
  if (!available) {
    console.warn(`\n⚠ PostgreSQL is not reachable at ${PG_ADMIN_URL}: PostgreSQL suites will be SKIPPED (they fail under CI=true).\n`);
  }
}

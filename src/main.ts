/**
 * `npm start`: load configuration, open the database, apply migrations, serve.
 */
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { keepSqliteOptimized } from './db/optimize.ts';
import { chainExistingDocuments } from './modules/integrity/chain.repo.ts';
import { buildApp } from './server/app.ts';
import { exitOnSignals } from './server/shutdown.ts';
import { warmUpRules } from './modules/einvoices/validation/validate.ts';
import { systemClock } from './shared/clock.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.DATABASE_URL);
  const applied = await migrateToLatest(db);
  // Documents issued before the document chain existed are chained once, before serving.
  const chained = await chainExistingDocuments(db, systemClock);
  const app = await buildApp({ db, clock: systemClock, config });
  // SQLite's planner statistics: now, then hourly (db/optimize.ts).
  const stopOptimizing = await keepSqliteOptimized(db, (error) => app.log.warn({ err: error }, 'PRAGMA optimize failed'));
  app.addHook('onClose', () => {
    stopOptimizing();
    return Promise.resolve();
  });
  if (applied.length > 0) app.log.info({ migrations: applied }, 'applied database migrations');
  if (chained > 0) app.log.info({ documents: chained }, 'chained documents issued before the document chain');

  exitOnSignals({ app, db, graceSeconds: config.SHUTDOWN_GRACE_SECONDS });

  await app.listen({ port: config.PORT, host: config.HOST });
  // The official e-invoice rules are compiled once (about 20 s per syntax, then cached): start now, not on the first export.
  warmUpRules();
  app.log.info(`Settle is ready on ${db.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

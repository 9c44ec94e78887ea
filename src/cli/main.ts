/**
 * `settle <command>` — administration from the shell, on the database named by DATABASE_URL.
 *
 *   settle migrate                         apply pending migrations
 *   settle create-user --email E --name N --role R [--organization ID] [--password-stdin]
 *   settle reset-password --email E [--password-stdin]
 *   settle invite-link --email E [--organization ID]   a fresh link for a pending invitation
 *   settle backup <file>                   online backup of the SQLite database
 *   settle seed --invoices N [--customers M] [--organization ID]   a realistic demo / benchmark data set
 *   settle verify                          recompute every organization's document chain (exit 2 on a break)
 *
 * Passwords are read from standard input (never from arguments, which other users of the
 * machine can see in the process list); without --password-stdin a random one is generated
 * and printed once.
 */
import { parseArgs } from 'node:util';
import { loadConfig, publicBaseUrl } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { installEventSubscribers } from '../kernel/events.ts';
import { EVENT_SUBSCRIBERS } from '../server/modules.ts';
import { runBackup } from './backup.ts';
import { seed } from './seed.ts';
import { verifyCommand } from './verify.ts';
import { createUserCommand, inviteLinkCommand, resetPasswordCommand } from './users.ts';

const USAGE = `Usage: settle <command> [options]

Commands:
  migrate                              Apply pending database migrations
  create-user --email E --name N --role ROLE [--organization ORG_ID] [--password-stdin]
                                       Add a user to an organization (the only one if not given)
  reset-password --email E [--password-stdin]
                                       Set a new password and end the user's sessions
  invite-link --email E [--organization ORG_ID]
                                       Print a fresh single-use link for a pending invitation
                                       (when no mail server is configured; uses PUBLIC_URL)
  backup FILE                          Write a consistent copy of the SQLite database to FILE
  seed --invoices N [--customers M] [--organization ORG_ID]
                                       Generate a realistic data set (creates an organization and owner
                                       unless --organization is given; prints the login)
  verify                               Recompute every organization's chain of issued documents;
                                       exit code 2 when one was changed, deleted or issued unchained

Environment: DATABASE_URL (default sqlite:./data/settle.db)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      organization: { type: 'string' },
      invoices: { type: 'string' },
      customers: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (command === undefined || command === 'help' || values.help) {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  const config = loadConfig();
  // Operator commands change data like the API does: their events reach the same subscribers (the audit log).
  installEventSubscribers(EVENT_SUBSCRIBERS);
  const db = openDatabase(config.DATABASE_URL, { poolSize: 2 });
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrateToLatest(db);
        console.log(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
        return 0;
      }
      case 'create-user':
        await migrateToLatest(db);
        return await createUserCommand(db, values);
      case 'reset-password':
        await migrateToLatest(db);
        return await resetPasswordCommand(db, values);
      case 'invite-link':
        await migrateToLatest(db);
        return await inviteLinkCommand(db, publicBaseUrl(config), values);
      case 'backup':
        return await runBackup(config.DATABASE_URL, positionals[0]);
      case 'seed':
        await seed(db, config.DATABASE_URL, values);
        return 0;
      case 'verify':
        return await verifyCommand(db);
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`settle: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

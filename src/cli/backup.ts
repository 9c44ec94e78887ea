/**
 * `settle backup FILE`: SQLite's online backup API copies a consistent snapshot while the
 * server keeps running. PostgreSQL has its own tools (pg_dump), which we point to.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sqlitePathFromUrl } from '../db/connection.ts';

export async function runBackup(databaseUrl: string, target: string | undefined): Promise<number> {
  if (!target) {
    console.error('settle backup: give the file to write, e.g. settle backup backups/settle-2026-11-23.db');
    return 1;
  }
  if (!databaseUrl.startsWith('sqlite:')) {
    console.error('settle backup copies the embedded SQLite database. For PostgreSQL use pg_dump, e.g.:\n  pg_dump --format=custom --file=settle.dump "$DATABASE_URL"');
    return 1;
  }
  const source = sqlitePathFromUrl(databaseUrl);
  if (!fs.existsSync(source)) {
    console.error(`settle backup: no database at ${source}`);
    return 1;
  }
  if (fs.existsSync(target)) {
    console.error(`settle backup: ${target} already exists; choose a new file name`);
    return 1;
  }
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(target);
    console.log(`Backed up ${result.totalPages} pages to ${target}`);
    return 0;
  } finally {
    db.close();
  }
}

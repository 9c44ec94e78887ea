import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingSqliteDatabase, openDatabase } from '../../../src/db/connection.ts';

describe('SQLite prepared-statement cache', () => {
  it('prepares a SQL text once and hands the same statement back', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const db = cachingSqliteDatabase(sqlite);
    const first = db.prepare('select 1 as one');
    expect(db.prepare('select 1 as one')).toBe(first);
    expect(db.prepare('select 2 as two')).not.toBe(first);
    db.close();
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const db = cachingSqliteDatabase(sqlite, 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a); // a is now the most recent
    db.prepare('select 3'); // drops b
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
    db.close();
  });

  it('gives the same results through Kysely, also after the schema changed', async () => {
    const db = openDatabase('sqlite::memory:');
    await db.kysely.schema.createTable('t').addColumn('a', 'integer').execute();
    await db.kysely.insertInto('t' as never).values({ a: 1 }).execute();
    const read = () => db.kysely.selectFrom('t' as never).selectAll().execute();
    expect(await read()).toEqual([{ a: 1 }]);
    await db.kysely.schema.alterTable('t').addColumn('b', 'integer', (c) => c.defaultTo(2)).execute();
    expect(await read()).toEqual([{ a: 1, b: 2 }]);
    await db.close();
  });
});

/**
 * A fresh, empty database of either kind for one test suite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { createPostgresDatabase } from './postgres.ts';

export type DbKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  kind: DbKind;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const { url, drop } = await createPostgresDatabase();
    return { kind, url, drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-test-'));
  const file = path.join(dir, `${crypto.randomBytes(4).toString('hex')}.db`);
  return {
    kind,
    url: `sqlite:${file}`,
    drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
  };
}

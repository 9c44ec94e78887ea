/**
 * Secrets at rest (payment gateway keys): AES-256-GCM with a random 96-bit nonce per value.
 * The stored form is `v1.<nonce>.<ciphertext>.<tag>` (base64url), so a value is
 * self-describing and a later key or algorithm can sit beside it. `aad` binds a value to
 * where it is stored (e.g. "payment_gateways:org_…:secret_key"): a ciphertext copied into
 * another row or organization does not decrypt.
 *
 * The key: SETTLE_SECRET_KEY (64 hex characters, or base64 of 32 bytes), else a key file
 * `settle-secret.key` generated on first start in the data folder (beside the SQLite file,
 * or SETTLE_DATA_DIR), mode 0600. Without it stored gateway secrets cannot be read: back it
 * up with the database. Keys and plaintexts are never logged.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const VERSION = 'v1';
export const KEY_FILE_NAME = 'settle-secret.key';

/** A 32-byte key from its text form: 64 hex characters or base64 (standard or url) of 32 bytes; null when it is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === KEY_BYTES ? bytes : null;
  }
  return null;
}

export const SECRET_KEY_FORMAT = 'must be 64 hex characters or the base64 of 32 random bytes (e.g. `openssl rand -hex 32`)';

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error('A secret box key has 32 bytes');
    this.#key = Buffer.from(key);
  }

  encrypt(plaintext: string, aad: string): string {
    const nonce = crypto.randomBytes(NONCE_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Throws when the value was altered, stored under another `aad`, or sealed with another key. */
  decrypt(sealed: string, aad: string): string {
    const [version, nonce, body, tag, ...rest] = sealed.split('.');
    if (version !== VERSION || nonce === undefined || body === undefined || tag === undefined || rest.length > 0) {
      throw new Error('Not a sealed secret');
    }
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('The secret cannot be decrypted: altered, or sealed with another key (was the key file or SETTLE_SECRET_KEY changed?)');
    }
  }
}

/** Where the key file lives: SETTLE_DATA_DIR, else beside the SQLite file, else ./data. */
export function dataDirectory(config: { DATABASE_URL: string; SETTLE_DATA_DIR?: string | undefined }): string {
  if (config.SETTLE_DATA_DIR !== undefined) return path.resolve(config.SETTLE_DATA_DIR);
  if (config.DATABASE_URL.startsWith('sqlite:')) {
    const file = config.DATABASE_URL.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file !== ':memory:' && file !== '') return path.dirname(path.resolve(file));
  }
  return path.resolve('data');
}

/**
 * The key file's key, generated (32 random bytes, hex, mode 0600) when absent. Written to a
 * temporary file first and linked into place, so two processes starting at once end up with
 * the same key and nobody reads a half-written file.
 */
export function loadOrCreateKeyFile(directory: string): Buffer {
  const file = path.join(directory, KEY_FILE_NAME);
  const read = (): Buffer => {
    const key = parseSecretKey(fs.readFileSync(file, 'utf8'));
    if (key === null) throw new Error(`The key file ${file} is not valid: it ${SECRET_KEY_FORMAT}`);
    return key;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${crypto.randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return read();
}

/** The installation's secret box: SETTLE_SECRET_KEY when set (validated by config), else the key file. */
export function openSecretBox(config: { DATABASE_URL: string; SETTLE_DATA_DIR?: string | undefined; SETTLE_SECRET_KEY?: string | undefined }): SecretBox {
  if (config.SETTLE_SECRET_KEY !== undefined) {
    const key = parseSecretKey(config.SETTLE_SECRET_KEY);
    if (key === null) throw new Error(`SETTLE_SECRET_KEY ${SECRET_KEY_FORMAT}`);
    return new SecretBox(key);
  }
  return new SecretBox(loadOrCreateKeyFile(dataDirectory(config)));
}

/** The installation's secret box from the app's deps; fails loudly when the composition root did not open it. */
export function openedSecretBox(deps: { secrets?: SecretBox | undefined }): SecretBox {
  if (deps.secrets === undefined) throw new Error('invariant: the secret box was not opened (buildApp opens it)');
  return deps.secrets;
}

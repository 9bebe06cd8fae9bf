/**
 * The embedded stack's signing key: an RSA 2048 pair made on first run and kept in a directory,
 * the local counterpart of a CloudFront public key and its key group.
 *
 * The private key is the source of truth. It is created exclusively (written to a temp file, synced,
 * then hard-linked into place, which fails if another process won the race), so a crash or two
 * processes starting at once never leave a half-written or mismatched key. The public key and the
 * key pair id are derived from it and rewritten (temp file + rename) whenever they are missing or
 * do not match.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const generateRsaKeyPair = promisify(generateKeyPair);

export const PRIVATE_KEY_FILE = 'private_key.pem';
export const PUBLIC_KEY_FILE = 'public_key.pem';
export const KEY_PAIR_ID_FILE = 'key-pair-id';

export interface LocalKeyPair {
  /** Looks like a CloudFront public key id: `K` and 13 characters of A-Z and 2-7. */
  keyPairId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM, the form CloudFront's console and `CreatePublicKey` take. */
  publicKeyPem: string;
  /** Whether this call generated the pair. */
  created: boolean;
}

/** Loads the key pair kept in `dir`, generating and storing one on first run. */
export async function loadOrCreateKeyPair(dir: string): Promise<LocalKeyPair> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError('loadOrCreateKeyPair: dir must be the directory to keep the signing key pair in.');
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  let created = false;
  let privateKey = await readPrivateKey(privatePath);
  if (!privateKey) {
    const pair = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    created = await writeExclusive(privatePath, pem, 0o600);
    // Another process may have stored its key first: use that one.
    privateKey = created ? pair.privateKey : await readPrivateKey(privatePath);
    if (!privateKey) throw new Error(`loadOrCreateKeyPair: ${privatePath} vanished while it was being created.`);
  }

  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const keyPairId = keyPairIdFor(publicKey);
  await Promise.all([
    ensureContent(join(dir, PUBLIC_KEY_FILE), publicKeyPem, 0o644),
    ensureContent(join(dir, KEY_PAIR_ID_FILE), `${keyPairId}\n`, 0o644),
  ]);
  return { keyPairId, privateKey, publicKey, publicKeyPem, created };
}

/** A stable id for a public key: `K` + the first 13 base32 characters of the SHA-256 of its SPKI DER. */
export function keyPairIdFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `K${base32(createHash('sha256').update(der).digest()).slice(0, 13)}`;
}

async function readPrivateKey(path: string): Promise<KeyObject | undefined> {
  let pem: Buffer;
  try {
    pem = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new Error(
      `loadOrCreateKeyPair: ${path} is not an RSA private key in PEM form. Restore it, or delete it to generate a new pair (signed grants then stop working).`,
    );
  }
}

/** Writes `path` only if it does not exist; returns false when another writer got there first. */
async function writeExclusive(path: string, content: string, mode: number): Promise<boolean> {
  const temp = await writeTemp(path, content, mode);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    // Filesystems without hard links: fall back to a plain (still atomic) rename.
    if (isCode(error, 'EPERM') || isCode(error, 'ENOTSUP') || isCode(error, 'EXDEV')) {
      await rename(temp, path);
      return true;
    }
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function ensureContent(path: string, content: string, mode: number): Promise<void> {
  const current = await readFile(path, 'utf8').catch((error: unknown) => {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  });
  if (current === content) return;
  const temp = await writeTemp(path, content, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function writeTemp(path: string, content: string, mode: number): Promise<string> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

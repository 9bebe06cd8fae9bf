/**
 * The embedded ObjectStore: one file per object under a root directory, key `a/b/c.json` at
 * `<root>/a/b/c.json`, so a developer can read what the product stored with `cat`.
 *
 * - Writes are atomic: the body goes to a temporary file, is fsynced, then renamed over the key
 *   (and the directory is fsynced), so a reader or a crash sees the old object or the new one,
 *   never half of one.
 * - The etag is the SHA-256 of the body. It is recomputed from the body on every conditional
 *   write and on every read, so it cannot drift from what is stored.
 * - Every write and delete of a key runs in a per-key queue inside the process, so "compare the
 *   etag, then rename" cannot interleave: of two `put(ifMatch)` with the same etag, one succeeds
 *   and one gets PreconditionFailedError. `ifNoneMatch: '*'` creates with `link()`, which fails
 *   if the name exists, so create-only holds across processes too; `ifMatch` holds within one
 *   process (the embedded stack is one process; S3 does it for many).
 * - The content type, with the etag, size and inode it describes, is kept in a side file
 *   `.<name>.meta.json` next to the object. Key parts never start with a dot, so side files and
 *   temporary files never collide with keys, and listing skips them. A side file that does not
 *   describe the current body (a crash between the two renames) is ignored.
 *
 * Unlike S3, a directory cannot hold both an object `a` and an object `a/b`; keys are designed so
 * that no key is the folder of another, and a write that would need it fails with a message.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { KeyedLock } from './keyed-lock.js';
import { assertObjectKey, assertObjectPrefix, isObjectKey } from './object-key.js';
import {
  assertListLimit,
  assertPutOptions,
  PreconditionFailedError,
  type DeleteOptions,
  type ListedObject,
  type ListOptions,
  type ObjectList,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './object-store.js';

export interface DirectoryStore extends ObjectStore {
  /** The absolute directory the objects are kept in. */
  readonly root: string;
}

interface SideFile {
  etag: string;
  size: number;
  ino: number;
  mtimeMs: number;
  contentType?: string;
}

const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

export function createDirectoryStore(root: string): DirectoryStore {
  if (typeof root !== 'string' || root === '') {
    throw new TypeError('createDirectoryStore: give the directory to keep objects in, e.g. createDirectoryStore(join(dataDir, "objects")).');
  }
  const base = resolve(root);
  const lock = new KeyedLock();
  const pathOf = (key: string) => join(base, ...key.split('/'));

  async function get(key: string): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    const path = pathOf(key);
    const file = await openExisting(path);
    if (!file) return undefined;
    try {
      const info = await file.stat();
      if (!info.isFile()) return undefined;
      const body = new Uint8Array(await file.readFile());
      const etag = etagOf(body);
      const side = await readSideFile(path);
      return {
        body,
        etag,
        ...(side?.etag === etag && side.contentType !== undefined ? { contentType: side.contentType } : {}),
        lastModified: info.mtime,
      };
    } finally {
      await file.close();
    }
  }

  async function put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<{ etag: string }> {
    assertObjectKey(key);
    if (!(body instanceof Uint8Array)) throw new TypeError(`put: the body for ${key} must be a Uint8Array (use putJson for values).`);
    assertPutOptions(options);
    if (options.contentType !== undefined && !CONTENT_TYPE.test(options.contentType)) {
      throw new TypeError('put: `contentType` must be a MIME type such as "application/json" (printable ASCII, no line breaks).');
    }
    const etag = etagOf(body);
    const path = pathOf(key);
    return lock.run(key, async () => {
      if (options.ifMatch !== undefined && (await currentEtag(path)) !== options.ifMatch) {
        throw new PreconditionFailedError(key, 'if-match');
      }
      let bodyTemp: string | undefined;
      let sideTemp: string | undefined;
      try {
        bodyTemp = await writeTemp(path, body);
        const info = await stat(bodyTemp);
        const side: SideFile = { etag, size: info.size, ino: info.ino, mtimeMs: info.mtimeMs, ...(options.contentType ? { contentType: options.contentType } : {}) };
        sideTemp = await writeTemp(path, new TextEncoder().encode(JSON.stringify(side)));
        if (options.ifNoneMatch === '*') {
          try {
            await link(bodyTemp, path);
          } catch (error) {
            if (codeOf(error) !== 'EEXIST') throw error;
            if ((await stat(path)).isDirectory()) throw Object.assign(new Error('folder at key'), { code: 'EISDIR' });
            throw new PreconditionFailedError(key, 'if-none-match', { cause: error });
          }
          await unlink(bodyTemp);
        } else {
          await rename(bodyTemp, path);
        }
        await rename(sideTemp, sideFilePath(path));
        await syncDirectory(dirname(path));
        return { etag };
      } catch (error) {
        await Promise.all([bodyTemp, sideTemp].map((temp) => (temp ? unlink(temp).catch(() => {}) : undefined)));
        throw explainFolderClash(key, error);
      }
    });
  }

  async function remove(key: string, options: DeleteOptions = {}): Promise<void> {
    assertObjectKey(key);
    if (options.ifMatch !== undefined && (typeof options.ifMatch !== 'string' || options.ifMatch === '')) {
      throw new TypeError('delete: `ifMatch` must be the etag returned by get, put or list.');
    }
    const path = pathOf(key);
    await lock.run(key, async () => {
      if (options.ifMatch !== undefined && (await currentEtag(path)) !== options.ifMatch) {
        throw new PreconditionFailedError(key, 'if-match');
      }
      await unlinkIfPresent(path);
      await unlinkIfPresent(sideFilePath(path));
      await syncDirectory(dirname(path));
      await removeEmptyFolders(dirname(path));
    });
  }

  async function list(prefix: string, options: ListOptions = {}): Promise<ObjectList> {
    assertObjectPrefix(prefix);
    const limit = assertListLimit(options.limit);
    let after = '';
    if (options.cursor !== undefined) after = decodeCursor(options.cursor);
    else if (options.startAfter !== undefined) {
      if (typeof options.startAfter !== 'string') throw new TypeError('list: `startAfter` must be a key.');
      after = options.startAfter;
    }
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys: string[] = [];
    await collectKeys(folder, prefix, after, keys);
    keys.sort(compareKeys);
    const page = keys.slice(0, limit);
    const items = (await Promise.all(page.map(describe))).filter((item): item is ListedObject => item !== undefined);
    const last = page.at(-1);
    return keys.length > limit && last !== undefined ? { items, cursor: encodeCursor(last) } : { items };
  }

  async function collectKeys(folder: string, prefix: string, after: string, into: string[]): Promise<void> {
    const entries = await readdir(folder === '' ? base : pathOf(folder.slice(0, -1)), { withFileTypes: true }).catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) return [];
      throw error;
    });
    await Promise.all(
      entries.map(async (entry) => {
        if (!isObjectKey(entry.name)) return; // side files, temporary files, anything not written as a key
        const key = folder + entry.name;
        if (entry.isDirectory()) {
          const sub = `${key}/`;
          // Descend only where keys can still start with the prefix.
          if (sub.startsWith(prefix) || prefix.startsWith(sub)) await collectKeys(sub, prefix, after, into);
        } else if (entry.isFile() && key.startsWith(prefix) && compareKeys(key, after) > 0) {
          into.push(key);
        }
      }),
    );
  }

  async function describe(key: string): Promise<ListedObject | undefined> {
    const path = pathOf(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined; // deleted while listing
    const side = await readSideFile(path);
    if (side && side.size === info.size && side.ino === info.ino && side.mtimeMs === info.mtimeMs) {
      return { key, etag: side.etag, size: info.size };
    }
    const etag = await currentEtag(path);
    return etag === undefined ? undefined : { key, etag, size: info.size };
  }

  async function removeEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current.startsWith(base + sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      current = dirname(current);
    }
  }

  return { root: base, get, put, delete: remove, list };
}

function etagOf(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

async function currentEtag(path: string): Promise<string | undefined> {
  try {
    return etagOf(await readFile(path));
  } catch (error) {
    if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes(codeOf(error) ?? '')) return undefined;
    throw error;
  }
}

async function openExisting(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes(codeOf(error) ?? '')) return undefined;
    throw error;
  }
}

function sideFilePath(path: string): string {
  return join(dirname(path), `.${path.slice(dirname(path).length + 1)}.meta.json`);
}

async function readSideFile(path: string): Promise<SideFile | undefined> {
  try {
    const side = JSON.parse(await readFile(sideFilePath(path), 'utf8')) as Partial<SideFile>;
    if (typeof side.etag !== 'string' || typeof side.size !== 'number' || typeof side.ino !== 'number' || typeof side.mtimeMs !== 'number') return undefined;
    if (side.contentType !== undefined && typeof side.contentType !== 'string') return undefined;
    return side as SideFile;
  } catch {
    return undefined; // missing or unreadable: the object is still whole, only its content type is unknown
  }
}

/** Writes and fsyncs a temporary file next to `path`; retries if a concurrent delete removed the (empty) folder meanwhile. */
async function writeTemp(path: string, data: Uint8Array): Promise<string> {
  const folder = dirname(path);
  const temp = join(folder, `.${path.slice(folder.length + 1)}.${randomBytes(6).toString('hex')}.tmp`);
  for (let attempt = 0; ; attempt++) {
    await mkdir(folder, { recursive: true });
    let file: FileHandle;
    try {
      file = await open(temp, 'wx', 0o600);
    } catch (error) {
      if (codeOf(error) === 'ENOENT' && attempt < 3) continue;
      throw error;
    }
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    return temp;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (codeOf(error) !== 'ENOENT') throw error;
  });
}

async function syncDirectory(folder: string): Promise<void> {
  // Makes the rename itself durable. Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}

function explainFolderClash(key: string, error: unknown): unknown {
  const code = codeOf(error);
  if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
    return new Error(
      `${key} cannot be stored: a directory store cannot hold both an object and a folder of objects at the same name (S3 can); ` +
        'choose keys where no key is the folder of another.',
      { cause: error },
    );
  }
  return error;
}

function compareKeys(a: string, b: string): number {
  // Keys are ASCII (object-key.ts), so UTF-16 order is S3's byte order.
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeCursor(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): string {
  const key = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!isObjectKey(key)) throw new TypeError('list: `cursor` must be the cursor of a previous page of this store, passed back unchanged.');
  return key;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

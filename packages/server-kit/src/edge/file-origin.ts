/**
 * A MediaOrigin over a directory: what ffmpeg and the packager wrote to disk, served the way S3
 * serves a bucket behind CloudFront. One `stat` per request, no synchronous calls; the ETag comes
 * from size and modification time (as nginx does) so a rewritten file gets a new one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { MediaObject, MediaOrigin } from './media-origin.js';

/**
 * Serves files under `rootDir`. A path that is absolute, holds a `..` or `.` segment, an empty
 * segment, a backslash or a NUL is not in the origin (`undefined`), whatever is on disk.
 */
export function createFileOrigin(rootDir: string): MediaOrigin {
  if (typeof rootDir !== 'string' || rootDir.length === 0) {
    throw new TypeError('createFileOrigin: rootDir must be the directory that holds the media files.');
  }
  const root = resolve(rootDir);
  const rootPrefix = root.endsWith(sep) ? root : root + sep;
  return {
    async get(path) {
      if (!isSafeRelativePath(path)) return undefined;
      const file = resolve(root, path);
      if (!file.startsWith(rootPrefix)) return undefined;
      let stats;
      try {
        stats = await stat(file);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return undefined;
        throw error;
      }
      if (!stats.isFile()) return undefined;
      const object: MediaObject = {
        size: stats.size,
        lastModified: stats.mtime,
        etag: `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
        stream: (range) => (range ? createReadStream(file, { start: range.start, end: range.end }) : createReadStream(file)),
      };
      return object;
    },
  };
}

/** Whether `path` is a plain relative path: segments separated by `/`, none empty, `.` or `..`. */
export function isSafeRelativePath(path: string): boolean {
  if (typeof path !== 'string' || path.length === 0) return false;
  if (path.includes('\\') || path.includes('\0')) return false;
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return false;
  }
  return true;
}

/**
 * A loopback fixture in front of s3rver that adds the parts of S3 that s3rver 3.7 predates, so the
 * real S3 adapter can run the whole ObjectStore contract over the S3 protocol.
 *
 * Why it exists: S3 added conditional writes in 2024 (If-None-Match in August, If-Match in
 * November; conditional DeleteObject later). s3rver 3.7.1 (2021) ignores If-Match and
 * If-None-Match on PutObject and DeleteObject: probed on Node 20, a PutObject with
 * `If-None-Match: *` over an existing key, a PutObject with a stale If-Match and a DeleteObject
 * with a stale If-Match are all accepted (200 / 204) and overwrite or delete the object. It also
 * has no AbortMultipartUpload (`DELETE ?uploadId=` answers 405 MethodNotAllowed). Weakening the
 * contract suite to fit would test nothing, so this proxy implements S3's documented behaviour and
 * forwards everything else to s3rver byte for byte (same path, headers and body, so the SDK's
 * signature and s3rver's storage are untouched):
 *
 * - Every write of one key (PutObject, DeleteObject, CompleteMultipartUpload) runs in a per-key
 *   queue; a conditional one first reads the key's current ETag from s3rver (HEAD), so "compare,
 *   then write" is one step, as S3 makes it.
 * - `If-None-Match: *` on an existing key -> 412 PreconditionFailed. `If-Match` with another ETag
 *   -> 412 PreconditionFailed; on a missing key -> 404 NoSuchKey (S3's answer: there is no object
 *   to match). Both with S3's XML error body, so the SDK parses them as it parses S3's.
 * - AbortMultipartUpload removes the upload's parts from s3rver's upload folder and answers 204
 *   (404 NoSuchUpload for an unknown id), as S3 does.
 * - ListObjectsV2 pages are cut here. s3rver makes its continuation tokens with DES, which the
 *   OpenSSL 3 of Node 17+ only offers under `--openssl-legacy-provider`: on Node 20 every truncated
 *   listing fails with 500 InternalError (ERR_OSSL_EVP_UNSUPPORTED). So the proxy asks s3rver for
 *   up to 1,000 keys after the position (never truncated for the tests' few keys), sorts them in
 *   S3's byte order (s3rver lists in folder-walk order, which differs for keys such as `a.json`
 *   beside `a/b`), keeps `max-keys`, and hands out its own opaque token (`proxy1.` + the last key,
 *   base64url); an unreadable token gets S3's 400 InvalidArgument.
 *
 * It also records the S3 operation of each request (for tests that check which calls a method
 * made) and can refuse chosen requests with an S3 error (for failure paths).
 */
import { once } from 'node:events';
import { readdir, rm, stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KeyedLock } from '../../src/storage/keyed-lock.js';

export interface ProxiedRequest {
  /** E.g. `PutObject`, `UploadPart`, `CompleteMultipartUpload`, `ListObjectsV2`. */
  operation: string;
  method: string;
  bucket: string;
  /** Percent-decoded; '' for bucket-level requests. */
  key: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

export interface ConditionalProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Answers every request that `match` selects with this S3 error instead of forwarding it; returns a function that stops it. */
  refuse(match: (request: ProxiedRequest) => boolean, refusal: S3Refusal): () => void;
  /** Multipart uploads s3rver still holds parts for in `bucket` (neither completed nor aborted). */
  pendingUploads(bucket: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface ConditionalProxyOptions {
  /** s3rver's address. */
  upstream: { host: string; port: number };
  /** s3rver's storage directory (for its upload folders, which AbortMultipartUpload removes). */
  directory: string;
}

export async function startConditionalProxy({ upstream, directory }: ConditionalProxyOptions): Promise<ConditionalProxy> {
  const lock = new KeyedLock();
  const requests: ProxiedRequest[] = [];
  const refusals = new Set<{ match: (request: ProxiedRequest) => boolean; refusal: S3Refusal }>();
  // s3rver keeps multipart uploads under `<directory>/<bucket>/._S3rver_uploads/<uploadId>/`.
  const uploadsFolder = (bucket: string) => join(directory, bucket, '._S3rver_uploads');

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, code: 'InternalError', message: `proxy: ${String(error)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const [, bucket = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const proxied: ProxiedRequest = { operation: operationOf(req.method ?? 'GET', key, url.searchParams), method: req.method ?? 'GET', bucket, key, query: url.searchParams, headers: req.headers };
    requests.push(proxied);

    for (const { match, refusal } of refusals) {
      if (match(proxied)) return refuseAfterBody(req, res, refusal);
    }
    if (proxied.operation === 'AbortMultipartUpload') return abortUpload(req, res, bucket, url.searchParams.get('uploadId') ?? '');
    if (proxied.operation === 'ListObjectsV2') return listObjectsV2(req, res, bucket, url.searchParams);
    if (!['PutObject', 'DeleteObject', 'CompleteMultipartUpload'].includes(proxied.operation)) return forward(req, res);

    await lock.run(`${bucket}/${key}`, async () => {
      const ifMatch = header(req, 'if-match');
      const ifNoneMatch = header(req, 'if-none-match');
      if (ifMatch !== undefined || ifNoneMatch !== undefined) {
        const current = await currentEtag(url.pathname);
        if (ifNoneMatch !== undefined && current !== undefined && (ifNoneMatch.trim() === '*' || sameEtag(ifNoneMatch, current))) {
          return refuseAfterBody(req, res, { status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' }, 'If-None-Match');
        }
        if (ifMatch !== undefined && current === undefined) {
          return refuseAfterBody(req, res, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
        }
        if (ifMatch !== undefined && current !== undefined && ifMatch.trim() !== '*' && !sameEtag(ifMatch, current)) {
          return refuseAfterBody(req, res, { status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' }, 'If-Match');
        }
      }
      await forward(req, res);
    });
  }

  async function currentEtag(path: string): Promise<string | undefined> {
    const head = httpRequest({ ...upstream, method: 'HEAD', path });
    head.end();
    const [response] = (await once(head, 'response')) as [IncomingMessage];
    response.resume();
    await once(response, 'end');
    if (response.statusCode === 404) return undefined;
    const etag = response.headers.etag;
    if (response.statusCode !== 200 || typeof etag !== 'string') throw new Error(`HEAD ${path} answered ${response.statusCode}`);
    return etag;
  }

  /** Passes the request to s3rver unchanged and its answer back unchanged; resolves when the answer is sent. */
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const outgoing = httpRequest({ ...upstream, method: req.method, path: req.url, headers: req.headers });
    req.pipe(outgoing);
    const [response] = (await once(outgoing, 'response')) as [IncomingMessage];
    res.writeHead(response.statusCode ?? 502, response.headers);
    response.pipe(res);
    await once(res, 'finish');
  }

  async function abortUpload(req: IncomingMessage, res: ServerResponse, bucket: string, uploadId: string): Promise<void> {
    req.resume();
    const folder = join(uploadsFolder(bucket), uploadId);
    const exists = /^[0-9a-f]+$/.test(uploadId) && (await stat(folder).then((info) => info.isDirectory(), () => false));
    if (!exists) return sendError(res, { status: 404, code: 'NoSuchUpload', message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.' });
    await rm(folder, { recursive: true, force: true });
    res.writeHead(204).end();
  }

  async function listObjectsV2(req: IncomingMessage, res: ServerResponse, bucket: string, query: URLSearchParams): Promise<void> {
    req.resume();
    const maxKeys = Math.min(1000, Number(query.get('max-keys') ?? '1000'));
    const prefix = query.get('prefix') ?? '';
    const token = query.get('continuation-token');
    let startAfter = query.get('start-after') ?? '';
    if (token !== null) {
      const decoded = token.startsWith(TOKEN_MARK) ? Buffer.from(token.slice(TOKEN_MARK.length), 'base64url').toString('utf8') : '';
      if (decoded === '') return sendError(res, { status: 400, code: 'InvalidArgument', message: 'The continuation token provided is incorrect' });
      startAfter = decoded;
    }
    if (!Number.isInteger(maxKeys) || maxKeys < 0) return sendError(res, { status: 400, code: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range' });
    const upstreamQuery = new URLSearchParams({ 'list-type': '2', prefix, 'max-keys': '1000', ...(startAfter ? { 'start-after': startAfter } : {}) });
    const list = httpRequest({ ...upstream, method: 'GET', path: `/${bucket}?${upstreamQuery}` });
    list.end();
    const [response] = (await once(list, 'response')) as [IncomingMessage];
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const xml = Buffer.concat(chunks).toString('utf8');
    if (response.statusCode !== 200) {
      res.writeHead(response.statusCode ?? 502, { 'content-type': 'application/xml' }).end(xml);
      return;
    }
    const entries = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((match) => ({ xml: match[0], key: unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(match[1] ?? '')?.[1] ?? '') }));
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = entries.slice(0, maxKeys);
    const truncated = entries.length > maxKeys;
    const last = page.at(-1);
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><MaxKeys>${maxKeys}</MaxKeys><KeyCount>${page.length}</KeyCount>` +
      `<IsTruncated>${truncated}</IsTruncated>` +
      (token !== null ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '') +
      (truncated && last ? `<NextContinuationToken>${TOKEN_MARK}${Buffer.from(last.key, 'utf8').toString('base64url')}</NextContinuationToken>` : '') +
      (query.has('start-after') ? `<StartAfter>${escapeXml(query.get('start-after') ?? '')}</StartAfter>` : '') +
      page.map((entry) => entry.xml).join('') +
      '</ListBucketResult>';
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refuse(match, refusal) {
      const entry = { match, refusal };
      refusals.add(entry);
      return () => refusals.delete(entry);
    },
    async pendingUploads(bucket) {
      return readdir(uploadsFolder(bucket)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The S3 operation a path-style request stands for (the ones the adapter makes, and a few neighbours). */
function operationOf(method: string, key: string, query: URLSearchParams): string {
  if (key === '') {
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : query.has('uploads') ? 'ListMultipartUploads' : 'ListObjects';
    if (method === 'PUT') return 'CreateBucket';
    return `${method} bucket`;
  }
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'PUT') return query.has('uploadId') ? 'UploadPart' : 'PutObject';
  if (method === 'POST') return query.has('uploads') ? 'CreateMultipartUpload' : query.has('uploadId') ? 'CompleteMultipartUpload' : 'PostObject';
  if (method === 'DELETE') return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return `${method} object`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function sameEtag(a: string, b: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/"/g, '');
  return bare(a) === bare(b);
}

async function refuseAfterBody(req: IncomingMessage, res: ServerResponse, refusal: S3Refusal, condition?: string): Promise<void> {
  // Read the body first, as S3 does, so the client is not cut off mid-upload.
  req.resume();
  if (!req.readableEnded) await once(req, 'end');
  sendError(res, refusal, condition);
}

function sendError(res: ServerResponse, { status, code, message }: S3Refusal, condition?: string): void {
  const requestId = Math.random().toString(16).slice(2, 18).toUpperCase();
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${condition ? `<Condition>${condition}</Condition>` : ''}` +
    `<RequestId>${requestId}</RequestId><HostId>conditional-proxy</HostId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), 'x-amz-request-id': requestId }).end(xml);
}

const TOKEN_MARK = 'proxy1.';

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|#x27|#x60|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", '#x27': "'", '#39': "'", '#x60': '`', amp: '&' })[name] ?? '');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

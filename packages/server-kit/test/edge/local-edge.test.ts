import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createFileOrigin } from '../../src/edge/file-origin.js';
import { createLocalEdge, type LocalEdge, type LocalEdgeOptions } from '../../src/edge/local-edge.js';
import type { MediaOrigin } from '../../src/edge/media-origin.js';
import { appendSignedQuery, createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';

const KEY_ID = 'KEDGETEST0001';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createCloudFrontSigner({ keyPairId: KEY_ID, privateKey: keys.privateKey });
const verifier = createCloudFrontVerifier({ publicKeys: { [KEY_ID]: keys.publicKey } });

const NOW = Date.parse('2030-03-01T10:00:00Z');
const IN_TEN_MINUTES = new Date(NOW + 10 * 60_000);
const PORTAL = 'https://portal.example';

// 100 bytes whose values are their offsets, so any range is easy to check.
const MP4 = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
const FILES: Record<string, string | Buffer> = {
  'vod/case-001/master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n720p/index.m3u8\n',
  'vod/case-001/720p/index.m3u8': '#EXTM3U\n#EXTINF:2,\nseg-1.m4s\n',
  'vod/case-001/720p/seg-1.m4s': Buffer.alloc(64, 7),
  'vod/case-001/video.mp4': MP4,
  'vod/case-001/manifest.mpd': '<MPD/>',
  'vod/case-001/audio.m4a': 'a',
  'vod/case-001/clip.m4v': 'v',
  'vod/case-001/seg.ts': 't',
  'vod/case-001/captions.vtt': 'WEBVTT\n',
  'vod/case-001/poster.jpg': 'j',
  'vod/case-001/thumb.png': 'p',
  'vod/case-001/thumb.webp': 'w',
  'vod/case-001/chapters.json': '{}',
  'vod/case-001/blob.bin': 'b',
  'vod/case-002/video.mp4': 'other case',
  'live/ch1/index.m3u8': '#EXTM3U\n#EXT-X-PART-INF:PART-TARGET=0.5\n',
  'live/ch1/seg-9.m4s': Buffer.alloc(16, 1),
};

let root: string;
let server: Server;
let base: string;
let host: string;
let growingGate: () => void;
let growingStarted: Promise<void>;
let growingStream: Readable | undefined;

/** A live origin whose object is still being written: size unknown, bytes arrive over time. */
function growingOrigin(): MediaOrigin {
  return {
    async get(path) {
      if (path !== 'ch1/part-5.m4s') return undefined;
      let markStarted!: () => void;
      growingStarted = new Promise((resolve) => (markStarted = resolve));
      const gate = new Promise<void>((resolve) => (growingGate = resolve));
      return {
        size: undefined,
        stream: () => {
          // Like an ingest origin: the first part is there, the rest arrives while ffmpeg writes it.
          const stream = new Readable({ read() {} });
          stream.push('first-part;');
          markStarted();
          void gate.then(() => {
            if (stream.destroyed) return;
            stream.push('second-part');
            stream.push(null);
          });
          growingStream = stream;
          return stream;
        },
      };
    },
  };
}

const failingOrigin: MediaOrigin = {
  async get() {
    throw new Error('disk on fire');
  },
};

function startEdge(edge: LocalEdge): Promise<Server> {
  const s = createServer((req, res) => {
    if (edge.handles((req.url ?? '/').split('?')[0] as string)) void edge.handle(req, res);
    else {
      res.writeHead(418);
      res.end();
    }
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

function edgeOptions(overrides: Partial<LocalEdgeOptions> = {}): LocalEdgeOptions {
  return {
    mounts: [
      { prefix: 'vod/', origin: createFileOrigin(join(root, 'vod')), cache: 'vod' },
      { prefix: 'live/', origin: createFileOrigin(join(root, 'live')), cache: 'live' },
      { prefix: 'live-ingest/', origin: growingOrigin(), cache: 'live' },
      { prefix: 'broken/', origin: failingOrigin, cache: 'vod' },
    ],
    verifier,
    allowedOrigins: [PORTAL],
    now: () => NOW,
    ...overrides,
  };
}

before(async () => {
  const top = await mkdtemp(join(tmpdir(), 'local-edge-'));
  root = join(top, 'media');
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  // Next to the media root, never reachable through the edge.
  await writeFile(join(top, 'secret.txt'), 'patient data');
  await writeFile(join(root, 'secret.txt'), 'outside every mount');
  server = await startEdge(createLocalEdge(edgeOptions()));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  base = `http://${host}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dirname(root), { recursive: true, force: true });
});

/** Cookies for everything under a folder of the edge, as a Cookie header. */
function cookiesFor(folder: string, expiresAt = IN_TEN_MINUTES): string {
  const cookies = signer.signCookies({ resource: `${base}${folder}*`, expiresAt });
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

const CASE_1 = '/media/vod/case-001/';

async function expectRefusal(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('x-edge-reason'), code);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 10);
  assert.ok(!JSON.stringify(body).includes('case-00'), 'the body must not echo the path');
}

describe('signature check', () => {
  it('403 missing-signature tells the client to ask the API for a grant', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-edge-reason'), 'missing-signature');
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'missing-signature');
    assert.match(body.error.message, /request a playback grant from the API/);
    assert.equal(response.headers.get('x-cache'), 'Error from local-edge');
  });

  it('403 expired for cookies past their expiry', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: cookiesFor(CASE_1, new Date(NOW - 1000)) } });
    await expectRefusal(response, 403, 'expired');
  });

  it('403 resource-mismatch for a grant used on another asset', async () => {
    const response = await fetch(`${base}/media/vod/case-002/video.mp4`, { headers: { cookie: cookiesFor(CASE_1) } });
    await expectRefusal(response, 403, 'resource-mismatch');
  });

  it('403 bad-signature for a tampered signed URL', async () => {
    const signed = signer.signUrl(`${base}${CASE_1}video.mp4`, { expiresAt: IN_TEN_MINUTES });
    const response = await fetch(signed.replace(/Expires=\d+/, `Expires=${Math.floor(NOW / 1000) + 86400 * 365}`));
    await expectRefusal(response, 403, 'bad-signature');
  });

  it('refuses before looking the path up, so unsigned requests cannot probe for assets', async () => {
    const existing = await fetch(`${base}${CASE_1}video.mp4`);
    const missing = await fetch(`${base}/media/vod/no-such-case/video.mp4`);
    assert.equal(existing.status, 403);
    assert.equal(missing.status, 403);
    assert.equal(await existing.text(), await missing.text());
  });

  it('200 with signed cookies', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: `theme=dark; ${cookiesFor(CASE_1)}` } });
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), MP4);
    assert.equal(response.headers.get('content-length'), '100');
    assert.equal(response.headers.get('content-type'), 'video/mp4');
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.ok(response.headers.get('last-modified'));
    assert.ok(response.headers.get('date'));
    assert.equal(response.headers.get('x-cache'), 'Miss from local-edge');
    assert.equal(response.headers.get('via'), '1.1 local-edge (surgery-video)');
  });

  it('200 with a canned signed URL', async () => {
    const response = await fetch(signer.signUrl(`${base}${CASE_1}video.mp4`, { expiresAt: IN_TEN_MINUTES }));
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), MP4);
  });

  it('200 with a signed query appended to child playlists and segments under a wildcard grant', async () => {
    const query = signer.signQuery({ resource: `${base}${CASE_1}*`, expiresAt: IN_TEN_MINUTES });
    for (const [child, expected] of [
      ['master.m3u8', FILES['vod/case-001/master.m3u8']],
      ['720p/index.m3u8', FILES['vod/case-001/720p/index.m3u8']],
      ['720p/seg-1.m4s', FILES['vod/case-001/720p/seg-1.m4s']],
    ] as const) {
      const response = await fetch(appendSignedQuery(`${base}${CASE_1}${child}`, query));
      assert.equal(response.status, 200, child);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.from(expected as string | Buffer));
    }
    // Low-latency HLS directives added by the player after the signed query.
    const withDirectives = await fetch(`${appendSignedQuery(`${base}${CASE_1}master.m3u8`, query)}&_HLS_msn=3&_HLS_part=1`);
    assert.equal(withDirectives.status, 200);
    const elsewhere = await fetch(appendSignedQuery(`${base}/media/vod/case-002/video.mp4`, query));
    await expectRefusal(elsewhere, 403, 'resource-mismatch');
  });

  it('a grant bound to the client address works from that address', async () => {
    const signed = signer.signUrl(`${base}${CASE_1}video.mp4`, { expiresAt: IN_TEN_MINUTES, ipAddress: '127.0.0.1' });
    assert.equal((await fetch(signed)).status, 200);
    const elsewhere = signer.signUrl(`${base}${CASE_1}video.mp4`, { expiresAt: IN_TEN_MINUTES, ipAddress: '192.0.2.1' });
    await expectRefusal(await fetch(elsewhere), 403, 'ip-mismatch');
  });

  it('reports refusals to onRefused with the reason and key pair id only', async () => {
    const events: unknown[] = [];
    const s = await startEdge(createLocalEdge(edgeOptions({ onRefused: (event) => events.push(event) })));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}${CASE_1}video.mp4`;
    try {
      await (await fetch(url)).text();
      await (await fetch(signer.signUrl(url, { expiresAt: new Date(NOW - 1000) }))).text();
    } finally {
      s.closeAllConnections();
      s.close();
    }
    assert.deepEqual(events, [
      { status: 403, reason: 'missing-signature' },
      { status: 403, reason: 'expired', keyPairId: KEY_ID },
    ]);
  });
});

describe('not found, methods and paths', () => {
  it('404 for an unknown path, only once the signature is good', async () => {
    const response = await fetch(`${base}${CASE_1}nope.mp4`, { headers: { cookie: cookiesFor('/media/') } });
    await expectRefusal(response, 404, 'not-found');
    const noMount = await fetch(`${base}/media/unmounted/a.mp4`, { headers: { cookie: cookiesFor('/media/') } });
    await expectRefusal(noMount, 404, 'not-found');
  });

  it('405 for other methods, with Allow', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { method: 'POST', body: 'x', headers: { cookie: cookiesFor(CASE_1) } });
    await expectRefusal(response, 405, 'method-not-allowed');
    assert.equal(response.headers.get('allow'), 'GET, HEAD, OPTIONS');
    const put = await fetch(`${base}${CASE_1}video.mp4`, { method: 'DELETE' });
    assert.equal(put.status, 405);
  });

  it('502 when the origin fails, without its error text', async () => {
    const response = await fetch(`${base}/media/broken/a.mp4`, { headers: { cookie: cookiesFor('/media/') } });
    await expectRefusal(response, 502, 'origin-error');
  });

  /** A raw request, so the path reaches the server exactly as written (fetch would normalise `..`). */
  function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(host.split(':')[1]), path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses path traversal, plain or percent-encoded, even with a grant for all media', async () => {
    const cookie = cookiesFor('/media/');
    for (const path of [
      '/media/vod/../../secret.txt',
      '/media/vod/case-001/../../secret.txt',
      '/media/vod/..%2F..%2Fsecret.txt',
      '/media/vod/%2e%2e/%2e%2e/secret.txt',
      '/media/vod/case-001%2F..%2F..%2F..%2Fsecret.txt',
      '/media/vod//etc/passwd',
      '/media/vod/..%5C..%5Csecret.txt',
      '/media/vod/%E0%A4%A',
    ]) {
      const response = await rawGet(path, { cookie });
      assert.equal(response.status, 400, path);
      assert.equal(response.headers['x-edge-reason'], 'bad-path', path);
      assert.ok(!response.body.includes('patient data') && !response.body.includes('outside every mount'), path);
    }
  });

  it('a grant for one case cannot reach another one through ..', async () => {
    const response = await rawGet('/media/vod/case-001/../case-002/video.mp4', { cookie: cookiesFor(CASE_1) });
    assert.equal(response.status, 400);
    assert.ok(!response.body.includes('other case'));
  });
});

describe('ranges, HEAD and conditional requests', () => {
  const get = (range: string) => fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: cookiesFor(CASE_1), range } });

  const satisfiable: Array<[string, number, number]> = [
    ['bytes=10-19', 10, 19],
    ['bytes=90-', 90, 99],
    ['bytes=-5', 95, 99],
    ['bytes=95-500', 95, 99],
    ['bytes=-500', 0, 99],
    ['bytes=0-0', 0, 0],
  ];
  for (const [range, start, end] of satisfiable) {
    it(`206 for ${range}`, async () => {
      const response = await get(range);
      assert.equal(response.status, 206);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/100`);
      assert.equal(response.headers.get('content-length'), String(end - start + 1));
      assert.equal(response.headers.get('accept-ranges'), 'bytes');
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), MP4.subarray(start, end + 1));
    });
  }

  for (const range of ['bytes=100-', 'bytes=150-160', 'bytes=-0']) {
    it(`416 for ${range}`, async () => {
      const response = await get(range);
      await expectRefusal(response, 416, 'range-not-satisfiable');
      assert.equal(response.headers.get('content-range'), 'bytes */100');
    });
  }

  for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=5-2']) {
    it(`the whole object for a range it does not serve: ${range}`, async () => {
      const response = await get(range);
      assert.equal(response.status, 200);
      assert.equal((await response.arrayBuffer()).byteLength, 100);
    });
  }

  it('a range with a stale If-Range gets the whole object', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, {
      headers: { cookie: cookiesFor(CASE_1), range: 'bytes=0-9', 'if-range': '"stale"' },
    });
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 100);
  });

  it('HEAD sends the headers of a GET and no body', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { method: 'HEAD', headers: { cookie: cookiesFor(CASE_1) } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), '100');
    assert.equal(response.headers.get('content-type'), 'video/mp4');
    assert.equal((await response.arrayBuffer()).byteLength, 0);
    const refused = await fetch(`${base}${CASE_1}video.mp4`, { method: 'HEAD' });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('x-edge-reason'), 'missing-signature');
  });

  it('304 for If-None-Match with the current ETag, 200 once it changes', async () => {
    const first = await fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: cookiesFor(CASE_1) } });
    await first.arrayBuffer();
    const etag = first.headers.get('etag') as string;
    const again = await fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: cookiesFor(CASE_1), 'if-none-match': `"x", ${etag}` } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=86400, immutable');
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    const stale = await fetch(`${base}${CASE_1}video.mp4`, { headers: { cookie: cookiesFor(CASE_1), 'if-none-match': '"older"' } });
    assert.equal(stale.status, 200);
    await stale.arrayBuffer();
  });

  it('the signature is checked before a conditional request is answered', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { headers: { 'if-none-match': '*' } });
    assert.equal(response.status, 403);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with 204, without a signature', async () => {
    const response = await fetch(`${base}${CASE_1}master.m3u8`, {
      method: 'OPTIONS',
      headers: { origin: PORTAL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET, HEAD, OPTIONS');
    assert.equal(response.headers.get('access-control-allow-headers'), 'Range, Content-Type');
    assert.equal(response.headers.get('vary'), 'Origin');
  });

  it('gives a preflight from another origin no permission', async () => {
    const response = await fetch(`${base}${CASE_1}master.m3u8`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.equal(response.headers.get('access-control-allow-methods'), null);
  });

  it('lets an allowed origin read media with credentials and the headers players need', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { headers: { origin: PORTAL, cookie: cookiesFor(CASE_1), range: 'bytes=0-1' } });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(response.headers.get('vary'), 'Origin');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/).map((h) => h.toLowerCase());
    for (const header of ['content-length', 'content-range', 'accept-ranges', 'x-edge-reason', 'age', 'date']) {
      assert.ok(exposed.includes(header), header);
    }
    await response.arrayBuffer();
  });

  it('puts CORS headers on refusals, so browser code can read the reason', async () => {
    const refused = await fetch(`${base}${CASE_1}video.mp4`, { headers: { origin: PORTAL } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), PORTAL);
    assert.match(refused.headers.get('access-control-expose-headers') ?? '', /x-edge-reason/);
    await refused.arrayBuffer();
    const missing = await fetch(`${base}${CASE_1}nope.mp4`, { headers: { origin: PORTAL, cookie: cookiesFor(CASE_1) } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), PORTAL);
    await missing.arrayBuffer();
  });

  it('does not let another origin read media', async () => {
    const response = await fetch(`${base}${CASE_1}video.mp4`, { headers: { origin: 'https://evil.example', cookie: cookiesFor(CASE_1) } });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    await response.arrayBuffer();
  });

  it('with "*" allowed, echoes the caller origin rather than a literal *', async () => {
    const s = await startEdge(createLocalEdge(edgeOptions({ allowedOrigins: ['*'] })));
    try {
      const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}${CASE_1}master.m3u8`;
      const response = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://lms.example', 'access-control-request-method': 'GET' } });
      assert.equal(response.headers.get('access-control-allow-origin'), 'https://lms.example');
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    } finally {
      s.closeAllConnections();
      s.close();
    }
  });
});

describe('content types', () => {
  const table: Array<[string, string]> = [
    ['master.m3u8', 'application/vnd.apple.mpegurl'],
    ['manifest.mpd', 'application/dash+xml'],
    ['720p/seg-1.m4s', 'video/iso.segment'],
    ['video.mp4', 'video/mp4'],
    ['audio.m4a', 'audio/mp4'],
    ['clip.m4v', 'video/mp4'],
    ['seg.ts', 'video/mp2t'],
    ['captions.vtt', 'text/vtt; charset=utf-8'],
    ['poster.jpg', 'image/jpeg'],
    ['thumb.png', 'image/png'],
    ['thumb.webp', 'image/webp'],
    ['chapters.json', 'application/json; charset=utf-8'],
    ['blob.bin', 'application/octet-stream'],
  ];
  for (const [file, type] of table) {
    it(`${file} is ${type}`, async () => {
      const response = await fetch(`${base}${CASE_1}${file}`, { method: 'HEAD', headers: { cookie: cookiesFor(CASE_1) } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), type);
    });
  }
});

describe('cache headers', () => {
  const table: Array<[string, string]> = [
    [`${CASE_1}720p/seg-1.m4s`, 'public, max-age=86400, immutable'],
    [`${CASE_1}video.mp4`, 'public, max-age=86400, immutable'],
    [`${CASE_1}master.m3u8`, 'public, max-age=300'],
    [`${CASE_1}manifest.mpd`, 'public, max-age=300'],
    ['/media/live/ch1/index.m3u8', 'public, max-age=1'],
    ['/media/live/ch1/seg-9.m4s', 'public, max-age=60'],
  ];
  for (const [path, cacheControl] of table) {
    it(`${path}: ${cacheControl}`, async () => {
      const response = await fetch(`${base}${path}`, { headers: { cookie: cookiesFor('/media/') } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), cacheControl);
      await response.arrayBuffer();
    });
  }
});

describe('an object still being written', () => {
  /** Reads a chunked response as it arrives, to see the first bytes before the origin has finished. */
  it('streams chunked, without Content-Length, not cached, as the origin produces it', async () => {
    const port = Number(host.split(':')[1]);
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/media/live-ingest/ch1/part-5.m4s', headers: { cookie: cookiesFor('/media/') } }, resolve);
      req.on('error', reject);
      req.end();
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    assert.equal(response.headers['content-length'], undefined);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.equal(response.headers['content-type'], 'video/iso.segment');

    const chunks: string[] = [];
    response.setEncoding('utf8');
    const firstChunk = new Promise<void>((resolve) => response.once('data', () => resolve()));
    response.on('data', (chunk: string) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => response.on('end', () => resolve()));
    await growingStarted;
    await firstChunk;
    // The origin is still holding the rest back: the client already has the first part.
    assert.equal(chunks.join(''), 'first-part;');
    growingGate();
    await ended;
    assert.equal(chunks.join(''), 'first-part;second-part');
  });

  it('stops reading from the origin when the client goes away', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/media/live-ingest/ch1/part-5.m4s`, {
      headers: { cookie: cookiesFor('/media/') },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    const stream = growingStream as Readable;
    if (!stream.destroyed) await new Promise((resolve) => stream.once('close', resolve));
    assert.equal(stream.destroyed, true);
    assert.equal(stream.readableEnded, false, 'the origin never finished: the edge let go of it');
    growingGate();
  });

  it('HEAD of a growing object has no length either', async () => {
    const response = await fetch(`${base}/media/live-ingest/ch1/part-5.m4s`, { method: 'HEAD', headers: { cookie: cookiesFor('/media/') } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), null);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
  });
});

describe('createLocalEdge', () => {
  const origin = createFileOrigin(tmpdir());
  it('throws at once on a configuration it cannot serve', () => {
    assert.throws(() => createLocalEdge({ mounts: [], verifier, allowedOrigins: [] }), /mounts must list at least one/);
    assert.throws(
      () => createLocalEdge({ mounts: [{ prefix: 'vod/', origin, cache: 'forever' as 'vod' }], verifier, allowedOrigins: [] }),
      /needs cache: 'vod' or 'live'/,
    );
    assert.throws(
      () =>
        createLocalEdge({
          mounts: [
            { prefix: 'vod/', origin, cache: 'vod' },
            { prefix: '/media/vod', origin, cache: 'vod' },
          ],
          verifier,
          allowedOrigins: [],
        }),
      /two mounts share the prefix "vod\/"/,
    );
    assert.throws(() => createLocalEdge({ mounts: [{ prefix: '/other/', origin, cache: 'vod' }], verifier, allowedOrigins: [] }), /not under the edge's mountPrefix/);
    assert.throws(() => createLocalEdge({ mounts: [{ prefix: '../x', origin, cache: 'vod' }], verifier, allowedOrigins: [] }), /plain path segments/);
    assert.throws(
      () => createLocalEdge({ mounts: [{ prefix: 'vod/', origin, cache: 'vod' }], verifier, allowedOrigins: [], mountPrefix: 'media' }),
      /mountPrefix must be a path starting with "\/"/,
    );
  });

  it('answers under its mount prefix only', () => {
    const edge = createLocalEdge({ mounts: [{ prefix: 'a/', origin, cache: 'vod' }], verifier, allowedOrigins: [], mountPrefix: '/cdn' });
    assert.equal(edge.mountPrefix, '/cdn/');
    assert.equal(edge.handles('/cdn/a/x.mp4'), true);
    assert.equal(edge.handles('/media/a/x.mp4'), false);
  });
});

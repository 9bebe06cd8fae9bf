import assert from 'node:assert/strict';
import { request, type ClientRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ingestKey, isLoopbackAddress, LiveIngestOrigin } from '../../src/live/ingest-origin.js';
import { getTimed, startLiveTestServer, type LiveTestServer } from './live-test-server.js';

interface Upload {
  req: ClientRequest;
  /** Resolves with the ingest's status code. */
  status: Promise<number>;
  write(text: string): Promise<void>;
  end(text?: string): Promise<number>;
}

/** A chunked HTTP upload, as ffmpeg's HTTP output makes one (no Content-Length). */
function startUpload(url: string, method = 'PUT'): Upload {
  const req = request(url, { method, agent: false });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return {
    req,
    status,
    write: (text) => new Promise<void>((resolve, reject) => req.write(text, (error) => (error ? reject(error) : resolve()))),
    end: async (text) => {
      req.end(text);
      return status;
    },
  };
}

async function put(baseUrl: string, key: string, body: string): Promise<number> {
  return startUpload(`${baseUrl}/ingest/${key}`).end(body);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

describe('LiveIngestOrigin over HTTP', () => {
  const origin = new LiveIngestOrigin();
  let server: LiveTestServer;
  before(async () => {
    server = await startLiveTestServer(origin);
  });
  after(() => server.close());

  test('a segment is readable while it is uploaded, chunk by chunk, and complete afterwards', async () => {
    const key = 'or-1/chunk-stream0-00001.m4s';
    const upload = startUpload(`${server.baseUrl}/ingest/${key}`);
    await upload.write('AAAA');
    await until(async () => (await origin.get(key)) !== undefined);
    const growing = await origin.get(key);
    assert.equal(growing?.size, undefined, 'size is unknown while uploading');
    assert.equal(growing?.contentType, 'video/mp4');

    const response = getTimed(`${server.baseUrl}/live/${key}`);
    await sleep(150);
    await upload.write('BBBB');
    await sleep(150);
    await upload.write('CCCC');
    await sleep(150);
    const uploadEndedAt = performance.now();
    assert.equal(await upload.end(), 201);

    const got = await response;
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-length'], undefined);
    assert.equal(got.headers['transfer-encoding'], 'chunked');
    assert.equal(got.body.toString(), 'AAAABBBBCCCC');
    assert.ok(got.chunks.length >= 3, `body arrived in ${got.chunks.length} chunk(s)`);
    assert.ok(got.chunks[0]!.at < uploadEndedAt - 250, 'the first bytes arrived long before the upload ended');

    const complete = await origin.get(key);
    assert.equal(complete?.size, 12);
    assert.match(complete?.etag ?? '', /^".+"$/);
    assert.equal(await readAll(complete!.stream({ start: 4, end: 7 })), 'BBBB');
    const full = await getTimed(`${server.baseUrl}/live/${key}`);
    assert.equal(full.headers['content-length'], '12');
    assert.equal(full.body.toString(), 'AAAABBBBCCCC');
  });

  test('a reader that joins late gets the bytes so far at once, then the rest', async () => {
    const key = 'or-1/chunk-stream1-00001.m4s';
    const held = origin.bytes;
    const upload = startUpload(`${server.baseUrl}/ingest/${key}`);
    await upload.write('first|');
    await upload.write('second|');
    await until(() => origin.bytes === held + 13);
    const reading = readAll((await origin.get(key))!.stream({ start: 3, end: Number.MAX_SAFE_INTEGER }));
    await upload.write('third');
    await upload.end();
    assert.equal(await reading, 'st|second|third');
  });

  test('a manifest being replaced keeps serving its previous complete version', async () => {
    const key = 'or-1/live.mpd';
    assert.equal(await put(server.baseUrl, key, '<MPD v1/>'), 201);
    const upload = startUpload(`${server.baseUrl}/ingest/${key}`);
    await upload.write('<MPD v2 half');
    await sleep(50);
    const during = await getTimed(`${server.baseUrl}/live/${key}`);
    assert.equal(during.body.toString(), '<MPD v1/>');
    assert.equal(during.headers['content-type'], 'application/dash+xml');
    await upload.end(' done/>');
    const afterwards = await getTimed(`${server.baseUrl}/live/${key}`);
    assert.equal(afterwards.body.toString(), '<MPD v2 half done/>');

    // One channel's objects, as an edge mount sees them.
    const channel = origin.scoped('or-1/');
    assert.equal(await readAll((await channel.get('live.mpd'))!.stream()), '<MPD v2 half done/>');
    assert.equal(await channel.get('or-1/live.mpd'), undefined);
  });

  test('a manifest is not served before its first upload completes', async () => {
    const key = 'or-2/live.mpd';
    const upload = startUpload(`${server.baseUrl}/ingest/${key}`);
    await upload.write('<MPD');
    await sleep(50);
    assert.equal((await getTimed(`${server.baseUrl}/live/${key}`)).status, 404);
    await upload.end('/>');
    assert.equal((await getTimed(`${server.baseUrl}/live/${key}`)).body.toString(), '<MPD/>');
  });

  test('DELETE removes an object', async () => {
    const key = 'or-1/chunk-stream0-00002.m4s';
    await put(server.baseUrl, key, 'segment');
    assert.equal((await getTimed(`${server.baseUrl}/live/${key}`)).status, 200);
    assert.equal(await startUpload(`${server.baseUrl}/ingest/${key}`, 'DELETE').end(), 204);
    assert.equal((await getTimed(`${server.baseUrl}/live/${key}`)).status, 404);
    assert.equal(await origin.get(key), undefined);
    assert.equal(await startUpload(`${server.baseUrl}/ingest/${key}`, 'DELETE').end(), 404);
  });

  test('an interrupted upload fails its readers and is not kept', async () => {
    const key = 'or-1/chunk-stream0-00003.m4s';
    const upload = startUpload(`${server.baseUrl}/ingest/${key}`);
    upload.status.catch(() => undefined);
    await upload.write('partial');
    await until(async () => (await origin.get(key)) !== undefined);
    const reading = readAll((await origin.get(key))!.stream());
    upload.req.destroy();
    await assert.rejects(reading, /interrupted/);
    await until(async () => (await origin.get(key)) === undefined);
  });

  test('paths outside the prefix, unsafe paths and other methods are refused', async () => {
    assert.equal(await startUpload(`${server.baseUrl}/ingest/or-1/a/..%2F..%2Fx.m4s`).end('x'), 400);
    assert.equal(await startUpload(`${server.baseUrl}/ingest/`).end('x'), 400);
    assert.equal(await startUpload(`${server.baseUrl}/ingest/or-1/x.m4s`, 'PATCH').end('x'), 405);
    assert.equal(await origin.get('x.m4s'), undefined);
  });

  test('the UTCTiming endpoint returns the clock as ISO 8601 with milliseconds, readable cross-origin', async () => {
    const got = await getTimed(`${server.baseUrl}/time`);
    assert.equal(got.status, 200);
    assert.equal(got.headers['access-control-allow-origin'], '*');
    assert.equal(got.headers['cache-control'], 'no-store');
    const text = got.body.toString();
    assert.match(text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(text) - Date.now()) < 1000);
  });
});

describe('LiveIngestOrigin memory bounds', () => {
  test('segments older than the retention window are dropped; manifests and init segments stay', async () => {
    let clock = 1_000_000;
    const origin = new LiveIngestOrigin({ retainSeconds: 30, now: () => clock });
    const server = await startLiveTestServer(origin);
    try {
      await put(server.baseUrl, 'or-1/init-stream0.m4s', 'init');
      await put(server.baseUrl, 'or-1/live.mpd', '<MPD/>');
      await put(server.baseUrl, 'or-1/chunk-stream0-00001.m4s', 'old segment');
      clock += 20_000;
      await put(server.baseUrl, 'or-1/chunk-stream0-00021.m4s', 'new segment');
      assert.equal(origin.bytes, 4 + 6 + 11 + 11);

      clock += 15_000;
      assert.deepEqual(origin.keys(), ['or-1/chunk-stream0-00021.m4s', 'or-1/init-stream0.m4s', 'or-1/live.mpd']);
      assert.equal(await origin.get('or-1/chunk-stream0-00001.m4s'), undefined);
      assert.equal(origin.bytes, 4 + 6 + 11);

      clock += 60_000;
      assert.deepEqual(origin.keys(), ['or-1/init-stream0.m4s', 'or-1/live.mpd']);
      assert.equal(origin.bytes, 10);
    } finally {
      await server.close();
    }
  });

  test('past maxBytes the oldest segments go first, and oversized uploads are refused', async () => {
    let clock = 0;
    const origin = new LiveIngestOrigin({ maxBytes: 100, maxObjectBytes: 60, now: () => clock });
    const server = await startLiveTestServer(origin);
    try {
      for (let i = 1; i <= 5; i++) {
        clock += 1000;
        await put(server.baseUrl, `or-1/seg-${i}.m4s`, 'x'.repeat(30));
      }
      assert.ok(origin.bytes <= 100);
      assert.deepEqual(origin.keys(), ['or-1/seg-3.m4s', 'or-1/seg-4.m4s', 'or-1/seg-5.m4s']);

      const big = startUpload(`${server.baseUrl}/ingest/or-1/big.m4s`);
      big.status.catch(() => undefined);
      await big.write('y'.repeat(40));
      await big.write('y'.repeat(40)).catch(() => undefined);
      big.req.end();
      assert.equal(await big.status, 413);
      await until(async () => (await origin.get('or-1/big.m4s')) === undefined);
      assert.ok(origin.bytes <= 100);

      const declared = request(`${server.baseUrl}/ingest/or-1/declared.m4s`, { method: 'PUT', agent: false, headers: { 'Content-Length': 61 } });
      const declaredStatus = new Promise<number>((resolve, reject) => {
        declared.on('response', (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      });
      declared.end('z'.repeat(61));
      assert.equal(await declaredStatus, 413);
    } finally {
      await server.close();
    }
  });
});

describe('ingest peers and paths', () => {
  test('only loopback addresses count as local', () => {
    const table: [string | undefined, boolean][] = [
      ['127.0.0.1', true],
      ['127.10.0.3', true],
      ['::1', true],
      ['::ffff:127.0.0.1', true],
      ['10.0.0.5', false],
      ['192.168.1.20', false],
      ['::ffff:10.0.0.1', false],
      ['fd00::2', false],
      ['127.0.0.1.example.com', false],
      ['', false],
      [undefined, false],
    ];
    for (const [address, expected] of table) assert.equal(isLoopbackAddress(address), expected, String(address));
  });

  test('an upload from a refused peer gets 403 and stores nothing', async () => {
    const origin = new LiveIngestOrigin({ allowPeer: (address) => address === '192.0.2.77' });
    const server = await startLiveTestServer(origin);
    try {
      assert.equal(await put(server.baseUrl, 'or-1/live.mpd', '<MPD/>'), 403);
      assert.equal(await startUpload(`${server.baseUrl}/ingest/or-1/live.mpd`, 'DELETE').end(), 403);
      assert.deepEqual(origin.keys(), []);
    } finally {
      await server.close();
    }
  });

  test('keys are the path below the prefix, and never escape it', () => {
    const table: [string, string | undefined][] = [
      ['/ingest/or-1/live.mpd', 'or-1/live.mpd'],
      ['/ingest/or-1/chunk-stream0-00001.m4s?x=1', 'or-1/chunk-stream0-00001.m4s'],
      ['/ingest/or%201/a.m4s', 'or 1/a.m4s'],
      ['/ingest/../etc/passwd', undefined],
      ['/ingest/or-1/%2e%2e/x', undefined],
      ['/ingest/or-1//x', undefined],
      ['/ingest/or-1/', undefined],
      ['/ingest/%E0%A4%A', undefined],
      ['/other/or-1/live.mpd', undefined],
    ];
    for (const [url, expected] of table) assert.equal(ingestKey(url, '/ingest/'), expected, url);
  });

  test('a prefix that is not a directory path is a programmer error', () => {
    assert.throws(() => new LiveIngestOrigin({ prefix: 'ingest' }), /prefix must start and end with "\/"/);
  });
});

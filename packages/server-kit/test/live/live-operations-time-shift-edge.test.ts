/**
 * The embedded clip URL played through the real local edge: `master.m3u8?start=&end=` is checked
 * by the edge's own CloudFront-format verifier, then answered with playlists cut from the channel's
 * DVR window. The channel's files are fixtures written where its ffmpeg would write them.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFileOrigin } from '../../src/edge/file-origin.js';
import { createLocalEdge } from '../../src/edge/local-edge.js';
import { createEmbeddedLiveOperations } from '../../src/live/embedded-live-operations.js';
import { LiveChannel, liveMasterPlaylist } from '../../src/live/live-channel.js';
import { createLiveTimeShiftHandler } from '../../src/live/live-time-shift-handler.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';

const KEY_ID = 'KLIVETIMESHIFT1';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createCloudFrontSigner({ keyPairId: KEY_ID, privateKey: keys.privateKey });
const RENDITIONS = [{ width: 320, height: 180, bitrateKbps: 300 }];
/** The fixture's DVR window: 30 segments of 1 s ending 2 s ago, on a whole second. */
const FIRST = Math.floor(Date.now() / 1000) - 32;

function mediaPlaylist(): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-MAP:URI="init.mp4"'];
  for (let i = 0; i < 30; i++) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date((FIRST + i) * 1000).toISOString()}`, '#EXTINF:1.000000,', `seg-${i}.m4s`);
  return `${lines.join('\n')}\n`;
}

describe('time-shifted clip URLs on the local edge', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let cookie: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'time-shift-edge-'));
    const channelDir = join(dir, 'live', 'or-5');
    for (const folder of ['180p', 'audio']) {
      await mkdir(join(channelDir, folder), { recursive: true });
      await writeFile(join(channelDir, folder, 'index.m3u8'), mediaPlaylist());
    }
    await writeFile(join(channelDir, 'master.m3u8'), liveMasterPlaylist(RENDITIONS, 25));
    const channel = new LiveChannel({ id: 'or-5', outputDir: channelDir, lowLatency: false, renditions: RENDITIONS });
    const live = createEmbeddedLiveOperations({ channels: () => [channel], vodDir: join(dir, 'vod'), tenant: 'demo' });
    const edge = createLocalEdge({
      mounts: [{ prefix: 'live/', origin: createFileOrigin(join(dir, 'live')), cache: 'live' }],
      verifier: createCloudFrontVerifier({ publicKeys: { [KEY_ID]: keys.publicKey } }),
      allowedOrigins: ['https://portal.example'],
    });
    const timeShift = createLiveTimeShiftHandler({ live, edgeOrigin: () => base });
    server = createServer((req, res) => void (timeShift.handles(req.url ?? '/', req.method) ? timeShift.handle(req, res) : edge.handle(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookies = signer.signCookies({ resource: `${base}/media/live/or-5/*`, expiresAt: new Date(Date.now() + 600_000) });
    cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${base}${path}`, { headers });

  test('a clip URL without a grant is refused by the edge, as any media request', async () => {
    const response = await get(`/media/live/or-5/master.m3u8?start=${FIRST + 5}&end=${FIRST + 10}`, {});
    assert.equal(response.status, 403);
    assert.doesNotMatch(await response.text(), /EXTM3U/);
  });

  test('with the grant, the master names time-shifted children and they list only the window', async () => {
    const window = `start=${FIRST + 5}&end=${FIRST + 10}`;
    const master = await get(`/media/live/or-5/master.m3u8?${window}`, { cookie, origin: 'https://portal.example' });
    assert.equal(master.status, 200);
    assert.equal(master.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(master.headers.get('access-control-allow-origin'), 'https://portal.example', "the edge's CORS headers are kept");
    const masterText = await master.text();
    assert.match(masterText, new RegExp(`^180p/index\\.m3u8\\?${window}$`, 'm'));
    assert.match(masterText, new RegExp(`URI="audio/index\\.m3u8\\?${window}"`));

    const media = await get(`/media/live/or-5/180p/index.m3u8?${window}`);
    assert.equal(media.status, 200);
    const text = await media.text();
    assert.equal(Number(media.headers.get('content-length')), Buffer.byteLength(text));
    assert.deepEqual(text.split('\n').filter((line) => line.endsWith('.m4s')), ['seg-5.m4s', 'seg-6.m4s', 'seg-7.m4s', 'seg-8.m4s', 'seg-9.m4s']);
    assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/);
    assert.match(text, /#EXT-X-ENDLIST/);
  });

  test('the grant is checked for the host the player asked, not the loopback the edge is asked on', async () => {
    const host = `localhost:${new URL(base).port}`;
    const cookies = signer.signCookies({ resource: `http://${host}/media/live/or-5/*`, expiresAt: new Date(Date.now() + 600_000) });
    const hostCookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    const path = `/media/live/or-5/180p/index.m3u8?start=${FIRST + 5}&end=${FIRST + 7}`;
    const answer = (cookieHeader: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${base}${path}`, { headers: { host, cookie: cookieHeader } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject).end();
      });
    const allowed = await answer(hostCookie);
    assert.equal(allowed.status, 200);
    assert.match(allowed.body, /#EXT-X-ENDLIST/);
    assert.equal((await answer(cookie)).status, 403, 'a grant for another host does not open it');
  });

  test('without start/end the edge serves the live playlist itself', async () => {
    const text = await (await get('/media/live/or-5/180p/index.m3u8')).text();
    assert.equal(text.split('\n').filter((line) => line.endsWith('.m4s')).length, 30);
    assert.doesNotMatch(text, /ENDLIST/);
  });

  test('a window outside the DVR window is a 404 and a malformed query a 400 naming the field', async () => {
    const outside = await get(`/media/live/or-5/180p/index.m3u8?start=${FIRST - 3600}&end=${FIRST - 3500}`);
    assert.equal(outside.status, 404);
    assert.equal(((await outside.json()) as { error: { code: string } }).error.code, 'outside-window');
    const half = await get(`/media/live/or-5/180p/index.m3u8?start=${FIRST}`);
    assert.equal(half.status, 400);
    assert.deepEqual(((await half.json()) as { error: { field: string } }).error.field, 'end');
  });
});

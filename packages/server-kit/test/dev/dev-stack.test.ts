/**
 * The local stack as `npm start` runs it: one port, the portal at `/`, the API, the signed edge
 * over generated media, and the live channel. Media is cached in .cache/test-stack (shared with
 * the browser tests), so only the first run pays for generating it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createClient, requestDevToken } from '@surgery-video/client';
import { withDevStack } from '../../src/dev/with-dev-stack.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = `${repo}.cache/test-stack`;
const portalDir = `${repo}apps/portal/dist`;

/** Segment URIs with their program-date-time, from a media playlist. */
function segmentsWithPdt(playlist: string): Array<{ uri: string; pdt: number }> {
  const lines = playlist.split('\n');
  const segments: Array<{ uri: string; pdt: number }> = [];
  let pdt = Number.NaN;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
    else if (line && !line.startsWith('#')) {
      segments.push({ uri: line.trim(), pdt });
      pdt = Number.NaN;
    }
  }
  return segments;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local dev stack', { timeout: 300_000 }, () => {
  it('serves the portal, and media only with a grant', async () => {
    await withDevStack({ dataDir, portalDir, live: false }, async (stack) => {
      const portal = await fetch(`${stack.url}/`);
      assert.equal(portal.status, 200);
      assert.match(await portal.text(), /<title>Surgery Video — demo portal<\/title>/);

      const master = `${stack.url}/media/vod/case-001/master.m3u8`;
      const refused = await fetch(master);
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('x-edge-reason'), 'missing-signature');

      const token = await requestDevToken(stack.url, 'trainee-1');
      const grant = await createClient({ baseUrl: stack.url, token }).assets.grant('case-001');
      const cookie = Object.entries(grant.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
      const allowed = await fetch(master, { headers: { cookie } });
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get('content-type'), 'application/vnd.apple.mpegurl');
      const text = await allowed.text();
      assert.match(text, /RESOLUTION=1280x720/);
      assert.match(text, /RESOLUTION=854x480/);
      assert.match(text, /RESOLUTION=426x240/);

      const mpd = await fetch(`${grant.sources.dash}?${grant.query}`);
      assert.equal(mpd.status, 200);
      assert.equal(mpd.headers.get('content-type'), 'application/dash+xml');

      const elsewhere = await fetch(`${stack.url}/media/vod/case-002/master.m3u8`, { headers: { cookie } });
      assert.equal(elsewhere.status, 403, 'a grant for one case opens no other');
    });
  });

  it('lists two recorded cases, one of at least 60 s and one of at least 3 minutes, with 3 renditions', async () => {
    await withDevStack({ dataDir, live: false }, async (stack) => {
      const client = createClient({ baseUrl: stack.url, token: await requestDevToken(stack.url, 'clinician-1') });
      const assets = await client.assets.list();
      assert.ok(assets.length >= 2);
      assert.ok(assets.some((a) => a.durationSeconds >= 60));
      assert.ok(assets.some((a) => a.durationSeconds >= 180));
      for (const asset of assets) assert.deepEqual(asset.renditions.map((r) => r.height).sort((a, b) => a - b), [240, 480, 720]);
    });
  });

  it('runs a live channel whose playlist gains a segment with a program-date-time about every second', async () => {
    const liveDataDir = await mkdtemp(join(tmpdir(), 'dev-stack-live-'));
    after(() => rm(liveDataDir, { recursive: true, force: true }));
    await withDevStack({ dataDir, live: true, liveDataDir }, async (stack) => {
      const client = createClient({ baseUrl: stack.url, token: await requestDevToken(stack.url, 'clinician-1') });
      const [channel] = await client.live.list();
      assert.equal(channel?.id, 'or-1');
      assert.ok(channel.dvrWindowSeconds >= 600, 'a DVR window of at least 10 minutes');
      const grant = await client.live.grant(channel.id);
      const master = await (await fetch(`${grant.sources.hls}?${grant.query}`)).text();
      const mediaUri = master.split('\n').find((line) => line && !line.startsWith('#'));
      assert.ok(mediaUri, 'the master playlist lists a media playlist');
      const mediaUrl = new URL(mediaUri, grant.sources.hls).href;

      const seen = new Map<string, number>();
      const firstSeenAt = new Map<string, number>();
      const deadline = Date.now() + 7_000;
      while (Date.now() < deadline) {
        const response = await fetch(`${mediaUrl}?${grant.query}`);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('cache-control'), 'public, max-age=1');
        for (const segment of segmentsWithPdt(await response.text())) {
          assert.ok(Number.isFinite(segment.pdt), `segment ${segment.uri} has a program-date-time`);
          if (!seen.has(segment.uri)) {
            seen.set(segment.uri, segment.pdt);
            firstSeenAt.set(segment.uri, Date.now());
          }
        }
        await sleep(250);
      }
      const pdts = [...seen.values()].sort((a, b) => a - b);
      const newOnes = [...firstSeenAt.values()].filter((t) => t > Math.min(...firstSeenAt.values()));
      assert.ok(newOnes.length >= 4, `new segments appeared while watching (${newOnes.length})`);
      const gaps = pdts.slice(1).map((pdt, i) => pdt - pdts[i]!);
      for (const gap of gaps.slice(-4)) assert.ok(Math.abs(gap - 1000) < 150, `segments are 1 s apart (gap ${gap} ms)`);
      assert.ok(Math.abs(Date.now() - pdts[pdts.length - 1]!) < 5_000, 'the newest program-date-time is close to the wall clock');

      const lowLatency = await fetch(`${grant.sources.lowLatencyDash}?${grant.query}`);
      assert.equal(lowLatency.status, 200);
      assert.match(await lowLatency.text(), /type="dynamic"/);
    });
  });

  it('prints one URL from the command line, which serves the portal', async () => {
    const cli = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../src/cli.ts', import.meta.url)), 'dev', '--port', '0', '--data', dataDir, '--portal', portalDir, '--no-live'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const match = /running: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        cli.on('exit', (code) => reject(new Error(`the CLI exited with ${code} before printing a URL`)));
      });
      const portal = await fetch(url);
      assert.equal(portal.status, 200);
      assert.match(await portal.text(), /demo portal/);
    } finally {
      cli.kill('SIGTERM');
    }
  });
});

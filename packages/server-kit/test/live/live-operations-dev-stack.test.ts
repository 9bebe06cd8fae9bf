/**
 * The embedded live operations inside the local stack, through the public API and the signed edge:
 * a clip URL played with the channel's own grant, and a harvested window listed, granted and
 * played as a recorded asset. Media is the shared test cache (.cache/test-stack); the harvested
 * folder is removed afterwards so other tests see only the generated cases.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, requestDevToken } from '@surgery-video/client';
import { withDevStack } from '../../src/dev/with-dev-stack.js';
import { parseLiveMediaPlaylist } from '../../src/live/time-shift-playlist.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = `${repo}.cache/test-stack`;
const ASSET_ID = `live-ops-e2e-${process.pid}`;

// 300 s: on a clean clone the first test that starts the stack also generates the sample media (about 100 s on 2 cores).
describe('live operations in the local stack', { timeout: 300_000 }, () => {
  it('plays a clip URL under the channel grant and turns a harvested window into a recorded asset', async () => {
    const liveDataDir = await mkdtemp(join(tmpdir(), 'live-ops-stack-'));
    after(async () => {
      await rm(liveDataDir, { recursive: true, force: true });
      await rm(join(dataDir, 'media', 'vod', ASSET_ID), { recursive: true, force: true });
    });
    await withDevStack({ dataDir, live: true, liveDataDir }, async (stack) => {
      const client = createClient({ baseUrl: stack.url, token: await requestDevToken(stack.url, 'clinician-1') });
      const grant = await client.live.grant('or-1');
      const mediaUrl = new URL('720p/index.m3u8', grant.sources.hls).href;
      const segments = async () => parseLiveMediaPlaylist(await (await fetch(`${mediaUrl}?${grant.query}`)).text()).segments;
      const deadline = Date.now() + 15_000;
      while ((await segments()).length < 4) {
        if (Date.now() > deadline) throw new Error('the live channel wrote too few segments');
        await sleep(200);
      }
      const start = Math.ceil((await segments())[0]!.pdt / 1000);
      const window = { start, end: start + 2 };

      // The clip URL is a path on the same edge, covered by the channel's grant.
      const clipPath = await stack.liveOperations.clipUrl('or-1', window, 'hls');
      assert.equal(new URL(grant.sources.hls).pathname + `?start=${start}&end=${start + 2}`, clipPath);
      const master = await fetch(`${stack.url}${clipPath}&${grant.query}`);
      assert.equal(master.status, 200);
      const child = (await master.text()).split('\n').find((line) => line.startsWith('720p/'));
      assert.equal(child, `720p/index.m3u8?start=${start}&end=${start + 2}`);
      const clip = await (await fetch(`${new URL(child!, `${stack.url}${clipPath}`).href}&${grant.query}`)).text();
      assert.match(clip, /#EXT-X-ENDLIST/);
      assert.ok(parseLiveMediaPlaylist(clip).segments.length <= 3, 'only the window is listed');
      assert.equal((await fetch(`${stack.url}${clipPath}`)).status, 403, 'no grant, no clip');

      const id = await stack.liveOperations.harvest({ channelId: 'or-1', ...window, assetId: ASSET_ID, correlationId: 'e2e-1' });
      let status = await stack.liveOperations.harvestStatus(id);
      for (const until = Date.now() + 20_000; status.state !== 'completed' && status.state !== 'failed' && Date.now() < until; ) {
        await sleep(100);
        status = await stack.liveOperations.harvestStatus(id);
      }
      assert.equal(status.state, 'completed', status.message);

      const asset = await client.assets.get(ASSET_ID);
      assert.equal(asset.kind, 'recorded');
      assert.ok((await client.assets.list()).some((listed) => listed.id === ASSET_ID));
      const assetGrant = await client.assets.grant(ASSET_ID);
      const assetMaster = await fetch(`${assetGrant.sources.hls}?${assetGrant.query}`);
      assert.equal(assetMaster.status, 200);
      const vod = await (await fetch(`${new URL('720p/index.m3u8', assetGrant.sources.hls).href}?${assetGrant.query}`)).text();
      const first = parseLiveMediaPlaylist(vod).segments[0]!;
      const segment = await fetch(`${new URL(`720p/${first.uri}`, assetGrant.sources.hls).href}?${assetGrant.query}`);
      assert.equal(segment.status, 200);
      assert.ok((await segment.arrayBuffer()).byteLength > 1000, 'the harvested segment plays from the recorded asset');
    });
  });
});

/** The live operations contract against the embedded adapter over a real (small) ffmpeg live channel. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEmbeddedLiveOperations } from '../../src/live/embedded-live-operations.js';
import { LiveChannel } from '../../src/live/live-channel.js';
import { parseLiveMediaPlaylist } from '../../src/live/time-shift-playlist.js';
import { describeLiveOperationsContract } from './live-operations-contract.js';

describeLiveOperationsContract('embedded live channel', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'live-ops-contract-'));
  const channel = new LiveChannel({ id: 'or-c', outputDir: join(dir, 'live'), lowLatency: false, renditions: [{ width: 320, height: 180, bitrateKbps: 300 }] });
  const live = createEmbeddedLiveOperations({ channels: () => [channel], vodDir: join(dir, 'vod'), tenant: 'demo' });
  await channel.start();
  const segments = async () => {
    try {
      return parseLiveMediaPlaylist(await readFile(join(dir, 'live', '180p', 'index.m3u8'), 'utf8')).segments;
    } catch {
      return [];
    }
  };
  // Four segments: enough DVR for a 2 s window that has fully happened.
  const deadline = Date.now() + 15_000;
  while ((await segments()).length < 4 || channel.status !== 'running') {
    if (Date.now() > deadline) throw new Error('the live channel wrote no segments');
    await sleep(100);
  }
  return {
    live,
    channelId: 'or-c',
    async pastWindow() {
      const start = Math.ceil((await segments())[0]!.pdt / 1000);
      return { start, end: start + 2 };
    },
    harvestCount: async () => (await readdir(join(dir, 'vod')).catch(() => [])).length,
    async close() {
      await live.idle();
      await channel.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

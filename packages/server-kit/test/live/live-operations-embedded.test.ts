/**
 * The embedded live operations over a real live channel (ffmpeg encoding in real time, one small
 * rendition and no LL-DASH to keep the machine free): status while it runs and once stopped, a
 * time-shifted clip cut from its DVR window, and a harvest of a window that ends in the future
 * into a recorded asset that ffprobe plays and the catalogue lists.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createInMemoryCatalogue } from '../../src/catalogue/media-catalogue.js';
import { createEmbeddedLiveOperations, type EmbeddedLiveOperations } from '../../src/live/embedded-live-operations.js';
import { LiveChannel } from '../../src/live/live-channel.js';
import { parseLiveMediaPlaylist } from '../../src/live/time-shift-playlist.js';

const run = promisify(execFile);

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('embedded live operations (real ffmpeg live channel)', () => {
  let dir: string;
  let channel: LiveChannel;
  let live: EmbeddedLiveOperations;
  const playlist = () => readFile(join(dir, 'live', '180p', 'index.m3u8'), 'utf8').catch(() => undefined);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-ops-'));
    channel = new LiveChannel({ id: 'or-7', outputDir: join(dir, 'live'), lowLatency: false, renditions: [{ width: 320, height: 180, bitrateKbps: 300 }] });
    live = createEmbeddedLiveOperations({ channels: () => [channel], vodDir: join(dir, 'vod'), tenant: 'demo' });
    await channel.start();
    await until(() => channel.status === 'running', 15_000, 'the channel to run');
  });

  after(async () => {
    await live?.idle();
    await channel?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('playback lists the channel paths a grant covers, with its DVR window', async () => {
    assert.deepEqual(await live.playback('or-7'), { channelId: 'or-7', pathPrefix: '/media/live/or-7/', hls: '/media/live/or-7/master.m3u8', timeShiftWindowSeconds: 660 });
    await assert.rejects(live.playback('or-9'), { name: 'LiveOperationsError', code: 'not-found', field: 'channelId' });
  });

  test('channelStatus shows the running channel with a fresh newest segment', async () => {
    const [status] = await live.channelStatus();
    assert.equal(status!.channelId, 'or-7');
    assert.equal(status!.state, 'running');
    assert.deepEqual(status!.pipelines, [{ id: '0', activeInput: 'synthetic-camera' }]);
    assert.ok(status!.lastSegmentAgeSeconds !== undefined && status!.lastSegmentAgeSeconds < 3, `last segment age ${status!.lastSegmentAgeSeconds}`);
  });

  test('a mark ending in the future is harvested into a recorded asset once the live edge passes it', { timeout: 25_000 }, async () => {
    const start = Math.floor(Date.now() / 1000) - 1;
    const request = { channelId: 'or-7', start, end: start + 3, assetId: 'mark-or7-1', correlationId: 'corr-1' };
    const id = await live.harvest(request);
    assert.equal(id, 'or-7:mark-or7-1');
    assert.equal(await live.harvest(request), id, 'the same request again is the same job');
    await assert.rejects(live.harvest({ ...request, end: start + 4 }), { code: 'conflict', field: 'assetId' });
    assert.ok(['queued', 'in-progress'].includes((await live.harvestStatus(id)).state));

    const done = await until(async () => {
      const status = await live.harvestStatus(id);
      return status.state === 'completed' || status.state === 'failed' ? status : undefined;
    }, 20_000, 'the harvest to finish');
    assert.equal(done.message, undefined);
    assert.deepEqual(done, { id, channelId: 'or-7', assetId: 'mark-or7-1', state: 'completed', progress: 1, window: { start, end: start + 3 } });

    // A VOD asset of whole 1 s segments covering [start, end), byte-identical to the live ones.
    const assetDir = join(dir, 'vod', 'mark-or7-1');
    const video = await readFile(join(assetDir, '180p', 'index.m3u8'), 'utf8');
    assert.match(video, /#EXT-X-PLAYLIST-TYPE:VOD/);
    assert.ok(video.endsWith('#EXT-X-ENDLIST\n'));
    const segments = parseLiveMediaPlaylist(video).segments;
    assert.ok(segments[0]!.pdt <= start * 1000 + 1000 && segments.at(-1)!.pdt + 1000 >= (start + 3) * 1000 - 1000, 'the segments cover the window');
    const liveCopy = await readFile(join(dir, 'live', '180p', segments[0]!.uri));
    assert.ok(liveCopy.equals(await readFile(join(assetDir, '180p', segments[0]!.uri))), 'segments are copied, not re-encoded');
    assert.match(await readFile(join(assetDir, 'audio', 'index.m3u8'), 'utf8'), /#EXT-X-ENDLIST/);

    const probe = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,height', '-of', 'json', join(assetDir, 'master.m3u8')]);
    const probed = JSON.parse(probe.stdout) as { format: { duration: string }; streams: { codec_type: string; height?: number }[] };
    const duration = Number(probed.format.duration);
    assert.ok(duration >= 3 && duration <= 5.5, `harvested duration ${duration} s`);
    assert.ok(probed.streams.some((stream) => stream.codec_type === 'video' && stream.height === 180));
    assert.ok(probed.streams.some((stream) => stream.codec_type === 'audio'));

    const catalogue = createInMemoryCatalogue({ assets: () => live.harvestedAssets(), channels: () => [] });
    const entry = await catalogue.getAsset('demo', 'mark-or7-1');
    assert.ok(entry, 'the catalogue lists the harvested asset');
    assert.equal(entry.pathPrefix, '/media/vod/mark-or7-1/');
    assert.deepEqual(entry.files, { hls: 'master.m3u8' });
    assert.equal(entry.item.kind, 'recorded');
    assert.equal(entry.item.durationSeconds, segments.length);
    assert.deepEqual(entry.item.renditions, [{ id: '180p', width: 320, height: 180, bandwidth: 300_000 }]);
    assert.equal(await catalogue.getAsset('other', 'mark-or7-1'), undefined);

    // A later run (a restarted stack) lists the harvested asset again from its folder.
    const later = createEmbeddedLiveOperations({ channels: () => [], vodDir: join(dir, 'vod'), tenant: 'demo' });
    assert.deepEqual(await later.restore(), ['mark-or7-1']);
    assert.deepEqual(later.harvestedAssets(), live.harvestedAssets());
  });

  test('clipUrl gives the master path with start/end, and the edge-side text is cut from the DVR window', async () => {
    const first = parseLiveMediaPlaylist((await playlist())!).segments[0]!;
    const window = { start: Math.ceil(first.pdt / 1000), end: Math.ceil(first.pdt / 1000) + 2 };
    assert.equal(await live.clipUrl('or-7', window, 'hls'), `/media/live/or-7/master.m3u8?start=${window.start}&end=${window.end}`);
    assert.match(await live.timeShiftText('or-7', 'master.m3u8', window), new RegExp(`^180p/index\\.m3u8\\?start=${window.start}&end=${window.end}$`, 'm'));
    const media = await live.timeShiftText('or-7', '180p/index.m3u8', window);
    assert.match(media, /#EXT-X-ENDLIST/);
    assert.ok(parseLiveMediaPlaylist(media).segments.length >= 2);
    await assert.rejects(live.clipUrl('or-7', { start: window.start - 3600, end: window.start }, 'hls'), { code: 'outside-window' });
    await assert.rejects(live.clipUrl('or-7', window, 'dash'), { code: 'unsupported', field: 'format' });
    await assert.rejects(live.timeShiftText('or-7', '../secret.m3u8', window), { code: 'not-found', field: 'path' });
  });

  test('a window from before the channel started fails, naming why, and leaves no folder behind', async () => {
    const first = parseLiveMediaPlaylist((await playlist())!).segments[0]!;
    const start = Math.floor(first.pdt / 1000) - 30;
    const id = await live.harvest({ channelId: 'or-7', start, end: start + 5, assetId: 'mark-too-early', correlationId: 'corr-2' });
    const failed = await until(async () => {
      const status = await live.harvestStatus(id);
      return status.state === 'failed' || status.state === 'completed' ? status : undefined;
    }, 10_000, 'the harvest to fail');
    assert.equal(failed.state, 'failed');
    assert.equal(failed.progress, undefined);
    assert.match(failed.message ?? '', /^start \d+ is before the DVR window, which begins at \d+\.$/);
    await assert.rejects(readFile(join(dir, 'vod', 'mark-too-early', 'master.m3u8')), { code: 'ENOENT' });
    assert.ok(!live.harvestedAssets().some((entry) => entry.item.id === 'mark-too-early'));
  });

  test('a stopped channel shows as idle', async () => {
    await channel.stop();
    const [status] = await live.channelStatus();
    assert.deepEqual([status!.state, status!.detail], ['idle', 'stopped']);
  });
});

/**
 * The live operations port on one machine, over the embedded live channels (live-channel.ts).
 *
 * - playback: the channel's HLS master (1 s segments, program-date-time, DVR window) and LL-DASH
 *   manifest under the edge's `/media/live/<id>/`;
 * - clipUrl: the master's path with `?start=&end=`, the same query as MediaPackage's; the playlists
 *   it names are cut from the DVR window by time-shift-playlist.ts (`timeShiftText` serves them);
 * - harvest: copies the segments of the window (every rendition and the audio) out of the DVR
 *   window into `<vodDir>/<assetId>/`, with VOD playlists (EXT-X-ENDLIST) and the master written
 *   last, then lists the asset in `harvestedAssets()` for the catalogue. Nothing is re-encoded;
 *   a window whose end is still ahead waits for the live edge to pass it, as MediaPackage's does;
 * - channelStatus: the channel's process state, and how old its newest segment is.
 *
 * Jobs run in this process and are not kept across restarts; the assets they made are, and
 * `restore()` lists them again from their folders' `harvest.json`.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Asset } from '@surgery-video/client';
import type { CatalogueEntry } from '../catalogue/media-catalogue.js';
import type { LiveChannel } from './live-channel.js';
import { LIVE_SEGMENT_SECONDS, liveMasterPlaylist, mediaPlaylistPath, renditionName } from './live-encoder-args.js';
import {
  assertHarvestRequest,
  assertLiveId,
  assertManifestFormat,
  assertTimeWindow,
  harvestId,
  LiveOperationsError,
  parseHarvestId,
  withTimeShift,
  type ChannelStatus,
  type HarvestRequest,
  type HarvestStatus,
  type LiveOperations,
  type LivePlayback,
  type TimeWindow,
} from './live-operations.js';
import { lastSegmentAgeSeconds, parseLiveMediaPlaylist, timeShiftMasterPlaylist, timeShiftMediaPlaylist } from './time-shift-playlist.js';

export interface EmbeddedLiveOperationsOptions {
  /** The running channels (read at each call, so channels added later are seen). */
  channels: () => readonly LiveChannel[];
  /** Harvested assets are written to `<vodDir>/<assetId>/`, beside the recorded cases. */
  vodDir: string;
  /** Tenant of the harvested assets. */
  tenant: string;
  /** Edge folder of a channel; default `/media/live/<id>/`. */
  livePathPrefix?: (channelId: string) => string;
  /** Edge folder of a harvested asset; default `/media/vod/<assetId>/`. */
  vodPathPrefix?: (assetId: string) => string;
  /** Epoch ms; default Date.now. */
  now?: () => number;
  /** A newest segment older than this means the channel is stalled (default 5 s). */
  stallSeconds?: number;
}

export interface EmbeddedLiveOperations extends LiveOperations {
  /** Assets made by completed harvests, as the catalogue lists them (add them to its `assets`). */
  harvestedAssets(): CatalogueEntry<Asset>[];
  /**
   * A time-shifted playlist of a channel: `path` is `master.m3u8` or a media playlist under the
   * channel's folder (`720p/index.m3u8`), as the edge receives a clip URL's requests.
   */
  timeShiftText(channelId: string, path: string, window: TimeWindow): Promise<string>;
  /** Lists again the assets harvested by earlier runs (their folders hold `harvest.json`); resolves to their ids. */
  restore(): Promise<string[]>;
  /** Resolves once every running harvest has finished. */
  idle(): Promise<void>;
}

interface Job {
  request: HarvestRequest;
  status: HarvestStatus;
  done: Promise<void>;
}

/** Beside a harvested asset's playlists: where it came from, and its catalogue item (read back by `restore`). */
const HARVEST_RECORD = 'harvest.json';

interface HarvestRecord {
  channelId: string;
  start: number;
  end: number;
  correlationId: string;
  asset: Asset;
}

const SEGMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const POLL_MS = 250;
/** How long past its end a harvest waits for the live edge to reach it. */
const LIVE_EDGE_GRACE_SECONDS = 15;
const LIVE_INPUT = 'synthetic-camera';

export function createEmbeddedLiveOperations(options: EmbeddedLiveOperationsOptions): EmbeddedLiveOperations {
  const now = options.now ?? Date.now;
  const livePrefix = options.livePathPrefix ?? ((id: string) => `/media/live/${id}/`);
  const vodPrefix = options.vodPathPrefix ?? ((id: string) => `/media/vod/${id}/`);
  const stallSeconds = options.stallSeconds ?? 5;
  const jobs = new Map<string, Job>();
  const harvested = new Map<string, CatalogueEntry<Asset>>();
  const entryOf = (asset: Asset): CatalogueEntry<Asset> => ({ item: asset, pathPrefix: vodPrefix(asset.id), files: { hls: 'master.m3u8' } });

  function channelOf(channelId: string): LiveChannel {
    assertLiveId(channelId, 'channelId');
    const channel = options.channels().find((candidate) => candidate.id === channelId);
    if (!channel) throw new LiveOperationsError('not-found', `There is no live channel ${channelId}.`, { field: 'channelId' });
    return channel;
  }

  const liveDir = (channel: LiveChannel) => dirname(channel.masterPlaylistPath);
  /** Every media playlist of a channel: each video rendition, then the audio. */
  const playlistsOf = (channel: LiveChannel) => [...channel.renditions.map((rendition) => mediaPlaylistPath(rendition)), mediaPlaylistPath('audio')];

  async function readLive(channel: LiveChannel, path: string): Promise<string> {
    try {
      return await readFile(join(liveDir(channel), path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LiveOperationsError('outside-window', `Channel ${channel.id} has written no ${path} yet.`, { cause: error });
      throw new LiveOperationsError('upstream', `Channel ${channel.id}: ${path} could not be read.`, { cause: error });
    }
  }

  async function runHarvest(job: Job, channel: LiveChannel): Promise<void> {
    const { request, status } = job;
    const window = status.window;
    const top = playlistsOf(channel)[0]!;
    // Wait for the live edge to pass the window's end (a mark made "until now" ends in the future).
    const deadline = Math.max(now(), window.end * 1000) + LIVE_EDGE_GRACE_SECONDS * 1000;
    status.state = 'in-progress';
    for (;;) {
      const segments = parseLiveMediaPlaylist(await readLive(channel, top)).segments;
      const last = segments.at(-1);
      if (last && last.pdt + last.duration * 1000 >= window.end * 1000) break;
      if (now() > deadline) throw new LiveOperationsError('outside-window', `Channel ${request.channelId} did not reach the end of the window (${window.end}) in time.`);
      if (channel.status === 'stopped') throw new LiveOperationsError('upstream', `Channel ${request.channelId} stopped before the end of the window.`);
      await sleep(POLL_MS);
    }

    // Read every playlist first, so all renditions are cut from the same moment's DVR window.
    const source = liveDir(channel);
    const target = join(options.vodDir, request.assetId);
    const cuts = await Promise.all(playlistsOf(channel).map(async (path) => ({ path, cut: timeShiftMediaPlaylist(await readLive(channel, path), window) })));
    const files = new Set<string>();
    for (const { path, cut } of cuts) {
      const folder = dirname(path);
      for (const segment of cut.segments) {
        // ffmpeg names segments in the playlist's own folder; anything else is not copied blindly.
        for (const uri of [segment.uri, segment.map ?? segment.uri]) {
          if (!SEGMENT_NAME.test(uri)) throw new LiveOperationsError('upstream', `Channel ${request.channelId}: ${path} names an unexpected segment ${JSON.stringify(uri)}.`);
        }
        files.add(join(folder, segment.uri));
        if (segment.map) files.add(join(folder, segment.map));
      }
    }
    let copied = 0;
    for (const file of files) {
      await mkdir(dirname(join(target, file)), { recursive: true });
      await copyFile(join(source, file), join(target, file));
      status.progress = Math.min(0.99, ++copied / files.size);
    }
    for (const { path, cut } of cuts) await writeFile(join(target, path), cut.text, 'utf8');
    const durationSeconds = cuts[0]!.cut.durationSeconds;
    const asset: Asset = {
      id: request.assetId,
      tenant: options.tenant,
      title: `Live capture from ${request.channelId}, ${new Date(window.start * 1000).toISOString()}`,
      kind: 'recorded',
      durationSeconds,
      frameRate: channel.frameRate,
      renditions: channel.renditions.map((rendition) => ({
        id: renditionName(rendition),
        width: rendition.width,
        height: rendition.height,
        bandwidth: rendition.bitrateKbps * 1000,
      })),
      chapters: [],
      createdAt: new Date(now()).toISOString(),
    };
    const record: HarvestRecord = { channelId: request.channelId, start: window.start, end: window.end, correlationId: request.correlationId, asset };
    await writeFile(join(target, HARVEST_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    // The master last (through a rename): a folder without it is not a finished asset.
    await writeFile(join(target, 'master.m3u8.tmp'), liveMasterPlaylist(channel.renditions, channel.frameRate), 'utf8');
    await rename(join(target, 'master.m3u8.tmp'), join(target, 'master.m3u8'));
    harvested.set(asset.id, entryOf(asset));
    status.state = 'completed';
    status.progress = 1;
  }

  return {
    async playback(channelId): Promise<LivePlayback> {
      const channel = channelOf(channelId);
      const prefix = livePrefix(channelId);
      return {
        channelId,
        pathPrefix: prefix,
        hls: `${prefix}master.m3u8`,
        ...(channel.manifestUrl ? { lowLatencyDash: `${prefix}ll/manifest.mpd` } : {}),
        timeShiftWindowSeconds: channel.dvrWindowSeconds,
      };
    },

    async clipUrl(channelId, window, format) {
      assertTimeWindow(window);
      assertManifestFormat(format);
      const channel = channelOf(channelId);
      if (format === 'dash') {
        throw new LiveOperationsError('unsupported', 'The embedded channel clips HLS only: its LL-DASH path keeps no DVR window.', { field: 'format' });
      }
      // Refuse a window outside the DVR window now, as MediaPackage would when the clip is played.
      timeShiftMediaPlaylist(await readLive(channel, playlistsOf(channel)[0]!), window);
      return withTimeShift(`${livePrefix(channelId)}master.m3u8`, window);
    },

    async timeShiftText(channelId, path, window) {
      assertTimeWindow(window);
      const channel = channelOf(channelId);
      if (path === 'master.m3u8') return timeShiftMasterPlaylist(await readLive(channel, path), window);
      if (!playlistsOf(channel).includes(path)) throw new LiveOperationsError('not-found', `Channel ${channelId} has no playlist ${path}.`, { field: 'path' });
      return timeShiftMediaPlaylist(await readLive(channel, path), window).text;
    },

    async harvest(request) {
      assertHarvestRequest(request);
      const channel = channelOf(request.channelId);
      const id = harvestId(request.channelId, request.assetId);
      const existing = [...jobs.values()].find((job) => job.request.assetId === request.assetId);
      if (existing) {
        const same = existing.request.channelId === request.channelId && existing.request.start === request.start && existing.request.end === request.end;
        if (same) return id;
        throw new LiveOperationsError('conflict', `Asset ${request.assetId} is already harvested by job ${harvestId(existing.request.channelId, request.assetId)} with another window.`, { field: 'assetId' });
      }
      if (existsSync(join(options.vodDir, request.assetId))) {
        throw new LiveOperationsError('conflict', `Asset ${request.assetId} already exists.`, { field: 'assetId' });
      }
      if (request.start * 1000 < now() - channel.dvrWindowSeconds * 1000) {
        throw new LiveOperationsError('outside-window', `start ${request.start} is before the DVR window of channel ${request.channelId} (${channel.dvrWindowSeconds} s).`, { field: 'harvest.start' });
      }
      const status: HarvestStatus = { id, channelId: request.channelId, assetId: request.assetId, state: 'queued', progress: 0, window: { start: request.start, end: request.end } };
      const job: Job = { request: { ...request }, status, done: Promise.resolve() };
      job.done = runHarvest(job, channel).catch(async (error: unknown) => {
        // No half-copied asset is left behind; the job keeps its name, as a failed MediaPackage job does.
        await rm(join(options.vodDir, request.assetId), { recursive: true, force: true }).catch(() => undefined);
        status.state = 'failed';
        delete status.progress;
        status.message = error instanceof LiveOperationsError ? error.message : `Copying the window failed (${error instanceof Error ? error.name : 'unknown error'}).`;
      });
      jobs.set(id, job);
      return id;
    },

    async harvestStatus(id) {
      const { channelId, assetId } = parseHarvestId(id);
      const job = jobs.get(harvestId(channelId, assetId));
      if (!job) throw new LiveOperationsError('not-found', `There is no harvest job ${id}.`, { field: 'id' });
      return { ...job.status, window: { ...job.status.window } };
    },

    async channelStatus(): Promise<ChannelStatus[]> {
      return Promise.all(
        options.channels().map(async (channel): Promise<ChannelStatus> => {
          let age: number | undefined;
          try {
            age = lastSegmentAgeSeconds(await readFile(join(liveDir(channel), playlistsOf(channel)[0]!), 'utf8'), now());
          } catch {
            age = undefined;
          }
          const base = { channelId: channel.id, inputs: [LIVE_INPUT], ...(age === undefined ? {} : { lastSegmentAgeSeconds: age }) };
          switch (channel.status) {
            case 'stopped':
              return { ...base, state: 'idle', detail: 'stopped', pipelines: [{ id: '0' }] };
            case 'starting':
              return { ...base, state: 'starting', detail: 'starting: waiting for the first segments', pipelines: [{ id: '0' }] };
            case 'restarting':
              return { ...base, state: 'error', detail: 'ffmpeg exited; restarting it', pipelines: [{ id: '0' }] };
            case 'running': {
              const stalled = age === undefined || age > Math.max(stallSeconds, 3 * LIVE_SEGMENT_SECONDS);
              return {
                ...base,
                state: stalled ? 'error' : 'running',
                detail: stalled ? `stalled: no new segment for ${age ?? '?'} s` : 'running',
                pipelines: [{ id: '0', activeInput: LIVE_INPUT }],
              };
            }
          }
        }),
      );
    },

    harvestedAssets: () => [...harvested.values()],

    async restore() {
      let names: string[];
      try {
        names = await readdir(options.vodDir);
      } catch {
        return [];
      }
      const restored: string[] = [];
      for (const name of names) {
        if (harvested.has(name) || !existsSync(join(options.vodDir, name, 'master.m3u8'))) continue;
        let record: HarvestRecord;
        try {
          record = JSON.parse(await readFile(join(options.vodDir, name, HARVEST_RECORD), 'utf8')) as HarvestRecord;
        } catch {
          continue; // Not a harvest (a generated case), or one that never finished.
        }
        if (record.asset?.id !== name || record.asset.tenant !== options.tenant) continue;
        harvested.set(name, entryOf(record.asset));
        restored.push(name);
      }
      return restored;
    },

    async idle() {
      await Promise.all([...jobs.values()].map((job) => job.done));
    },
  };
}

/**
 * The embedded stack: the whole product on one port of one machine, with no AWS account.
 *
 *   /            the demo portal (a built static app)
 *   /api/v1      the HTTP API (web-standard handler, CORS for configured origins)
 *   /dev/grant-ttl/<s>/api/v1  the same API, its grants living <s> seconds (see grant-ttl-lens.ts)
 *   /media/      the local edge: CloudFront-format signature checks in front of
 *                  vod/<case>/    generated recorded cases on disk      (S3 + MediaConvert output)
 *                  live/<ch>/     the live channel's HLS on disk        (MediaPackage HLS endpoint)
 *                  live/<ch>/ll/  low-latency DASH pushed by ffmpeg     (MediaPackage LL endpoint)
 *   /ingest/     where the live encoder pushes (loopback only)          (MediaLive output)
 *   /time        the UTC clock players sync to                          (UTCTiming source)
 *
 * Objects (edits, reviews, the audit log) are kept by the directory store in `<dataDir>/objects`.
 * The review workflow runs its ASL on the embedded runner over that store, and carries on the
 * reviews a previous run left unfinished; renders go to the embedded transcoder (state in
 * `<dataDir>/transcoder`) and land beside their case, `vod/<case>/renders/<edit>-v<version>/`.
 */
import { recordedCaseEntry } from '../catalogue/recorded-case-entry.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LiveChannel as LiveChannelInfo } from '@surgery-video/client';
import { createApiHandler } from '../api/api-handler.js';
import { createAuditLog } from '../audit/audit-log.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../catalogue/media-catalogue.js';
import { createFileOrigin } from '../edge/file-origin.js';
import { createLocalEdge } from '../edge/local-edge.js';
import { withCors } from '../http/cors.js';
import { checkGrantTtlSeconds } from '../playback/grant-issuer.js';
import { createGrantTtlLens, GRANT_TTL_LENS_PREFIX } from './grant-ttl-lens.js';
import { toNodeListener } from '../http/node-adapter.js';
import { LiveIngestOrigin } from '../live/ingest-origin.js';
import { LiveChannel } from '../live/live-channel.js';
import { createEmbeddedLiveOperations, type EmbeddedLiveOperations } from '../live/embedded-live-operations.js';
import { createLiveTimeShiftHandler } from '../live/live-time-shift-handler.js';
import { assertFfmpeg } from '../media/ffmpeg.js';
import { ensureRecordedCases, type RecordedCase } from '../media/recorded-cases.js';
import { createCloudFrontSigner } from '../signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../signing/cloudfront-verifier.js';
import { loadOrCreateKeyPair } from '../signing/key-pair.js';
import { createDirectoryStore } from '../storage/directory-store.js';
import { createEmbeddedTranscoder } from '../transcoder/embedded-transcoder.js';
import { createEmbeddedReview } from '../workflow/embedded-review.js';
import { createManifestClipPreviewService } from '../workflow/manifest-clip-preview.js';
import { createTranscoderRenderService } from '../workflow/transcoder-render-service.js';
import { createStaticFiles } from './static-files.js';

export interface DevStackProgress {
  /** `media` while cases are generated, then `live` and `ready`. */
  stage: 'keys' | 'media' | 'server' | 'live' | 'ready';
  /** 0..1 within the stage (NaN when unknown). */
  fraction: number;
  /** Ids only, e.g. the case being generated. */
  detail?: string;
}

export interface DevStackOptions {
  /** Where keys, generated media and live segments are kept (created if missing). */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The demo portal's built files, served at `/`. */
  portalDir?: string;
  /** Origins allowed to call the API and fetch media with credentials (the stack's own is always allowed). */
  allowedOrigins?: readonly string[];
  /** Start the live channel (default true). */
  live?: boolean;
  /** Where the live channel writes its segments (default: `dataDir`); tests give each run its own. */
  liveDataDir?: string;
  /** Lifetime of the grants `/api/v1` hands out, whole seconds from 1 to a day (default 600). */
  grantTtlSeconds?: number;
  onProgress?: (progress: DevStackProgress) => void;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface DevStack {
  /** e.g. `http://127.0.0.1:8080`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly cases: readonly RecordedCase[];
  readonly channels: readonly LiveChannel[];
  /** Clips, harvests and status of the live channels (the embedded LiveOperations adapter). */
  readonly liveOperations: EmbeddedLiveOperations;
  stop(): Promise<void>;
}

const TENANT = 'demo';
const LIVE_START_TIMEOUT_MS = 30_000;
const LIVE_CHANNEL_ID = 'or-1';

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  if (options.grantTtlSeconds !== undefined) checkGrantTtlSeconds(options.grantTtlSeconds);
  const progress = options.onProgress ?? (() => {});
  assertFfmpeg();

  progress({ stage: 'keys', fraction: 0 });
  const keysDir = join(options.dataDir, 'keys');
  const keyPair = await loadOrCreateKeyPair(keysDir);
  if (keyPair.created) log(`generated signing key pair ${keyPair.keyPairId} in ${keysDir}`);
  const sessionSecret = await loadOrCreateSecret(join(keysDir, 'session-secret'));

  const cases = await ensureRecordedCases({
    dataDir: options.dataDir,
    onProgress: (p) => progress({ stage: 'media', fraction: p.fraction, detail: `${p.caseId} ${p.stage}` }),
    ...(options.signal ? { signal: options.signal } : {}),
  });

  progress({ stage: 'server', fraction: 0 });
  const server = createServer();
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const allowedOrigins = [url, ...(options.allowedOrigins ?? [])];

  const liveDataDir = options.liveDataDir ?? options.dataDir;
  const ingest = new LiveIngestOrigin();
  const channels: LiveChannel[] = [];
  if (options.live ?? true) {
    channels.push(
      new LiveChannel({
        id: LIVE_CHANNEL_ID,
        label: 'OR 1',
        outputDir: join(liveDataDir, 'media', 'live', LIVE_CHANNEL_ID),
        ingestUrl: `${url}/ingest/${LIVE_CHANNEL_ID}/`,
        timeUrl: `${url}/time`,
      }),
    );
  }

  const edge = createLocalEdge({
    mountPrefix: '/media/',
    mounts: [
      ...channels.map((channel) => ({ prefix: `live/${channel.id}/ll/`, origin: ingest.scoped(`${channel.id}/`), cache: 'live' as const })),
      { prefix: 'live/', origin: createFileOrigin(join(liveDataDir, 'media', 'live')), cache: 'live' as const },
      { prefix: 'vod/', origin: createFileOrigin(join(options.dataDir, 'media', 'vod')), cache: 'vod' as const },
    ],
    verifier: createCloudFrontVerifier({ publicKeys: { [keyPair.keyPairId]: keyPair.publicKey } }),
    allowedOrigins,
  });

  // Harvests of live windows become recorded assets beside the cases; clip URLs (?start=&end=) are cut from the DVR window.
  const liveOperations = createEmbeddedLiveOperations({ channels: () => channels, vodDir: join(options.dataDir, 'media', 'vod'), tenant: TENANT });
  const timeShift = createLiveTimeShiftHandler({ live: liveOperations, edgeOrigin: () => url });
  await liveOperations.restore();
  const catalogue = createInMemoryCatalogue({
    assets: () => [...cases.map((recorded) => recordedCaseEntry(recorded, TENANT)), ...liveOperations.harvestedAssets()],
    channels: () => channels.map(channelEntry),
  });
  const store = createDirectoryStore(join(options.dataDir, 'objects'));
  const audit = createAuditLog({ store });
  const vodDir = join(options.dataDir, 'media', 'vod');
  const edgePath = (path: string) => `/media/vod/${relative(vodDir, path).split(sep).join('/')}`;
  const transcoder = await createEmbeddedTranscoder({ stateDir: join(options.dataDir, 'transcoder') });
  const review = createEmbeddedReview({
    store,
    catalogue,
    audit,
    render: createTranscoderRenderService({
      transcoder,
      sourceUri: (asset) => pathToFileURL(join(vodDir, asset.id, sep)).href,
      destination: (asset) => pathToFileURL(join(vodDir, asset.id, 'renders', sep)).href,
      publicUri: (uri) => edgePath(fileURLToPath(uri)),
    }),
    preview: createManifestClipPreviewService({ caseDir: (asset) => join(vodDir, asset.id), publicUri: (asset, path) => edgePath(join(vodDir, asset.id, path)) }),
    log,
  });
  const signer = createCloudFrontSigner({ keyPairId: keyPair.keyPairId, privateKey: keyPair.privateKey });
  const apiWithGrantTtl = (grantTtlSeconds: number | undefined) =>
    toNodeListener(
      withCors(
        createApiHandler({ catalogue, signer, sessionSecret, devTokens: true, audit, review: review.api, liveOperations, ...(grantTtlSeconds ? { grantTtlSeconds } : {}) }),
        allowedOrigins,
      ),
      () => url,
    );
  const api = apiWithGrantTtl(options.grantTtlSeconds);
  const grantTtlLens = createGrantTtlLens(apiWithGrantTtl);
  const portal = options.portalDir ? createStaticFiles(options.portalDir) : undefined;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const apiRoute = path.startsWith('/api/') ? api : path.startsWith(GRANT_TTL_LENS_PREFIX) ? grantTtlLens : undefined;
    const handled = apiRoute
      ? apiRoute(req, res)
      : path.startsWith('/media/')
        ? (timeShift.handles(path, req.method) ? timeShift.handle(req, res) : edge.handle(req, res))
        : path.startsWith('/ingest/')
          ? ingest.handleIngest(req, res)
          : path === '/time' || path.startsWith('/time?')
            ? Promise.resolve(ingest.handleTime(req, res))
            : portal
              ? portal(req, res)
              : Promise.resolve(void res.writeHead(404, { 'content-type': 'text/plain' }).end('No portal configured.'));
    handled.catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  for (const channel of channels) {
    progress({ stage: 'live', fraction: 0, detail: channel.id });
    channel.on('status', (status) => log(`live channel ${channel.id}: ${status}`));
    channel.on('problem', (problem) => log(`live channel ${channel.id}: ${problem.code} (${problem.message})`));
    await channel.start();
    // Ready means playable: the first segments and the master playlist are written.
    await untilRunning(channel, LIVE_START_TIMEOUT_MS);
  }
  const resumed = await review.resume();
  if (resumed.length > 0) log(`resumed ${resumed.length} review workflow execution(s): ${resumed.join(', ')}`);
  progress({ stage: 'ready', fraction: 1 });

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    cases,
    channels,
    liveOperations,
    stop: () =>
      (stopped ??= (async () => {
        await Promise.all(channels.map((channel) => channel.stop()));
        await liveOperations.idle();
        // The workflow stops where it is (unfinished reviews resume on the next start); event streams end.
        await review.stop();
        await transcoder.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}

function channelEntry(channel: LiveChannel): CatalogueEntry<LiveChannelInfo> {
  return {
    item: {
      id: channel.id,
      tenant: TENANT,
      title: `Operating room ${channel.id.replace(/^or-/, '')} (synthetic camera)`,
      status: channel.status,
      dvrWindowSeconds: channel.dvrWindowSeconds,
      frameRate: channel.frameRate,
    },
    pathPrefix: `/media/live/${channel.id}/`,
    files: { hls: 'master.m3u8', lowLatencyDash: 'll/manifest.mpd' },
  };
}

function untilRunning(channel: LiveChannel, timeoutMs: number): Promise<void> {
  if (channel.status === 'running') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.off('status', onStatus);
      reject(new Error(`live channel ${channel.id} did not write its first segments within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    const onStatus = (status: string) => {
      if (status !== 'running') return;
      clearTimeout(timer);
      channel.off('status', onStatus);
      resolve();
    };
    channel.on('status', onStatus);
  });
}

async function loadOrCreateSecret(path: string): Promise<Buffer> {
  const existing = await readFile(path).catch(() => undefined);
  if (existing && existing.length >= 32) return existing;
  const secret = randomBytes(32);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, secret, { mode: 0o600 });
  return secret;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

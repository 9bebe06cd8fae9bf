/**
 * A real API server with the review side wired as the dev stack wires it (directory store, audit
 * log, embedded runner, embedded ffmpeg transcoder), on a data folder of the test's choosing, over
 * the recorded cases cached in .cache/test-stack. Starting it again on the same folder is a
 * restart: the workflow resumes what the last process left running.
 */
import { recordedCaseEntry } from '../../src/catalogue/recorded-case-entry.js';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, requestDevToken, type Asset, type Client } from '@surgery-video/client';
import { createApiHandler } from '../../src/api/api-handler.js';
import { createAuditLog, type AuditLog } from '../../src/audit/audit-log.js';
import { createInMemoryCatalogue } from '../../src/catalogue/media-catalogue.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { ensureRecordedCases, type RecordedCase } from '../../src/media/recorded-cases.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { loadOrCreateKeyPair } from '../../src/signing/key-pair.js';
import { createDirectoryStore, type DirectoryStore } from '../../src/storage/directory-store.js';
import { createEmbeddedTranscoder, type EmbeddedTranscoder } from '../../src/transcoder/embedded-transcoder.js';
import { createEmbeddedReview, type EmbeddedReview } from '../../src/workflow/embedded-review.js';
import { createTranscoderRenderService } from '../../src/workflow/transcoder-render-service.js';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** Cached media, shared with the dev stack tests (generated on first use). */
export const CACHE_DIR = join(REPO, '.cache', 'test-stack');

export interface ReviewTestServer {
  url: string;
  store: DirectoryStore;
  audit: AuditLog;
  review: EmbeddedReview;
  transcoder: EmbeddedTranscoder;
  clientFor(user: string): Promise<Client>;
  close(): Promise<void>;
}

export interface ReviewTestServerOptions {
  /** Objects, transcoder state and renders go here. */
  dataDir: string;
  port?: number;
  stateTimeouts?: Record<string, number>;
  heartbeatMs?: number;
  renderPollMs?: number;
  /** Where the transcoder reads an asset; default its cached case folder. */
  sourceUri?: (asset: Asset) => string;
  log?: (line: string) => void;
}

let cases: Promise<RecordedCase[]> | undefined;

export async function startReviewTestServer(options: ReviewTestServerOptions): Promise<ReviewTestServer> {
  cases ??= ensureRecordedCases({ dataDir: CACHE_DIR });
  const recorded = await cases;
  const vodDir = join(CACHE_DIR, 'media', 'vod');
  const keyPair = await loadOrCreateKeyPair(join(CACHE_DIR, 'keys'));
  await mkdir(options.dataDir, { recursive: true });
  const store = createDirectoryStore(join(options.dataDir, 'objects'));
  const audit = createAuditLog({ store });
  const catalogue = createInMemoryCatalogue({ assets: () => recorded.map((recorded) => recordedCaseEntry(recorded, 'demo')), channels: () => [] });
  const transcoder = await createEmbeddedTranscoder({ stateDir: join(options.dataDir, 'transcoder'), preset: 'ultrafast' });
  const review = createEmbeddedReview({
    store,
    catalogue,
    audit,
    render: createTranscoderRenderService({
      transcoder,
      sourceUri: options.sourceUri ?? ((asset) => pathToFileURL(join(vodDir, asset.id, sep)).href),
      destination: () => pathToFileURL(join(options.dataDir, 'renders', sep)).href,
    }),
    ...(options.stateTimeouts ? { stateTimeouts: options.stateTimeouts } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    renderPollMs: options.renderPollMs ?? 100,
    ...(options.log ? { log: options.log } : {}),
  });
  const handler = createApiHandler({
    catalogue,
    signer: createCloudFrontSigner({ keyPairId: keyPair.keyPairId, privateKey: keyPair.privateKey }),
    sessionSecret: Buffer.alloc(32, 9),
    devTokens: true,
    audit,
    review: review.api,
  });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', toNodeListener(handler, () => url));
  await review.resume();
  let closed: Promise<void> | undefined;
  return {
    url,
    store,
    audit,
    review,
    transcoder,
    clientFor: async (user) => createClient({ baseUrl: url, token: await requestDevToken(url, user) }),
    close: () =>
      (closed ??= (async () => {
        await review.stop();
        await transcoder.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}


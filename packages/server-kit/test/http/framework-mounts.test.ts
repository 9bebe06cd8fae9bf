/**
 * The API handler mounted in the frameworks a host portal already runs, through the node adapter:
 * a real Express 5 app (under `app.use('/api', …)`, with and without `express.json()` in front of
 * it) and a real Fastify 5 app (a catch-all route under the `/api` prefix, with a content-type
 * parser that leaves the body unread, and `reply.hijack()`), each on port 0, called by fetch as a
 * browser or the typed client would: the asset list, an edit created from a JSON body, a bad body
 * refused naming the field, and the event stream's first event.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import express from 'express';
import Fastify from 'fastify';
import type { Asset, Edit } from '@surgery-video/client';
import { createApiHandler, type ApiHandler } from '../../src/api/api-handler.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import { createEmbeddedTranscoder, type EmbeddedTranscoder } from '../../src/transcoder/embedded-transcoder.js';
import { createEmbeddedReview, type EmbeddedReview } from '../../src/workflow/embedded-review.js';
import { createTranscoderRenderService } from '../../src/workflow/transcoder-render-service.js';

const asset = (id: string, tenant: string): CatalogueEntry<Asset> => ({
  item: { id, tenant, title: `Case ${id}`, kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
  pathPrefix: `/media/vod/${id}/`,
  files: { hls: 'master.m3u8' },
});

interface Mounted {
  url: string;
  close(): Promise<void>;
}

let dataDir: string;
let transcoder: EmbeddedTranscoder;
let review: EmbeddedReview;
let handler: ApiHandler;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framework-mounts-'));
  const catalogue = createInMemoryCatalogue({ assets: () => [asset('case-001', 'demo'), asset('case-x', 'other')], channels: () => [] });
  transcoder = await createEmbeddedTranscoder({ stateDir: join(dataDir, 'transcoder') });
  review = createEmbeddedReview({
    store: createDirectoryStore(join(dataDir, 'objects')),
    catalogue,
    render: createTranscoderRenderService({ transcoder, sourceUri: (a) => `file:///nowhere/${a.id}/`, destination: () => `file://${dataDir}/renders/` }),
  });
  handler = createApiHandler({
    catalogue,
    signer: createCloudFrontSigner({ keyPairId: 'KTESTKEYPAIR01', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    sessionSecret: Buffer.alloc(32, 5),
    devTokens: true,
    review: review.api,
  });
});
after(async () => {
  await review.stop();
  await transcoder.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function inExpress(options: { jsonParserFirst: boolean }): Promise<Mounted> {
  const app = express();
  let url = '';
  // A portal's own JSON routes often sit behind a global express.json(); the adapter sends on what it parsed.
  if (options.jsonParserFirst) app.use(express.json());
  app.get('/portal/health', (_req, res) => void res.json({ portal: 'ok' }));
  // Mounted under /api: Express strips it from req.url; the adapter reads req.originalUrl.
  app.use('/api', toNodeListener(handler, () => url));
  // The portal's own error handler (express.json() passes malformed JSON here, not to the API).
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(error.status ?? 500).json({ portalError: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => closeServer(server) };
}

async function inFastify(): Promise<Mounted> {
  const app = Fastify();
  let url = '';
  const listener = toNodeListener(handler, () => url);
  await app.register(
    async (api) => {
      // Leave every body unread for the API's own parser (its JSON errors name the field).
      api.removeAllContentTypeParsers();
      api.addContentTypeParser('*', (_request, _payload, done) => done(null));
      api.all('/*', async (request, reply) => {
        reply.hijack();
        await listener(request.raw, reply.raw);
      });
    },
    { prefix: '/api' },
  );
  app.get('/portal/health', async () => ({ portal: 'ok' }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

const mounts: [name: string, start: () => Promise<Mounted>, ownsMalformedJson: boolean][] = [
  ['Express 5, app.use("/api", …)', () => inExpress({ jsonParserFirst: false }), true],
  ['Express 5, behind a global express.json()', () => inExpress({ jsonParserFirst: true }), false],
  ['Fastify 5, /api/* with a pass-through body parser and reply.hijack()', inFastify, true],
];

for (const [name, start, ownsMalformedJson] of mounts) {
  describe(`the API mounted in ${name}`, () => {
    let mounted: Mounted;
    let token: string;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${mounted.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });

    before(async () => {
      mounted = await start();
      const issued = await fetch(`${mounted.url}/api/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'trainee-1' }) });
      assert.equal(issued.status, 201, await issued.clone().text());
      token = ((await issued.json()) as { token: string }).token;
    });
    after(() => mounted.close());

    it('GET /api/v1/assets with a dev token lists the tenant\'s assets; the portal\'s own routes still answer', async () => {
      const response = await api('/assets');
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as { items: Asset[] }).items.map((a) => [a.id, a.tenant]), [['case-001', 'demo']]);
      assert.deepEqual(await (await fetch(`${mounted.url}/portal/health`)).json(), { portal: 'ok' });
      assert.equal((await fetch(`${mounted.url}/api/v1/assets`)).status, 401);
    });

    it('POST /api/v1/edits with a JSON body creates the edit, readable back', async () => {
      const response = await api('/edits', { method: 'POST', body: JSON.stringify({ assetId: 'case-001', title: `Mounted in ${name}`, segments: [{ start: 1, end: 3.5 }] }) });
      assert.equal(response.status, 201, await response.clone().text());
      const created = (await response.json()) as Edit;
      assert.deepEqual([created.title, created.segments, created.createdBy, created.version], [`Mounted in ${name}`, [{ start: 1, end: 3.5 }], 'trainee-1', 1]);
      assert.deepEqual(await (await api(`/edits/${created.id}`)).json(), created);
    });

    it('a bad body is refused with 400 naming the field', async () => {
      const response = await api('/edits', { method: 'POST', body: JSON.stringify({ assetId: 'case-001', segments: [{ start: 1, end: 2 }] }) });
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: { code: string; field: string } };
      assert.deepEqual([error.code, error.field], ['invalid-edit', 'title']);
      const malformed = await api('/edits', { method: 'POST', body: '{"assetId": "case-001",' });
      assert.equal(malformed.status, 400);
      // In front of the mount, express.json() answers malformed JSON itself, before the API sees it.
      const answer = (await malformed.json()) as { error?: { code: string }; portalError?: boolean };
      assert.deepEqual(answer, ownsMalformedJson ? { error: answer.error } : { portalError: true });
      if (ownsMalformedJson) assert.equal(answer.error?.code, 'invalid-json');
    });

    it('GET /api/v1/events streams server-sent events, starting with `ready`', async () => {
      const controller = new AbortController();
      const response = await api('/events', { headers: { accept: 'text/event-stream' }, signal: controller.signal });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      while (!received.includes('\n\n') || !/event: ready\n/.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
      controller.abort();
      await reader.cancel().catch(() => {});
      assert.match(received, /event: ready\ndata: /);
    });
  });
}

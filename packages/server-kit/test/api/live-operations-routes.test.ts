/**
 * The live operations routes through createApiHandler and the typed client, over the embedded
 * adapter and a real live channel (ffmpeg in real time: one 180p rendition, no LL-DASH, one short
 * harvest, so the whole file stays well under 30 s): who may ask what (the access table's cells
 * as HTTP answers), tenant isolation, bodies refused naming the field with nothing started, and a
 * harvest that becomes a completed job with an audit entry.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, createClient, requestDevToken, type Client, type LiveChannel as LiveChannelItem, type LiveHarvest } from '@surgery-video/client';
import { createApiHandler } from '../../src/api/api-handler.js';
import { createAuditLog, type AuditLog } from '../../src/audit/audit-log.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { createEmbeddedLiveOperations, type EmbeddedLiveOperations } from '../../src/live/embedded-live-operations.js';
import { LiveChannel } from '../../src/live/live-channel.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const listed = (id: string, tenant: string): CatalogueEntry<LiveChannelItem> => ({
  item: { id, tenant, title: `OR ${id}`, status: 'running', dvrWindowSeconds: 660, frameRate: 30 },
  pathPrefix: `/media/live/${id}/`,
  files: { hls: 'master.m3u8' },
});

async function until<T>(probe: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const refused = (status: number, code: string, field?: string) => (error: unknown) =>
  error instanceof ApiError && error.status === status && error.code === code && (field === undefined || error.field === field);

describe('live operations routes (embedded adapter, real live channel)', { timeout: 60_000 }, () => {
  let dir: string;
  let channel: LiveChannel;
  let live: EmbeddedLiveOperations;
  let audit: AuditLog;
  let server: Server;
  let baseUrl: string;
  const clients = new Map<string, Client>();
  const as = (user: string) => clients.get(user)!;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-ops-routes-'));
    channel = new LiveChannel({ id: 'or-7', outputDir: join(dir, 'live'), lowLatency: false, renditions: [{ width: 320, height: 180, bitrateKbps: 300 }] });
    live = createEmbeddedLiveOperations({ channels: () => [channel], vodDir: join(dir, 'vod'), tenant: 'demo' });
    audit = createAuditLog({ store: createDirectoryStore(join(dir, 'objects')) });
    const handler = createApiHandler({
      // or-8 belongs to another tenant; or-9 is listed for demo but no live operations run it.
      catalogue: createInMemoryCatalogue({ assets: () => [], channels: () => [listed('or-7', 'demo'), listed('or-8', 'other'), listed('or-9', 'demo')] }),
      signer: createCloudFrontSigner({ keyPairId: 'KTESTKEYPAIR01', privateKey }),
      sessionSecret: Buffer.alloc(32, 5),
      devTokens: true,
      audit,
      liveOperations: live,
    });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', toNodeListener(handler, () => baseUrl));
    for (const user of ['admin-1', 'specialist-1', 'trainee-1', 'clinician-1', 'trainee-9']) clients.set(user, createClient({ baseUrl, token: await requestDevToken(baseUrl, user) }));
    await channel.start();
    await until(async () => channel.status === 'running' && (await live.channelStatus())[0]?.state === 'running', 20_000, 'the channel to run');
  });

  after(async () => {
    await live?.idle();
    await channel?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers each role as the access table says: status for admins, harvests for admins and specialists', async () => {
    // A harvest body that is refused once access is granted (400), so that no job starts here.
    const probeBody = { start: 10, end: 5 };
    const expected = { 'admin-1': [200, 400, 404], 'specialist-1': [403, 400, 404], 'trainee-1': [403, 403, 403], 'clinician-1': [403, 403, 403] } as const;
    for (const [user, [status, harvest, harvestStatus]] of Object.entries(expected)) {
      const answer = (call: Promise<unknown>) => call.then(() => 200, (error: unknown) => (error instanceof ApiError ? error.status : -1));
      assert.equal(await answer(as(user).live.status('or-7')), status, `${user} GET /live/or-7/status`);
      assert.equal(await answer(as(user).live.harvest('or-7', probeBody)), harvest, `${user} POST /live/or-7/harvest`);
      assert.equal(await answer(as(user).live.harvestStatus('or-7', 'or-7:never-started')), harvestStatus, `${user} GET /live/or-7/harvests/…`);
    }
    await assert.rejects(as('trainee-1').live.status('or-7'), (error: unknown) => error instanceof ApiError && error.code === 'forbidden' && /live\.status/.test(error.message), 'the refusal names the action');
  });

  it('shows the admin the running channel, and nothing of another tenant\'s or an unrun channel', async () => {
    const status = await as('admin-1').live.status('or-7');
    assert.equal(status.channelId, 'or-7');
    assert.equal(status.state, 'running');
    assert.deepEqual(status.pipelines, [{ id: '0', activeInput: 'synthetic-camera' }]);
    assert.deepEqual(status.inputs, ['synthetic-camera']);
    await assert.rejects(as('admin-1').live.status('or-8'), refused(404, 'not-found'), 'another tenant\'s channel does not exist for demo');
    await assert.rejects(as('admin-1').live.status('or-9'), refused(404, 'not-found'));
    await assert.rejects(as('admin-1').live.harvest('or-8', { start: 1_800_000_000, end: 1_800_000_002 }), refused(404, 'not-found'));
    await assert.rejects(as('trainee-9').live.harvest('or-8', { start: 1_800_000_000, end: 1_800_000_002 }), refused(403, 'forbidden'), 'trainees may not harvest, in any tenant');
  });

  it('refuses a bad harvest body naming the field, and starts nothing', async () => {
    const admin = as('admin-1');
    const start = Math.floor(Date.now() / 1000) - 2;
    const cases: [body: Record<string, unknown>, field: string][] = [
      [{ end: start + 2 }, 'start'],
      [{ start, end: 'soon' }, 'end'],
      [{ start: start + 0.5, end: start + 2 }, 'start'],
      [{ start, end: start }, 'end'],
      [{ start, end: start + 25 * 3600 }, 'end'],
      [{ start, end: start + 2, assetId: '../etc' }, 'assetId'],
      [{ start, end: start + 2, assetId: 'bad-1', title: 'Mr Smith' }, 'title'],
    ];
    for (const [body, field] of cases) {
      await assert.rejects(admin.live.harvest('or-7', body as never), refused(400, field === 'title' ? 'invalid-body' : 'bad-input', field), JSON.stringify(body));
    }
    const notJson = await fetch(`${baseUrl}/api/v1/live/or-7/harvest`, { method: 'POST', headers: { authorization: `Bearer ${await requestDevToken(baseUrl, 'admin-1')}` }, body: 'start=1' });
    assert.equal(notJson.status, 415);
    await assert.rejects(admin.live.harvestStatus('or-7', 'bad-1'), refused(404, 'not-found'), 'the refused body started no job');
    await assert.rejects(admin.live.harvestStatus('or-7', `or-7-${start}-${start + 2}`), refused(404, 'not-found'));
    assert.equal((await audit.read('demo')).entries.length, 0, 'nothing refused is audited');
  });

  it('turns a window of the channel into a recorded asset: 202, the same job again, polled to completed, audited by id', async () => {
    const specialist = as('specialist-1');
    const start = Math.floor(Date.now() / 1000) - 1;
    const window = { start, end: start + 2 };
    const response = await fetch(`${baseUrl}/api/v1/live/or-7/harvest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await requestDevToken(baseUrl, 'specialist-1')}`, 'content-type': 'application/json', 'x-correlation-id': 'mark.42' },
      body: JSON.stringify(window),
    });
    assert.equal(response.status, 202);
    const job = (await response.json()) as LiveHarvest;
    const assetId = `or-7-${start}-${start + 2}`;
    assert.equal(job.id, `or-7:${assetId}`, 'without assetId the asset is named after the channel and window');
    assert.equal(response.headers.get('location'), `/api/v1/live/or-7/harvests/${encodeURIComponent(job.id)}`);
    assert.deepEqual({ channelId: job.channelId, assetId: job.assetId, window: job.window }, { channelId: 'or-7', assetId, window });
    assert.ok(['queued', 'in-progress'].includes(job.state), job.state);

    const again = await specialist.live.harvest('or-7', { ...window, assetId });
    assert.equal(again.id, job.id, 'the same window and asset again is the same job');
    await assert.rejects(specialist.live.harvest('or-7', { start, end: start + 3, assetId }), refused(409, 'conflict', 'assetId'));

    const done = await until(async () => {
      const status = await specialist.live.harvestStatus('or-7', job.id);
      return status.state === 'completed' || status.state === 'failed' ? status : undefined;
    }, 20_000, 'the harvest to finish');
    assert.equal(done.message, undefined);
    assert.deepEqual(done, { id: job.id, channelId: 'or-7', assetId, state: 'completed', progress: 1, window });
    assert.deepEqual(await as('admin-1').live.harvestStatus('or-7', assetId), done, 'the asset id alone names the job too');
    await assert.rejects(as('admin-1').live.harvestStatus('or-9', job.id), refused(404, 'not-found'), 'a job is read under its own channel only');
    assert.ok(live.harvestedAssets().some((entry) => entry.item.id === assetId), 'the harvested asset is listed for the catalogue');

    const entries = (await audit.read('demo')).entries.filter((entry) => entry.action === 'live.harvest');
    assert.equal(entries.length, 2, 'each accepted request is audited');
    assert.deepEqual(
      entries.map(({ actor, target, correlationId }) => ({ actor, target, correlationId })),
      [
        { actor: 'specialist-1', target: { type: 'harvest', id: job.id }, correlationId: 'mark.42' },
        { actor: 'specialist-1', target: { type: 'harvest', id: job.id }, correlationId: entries[1]!.correlationId },
      ],
    );
  });
});

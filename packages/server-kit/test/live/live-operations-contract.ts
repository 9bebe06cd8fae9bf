/**
 * The live operations port's contract: what every adapter (the embedded live channel, MediaLive +
 * MediaPackage v2) does, checked through the port alone. Each adapter's test file calls
 * `describeLiveOperationsContract` with a subject that says which channel runs and how many
 * harvest jobs its far end really holds (folders written; jobs the recording endpoint created).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LiveOperationsError, withTimeShift, type HarvestStatus, type LiveOperations, type TimeWindow } from '../../src/live/live-operations.js';

export interface LiveOperationsContractSubject {
  live: LiveOperations;
  /** A channel that is running. */
  channelId: string;
  /** A window inside the channel's DVR window that has fully happened. */
  pastWindow(): Promise<TimeWindow>;
  /** How many harvest jobs the far end holds. */
  harvestCount(): Promise<number>;
  close(): Promise<void>;
}

const SETTLE_LIMIT_MS = 20_000;

async function settle(live: LiveOperations, id: string): Promise<HarvestStatus> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (;;) {
    const status = await live.harvestStatus(id);
    assert.ok(['queued', 'in-progress', 'completed', 'failed', 'cancelled'].includes(status.state), status.state);
    if (status.state !== 'queued' && status.state !== 'in-progress') return status;
    if (Date.now() > deadline) throw new Error(`harvest ${id} did not finish within ${SETTLE_LIMIT_MS / 1000} s`);
    await sleep(100);
  }
}

export function describeLiveOperationsContract(name: string, makeSubject: () => Promise<LiveOperationsContractSubject>): void {
  describe(`LiveOperations contract: ${name}`, () => {
    let subject: LiveOperationsContractSubject;
    before(async () => {
      subject = await makeSubject();
    });
    after(() => subject?.close());

    it('playback gives signable paths under one folder, and a time-shift window', async () => {
      const playback = await subject.live.playback(subject.channelId);
      assert.equal(playback.channelId, subject.channelId);
      assert.match(playback.pathPrefix, /^\/.*\/$/);
      assert.match(playback.hls, /\.m3u8$/);
      for (const path of [playback.hls, playback.lowLatencyHls, playback.dash, playback.lowLatencyDash]) {
        if (path !== undefined) assert.ok(path.startsWith(playback.pathPrefix), `${path} lies under ${playback.pathPrefix}`);
      }
      assert.ok(playback.timeShiftWindowSeconds > 0);
      await assert.rejects(subject.live.playback('no-such-channel'), { name: 'LiveOperationsError', code: 'not-found', field: 'channelId' });
    });

    it('clipUrl is the HLS path with ?start=&end=, refusing windows outside the DVR window or malformed', async () => {
      const window = await subject.pastWindow();
      const playback = await subject.live.playback(subject.channelId);
      assert.equal(await subject.live.clipUrl(subject.channelId, window, 'hls'), withTimeShift(playback.hls, window));
      const old = Math.floor(Date.now() / 1000) - 2 * 86_400;
      await assert.rejects(subject.live.clipUrl(subject.channelId, { start: old, end: old + 60 }, 'hls'), { code: 'outside-window' });
      await assert.rejects(subject.live.clipUrl(subject.channelId, { start: window.end, end: window.start }, 'hls'), { code: 'bad-input', field: 'window.end' });
    });

    it('harvest makes one job per asset, idempotent for the same request, and it completes', async () => {
      const window = await subject.pastWindow();
      const before = await subject.harvestCount();
      const request = { channelId: subject.channelId, ...window, assetId: 'contract-mark-1', correlationId: 'contract-corr-1' };
      const id = await subject.live.harvest(request);
      assert.equal(id, `${subject.channelId}:contract-mark-1`);
      assert.equal(await subject.live.harvest(request), id);
      await assert.rejects(subject.live.harvest({ ...request, end: request.end + 1 }), (error: unknown) => error instanceof LiveOperationsError && error.code === 'conflict');
      const done = await settle(subject.live, id);
      assert.equal(done.state, 'completed', done.message);
      assert.equal(done.progress, 1);
      assert.deepEqual([done.id, done.channelId, done.assetId, done.window], [id, subject.channelId, 'contract-mark-1', window]);
      assert.equal(await subject.harvestCount(), before + 1, 'the far end holds one job for the asset');
    });

    it('harvestStatus of an unknown job is not-found; a malformed id names the field', async () => {
      await assert.rejects(subject.live.harvestStatus(`${subject.channelId}:never-harvested`), { code: 'not-found' });
      await assert.rejects(subject.live.harvestStatus('not-an-id'), { code: 'bad-input', field: 'id' });
    });

    it('channelStatus lists the running channel with its pipelines and inputs', async () => {
      const status = (await subject.live.channelStatus()).find((entry) => entry.channelId === subject.channelId);
      assert.ok(status, 'the channel is listed');
      assert.equal(status.state, 'running', status.detail);
      assert.ok(status.pipelines.length >= 1);
      assert.ok(status.pipelines.some((pipeline) => pipeline.activeInput !== undefined));
      assert.ok(status.inputs.length >= 1);
    });
  });
}

/**
 * The dev stack serves the routes a host portal's admin needs, wired to its own ports: the
 * assignable specialists from its dev users, and the live channel's status from its embedded live
 * operations. No harvest here (live-operations-routes.test.ts runs one), so the shared media cache
 * gains no asset.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, createClient, requestDevToken } from '@surgery-video/client';
import { withDevStack } from '../../src/dev/with-dev-stack.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = `${repo}.cache/test-stack`;

// 300 s: on a clean clone the first test that starts the stack also generates the sample media (about 100 s on 2 cores).
describe('dev stack: specialists and live operations routes', { timeout: 300_000 }, () => {
  it('lists the dev specialists to the admin and shows the live channel\'s status', async () => {
    const liveDataDir = await mkdtemp(join(tmpdir(), 'dev-stack-host-routes-'));
    after(() => rm(liveDataDir, { recursive: true, force: true }));
    await withDevStack({ dataDir, live: true, liveDataDir }, async (stack) => {
      const as = async (user: string) => createClient({ baseUrl: stack.url, token: await requestDevToken(stack.url, user) });
      const admin = await as('admin-1');
      assert.deepEqual((await admin.specialists.list()).map((s) => [s.id, s.specialty]), [
        ['specialist-1', 'general-surgery'],
        ['specialist-2', 'orthopaedics'],
      ]);

      let status = await admin.live.status('or-1');
      for (const until = Date.now() + 20_000; status.state !== 'running' && Date.now() < until; status = await admin.live.status('or-1')) await sleep(200);
      assert.equal(status.state, 'running', status.detail);
      assert.equal(status.channelId, 'or-1');

      const specialist = await as('specialist-1');
      await assert.rejects(specialist.live.status('or-1'), (error: unknown) => error instanceof ApiError && error.status === 403);
      await assert.rejects(specialist.live.harvest('or-1', { start: 2, end: 1 }), (error: unknown) => error instanceof ApiError && error.status === 400 && error.field === 'end');
      await assert.rejects((await as('trainee-1')).live.harvest('or-1', { start: 1, end: 2 }), (error: unknown) => error instanceof ApiError && error.status === 403);
    });
  });
});

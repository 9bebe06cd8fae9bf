/**
 * The review as the local dev stack runs it: the workflow is wired to the stack's store, resumes
 * after a restart of the stack, writes the instant preview and the render beside the case, and the
 * published render plays through the edge under the case's own grant, for anyone in the tenant.
 *
 * The stack runs on a fresh data folder whose recorded cases are the cached ones (a symlink), so
 * no media is generated and no workflow state is left in the shared cache.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, rmdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import { createClient, requestDevToken, type Client, type PlaybackGrant } from '@surgery-video/client';
import { withDevStack } from '../../src/dev/with-dev-stack.js';
import { ensureRecordedCases } from '../../src/media/recorded-cases.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import { getJson } from '../../src/storage/object-store.js';
import { executionKey, type ExecutionRecord } from '../../src/workflow/execution-store.js';
import { reviewExecutionName } from '../../src/workflow/review-workflow.js';
import { CACHE_DIR } from './review-test-server.js';

let dataDir: string;
const written: string[] = [];

before(async () => {
  // On a clean clone this may be the first test to need the cached cases: make sure they exist.
  await ensureRecordedCases({ dataDir: CACHE_DIR });
  dataDir = await mkdtemp(join(tmpdir(), 'dev-stack-review-'));
  await mkdir(join(dataDir, 'media'), { recursive: true });
  await symlink(join(CACHE_DIR, 'media', 'vod'), join(dataDir, 'media', 'vod'));
});
after(async () => {
  // The preview and the render were written into the cached case folder: take them out again.
  await Promise.all(written.map((path) => rm(path, { recursive: true, force: true })));
  // …and their folders, unless something else keeps files there.
  await Promise.all(written.map((path) => rmdir(dirname(path)).catch(() => {})));
  await rm(dataDir, { recursive: true, force: true });
});

const as = async (url: string, user: string): Promise<Client> => createClient({ baseUrl: url, token: await requestDevToken(url, user) });
const cookieOf = (grant: PlaybackGrant) => Object.entries(grant.cookies).map(([name, value]) => `${name}=${value}`).join('; ');

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// 300 s: on a clean clone the first test that starts the stack also generates the sample media (about 100 s on 2 cores).
it('runs the review on the dev stack, across a restart, to a render anyone in the tenant can play', { timeout: 300_000 }, async () => {
  const store = createDirectoryStore(join(dataDir, 'objects'));
  const { editId, execution } = await withDevStack({ dataDir, live: false }, async (stack) => {
    const trainee = await as(stack.url, 'trainee-1');
    const edit = await trainee.edits.create({ assetId: 'case-001', title: 'On the dev stack', segments: [{ start: 4, end: 7 }] });
    const submitted = await trainee.reviews.submit(edit.id);
    written.push(join(CACHE_DIR, 'media', 'vod', 'case-001', 'clips', `${edit.id}-v${submitted.version}`));
    const name = reviewExecutionName('demo', edit.id, submitted.version);
    const record = await until(async () => {
      const found = (await getJson<ExecutionRecord>(store, executionKey('demo', name)))?.value;
      return found?.steps.some((step) => step.state === 'AwaitAssignment') ? found : undefined;
    }, 'the assignment wait');
    const preview = record.steps.find((step) => step.state === 'InstantPreview')?.outcome;
    assert.ok(preview?.ok);
    const previewUri = (preview.output as { uri: string }).uri;
    assert.equal(previewUri, `/media/vod/case-001/clips/${edit.id}-v${submitted.version}/master.m3u8`);
    const grant = await trainee.assets.grant('case-001');
    const playlist = await fetch(`${stack.url}${previewUri}`, { headers: { cookie: cookieOf(grant) } });
    assert.equal(playlist.status, 200, 'the instant preview plays under the case\'s grant');
    assert.match(await playlist.text(), /^#EXTM3U/);
    return { editId: edit.id, execution: name };
  });

  const lines: string[] = [];
  await withDevStack({ dataDir, live: false, log: (line) => lines.push(line) }, async (stack) => {
    assert.ok(lines.some((line) => line.includes(`resumed 1 review workflow execution(s): ${execution}`)), lines.join('\n'));
    await (await as(stack.url, 'admin-1')).reviews.assign(editId, 'specialist-1');
    const specialist = await as(stack.url, 'specialist-1');
    await specialist.reviews.start(editId);
    const returned = await specialist.reviews.returnToAuthor(editId, 'Clear view.');
    written.push(join(CACHE_DIR, 'media', 'vod', 'case-001', 'renders', `${editId}-v${returned.version}`));
    const classmate = await as(stack.url, 'trainee-2');
    await until(async () => ((await classmate.edits.get(editId).catch(() => undefined))?.status === 'published' ? true : undefined), 'publication');
    const publication = await classmate.edits.publication(editId);
    assert.equal(publication.outputs?.hls, `/media/vod/case-001/renders/${editId}-v${returned.version}/cmaf/index.m3u8`);
    const grant = await classmate.assets.grant('case-001');
    for (const path of [publication.outputs.hls, publication.outputs.mp4!]) {
      const refused = await fetch(`${stack.url}${path}`);
      assert.equal(refused.status, 403, `${path} needs a grant`);
      const played = await fetch(`${stack.url}${path}`, { headers: { cookie: cookieOf(grant) } });
      assert.equal(played.status, 200, `${path} plays under the case's grant`);
      await played.arrayBuffer();
    }
  });
});

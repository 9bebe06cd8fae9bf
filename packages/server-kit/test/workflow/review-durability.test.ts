/**
 * The review workflow survives its process being killed (`kill -9`) at each state: after the
 * submission, while waiting for the assignment, while waiting for the specialist's return, and in
 * the middle of the render. Each time a new process starts on the same data folder, resumes the
 * execution, and the review goes on to `published` with nothing lost and no step done twice
 * (the execution's step records, the audit log and the render jobs say so).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { createClient, requestDevToken, type Client } from '@surgery-video/client';
import { readAudit, verifyAuditChain } from '../../src/audit/audit-log.js';
import { createDirectoryStore } from '../../src/storage/directory-store.js';
import { getJson } from '../../src/storage/object-store.js';
import { executionKey, type ExecutionRecord } from '../../src/workflow/execution-store.js';
import { reviewExecutionName } from '../../src/workflow/review-workflow.js';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./review-server-process.ts', import.meta.url));

let dataDir: string;
const children = new Set<ChildProcess>();
before(async () => (dataDir = await mkdtemp(join(tmpdir(), 'review-durability-'))));
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

interface Running {
  url: string;
  child: ChildProcess;
  /** What the process logged (the workflow says where it resumed). */
  log(): string;
  as(user: string): Promise<Client>;
}

async function startProcess(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server process exited (${code}) before listening: ${stderr}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, child, log: () => stderr, as: async (user) => createClient({ baseUrl: url, token: await requestDevToken(url, user) }) };
}

/** SIGKILL: no clean-up of any kind runs in the process. */
async function kill9(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
  children.delete(running.child);
}

const store = () => createDirectoryStore(join(dataDir, 'objects'));

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('carries a review on to published across kill -9 at every state, doing no step twice', { timeout: 60_000 }, async () => {
  // 1. Submitted, then killed at once.
  let server = await startProcess();
  const trainee = await server.as('trainee-1');
  const draft = await trainee.edits.create({ assetId: 'case-001', title: 'Survives crashes', segments: [{ start: 5, end: 17 }, { start: 30, end: 36 }] });
  const submitted = await trainee.reviews.submit(draft.id);
  const name = reviewExecutionName('demo', draft.id, submitted.version);
  const execution = async () => (await getJson<ExecutionRecord>(store(), executionKey('demo', name)))?.value;
  await kill9(server);

  // 2. Killed while waiting for the assignment.
  server = await startProcess();
  await until(async () => (server.log().includes('(run 2)') ? true : undefined), 'the resume');
  assert.match(server.log(), new RegExp(`workflow ${name}: resumed at (its start|InstantPreview|AwaitAssignment) \\(run 2\\)`));
  await until(async () => ((await execution())?.steps.some((step) => step.state === 'AwaitAssignment' && !step.outcome) ? true : undefined), 'the assignment wait');
  await kill9(server);

  // 3. Assigned after the restart, then killed while waiting for the specialist.
  server = await startProcess();
  await until(async () => (server.log().includes('(run 3)') ? true : undefined), 'the resume');
  assert.match(server.log(), /resumed at AwaitAssignment \(run 3\)/);
  await (await server.as('admin-1')).reviews.assign(draft.id, 'specialist-1');
  await until(async () => ((await execution())?.steps.some((step) => step.state === 'AwaitReturn' && !step.outcome) ? true : undefined), 'the review wait');
  await kill9(server);

  // 4. Reviewed and returned after the restart, then killed in the middle of the render.
  server = await startProcess();
  await until(async () => (server.log().includes('(run 4)') ? true : undefined), 'the resume');
  assert.match(server.log(), /resumed at AwaitReturn \(run 4\)/);
  const specialist = await server.as('specialist-1');
  const started = await specialist.reviews.start(draft.id);
  await specialist.edits.update({ ...started, annotations: [{ id: 'kept', time: 6, kind: 'mistake', text: 'Too close to the duct.', author: 'specialist-1', createdAt: new Date().toISOString() }] });
  const returned = await specialist.reviews.returnToAuthor(draft.id, 'Review after two crashes.');
  const jobId = `${name}-r1`;
  await until(async () => {
    const job = await (await server.as('trainee-1')).jobs.get(jobId).catch(() => undefined);
    return job?.status === 'running' && job.progress > 0 ? job : undefined;
  }, 'the render to be under way');
  await kill9(server);

  // 5. The last process finishes the render and publishes.
  server = await startProcess();
  await until(async () => (server.log().includes('(run 5)') ? true : undefined), 'the resume');
  assert.match(server.log(), /resumed at Render \(run 5\)/);
  const reader = await server.as('trainee-2');
  // trainee-2 may read it only once it is published: until then the API says 403.
  await until(async () => ((await reader.edits.get(draft.id).catch(() => undefined))?.status === 'published' ? true : undefined), 'publication', 40_000);
  const published = await reader.edits.get(draft.id);
  assert.equal(published.annotations[0]?.text, 'Too close to the duct.', 'the specialist\'s annotation was kept');
  assert.equal(published.review?.verdict, 'Review after two crashes.');
  const publication = await reader.edits.publication(draft.id);
  assert.equal(publication.jobId, jobId);
  await access(fileURLToPath(publication.outputs!.mp4!));

  // The edit is published by the last step; the execution ends just after it.
  const record = await until(async () => {
    const found = await execution();
    return found?.status === 'running' ? undefined : found;
  }, 'the execution to end');
  assert.equal(record.status, 'succeeded');
  assert.equal(record.runs, 5, 'started once, resumed by each of the four processes after it');
  assert.deepEqual(
    record.steps.map((step) => `${step.state}#${step.occurrence}`),
    ['InstantPreview#1', 'AwaitAssignment#1', 'AwaitReturn#1', 'Render#1', 'Publish#1'],
    'each step entered once and completed once',
  );
  assert.ok(record.steps.every((step) => step.outcome?.ok));
  const job = await (await server.as('trainee-1')).jobs.get(jobId);
  assert.deepEqual([job.status, job.progress, job.editVersion], ['succeeded', 1, returned.version]);
  assert.deepEqual((await store().list('tenants/demo/jobs/')).items.map((item) => item.key), [`tenants/demo/jobs/${jobId}.json`], 'one render job');
  assert.deepEqual((await store().list('workflow/running/')).items, [], 'nothing left to resume');

  const { entries } = await readAudit(store(), 'demo', { limit: 1000 });
  assert.deepEqual(
    entries.filter((entry) => entry.target.id === draft.id).map((entry) => `${entry.actor} ${entry.action}`),
    ['trainee-1 edit.create', 'trainee-1 review.submit', 'admin-1 review.assign', 'specialist-1 review.start', 'specialist-1 edit.update', 'specialist-1 review.return', 'system review.publish'],
  );
  assert.equal((await verifyAuditChain(store(), 'demo')).ok, true);
  await kill9(server);
});

/**
 * `GET /api/v1/events` as a browser and a Node client see it: server-sent events with a `ready`
 * event, heartbeats, the token in the query for EventSource, only what the user may see, and
 * nothing left behind on the server when the client goes away or the server stops.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requestDevToken, type ServerEvent } from '@surgery-video/client';
import { startReviewTestServer, type ReviewTestServer } from '../api/review-test-server.js';

let dataDir: string;
let server: ReviewTestServer;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'events-'));
  server = await startReviewTestServer({ dataDir, heartbeatMs: 50 });
});
after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Reads the stream as text until `done(text)` holds. */
async function readUntil(response: Response, done: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`the stream did not say what was expected; it said: ${text}`);
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('event stream', () => {
  it('takes the token from ?access_token= for event streams (EventSource cannot set headers), and sends ready, retry and heartbeats', async () => {
    const token = await requestDevToken(server.url, 'trainee-1');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/events?access_token=${token}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await readUntil(response, (seen) => seen.includes(': heartbeat'));
    assert.match(text, /^retry: \d+\n\nevent: ready\ndata: \{"user":"trainee-1"\}\n\n/);
    controller.abort();

    const notAStream = await fetch(`${server.url}/api/v1/edits?access_token=${token}`);
    assert.equal(notAStream.status, 401, 'a token in the query is for event streams only');
    const noToken = await fetch(`${server.url}/api/v1/events`, { headers: { accept: 'text/event-stream' } });
    assert.equal(noToken.status, 401);
  });

  it('sends each user only what they may see', async () => {
    const [author, admin, otherTenant] = await Promise.all(['trainee-1', 'admin-1', 'trainee-9'].map((user) => server.clientFor(user)));
    const heard: Record<string, ServerEvent[]> = { author: [], admin: [], otherTenant: [] };
    const stops = await Promise.all(
      Object.entries({ author, admin, otherTenant }).map(
        ([who, client]) => new Promise<() => void>((resolve) => {
          const stop = client!.events.subscribe((event) => heard[who]!.push(event), { onOpen: () => resolve(stop) });
        }),
      ),
    );
    const edit = await author!.edits.create({ assetId: 'case-001', title: 'Heard by some', segments: [{ start: 1, end: 2 }] });
    await author!.edits.update({ ...edit, title: 'Renamed' });
    await until(() => heard['admin']!.length >= 2 && heard['author']!.length >= 2, 'the events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const who of ['author', 'admin']) {
      assert.deepEqual(heard[who]!.map((event) => event.type === 'edit.changed' && [event.editId, event.version, event.actor]), [[edit.id, 1, 'trainee-1'], [edit.id, 2, 'trainee-1']], who);
    }
    assert.deepEqual(heard['otherTenant'], []);
    for (const stop of stops) stop();
  });

  it('lets go of the subscription when the client goes away', async () => {
    const token = await requestDevToken(server.url, 'admin-1');
    await until(() => server.review.bus.listenerCount === 0, 'earlier streams to be gone');
    const controllers = [new AbortController(), new AbortController()];
    const responses = await Promise.all(controllers.map((controller) => fetch(`${server.url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal })));
    await Promise.all(responses.map((response) => readUntil(response, (text) => text.includes('event: ready'))));
    assert.equal(server.review.bus.listenerCount, 2);
    controllers[0]!.abort();
    await until(() => server.review.bus.listenerCount === 1, 'the closed stream to be let go');
    controllers[1]!.abort();
    await until(() => server.review.bus.listenerCount === 0, 'the last stream to be let go');
  });

  it('ends open streams when the server stops', async () => {
    const own = await startReviewTestServer({ dataDir: join(dataDir, 'stopping'), heartbeatMs: 10_000 });
    const token = await requestDevToken(own.url, 'admin-1');
    const response = await fetch(`${own.url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    await readUntil(response, (text) => text.includes('event: ready'));
    const reading = readUntil(response, () => false, 60_000).then(
      () => 'ended',
      () => 'ended',
    );
    const ended = Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 3000, 'still open'))]);
    await own.close();
    assert.equal(await ended, 'ended');
    assert.equal(own.review.bus.listenerCount, 0);
  });
});

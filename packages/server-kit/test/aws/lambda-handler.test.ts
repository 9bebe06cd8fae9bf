import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Asset } from '@surgery-video/client';
import { createApiHandler } from '../../src/api/api-handler.js';
import { json } from '../../src/api/json-response.js';
import { createLambdaHandler, type LambdaHttpEvent } from '../../src/aws/lambda-handler.js';
import { LAMBDA_RESPONSE_LIMIT_BYTES } from '../../src/aws/lambda-response.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier, parseCloudFrontCookies } from '../../src/signing/cloudfront-verifier.js';
import { apiEvent, functionUrlEvent, httpApiEvent } from './lambda-event-examples.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_PAIR_ID = 'KLAMBDATEST01';
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);

const asset: CatalogueEntry<Asset> = {
  item: { id: 'case-001', tenant: 'demo', title: 'Case case-001', kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
  pathPrefix: '/media/vod/case-001/',
  files: { hls: 'master.m3u8', dash: 'manifest.mpd', thumbnails: 'thumbnails.vtt' },
};

/** What a request looked like when it reached the web handler. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const echo = async (request: Request): Promise<Response> => {
  const seen: Seen = { method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() };
  return json(seen);
};

const lines: string[] = [];
let streamCancelled = false;
const api = createApiHandler({
  catalogue: createInMemoryCatalogue({ assets: () => [asset], channels: () => [] }),
  signer: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey }),
  sessionSecret: randomBytes(32),
  devTokens: true,
  edgeOrigin: 'https://d111111abcdef8.cloudfront.net',
  routes: () => [
    { method: 'GET', path: '/thumbnail', public: true, handle: () => new Response(PNG_HEADER, { headers: { 'content-type': 'image/png' } }) },
    {
      method: 'PUT',
      path: '/upload',
      public: true,
      handle: async ({ request }) => new Response(new Uint8Array(await request.arrayBuffer()), { headers: { 'content-type': 'application/octet-stream' } }),
    },
    { method: 'GET', path: '/huge', public: true, handle: () => new Response(Buffer.alloc(LAMBDA_RESPONSE_LIMIT_BYTES), { headers: { 'content-type': 'video/mp4' } }) },
    { method: 'GET', path: '/broken', public: true, handle: () => Promise.reject(new Error('database unreachable')) },
    {
      method: 'GET',
      path: '/stream',
      public: true,
      handle: () =>
        new Response(new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => void (streamCancelled = true) }), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    },
  ],
});
const lambda = createLambdaHandler(api, { log: (line) => lines.push(line) });

async function devToken(user: string): Promise<string> {
  const result = await lambda(apiEvent('POST', '/api/v1/dev/tokens', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) }));
  assert.equal(result.statusCode, 201);
  return (JSON.parse(result.body) as { token: string }).token;
}

describe('createLambdaHandler: payload 2.0 events in', () => {
  for (const [name, example] of [['Lambda Function URL', functionUrlEvent], ['API Gateway HTTP API', httpApiEvent]] as const) {
    it(`hands the handler the documented ${name} example as the client sent it`, async () => {
      const event = example();
      const result = await createLambdaHandler(echo)(event);
      assert.equal(result.statusCode, 200);
      const seen = JSON.parse(result.body) as Seen;
      assert.equal(seen.method, 'POST');
      assert.equal(seen.url, `https://${event.requestContext.domainName}/my/path?parameter1=value1&parameter1=value2&parameter2=value`);
      assert.equal(seen.headers['header1'], 'value1');
      assert.equal(seen.headers['header2'], 'value1,value2');
      assert.equal(seen.headers['cookie'], 'cookie1; cookie2');
      assert.equal(seen.body, event.body);
    });
  }

  it('keeps the raw path and query percent-encoded as sent, and decodes a base64 body', async () => {
    const body = 'name=caf%C3%A9&tags=a&tags=b';
    const event = apiEvent('POST', '/api/v1/a%2Fb/x%20y?q=%E2%9C%93&q=2', { body: Buffer.from(body).toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const seen = JSON.parse((await createLambdaHandler(echo)(event)).body) as Seen;
    assert.equal(new URL(seen.url).pathname, '/api/v1/a%2Fb/x%20y');
    assert.deepEqual(new URL(seen.url).searchParams.getAll('q'), ['✓', '2']);
    assert.equal(seen.body, body);
  });

  it('sends no body for GET even when the event carries one, and uses the request id as correlation id', async () => {
    const event = apiEvent('GET', '/api/v1/health', { body: 'ignored', requestId: 'c0ffee00-0000-4000-8000-000000000001' });
    const result = await lambda(event);
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body), { status: 'ok' });
    assert.equal(result.headers['x-correlation-id'], 'c0ffee00-0000-4000-8000-000000000001');
  });

  it('keeps a correlation id the caller sent', async () => {
    const result = await lambda(apiEvent('GET', '/api/v1/health', { headers: { 'x-correlation-id': 'portal-req-42' } }));
    assert.equal(result.headers['x-correlation-id'], 'portal-req-42');
  });

  it('refuses an event of payload format 1.0 with a message that says what to configure', async () => {
    const v1 = { ...functionUrlEvent(), version: '1.0' };
    await assert.rejects(createLambdaHandler(echo)(v1), /payload format version "1\.0" is not supported; configure .* payload format 2\.0/);
    const noMethod = { ...functionUrlEvent(), requestContext: {} } as unknown as LambdaHttpEvent;
    await assert.rejects(createLambdaHandler(echo)(noMethod), /requestContext\.http\.method is missing/);
  });

  it('takes the host from the CDN\'s forwarded-host header when told to, so grant URLs point at the CDN', async () => {
    const behindCdn = createLambdaHandler(echo, { hostHeader: 'x-forwarded-host' });
    const seen = JSON.parse((await behindCdn(apiEvent('GET', '/api/v1/me', { headers: { 'x-forwarded-host': 'd111111abcdef8.cloudfront.net' } }))).body) as Seen;
    assert.equal(new URL(seen.url).host, 'd111111abcdef8.cloudfront.net');
    const forged = JSON.parse((await behindCdn(apiEvent('GET', '/api/v1/me', { headers: { 'x-forwarded-host': 'evil.example/path' } }))).body) as Seen;
    assert.equal(new URL(forged.url).host, 'abcdefghijklmnop.lambda-url.us-west-2.on.aws', 'a value that is not a host name is ignored');
    const direct = JSON.parse((await createLambdaHandler(echo)(apiEvent('GET', '/api/v1/me', { headers: { 'x-forwarded-host': 'd111111abcdef8.cloudfront.net' } }))).body) as Seen;
    assert.equal(new URL(direct.url).host, 'abcdefghijklmnop.lambda-url.us-west-2.on.aws', 'without the option the header is not trusted');
  });

  it('refuses to be built from something that is not a handler', () => {
    assert.throws(() => createLambdaHandler({} as never), /pass the API handler/);
  });
});

describe('createLambdaHandler: server-kit API through Lambda', () => {
  it('signs in with a JSON body and returns the grant cookies in `cookies`, verifiable with the public key', async () => {
    const token = await devToken('clinician-1');
    const result = await lambda(apiEvent('POST', '/api/v1/assets/case-001/grant', { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(result.statusCode, 201);
    assert.equal(result.isBase64Encoded, false);
    assert.match(result.headers['content-type'] ?? '', /^application\/json/);
    assert.equal(result.headers['set-cookie'], undefined, 'Set-Cookie travels in `cookies`, not folded into one header');
    const cookies = result.cookies ?? [];
    assert.deepEqual(cookies.map((cookie) => cookie.split('=')[0]).sort(), ['CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature']);
    for (const cookie of cookies) assert.match(cookie, /; Secure/, 'the Function URL is https, so the cookies are Secure');
    const grant = JSON.parse(result.body) as { sources: { hls: string } };
    const verifier = createCloudFrontVerifier({ publicKeys: { [KEY_PAIR_ID]: publicKey } });
    const cookieHeader = cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    assert.equal(verifier.verify({ url: grant.sources.hls.split('?')[0]!, cookies: parseCloudFrontCookies(cookieHeader) }).ok, true);
  });

  it('passes cookies from the event to the API and errors out as JSON naming the field', async () => {
    const result = await lambda(apiEvent('POST', '/api/v1/dev/tokens', { cookies: ['a=1', 'b=2'], headers: { 'content-type': 'application/json' }, body: '{"user":42}' }));
    assert.equal(result.statusCode, 400);
    assert.deepEqual(JSON.parse(result.body).error.field, 'user');
    const unauthenticated = await lambda(apiEvent('GET', '/api/v1/assets'));
    assert.equal(unauthenticated.statusCode, 401);
    assert.equal(JSON.parse(unauthenticated.body).error.code, 'unauthenticated');
    const outside = await lambda(apiEvent('GET', '/favicon.ico'));
    assert.equal(outside.statusCode, 404);
  });

  it('returns a binary body base64-encoded, byte for byte', async () => {
    const result = await lambda(apiEvent('GET', '/api/v1/thumbnail'));
    assert.equal(result.statusCode, 200);
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(result.body, 'base64'), PNG_HEADER);
    assert.equal(result.headers['content-type'], 'image/png');
  });

  it('round-trips a binary upload that arrived base64-encoded', async () => {
    const bytes = randomBytes(4096);
    const result = await lambda(apiEvent('PUT', '/api/v1/upload', { body: bytes.toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/octet-stream' } }));
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(result.body, 'base64'), bytes);
  });

  it('answers 500 with the request id when the handler throws, and logs the message, not the request', async () => {
    lines.length = 0;
    const result = await lambda(apiEvent('GET', '/api/v1/broken', { headers: { authorization: 'Bearer secret-token-value' } }), { awsRequestId: 'req-123' });
    assert.equal(result.statusCode, 500);
    assert.deepEqual(JSON.parse(result.body), { error: { code: 'internal', message: 'Internal error (id req-123).' } });
    assert.deepEqual(lines, ['[api] internal error req-123: database unreachable']);
  });

  it('answers a response too large for Lambda with 502 naming the limit', async () => {
    const result = await lambda(apiEvent('GET', '/api/v1/huge'));
    assert.equal(result.statusCode, 502);
    assert.equal(JSON.parse(result.body).error.code, 'response-too-large');
  });

  it('refuses server-sent events with 501 and lets go of the stream instead of hanging until the timeout', async () => {
    streamCancelled = false;
    const result = await lambda(apiEvent('GET', '/api/v1/stream', { headers: { accept: 'text/event-stream' } }));
    assert.equal(result.statusCode, 501);
    assert.equal(JSON.parse(result.body).error.code, 'streaming-unsupported');
    assert.ok(result.headers['x-correlation-id'], 'the correlation id survives');
    assert.equal(streamCancelled, true);
  });
});

describe('createLambdaHandler: an API built at cold start', () => {
  it('builds once, and builds again after a build that failed', async () => {
    let builds = 0;
    const lazy = createLambdaHandler(
      {
        build: async () => {
          builds += 1;
          if (builds === 1) throw new Error('signing key not readable yet');
          return echo;
        },
      },
      { log: () => {} },
    );
    const first = await lazy(apiEvent('GET', '/api/v1/health'));
    assert.equal(first.statusCode, 500);
    for (let i = 0; i < 3; i += 1) assert.equal((await lazy(apiEvent('GET', '/api/v1/health'))).statusCode, 200);
    assert.equal(builds, 2);
  });
});

/**
 * The grant lifetime: `createApiHandler({ grantTtlSeconds })` signs it into every grant (and the
 * edge's verifier refuses the grant once it has passed), bad values are refused at once with a
 * message naming the option, and the dev stack's `/dev/grant-ttl/<seconds>` API base issues
 * grants of that lifetime from the same stack.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClient, requestDevToken, type Asset, type PlaybackGrant } from '@surgery-video/client';
import { createApiHandler, type ApiOptions } from '../../src/api/api-handler.js';
import { createInMemoryCatalogue, type CatalogueEntry } from '../../src/catalogue/media-catalogue.js';
import { startDevStack } from '../../src/dev/dev-stack.js';
import { createGrantTtlLens, GRANT_TTL_LENS_PREFIX } from '../../src/dev/grant-ttl-lens.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { DEFAULT_GRANT_TTL_SECONDS, MAX_GRANT_TTL_SECONDS } from '../../src/playback/grant-issuer.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_PAIR_ID = 'KTESTGRANTTTL1';
const NOW = Date.parse('2026-03-01T10:00:00.000Z');

const asset: CatalogueEntry<Asset> = {
  item: { id: 'case-001', tenant: 'demo', title: 'Case 1', kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
  pathPrefix: '/media/vod/case-001/',
  files: { hls: 'master.m3u8', dash: 'manifest.mpd' },
};

function options(extra: Partial<ApiOptions> = {}): ApiOptions {
  return {
    catalogue: createInMemoryCatalogue({ assets: () => [asset], channels: () => [] }),
    signer: createCloudFrontSigner({ keyPairId: KEY_PAIR_ID, privateKey }),
    sessionSecret: Buffer.alloc(32, 3),
    devTokens: true,
    now: () => NOW,
    ...extra,
  };
}

let server: Server;
let baseUrl: string;

before(async () => {
  const api = toNodeListener(createApiHandler(options({ grantTtlSeconds: 20 })), () => baseUrl);
  const lens = createGrantTtlLens((grantTtlSeconds) => toNodeListener(createApiHandler(options({ grantTtlSeconds })), () => baseUrl));
  server = createServer((req, res) => void ((req.url ?? '').startsWith(GRANT_TTL_LENS_PREFIX) ? lens : api)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function grantFrom(base: string): Promise<PlaybackGrant> {
  const token = await requestDevToken(baseUrl, 'clinician-1');
  return createClient({ baseUrl: base, token }).assets.grant('case-001');
}

describe('grant lifetime (grantTtlSeconds)', () => {
  it('signs grants that expire grantTtlSeconds after they are issued, and the edge refuses them after that', async () => {
    const grant = await grantFrom(baseUrl);
    assert.equal(grant.expiresAt, new Date(NOW + 20_000).toISOString());
    const verifier = createCloudFrontVerifier({ publicKeys: { [KEY_PAIR_ID]: publicKey } });
    const segment = `${baseUrl}/media/vod/case-001/seg-00001.m4s`;
    assert.equal(verifier.verify({ url: `${segment}?${grant.query}`, now: NOW + 19_000 }).ok, true);
    assert.equal(verifier.verify({ url: segment, cookies: grant.cookies, now: NOW + 19_000 }).ok, true);
    const late = verifier.verify({ url: `${segment}?${grant.query}`, now: NOW + 20_000 });
    assert.equal(late.ok, false);
    assert.equal(!late.ok && late.reason, 'expired');
  });

  it('defaults to ten minutes', async () => {
    const handler = createApiHandler(options());
    const token = await requestDevToken('http://api.test', 'clinician-1', (input, init) => handler(new Request(input, init)));
    const response = await handler(new Request('http://api.test/api/v1/assets/case-001/grant', { method: 'POST', headers: { authorization: `Bearer ${token}` } }));
    const grant = (await response.json()) as PlaybackGrant;
    assert.equal(DEFAULT_GRANT_TTL_SECONDS, 600);
    assert.equal(grant.expiresAt, new Date(NOW + 600_000).toISOString());
  });

  it('refuses a lifetime that is not a whole number of seconds from 1 to a day, naming the option', () => {
    for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_GRANT_TTL_SECONDS + 1, '20' as unknown as number]) {
      assert.throws(
        () => createApiHandler(options({ grantTtlSeconds: bad })),
        (error: unknown) => error instanceof TypeError && /^grantTtlSeconds must be a whole number of seconds from 1 to 86400 \(a day\)/.test(error.message),
        `grantTtlSeconds ${String(bad)}`,
      );
    }
    assert.doesNotThrow(() => createApiHandler(options({ grantTtlSeconds: MAX_GRANT_TTL_SECONDS })));
    assert.doesNotThrow(() => createApiHandler(options({ grantTtlSeconds: 1 })));
  });

  it('startDevStack refuses a bad grantTtlSeconds before it starts anything', async () => {
    await assert.rejects(
      startDevStack({ dataDir: '/nonexistent/never-created', grantTtlSeconds: 0 }),
      (error: unknown) => error instanceof TypeError && /^grantTtlSeconds must be a whole number/.test(error.message),
    );
  });

  it(`the dev stack's ${GRANT_TTL_LENS_PREFIX}<seconds> API base issues grants of that lifetime`, async () => {
    assert.equal((await grantFrom(`${baseUrl}${GRANT_TTL_LENS_PREFIX}7`)).expiresAt, new Date(NOW + 7_000).toISOString());
    assert.equal((await grantFrom(`${baseUrl}${GRANT_TTL_LENS_PREFIX}45/`)).expiresAt, new Date(NOW + 45_000).toISOString());
    // The grant still covers the edge of the same origin, not a path under the lens.
    assert.equal((await grantFrom(`${baseUrl}${GRANT_TTL_LENS_PREFIX}7`)).sources.hls, `${baseUrl}/media/vod/case-001/master.m3u8`);
  });

  it(`refuses a bad lifetime in ${GRANT_TTL_LENS_PREFIX}<seconds> with 400 and a message naming it`, async () => {
    for (const bad of ['0', 'ten', '90000', '-1']) {
      const response = await fetch(`${baseUrl}${GRANT_TTL_LENS_PREFIX}${bad}/api/v1/assets/case-001/grant`, { method: 'POST' });
      assert.equal(response.status, 400, bad);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'invalid-grant-ttl');
      assert.match(body.error.message, /^the grant lifetime in \/dev\/grant-ttl\/<seconds> must be a whole number of seconds from 1 to 86400/);
    }
  });
});

/**
 * Playback grants per second through the real API handler, in process (dev token check, route
 * table, access rules, catalogue lookup, CloudFront policy signed for cookies and for the query
 * string, Set-Cookie headers, JSON), against the CloudFront signer's `signCookies` alone in a loop,
 * in the same run. Both sides are a tight loop on this process's one thread, so the ratio is the
 * share of a grant's cost that is the RSA signature.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Asset } from '@surgery-video/client';
import { createApiHandler, createCloudFrontSigner, createInMemoryCatalogue, type CatalogueEntry } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

const SECONDS_PER_ROUND = 3;
const ROUNDS = 3;
const ORIGIN = 'http://127.0.0.1:8790';

function asset(id: string): CatalogueEntry<Asset> {
  return {
    item: { id, tenant: 'demo', title: `Case ${id}`, kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
    pathPrefix: `/media/vod/${id}/`,
    files: { hls: 'master.m3u8', dash: 'manifest.mpd', thumbnails: 'thumbnails.vtt' },
  };
}

/** Calls `once` back to back for `seconds`; returns calls per second. */
async function rate(seconds: number, once: () => Promise<void> | void): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  let start = performance.now();
  // A short warm-up so both sides run optimised code.
  for (let i = 0; i < 50; i++) await once();
  start = performance.now();
  while (performance.now() < end) {
    await once();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

export async function run(): Promise<BenchSuiteResult> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = createCloudFrontSigner({ keyPairId: 'KBENCHKEYPAIR01', privateKey });
  // The baseline pays for every RSA signature, as a signer that keeps none (the AWS SDK's) does.
  const bareSigner = createCloudFrontSigner({ keyPairId: 'KBENCHKEYPAIR01', privateKey, signatureCacheSize: 0 });
  const assets = Array.from({ length: 20 }, (_, i) => asset(`case-${String(i + 1).padStart(3, '0')}`));
  const handler = createApiHandler({
    catalogue: createInMemoryCatalogue({ assets: () => assets, channels: () => [] }),
    signer,
    sessionSecret: Buffer.alloc(32, 7),
    devTokens: true,
  });
  const tokenResponse = await handler(new Request(`${ORIGIN}/api/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'clinician-1' }) }));
  const { token } = (await tokenResponse.json()) as { token: string };
  let assetIndex = 0;
  const grantOnce = async () => {
    const id = assets[assetIndex++ % assets.length]!.item.id;
    const response = await handler(new Request(`${ORIGIN}/api/v1/assets/${id}/grant`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }));
    if (response.status !== 201) throw new Error(`grant of ${id} answered ${response.status}`);
    await response.arrayBuffer();
  };
  const signOnce = () => {
    const id = assets[assetIndex++ % assets.length]!.item.id;
    bareSigner.signCookies({ resource: `${ORIGIN}/media/vod/${id}/*`, expiresAt: new Date(Math.floor(Date.now() / 1000 + 600) * 1000) });
  };
  const grants: number[] = [];
  const signs: number[] = [];
  // Alternate so drift in the machine's load touches both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    signs.push(await rate(SECONDS_PER_ROUND, signOnce));
    grants.push(await rate(SECONDS_PER_ROUND, grantOnce));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const grant = median(grants);
  const baseline = median(signs);
  return {
    suite: 'Playback grants (server-kit API, in process)',
    figures: [
      {
        name: 'POST /api/v1/assets/:id/grant through createApiHandler (dev token, RSA-2048 key)',
        value: grant,
        unit: 'grants/s',
        baseline: { name: 'createCloudFrontSigner({ signatureCacheSize: 0 }).signCookies alone', value: baseline },
        ratio: grant / baseline,
        goal: '≥ 5000 grants/s',
        met: grant >= 5000,
      },
    ],
    notes: [
      `Median of ${ROUNDS} alternating rounds of ${SECONDS_PER_ROUND} s each, one after another on one thread (no HTTP socket; the handler gets a web Request).`,
      'A grant carries one policy as signed cookies and as a signed query string; the signer signs it once and reuses the signature (RSA PKCS#1 v1.5 is deterministic), and grants of one asset within the same second share a policy, so they share the signature too. The loop asks for grants of 20 assets in turn, as a class opening the same few cases does; the baseline signs every call.',
      '2 cores shared with other work running at the same time: absolute figures move with the load, the ratio less so.',
    ],
  };
}

import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildCloudFrontPolicy, encodeCloudFrontBase64 } from '../../src/signing/cloudfront-policy.js';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import {
  CLOUDFRONT_REFUSAL_REASONS,
  createCloudFrontVerifier,
  parseCloudFrontCookies,
  type CloudFrontRefusalReason,
  type CloudFrontVerifyRequest,
} from '../../src/signing/cloudfront-verifier.js';

const KEY_ID = 'KVERIFY000001';
const CDN = 'https://d111111abcdef8.cloudfront.net';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const verifier = createCloudFrontVerifier({ publicKeys: { [KEY_ID]: publicPem } });
const signer = createCloudFrontSigner({ keyPairId: KEY_ID, privateKey: pem });

const NOW = new Date('2029-06-01T12:00:00Z');
const EXPIRES = new Date('2029-06-01T12:10:00Z');
const ASSET = `${CDN}/media/vod/case-001/`;

function cookieHeader(cookies: Record<string, string | number | undefined>): string {
  return Object.entries(cookies)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

describe('accepts what the AWS SDK signs', () => {
  it('a canned-policy signed URL', () => {
    const url = getSignedUrl({ url: `${ASSET}master.m3u8`, keyPairId: KEY_ID, privateKey: pem, dateLessThan: EXPIRES });
    assert.deepEqual(verifier.verify({ url, now: NOW }), { ok: true, keyPairId: KEY_ID, expiresAt: EXPIRES, source: 'query', policy: 'canned' });
  });

  it('a canned-policy signed URL that had its own query string', () => {
    const url = getSignedUrl({ url: `${ASSET}index.m3u8?_HLS_msn=12&_HLS_part=2`, keyPairId: KEY_ID, privateKey: pem, dateLessThan: EXPIRES });
    assert.equal(verifier.verify({ url, now: NOW }).ok, true);
  });

  it('a custom-policy signed URL with start time and IP range', () => {
    const url = getSignedUrl({
      url: `${ASSET}720p.mp4`,
      keyPairId: KEY_ID,
      privateKey: pem,
      dateLessThan: EXPIRES,
      dateGreaterThan: new Date('2029-06-01T11:00:00Z'),
      ipAddress: '198.51.100.0/24',
    });
    assert.deepEqual(verifier.verify({ url, now: NOW, clientIp: '198.51.100.20' }), {
      ok: true,
      keyPairId: KEY_ID,
      expiresAt: EXPIRES,
      source: 'query',
      policy: 'custom',
    });
  });

  it('a SHA256 signed URL', () => {
    const url = getSignedUrl({ url: `${ASSET}a.mp4`, keyPairId: KEY_ID, privateKey: pem, dateLessThan: EXPIRES, algorithm: 'SHA256' });
    assert.equal(verifier.verify({ url, now: NOW }).ok, true);
  });

  it('canned-policy cookies (CloudFront-Expires) for the URL requested', () => {
    const cookies = getSignedCookies({ url: `${ASSET}a.mp4`, keyPairId: KEY_ID, privateKey: pem, dateLessThan: EXPIRES });
    assert.ok(cookies['CloudFront-Expires']);
    assert.deepEqual(verifier.verify({ url: `${ASSET}a.mp4`, cookies: cookieHeader({ ...cookies }), now: NOW }), {
      ok: true,
      keyPairId: KEY_ID,
      expiresAt: EXPIRES,
      source: 'cookie',
      policy: 'canned',
    });
  });

  it('custom-policy cookies over a folder, as a Cookie header or parsed', () => {
    const policy = buildCloudFrontPolicy({ resource: `${ASSET}*`, dateLessThan: EXPIRES.getTime() / 1000 });
    const cookies = getSignedCookies({ keyPairId: KEY_ID, privateKey: pem, policy });
    const header = `session=abc; ${cookieHeader({ ...cookies })}; theme="dark"`;
    for (const path of ['master.m3u8', '720p/seg-1.m4s']) {
      assert.equal(verifier.verify({ url: `${ASSET}${path}`, cookies: header, now: NOW }).ok, true);
      const parsed = Object.fromEntries(Object.entries(cookies).map(([name, value]) => [name, String(value)]));
      assert.equal(verifier.verify({ url: `${ASSET}${path}`, cookies: parsed, now: NOW }).ok, true);
    }
  });
});

describe('refusals', () => {
  const folderCookies = signer.signCookies({ resource: `${ASSET}*`, expiresAt: EXPIRES });
  const folderQuery = signer.signQuery({ resource: `${ASSET}*`, expiresAt: EXPIRES });
  const signedCanned = signer.signUrl(`${ASSET}a.mp4`, { expiresAt: EXPIRES });
  const withParam = (url: string, name: string, value: string) => url.replace(new RegExp(`${name}=[^&]*`), `${name}=${value}`);
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  // A policy our key really signed, but which CloudFront would not accept.
  const badPolicyJson = '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/*","Condition":{"DateLessThan":{"AWS:EpochTime":"soon"}}}]}';
  const badPolicyQuery = `Policy=${encodeCloudFrontBase64(badPolicyJson)}&Key-Pair-Id=${KEY_ID}&Signature=${encodeCloudFrontBase64(sign('sha1', Buffer.from(badPolicyJson), privateKey))}`;

  const table: Array<[string, CloudFrontVerifyRequest, CloudFrontRefusalReason]> = [
    ['no signature at all', { url: `${ASSET}a.mp4`, now: NOW }, 'missing-signature'],
    ['unrelated cookies only', { url: `${ASSET}a.mp4`, cookies: 'session=abc', now: NOW }, 'missing-signature'],
    ['a query with a Signature but no Key-Pair-Id', { url: `${ASSET}a.mp4?Expires=1893456000&Signature=abc`, now: NOW }, 'missing-signature'],
    [
      'cookies without CloudFront-Key-Pair-Id',
      { url: `${ASSET}a.mp4`, cookies: cookieHeader({ ...folderCookies, 'CloudFront-Key-Pair-Id': undefined }), now: NOW },
      'missing-signature',
    ],
    ['a key pair id nobody trusts', { url: withParam(signedCanned, 'Key-Pair-Id', 'KNOBODY'), now: NOW }, 'unknown-key-pair'],
    ['a tampered signature', { url: withParam(signedCanned, 'Signature', flip(new URL(signedCanned).searchParams.get('Signature') as string, 10)), now: NOW }, 'bad-signature'],
    ['a signature with characters outside the alphabet', { url: withParam(signedCanned, 'Signature', 'abc%2Bdef'), now: NOW }, 'bad-signature'],
    ['a canned URL moved to another file', { url: signedCanned.replace('a.mp4', 'b.mp4'), now: NOW }, 'bad-signature'],
    ['a canned URL with a later Expires', { url: withParam(signedCanned, 'Expires', '1999999999'), now: NOW }, 'bad-signature'],
    [
      'a policy rewritten to cover more',
      {
        url: `${CDN}/media/vod/case-002/a.mp4?${withParam(folderQuery, 'Policy', encodeCloudFrontBase64(buildCloudFrontPolicy({ resource: `${CDN}/*`, dateLessThan: EXPIRES.getTime() / 1000 })))}`,
        now: NOW,
      },
      'bad-signature',
    ],
    [
      'a signature made with another key under our id',
      { url: createCloudFrontSigner({ keyPairId: KEY_ID, privateKey: otherKey }).signUrl(`${ASSET}a.mp4`, { expiresAt: EXPIRES }), now: NOW },
      'bad-signature',
    ],
    ['a signed policy that is not valid', { url: `${ASSET}a.mp4?${badPolicyQuery}`, now: NOW }, 'malformed-policy'],
    ['a Policy that is not base64', { url: `${ASSET}a.mp4?${withParam(folderQuery, 'Policy', 'not!base64')}`, now: NOW }, 'malformed-policy'],
    ['an Expires that is not a number', { url: withParam(signedCanned, 'Expires', 'tomorrow'), now: NOW }, 'malformed-policy'],
    ['both Expires and Policy', { url: `${ASSET}a.mp4?${folderQuery}&Expires=1893456000`, now: NOW }, 'malformed-policy'],
    ['an unknown Hash-Algorithm', { url: `${signedCanned}&Hash-Algorithm=MD5`, now: NOW }, 'malformed-policy'],
    ['an expired signed URL', { url: signedCanned, now: EXPIRES }, 'expired'],
    ['expired cookies', { url: `${ASSET}a.mp4`, cookies: cookieHeader(folderCookies), now: EXPIRES.getTime() + 1 }, 'expired'],
    [
      'a grant that has not started',
      {
        url: signer.signUrl(`${ASSET}a.mp4`, { expiresAt: EXPIRES, notBefore: new Date('2029-06-01T12:05:00Z') }),
        now: NOW,
      },
      'not-yet-valid',
    ],
    ['a folder query on another asset', { url: `${CDN}/media/vod/case-002/a.mp4?${folderQuery}`, now: NOW }, 'resource-mismatch'],
    ['folder cookies on another host', { url: 'https://evil.example/media/vod/case-001/a.mp4', cookies: cookieHeader(folderCookies), now: NOW }, 'resource-mismatch'],
    [
      'an IP-bound grant from another address',
      { url: signer.signUrl(`${ASSET}a.mp4`, { expiresAt: EXPIRES, ipAddress: '192.0.2.1' }), clientIp: '192.0.2.2', now: NOW },
      'ip-mismatch',
    ],
    [
      'an IP-bound grant with no client address',
      { url: signer.signUrl(`${ASSET}a.mp4`, { expiresAt: EXPIRES, ipAddress: '192.0.2.1' }), now: NOW },
      'ip-mismatch',
    ],
  ];

  for (const [name, request, reason] of table) {
    it(`${reason}: ${name}`, () => {
      const result = verifier.verify(request);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.reason, reason, result.message);
      assert.ok(result.message.length > 0);
      // Messages name ids and times, never the URL, the policy or the signature.
      assert.ok(!result.message.includes('/media/'), result.message);
      assert.ok(!result.message.includes('Signature='), result.message);
    });
  }

  it('covers every refusal reason', () => {
    assert.deepEqual(new Set(table.map(([, , reason]) => reason)), new Set(CLOUDFRONT_REFUSAL_REASONS));
  });

  it('checks expiry on every request, also once a grant has been verified before', () => {
    const request = { url: `${ASSET}seg-1.m4s`, cookies: cookieHeader(folderCookies) };
    assert.equal(verifier.verify({ ...request, now: NOW }).ok, true);
    assert.equal(verifier.verify({ ...request, now: NOW }).ok, true);
    const later = verifier.verify({ ...request, now: EXPIRES });
    assert.equal(later.ok ? 'ok' : later.reason, 'expired');
  });
});

describe('query string and cookies', () => {
  const folderCookies = cookieHeader(signer.signCookies({ resource: `${ASSET}*`, expiresAt: EXPIRES }));
  const folderQuery = signer.signQuery({ resource: `${ASSET}*`, expiresAt: EXPIRES });

  it('the query string wins over cookies, as in CloudFront', () => {
    const expiredQuery = signer.signQuery({ resource: `${ASSET}*`, expiresAt: NOW });
    const result = verifier.verify({ url: `${ASSET}a.mp4?${expiredQuery}`, cookies: folderCookies, now: NOW });
    assert.equal(result.ok ? 'ok' : result.reason, 'expired');
    const fromQuery = verifier.verify({ url: `${ASSET}a.mp4?${folderQuery}`, cookies: 'CloudFront-Signature=garbage', now: NOW });
    assert.equal(fromQuery.ok && fromQuery.source, 'query');
  });

  it('cookies are used when the query carries no signing parameter', () => {
    const result = verifier.verify({ url: `${ASSET}a.mp4?_HLS_msn=3`, cookies: folderCookies, now: NOW });
    assert.equal(result.ok && result.source, 'cookie');
  });

  it('a folder query still matches with player directives added after it', () => {
    const url = `${ASSET}index.m3u8?${folderQuery}&_HLS_msn=40&_HLS_part=1`;
    assert.equal(verifier.verify({ url, now: NOW }).ok, true);
  });
});

describe('parseCloudFrontCookies', () => {
  it('keeps only CloudFront-* cookies and strips quotes', () => {
    assert.deepEqual(parseCloudFrontCookies('a=1; CloudFront-Policy="abc_"; CloudFront-Signature=x~y;junk; CloudFront-Key-Pair-Id=K1'), {
      'CloudFront-Policy': 'abc_',
      'CloudFront-Signature': 'x~y',
      'CloudFront-Key-Pair-Id': 'K1',
    });
  });
});

describe('createCloudFrontVerifier', () => {
  it('refuses a configuration without keys or with a key that is not RSA', () => {
    assert.throws(() => createCloudFrontVerifier({ publicKeys: {} }), /at least one key pair id/);
    assert.throws(() => createCloudFrontVerifier({ publicKeys: { K1: 'not a key' } }), /the key of K1 is not a PEM public key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    assert.throws(() => createCloudFrontVerifier({ publicKeys: { K1: ec } }), /must be an RSA public key/);
  });

  it('lists the trusted key pair ids', () => {
    assert.deepEqual(verifier.keyPairIds, [KEY_ID]);
  });
});

import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildCloudFrontPolicy, decodeCloudFrontBase64 } from '../../src/signing/cloudfront-policy.js';
import { appendSignedQuery, createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';
import { GOLDEN_KEY_PAIR_ID, GOLDEN_PRIVATE_KEY, GOLDEN_PUBLIC_KEY } from './fixtures/golden-key.js';

const CDN = 'https://d111111abcdef8.cloudfront.net';
const EXPIRES = new Date('2030-01-01T00:00:00Z');
const NOT_BEFORE = new Date('2029-12-31T00:00:00Z');

describe('golden vectors (fixed key)', () => {
  const signer = createCloudFrontSigner({ keyPairId: GOLDEN_KEY_PAIR_ID, privateKey: GOLDEN_PRIVATE_KEY });

  it('signs a canned-policy URL to the exact string the AWS SDK produced for this key', () => {
    assert.equal(
      signer.signUrl(`${CDN}/media/vod/case-001/master.m3u8`, { expiresAt: EXPIRES }),
      'https://d111111abcdef8.cloudfront.net/media/vod/case-001/master.m3u8?Expires=1893456000&Key-Pair-Id=K2GOLDENVECTOR&Signature=dDGPzRaB622AyWEALNIWI-7lIkPsxV0tAuxHGpgFT8Tn3g9s5ghhGZToGPMOZYBW8iqSMzwXzovZyX5sTXA6kzoctqy9oskJCoEVpBwddvUTfj9c~YlL2TBQLXrYd03BIrHqyz-4--ZNByt9Tvcuo9lAzEY1YBKdpOv08XSOzClkPlZZFTneoIC1Kqe91sZeKU32PAOItOO8iERShLcvaJPYcTag0tavWurYc0e~3QjVOiCoLXrS3GfcJUxm2uVDKUT4Of~nhsXIMjIEtw2PocEyjjSYjTiRKrsQsiulNjnZndTj5mBYEOsXx1DVAq29h8HSZaSRwObHeiERNQr~nQ__',
    );
  });

  it('signs custom-policy cookies to the exact values the AWS SDK produced for this key', () => {
    assert.deepEqual(signer.signCookies({ resource: `${CDN}/media/vod/case-001/*`, expiresAt: EXPIRES, notBefore: NOT_BEFORE }), {
      'CloudFront-Policy':
        'eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC9tZWRpYS92b2QvY2FzZS0wMDEvKiIsIkNvbmRpdGlvbiI6eyJEYXRlTGVzc1RoYW4iOnsiQVdTOkVwb2NoVGltZSI6MTg5MzQ1NjAwMH0sIkRhdGVHcmVhdGVyVGhhbiI6eyJBV1M6RXBvY2hUaW1lIjoxODkzMzY5NjAwfX19XX0_',
      'CloudFront-Signature':
        'VINfQUr8VENP7~WRs1VmgO7iv9A4WD7m8avULrlCHuaEfbCTZFGmdBX3VIghzxwd9uURkYPuBpr5cndIW6ziUiw3vDIBPjqO1tE7MQFuM2cU0LcRaPm3lfs5ZK9wbdsBdrAw2GiFN7c-MpIFCgBFwOR5qKQ2UmA8UFhu7Gyh~yuEhvqNHtEy1bmqIrnfn2YtPKtSzZZ-u65yYwd0ZNF2Z5N2sXVoBVF80PDNbWRUPFAXIzl4QIQWI-VyEC2TWpHCW4T3Nef6bv8LPJ-tz~cZwb4kCNkv7s3oJirdrR4gpaMWOnh4f6oSsXgsAFxIEbbUPaWsp9vpGT-FQL2bLJdNhw__',
      'CloudFront-Key-Pair-Id': 'K2GOLDENVECTOR',
    });
  });
});

describe('byte-identical with @aws-sdk/cloudfront-signer', () => {
  const keyPairId = 'KTESTROTATE01';
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const signer = createCloudFrontSigner({ keyPairId, privateKey: pem });

  const urlCases: Array<{
    name: string;
    url: string;
    ours: Parameters<typeof signer.signUrl>[1];
    aws: { dateLessThan: Date; dateGreaterThan?: Date; ipAddress?: string } | { policy: string };
  }> = [
    { name: 'canned policy', url: `${CDN}/media/vod/case-001/720p.mp4`, ours: { expiresAt: EXPIRES }, aws: { dateLessThan: EXPIRES } },
    {
      name: 'canned policy on a URL that needs encoding and already has a query',
      url: `${CDN}/media/vod/case 001/réglage.m3u8?token=a b&flag`,
      ours: { expiresAt: EXPIRES },
      aws: { dateLessThan: EXPIRES },
    },
    {
      name: 'expiry that is not on a whole second (rounded the same way)',
      url: `${CDN}/media/a.mp4`,
      ours: { expiresAt: new Date('2030-01-01T00:00:00.600Z') },
      aws: { dateLessThan: new Date('2030-01-01T00:00:00.600Z') },
    },
    {
      name: 'custom policy with a start time',
      url: `${CDN}/media/a.mp4`,
      ours: { expiresAt: EXPIRES, notBefore: NOT_BEFORE },
      aws: { dateLessThan: EXPIRES, dateGreaterThan: NOT_BEFORE },
    },
    {
      name: 'custom policy with a single IP',
      url: `${CDN}/media/a.mp4`,
      ours: { expiresAt: EXPIRES, ipAddress: '203.0.113.9' },
      aws: { dateLessThan: EXPIRES, ipAddress: '203.0.113.9' },
    },
    {
      name: 'custom policy with everything',
      url: `${CDN}/media/a.mp4`,
      ours: { expiresAt: EXPIRES, notBefore: NOT_BEFORE, ipAddress: '203.0.113.0/24' },
      aws: { dateLessThan: EXPIRES, dateGreaterThan: NOT_BEFORE, ipAddress: '203.0.113.0/24' },
    },
    {
      name: 'custom policy over a wildcard resource',
      url: `${CDN}/media/vod/case-001/master.m3u8`,
      ours: { resource: `${CDN}/media/vod/case-001/*`, expiresAt: EXPIRES },
      aws: { policy: buildCloudFrontPolicy({ resource: `${CDN}/media/vod/case-001/*`, dateLessThan: 1893456000 }) },
    },
  ];
  for (const { name, url, ours, aws } of urlCases) {
    it(`signUrl: ${name}`, () => {
      const expected =
        'policy' in aws
          ? getSignedUrl({ url, keyPairId, privateKey: pem, policy: aws.policy })
          : getSignedUrl({ url, keyPairId, privateKey: pem, ...aws });
      assert.equal(signer.signUrl(url, ours), expected);
    });
  }

  it('signUrl: a KeyObject signs the same as the PEM', () => {
    const fromKeyObject = createCloudFrontSigner({ keyPairId, privateKey: createPrivateKey(pem) });
    const url = `${CDN}/media/a.mp4`;
    assert.equal(fromKeyObject.signUrl(url, { expiresAt: EXPIRES }), getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan: EXPIRES }));
  });

  it('signUrl: SHA256 adds Hash-Algorithm exactly as the AWS SDK does', () => {
    const sha256 = createCloudFrontSigner({ keyPairId, privateKey: pem, hashAlgorithm: 'SHA256' });
    const url = `${CDN}/media/a.mp4`;
    assert.equal(
      sha256.signUrl(url, { expiresAt: EXPIRES, ipAddress: '198.51.100.7' }),
      getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan: EXPIRES, ipAddress: '198.51.100.7', algorithm: 'SHA256' }),
    );
  });

  it('signCookies: same values as getSignedCookies for the same custom policy', () => {
    const resource = `${CDN}/media/vod/case-001/*`;
    assert.deepEqual(
      signer.signCookies({ resource, expiresAt: EXPIRES, notBefore: NOT_BEFORE, ipAddress: '203.0.113.0/24' }),
      getSignedCookies({ url: resource, keyPairId, privateKey: pem, dateLessThan: EXPIRES, dateGreaterThan: NOT_BEFORE, ipAddress: '203.0.113.0/24' }),
    );
    // With only an expiry the AWS SDK would pick a canned policy; our cookies always carry the policy.
    const policy = buildCloudFrontPolicy({ resource, dateLessThan: 1893456000 });
    assert.deepEqual(signer.signCookies({ resource, expiresAt: EXPIRES }), getSignedCookies({ keyPairId, privateKey: pem, policy }));
  });

  it('signQuery: the query the AWS SDK appends for a wildcard policy, reusable on every child URL', () => {
    const resource = `${CDN}/media/vod/case-001/*`;
    const query = signer.signQuery({ resource, expiresAt: EXPIRES });
    const policy = buildCloudFrontPolicy({ resource, dateLessThan: 1893456000 });
    for (const child of ['master.m3u8', '720p/index.m3u8', '720p/seg-00042.m4s']) {
      const url = `${CDN}/media/vod/case-001/${child}`;
      assert.equal(appendSignedQuery(url, query), getSignedUrl({ url, keyPairId, privateKey: pem, policy }));
    }
    assert.match(query, /^Policy=[A-Za-z0-9\-_~]+&Key-Pair-Id=KTESTROTATE01&Signature=[A-Za-z0-9\-_~]+$/);
  });
});

describe('appendSignedQuery', () => {
  it('joins with ? or & and keeps a fragment last', () => {
    assert.equal(appendSignedQuery('https://cdn.example/a.m3u8', 'Policy=p'), 'https://cdn.example/a.m3u8?Policy=p');
    assert.equal(appendSignedQuery('https://cdn.example/a.m3u8?_HLS_msn=4', 'Policy=p'), 'https://cdn.example/a.m3u8?_HLS_msn=4&Policy=p');
    assert.equal(appendSignedQuery('https://cdn.example/a.m3u8?', 'Policy=p'), 'https://cdn.example/a.m3u8?Policy=p');
    assert.equal(appendSignedQuery('https://cdn.example/a.mp4#t=5', 'Policy=p'), 'https://cdn.example/a.mp4?Policy=p#t=5');
  });
});

describe('key rotation', () => {
  const oldPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const newPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const verifier = createCloudFrontVerifier({ publicKeys: { KOLDKEY000001: oldPair.publicKey, KNEWKEY000002: newPair.publicKey } });
  const url = `${CDN}/media/a.mp4`;
  const now = new Date('2029-06-01T00:00:00Z');

  it('signs with the active pair, switches without a gap, and both keep verifying', () => {
    const signer = createCloudFrontSigner({
      keyPairs: [
        { keyPairId: 'KOLDKEY000001', privateKey: oldPair.privateKey },
        { keyPairId: 'KNEWKEY000002', privateKey: newPair.privateKey },
      ],
    });
    assert.equal(signer.activeKeyPairId, 'KOLDKEY000001');
    assert.deepEqual(signer.keyPairIds, ['KOLDKEY000001', 'KNEWKEY000002']);
    const before = signer.signUrl(url, { expiresAt: EXPIRES });
    signer.useKeyPair('KNEWKEY000002');
    const after = signer.signUrl(url, { expiresAt: EXPIRES });
    assert.match(before, /Key-Pair-Id=KOLDKEY000001&/);
    assert.match(after, /Key-Pair-Id=KNEWKEY000002&/);
    assert.deepEqual(verifier.verify({ url: before, now }), { ok: true, keyPairId: 'KOLDKEY000001', expiresAt: EXPIRES, source: 'query', policy: 'canned' });
    assert.deepEqual(verifier.verify({ url: after, now }), { ok: true, keyPairId: 'KNEWKEY000002', expiresAt: EXPIRES, source: 'query', policy: 'canned' });

    signer.removeKeyPair('KOLDKEY000001');
    assert.deepEqual(signer.keyPairIds, ['KNEWKEY000002']);
    assert.throws(() => signer.removeKeyPair('KNEWKEY000002'), /is signing now; useKeyPair another one first/);
    assert.throws(() => signer.useKeyPair('KOLDKEY000001'), /not a key pair of this signer; addKeyPair it first/);
  });

  it('starts on activeKeyPairId when given, and adds pairs later', () => {
    const signer = createCloudFrontSigner({
      keyPairs: [{ keyPairId: 'KOLDKEY000001', privateKey: oldPair.privateKey }],
      activeKeyPairId: 'KOLDKEY000001',
    });
    signer.addKeyPair({ keyPairId: 'KNEWKEY000002', privateKey: newPair.privateKey });
    assert.equal(signer.activeKeyPairId, 'KOLDKEY000001');
    signer.useKeyPair('KNEWKEY000002');
    const cookies = signer.signCookies({ resource: `${CDN}/media/*`, expiresAt: EXPIRES });
    assert.equal(cookies['CloudFront-Key-Pair-Id'], 'KNEWKEY000002');
    assert.equal(verifier.verify({ url, cookies, now }).ok, true);
  });

  it('a key pair the verifier does not know is refused', () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer = createCloudFrontSigner({ keyPairId: 'KSTRANGER0003', privateKey: stranger.privateKey });
    assert.deepEqual(verifier.verify({ url: signer.signUrl(url, { expiresAt: EXPIRES }), now }), {
      ok: false,
      reason: 'unknown-key-pair',
      message: 'Key pair KSTRANGER0003 is not trusted here.',
      keyPairId: 'KSTRANGER0003',
    });
  });
});

describe('signature reuse', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const resource = `${CDN}/media/vod/case-001/*`;

  it('gives exactly what a signer that keeps no signatures gives, for every form and after a key switch', () => {
    const pairs = [
      { keyPairId: 'KREUSE0000001', privateKey: pair.privateKey },
      { keyPairId: 'KREUSE0000002', privateKey: other.privateKey },
    ];
    const reusing = createCloudFrontSigner({ keyPairs: pairs, signatureCacheSize: 2 });
    const fresh = createCloudFrontSigner({ keyPairs: pairs, signatureCacheSize: 0 });
    const forms = (signer: typeof reusing) => [
      signer.signCookies({ resource, expiresAt: EXPIRES }),
      signer.signQuery({ resource, expiresAt: EXPIRES }),
      signer.signUrl(`${CDN}/media/a.mp4`, { expiresAt: EXPIRES }),
      signer.signQuery({ resource: `${CDN}/media/vod/case-002/*`, expiresAt: EXPIRES }),
      signer.signCookies({ resource, expiresAt: EXPIRES }),
    ];
    assert.deepEqual(forms(reusing), forms(fresh));
    // The cookies' and the query's signatures of one policy are the same string.
    const [cookies, query] = forms(reusing) as [Record<string, string>, string];
    assert.equal(new URLSearchParams(query).get('Signature'), cookies['CloudFront-Signature']);
    reusing.useKeyPair('KREUSE0000002');
    fresh.useKeyPair('KREUSE0000002');
    assert.deepEqual(forms(reusing), forms(fresh));
    assert.equal((forms(reusing)[0] as Record<string, string>)['CloudFront-Key-Pair-Id'], 'KREUSE0000002');
  });

  it('refuses a cache size that is not a whole number', () => {
    for (const size of [-1, 1.5, Number.NaN]) {
      assert.throws(() => createCloudFrontSigner({ keyPairId: 'KREUSE0000001', privateKey: pair.privateKey, signatureCacheSize: size }), /signatureCacheSize must be a whole number/);
    }
  });
});

describe('programmer mistakes throw with what to change', () => {
  const signer = createCloudFrontSigner({ keyPairId: GOLDEN_KEY_PAIR_ID, privateKey: GOLDEN_PRIVATE_KEY });
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a public key as the private key', () => createCloudFrontSigner({ keyPairId: 'K1', privateKey: GOLDEN_PUBLIC_KEY }), /not a PEM private key or a KeyObject/],
    ['text that is not a key', () => createCloudFrontSigner({ keyPairId: 'K1', privateKey: 'hello' }), /not a PEM private key/],
    [
      'an EC key',
      () => createCloudFrontSigner({ keyPairId: 'K1', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }),
      /must be an RSA private key/,
    ],
    ['a PEM as the key pair id', () => createCloudFrontSigner({ keyPairId: GOLDEN_PRIVATE_KEY, privateKey: GOLDEN_PRIVATE_KEY }), /keyPairId must be the id/],
    ['no key pairs', () => createCloudFrontSigner({ keyPairs: [] }), /non-empty keyPairs list/],
    [
      'an active id that is not listed',
      () => createCloudFrontSigner({ keyPairs: [{ keyPairId: 'K1', privateKey: GOLDEN_PRIVATE_KEY }], activeKeyPairId: 'K2' }),
      /activeKeyPairId K2 is not one of the key pairs \(K1\)/,
    ],
    ['seconds instead of milliseconds', () => signer.signUrl(`${CDN}/a.mp4`, { expiresAt: 1893456000 }), /looks like seconds since 1970/],
    ['an invalid date', () => signer.signUrl(`${CDN}/a.mp4`, { expiresAt: new Date('nope') }), /expiresAt must be a Date or milliseconds/],
    [
      'a start after the end',
      () => signer.signCookies({ resource: `${CDN}/*`, expiresAt: NOT_BEFORE, notBefore: EXPIRES }),
      /notBefore must be earlier than expiresAt/,
    ],
    ['a bad IP', () => signer.signCookies({ resource: `${CDN}/*`, expiresAt: EXPIRES, ipAddress: '10.0.0' }), /ipAddress "10.0.0" is not an IPv4 or IPv6/],
    ['a relative URL', () => signer.signUrl('/media/a.mp4', { expiresAt: EXPIRES }), /absolute http:\/\/ or https:\/\/ URL/],
    ['signQuery without a wildcard', () => signer.signQuery({ resource: `${CDN}/media/a.mp4`, expiresAt: EXPIRES }), /must be a wildcard pattern/],
    ['signCookies without a resource', () => signer.signCookies({ resource: '', expiresAt: EXPIRES }), /resource must be a URL or URL pattern/],
  ];
  for (const [name, act, message] of cases) {
    it(name, () => assert.throws(act, message));
  }

  it('never puts key material in an error message', () => {
    const secretLine = GOLDEN_PRIVATE_KEY.split('\n')[1] as string;
    try {
      createCloudFrontSigner({ keyPairId: 'K1', privateKey: GOLDEN_PRIVATE_KEY.replace(secretLine, secretLine.slice(1)) });
      assert.fail('a damaged key was accepted');
    } catch (error) {
      assert.ok(!(error as Error).message.includes(secretLine.slice(1, 20)));
    }
  });
});

describe('custom policy contents', () => {
  it('carries exactly the conditions asked for', () => {
    const signer = createCloudFrontSigner({ keyPairId: GOLDEN_KEY_PAIR_ID, privateKey: GOLDEN_PRIVATE_KEY });
    const query = signer.signQuery({ resource: `${CDN}/media/live/ch1/*`, expiresAt: EXPIRES, ipAddress: '2001:db8::/48' });
    const policy = new URLSearchParams(query).get('Policy') as string;
    assert.deepEqual(JSON.parse(decodeCloudFrontBase64(policy).toString('utf8')), {
      Statement: [
        {
          Resource: `${CDN}/media/live/ch1/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': 1893456000 }, IpAddress: { 'AWS:SourceIp': '2001:db8::/48' } },
        },
      ],
    });
  });
});

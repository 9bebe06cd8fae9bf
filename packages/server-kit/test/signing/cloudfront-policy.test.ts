import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCloudFrontPolicy,
  cannedPolicyJson,
  CloudFrontPolicyError,
  createSourceIpMatcher,
  decodeCloudFrontBase64,
  encodeCloudFrontBase64,
  matchesCloudFrontResource,
  normalizeSourceIp,
  parseCloudFrontPolicy,
  splitCloudFrontSignedUrl,
} from '../../src/signing/cloudfront-policy.js';

const RESOURCE = 'https://d111111abcdef8.cloudfront.net/media/vod/case-001/*';

describe('buildCloudFrontPolicy', () => {
  it('writes the JSON byte for byte as CloudFront documents it, in its key order', () => {
    assert.equal(
      buildCloudFrontPolicy({ resource: RESOURCE, dateLessThan: 1893456000 }),
      '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/media/vod/case-001/*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}',
    );
    assert.equal(
      buildCloudFrontPolicy({
        resource: RESOURCE,
        dateLessThan: 1893456000,
        dateGreaterThan: 1893369600,
        sourceIp: '192.0.2.10',
      }),
      '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/media/vod/case-001/*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000},"DateGreaterThan":{"AWS:EpochTime":1893369600},"IpAddress":{"AWS:SourceIp":"192.0.2.10/32"}}}]}',
    );
  });

  it('writes the canned policy CloudFront signs for an Expires URL', () => {
    assert.equal(
      cannedPolicyJson('https://d111111abcdef8.cloudfront.net/a.mp4', 1893456000),
      buildCloudFrontPolicy({ resource: 'https://d111111abcdef8.cloudfront.net/a.mp4', dateLessThan: 1893456000 }),
    );
  });

  it('refuses a window that can never open, and times in milliseconds', () => {
    assert.throws(
      () => buildCloudFrontPolicy({ resource: RESOURCE, dateLessThan: 100, dateGreaterThan: 100 }),
      /DateGreaterThan must be earlier than DateLessThan/,
    );
    assert.throws(() => buildCloudFrontPolicy({ resource: RESOURCE, dateLessThan: 1.5 }), /AWS:EpochTime must be a positive whole number/);
    assert.throws(() => buildCloudFrontPolicy({ resource: '', dateLessThan: 1893456000 }), /Resource must be a non-empty URL/);
  });
});

describe('parseCloudFrontPolicy', () => {
  it('reads back what buildCloudFrontPolicy writes', () => {
    const policy = { resource: RESOURCE, dateLessThan: 1893456000, dateGreaterThan: 1893369600, sourceIp: '10.0.0.0/8' };
    assert.deepEqual(parseCloudFrontPolicy(buildCloudFrontPolicy(policy)), policy);
    assert.deepEqual(parseCloudFrontPolicy(Buffer.from(buildCloudFrontPolicy({ resource: RESOURCE, dateLessThan: 5 }))), {
      resource: RESOURCE,
      dateLessThan: 5,
    });
  });

  const statement = (condition: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ Statement: [{ Resource: RESOURCE, Condition: condition, ...extra }] });
  const refusals: Array<[string, string, string]> = [
    ['not JSON', '{"Statement":', '(policy)'],
    ['an array at the top', '[]', '(policy)'],
    ['an unknown top-level key', '{"Statement":[],"Version":"2012"}', 'Version'],
    ['Statement not an array', '{"Statement":{}}', 'Statement'],
    ['two statements', JSON.stringify({ Statement: [{}, {}] }), 'Statement'],
    ['no Resource', JSON.stringify({ Statement: [{ Condition: {} }] }), 'Statement[0].Resource'],
    ['a Resource that is not a string', JSON.stringify({ Statement: [{ Resource: 7, Condition: {} }] }), 'Statement[0].Resource'],
    ['no Condition', JSON.stringify({ Statement: [{ Resource: RESOURCE }] }), 'Statement[0].Condition'],
    ['no DateLessThan', statement({}), 'Statement[0].Condition.DateLessThan'],
    [
      'an epoch time in quotes',
      statement({ DateLessThan: { 'AWS:EpochTime': '1893456000' } }),
      'Statement[0].Condition.DateLessThan.AWS:EpochTime',
    ],
    [
      'an unknown condition',
      statement({ DateLessThan: { 'AWS:EpochTime': 1893456000 }, StringEquals: {} }),
      'Statement[0].Condition.StringEquals',
    ],
    [
      'DateGreaterThan after DateLessThan',
      statement({ DateLessThan: { 'AWS:EpochTime': 100 }, DateGreaterThan: { 'AWS:EpochTime': 200 } }),
      'Statement[0].Condition.DateGreaterThan',
    ],
    [
      'a source IP that is not an address',
      statement({ DateLessThan: { 'AWS:EpochTime': 100 }, IpAddress: { 'AWS:SourceIp': 'example.com/24' } }),
      'Statement[0].Condition.IpAddress.AWS:SourceIp',
    ],
    [
      'a source IP prefix out of range',
      statement({ DateLessThan: { 'AWS:EpochTime': 100 }, IpAddress: { 'AWS:SourceIp': '10.0.0.0/33' } }),
      'Statement[0].Condition.IpAddress.AWS:SourceIp',
    ],
    ['an unknown statement key', statement({ DateLessThan: { 'AWS:EpochTime': 100 } }, { Effect: 'Allow' }), 'Statement[0].Effect'],
  ];
  for (const [name, json, field] of refusals) {
    it(`refuses ${name}, naming ${field}`, () => {
      assert.throws(
        () => parseCloudFrontPolicy(json),
        (error: unknown) => {
          assert.ok(error instanceof CloudFrontPolicyError);
          assert.equal(error.field, field);
          assert.ok(error.message.startsWith(`CloudFront policy: ${field} `), error.message);
          return true;
        },
      );
    });
  }
});

describe('CloudFront base64', () => {
  it('swaps +, = and / for -, _ and ~', () => {
    // Bytes chosen so standard base64 holds all three characters: "+/+/" and "=" padding.
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0xfe]);
    assert.equal(bytes.toString('base64'), '+/+//g==');
    assert.equal(encodeCloudFrontBase64(bytes), '-~-~~g__');
    assert.deepEqual(decodeCloudFrontBase64('-~-~~g__'), bytes);
  });

  it('round-trips a policy', () => {
    const json = buildCloudFrontPolicy({ resource: RESOURCE, dateLessThan: 1893456000 });
    assert.equal(decodeCloudFrontBase64(encodeCloudFrontBase64(json)).toString('utf8'), json);
  });

  it('refuses characters outside the alphabet', () => {
    assert.throws(() => decodeCloudFrontBase64('abc+def='), /outside CloudFront base64/);
    assert.throws(() => decodeCloudFrontBase64(''), /outside CloudFront base64/);
  });
});

describe('matchesCloudFrontResource', () => {
  const table: Array<[pattern: string, url: string, matches: boolean]> = [
    ['https://cdn.example/media/a.mp4', 'https://cdn.example/media/a.mp4', true],
    ['https://cdn.example/media/a.mp4', 'https://cdn.example/media/a.mp4?x=1', false],
    ['https://cdn.example/media/a.mp4', 'https://cdn.example/media/A.mp4', false],
    ['https://cdn.example/media/*', 'https://cdn.example/media/', true],
    ['https://cdn.example/media/*', 'https://cdn.example/media/vod/case-001/720p/seg-1.m4s', true],
    ['https://cdn.example/media/*', 'https://cdn.example/media/live/ch1/index.m3u8?_HLS_msn=12&_HLS_part=3', true],
    ['https://cdn.example/media/*', 'https://cdn.example/other/a.mp4', false],
    ['https://cdn.example/media/*', 'http://cdn.example/media/a.mp4', false],
    ['*://cdn.example/media/*', 'http://cdn.example/media/a.mp4', true],
    ['https://cdn.example/media/vod/case-001/*', 'https://cdn.example/media/vod/case-0011/a.mp4', false],
    ['https://cdn.example/media/*/master.m3u8', 'https://cdn.example/media/vod/case-001/master.m3u8', true],
    ['https://cdn.example/media/*/master.m3u8', 'https://cdn.example/media/vod/case-001/master.mpd', false],
    ['https://cdn.example/media/seg-?.m4s', 'https://cdn.example/media/seg-7.m4s', true],
    ['https://cdn.example/media/seg-?.m4s', 'https://cdn.example/media/seg-17.m4s', false],
    ['https://cdn.example/media/seg-?.m4s', 'https://cdn.example/media/seg-.m4s', false],
    ['https://cdn.example/media/a.mp4?*', 'https://cdn.example/media/a.mp4?v=2', true],
    ['https://*.example/*', 'https://cdn.example/anything', true],
    ['https://cdn.example/*.m3u8', 'https://cdn.example/a/b.m3u8', true],
    ['https://cdn.example/*.m3u8', 'https://cdn.example/a/b.m3u8.bak', false],
    ['*', 'https://anything.example/at/all', true],
    ['https://cdn.example/**/a', 'https://cdn.example/x/y/a', true],
    ['https://cdn.example/a*b*c', 'https://cdn.example/a-b-b-c', true],
    ['https://cdn.example/a*b*c', 'https://cdn.example/a-b-b-d', false],
  ];
  for (const [pattern, url, matches] of table) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${url}`, () => {
      assert.equal(matchesCloudFrontResource(pattern, url), matches);
    });
  }
});

describe('splitCloudFrontSignedUrl', () => {
  it('takes the signing parameters out and leaves the rest as sent', () => {
    const parts = splitCloudFrontSignedUrl(
      'https://cdn.example/a.m3u8?_HLS_msn=3&Policy=abc_&Signature=x~y-z&Key-Pair-Id=K1&Hash-Algorithm=SHA256#t=3',
    );
    assert.equal(parts.url, 'https://cdn.example/a.m3u8?_HLS_msn=3');
    assert.deepEqual(parts.params, { Policy: 'abc_', Signature: 'x~y-z', 'Key-Pair-Id': 'K1', 'Hash-Algorithm': 'SHA256' });
  });

  it('drops the question mark when only signing parameters were there, and decodes escapes', () => {
    const parts = splitCloudFrontSignedUrl('https://cdn.example/a.mp4?Expires=1893456000&Signature=a%7Eb&Key-Pair-Id=K1');
    assert.equal(parts.url, 'https://cdn.example/a.mp4');
    assert.deepEqual(parts.params, { Expires: '1893456000', Signature: 'a~b', 'Key-Pair-Id': 'K1' });
  });

  it('reports no parameters for an unsigned URL', () => {
    assert.deepEqual(splitCloudFrontSignedUrl('https://cdn.example/a.mp4?x=1'), {
      url: 'https://cdn.example/a.mp4?x=1',
      params: undefined,
    });
  });
});

describe('source IP', () => {
  it('normalises addresses to CIDR like the AWS signer', () => {
    assert.equal(normalizeSourceIp('192.0.2.10'), '192.0.2.10/32');
    assert.equal(normalizeSourceIp('192.0.2.0/24'), '192.0.2.0/24');
    assert.equal(normalizeSourceIp('2001:db8::1'), '2001:db8::1/128');
    assert.throws(() => normalizeSourceIp('192.0.2.300'), /not an IPv4 or IPv6 address/);
    assert.throws(() => normalizeSourceIp('192.0.2.0/'), /prefix length outside 0-32/);
  });

  it('matches clients inside the range, including IPv4-mapped IPv6 ones', () => {
    const matches = createSourceIpMatcher('192.0.2.0/24');
    assert.equal(matches('192.0.2.77'), true);
    assert.equal(matches('::ffff:192.0.2.77'), true);
    assert.equal(matches('192.0.3.1'), false);
    assert.equal(matches(undefined), false);
    assert.equal(matches('not-an-ip'), false);
    const v6 = createSourceIpMatcher('2001:db8::/32');
    assert.equal(v6('2001:db8:1::5'), true);
    assert.equal(v6('2001:db9::5'), false);
  });
});

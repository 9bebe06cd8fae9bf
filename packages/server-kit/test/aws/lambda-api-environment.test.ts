import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createApiFromEnvironment, CATALOGUE_OBJECT, SIGNING_KEY_OBJECT } from '../../src/aws/lambda-api-environment.js';
import { createLambdaHandler, type LambdaHttpHandler } from '../../src/aws/lambda-handler.js';
import { createCloudFrontVerifier, parseCloudFrontCookies } from '../../src/signing/cloudfront-verifier.js';
import { publicJwk, signToken, startJwksServer, type JwksServer } from '../identity/test-tokens.js';
import { apiEvent } from './lambda-event-examples.js';
import { startS3Loopback, type S3Loopback } from './s3-loopback.js';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const portalKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ISSUER = 'https://portal.example';
const AUDIENCE = 'surgery-video';
const EDGE = 'd111111abcdef8.cloudfront.net';

const catalogue = {
  assets: [
    {
      item: { id: 'case-001', tenant: 'st-marys', title: 'Case 1', kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
      pathPrefix: '/media/vod/case-001/',
      files: { hls: 'master.m3u8', dash: 'manifest.mpd' },
    },
    {
      item: { id: 'case-900', tenant: 'elsewhere', title: 'Case 900', kind: 'recorded', durationSeconds: 60, frameRate: 30, renditions: [], chapters: [], createdAt: '2026-01-01T00:00:00.000Z' },
      pathPrefix: '/media/vod/case-900/',
      files: { hls: 'master.m3u8' },
    },
  ],
  channels: [],
};

let s3: S3Loopback;
let jwks: JwksServer;
let lambda: LambdaHttpHandler;
let env: Record<string, string>;

const put = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
const token = () =>
  signToken('RS256', portalKey.privateKey, { iss: ISSUER, aud: AUDIENCE, sub: 'dr-1', roles: ['Consultant'], org: 'st-marys', exp: Math.floor(Date.now() / 1000) + 600 }, { kid: 'portal-1' });

before(async () => {
  s3 = await startS3Loopback('surgery-video-data');
  jwks = await startJwksServer([publicJwk(portalKey.publicKey, 'portal-1')]);
  await put(SIGNING_KEY_OBJECT, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await put(CATALOGUE_OBJECT, JSON.stringify(catalogue));
  env = {
    DATA_BUCKET: s3.bucket,
    CLOUDFRONT_KEY_PAIR_ID: 'K2JCJMDEHXQW5F',
    PORTAL_JWKS_URL: jwks.url,
    PORTAL_ISSUER: ISSUER,
    PORTAL_AUDIENCE: AUDIENCE,
    PORTAL_CLAIM_MAPPING: JSON.stringify({ claims: { tenant: 'org' }, roleMap: { Consultant: 'specialist' } }),
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:SurgeryVideo-review',
  };
  lambda = createLambdaHandler({ build: () => createApiFromEnvironment(env, { s3: s3.client }) }, { hostHeader: 'x-forwarded-host', log: () => {} });
});
after(async () => {
  await jwks.close();
  await s3.close();
});

describe('createApiFromEnvironment: the API as the stack deploys it', () => {
  it('lists the catalogue kept in the data bucket, scoped to the portal user\'s tenant', async () => {
    const result = await lambda(apiEvent('GET', '/api/v1/assets', { headers: { authorization: `Bearer ${token()}` } }));
    assert.equal(result.statusCode, 200);
    assert.deepEqual((JSON.parse(result.body) as { items: { id: string }[] }).items.map((a) => a.id), ['case-001']);
  });

  it('grants playback on the CDN\'s host with the key read from the bucket, and audits it there', async () => {
    const result = await lambda(apiEvent('POST', '/api/v1/assets/case-001/grant', { headers: { authorization: `Bearer ${token()}`, 'x-forwarded-host': EDGE } }));
    assert.equal(result.statusCode, 201);
    const grant = JSON.parse(result.body) as { sources: { hls: string } };
    assert.equal(new URL(grant.sources.hls).host, EDGE);
    const verifier = createCloudFrontVerifier({ publicKeys: { K2JCJMDEHXQW5F: signing.publicKey } });
    const cookies = parseCloudFrontCookies((result.cookies ?? []).map((cookie) => cookie.split(';')[0]).join('; '));
    assert.equal(verifier.verify({ url: `https://${EDGE}/media/vod/case-001/720p/segment-1.m4s`, cookies }).ok, true);
    const audit = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'audit/' }));
    assert.ok((audit.Contents ?? []).length > 0, 'an audit entry was written under audit/');
  });

  it('refuses tokens not signed by the portal', async () => {
    const forged = signToken('RS256', signing.privateKey, { iss: ISSUER, aud: AUDIENCE, sub: 'x', org: 'st-marys', exp: Math.floor(Date.now() / 1000) + 600 }, { kid: 'portal-1' });
    const result = await lambda(apiEvent('GET', '/api/v1/assets', { headers: { authorization: `Bearer ${forged}` } }));
    assert.equal(result.statusCode, 401);
  });

  it('does not hand out dev tokens', async () => {
    const result = await lambda(apiEvent('POST', '/api/v1/dev/tokens', { headers: { 'content-type': 'application/json' }, body: '{"user":"admin-1"}' }));
    assert.equal(result.statusCode, 404);
  });

  it('names what is missing: environment variables, the key object, a bad catalogue field', async () => {
    await assert.rejects(createApiFromEnvironment({ DATA_BUCKET: s3.bucket }, { s3: s3.client }), /CLOUDFRONT_KEY_PAIR_ID, PORTAL_JWKS_URL, PORTAL_ISSUER, PORTAL_AUDIENCE, STATE_MACHINE_ARN missing/);
    await assert.rejects(createApiFromEnvironment({ ...env, PORTAL_CLAIM_MAPPING: '[1]' }, { s3: s3.client }), /PORTAL_CLAIM_MAPPING must be a JSON object/);
    const other = await startS3Loopback('surgery-video-empty');
    try {
      await assert.rejects(createApiFromEnvironment({ ...env, DATA_BUCKET: other.bucket }, { s3: other.client }), /s3:\/\/surgery-video-empty\/config\/cloudfront-private-key\.pem is missing/);
      await other.client.send(new PutObjectCommand({ Bucket: other.bucket, Key: SIGNING_KEY_OBJECT, Body: 'pem' }));
      await other.client.send(new PutObjectCommand({ Bucket: other.bucket, Key: CATALOGUE_OBJECT, Body: JSON.stringify({ assets: [{ ...catalogue.assets[0], pathPrefix: 'media/vod/case-001' }] }) }));
      await assert.rejects(createApiFromEnvironment({ ...env, DATA_BUCKET: other.bucket }, { s3: other.client }), /config\/catalogue\.json: assets\[0\]\.pathPrefix must start and end with "\/"/);
    } finally {
      await other.close();
    }
  });
});
